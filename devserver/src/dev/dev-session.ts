// `rewind dev`: a server, a worker process for the project's current code, and a watcher. On a change
// it rebuilds and, before switching, replays every open workflow against the new code: those that
// replay move to it; those that do not stay pinned to a worker of the old code, which runs until they
// close (or until a later edit makes them replay).
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@rewind/sdk/client';
import type { ProjectChoice, ProjectConfig } from '@rewind/sdk/internal/project/project-config';
import { WorkflowSandbox } from '@rewind/sdk/internal/worker/sandbox/sandbox';
import { RewindServer } from '../server';
import type { Logger } from '../service/logger';
import { BuildPins } from './build-pins';
import { buildProject, type DevBuild } from './dev-build';
import { configChange } from './dev-config';
import { DevLock } from './dev-lock';
import { TypeChecker } from './type-checker';
import { OtherWorkers } from './other-workers';
import { WorkerProcess } from './worker-process';

export interface DevSessionOptions {
  config: ProjectConfig;
  /** What chose the configuration among those the source offers (`--task-queue`), to read it again the same way. */
  choice?: ProjectChoice;
  port: number;
  db: string;
  /** The server's auth token: its own client and worker processes send it. */
  authToken?: string;
  /** What the session tells the user (one line each). */
  print: (line: string) => void;
  serverLog: Logger;
  /** How long a save waits for a type check before the checker is taken for hung (default 60 s). */
  typeCheckTimeoutMs?: number;
}

const WATCH_DEBOUNCE_MS = 80;
const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs|json)$/;

export class DevSession {
  private current!: { build: DevBuild; worker: WorkerProcess };
  private readonly builds: BuildPins;
  /** One watcher per folder holding a source of the build (a folder watch survives editors that replace files). */
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private debounce: ReturnType<typeof setTimeout> | undefined;
  /** Rebuilds run one at a time; a change during one queues one more. */
  private rebuilding: Promise<void> = Promise.resolve();
  private pendingRebuild = false;
  private lastBuildError: string | undefined;
  /** The last change of the configuration file that was told (it is told again only when it changes). */
  private configChangeSaid: string | undefined;
  /** Started after start-up (loading TypeScript takes a second). */
  private typeChecker: TypeChecker | undefined;
  private typeCheckOffSaid = false;
  private closed = false;
  /** Says when a worker rewind dev did not start polls its task queue. */
  private readonly otherWorkers: OtherWorkers;

  private constructor(
    private readonly options: DevSessionOptions,
    private readonly server: RewindServer,
    private readonly connection: Connection,
    client: Client,
    private readonly lock: DevLock,
  ) {
    this.builds = new BuildPins(client, options.config, options.print);
    this.otherWorkers = new OtherWorkers(
      connection,
      { namespace: options.config.namespace, taskQueue: options.config.taskQueue },
      options.print,
    );
  }

  static async start(options: DevSessionOptions): Promise<DevSession> {
    const started = performance.now();
    const { config, print } = options;
    const lock = DevLock.acquire(config.root);
    let server: RewindServer | undefined;
    try {
      const auth = options.authToken ? { authToken: options.authToken } : {};
      server = await RewindServer.start({ db: options.db, port: options.port, log: options.serverLog, ...auth });
      lock.write(server.address);
      const connection = await Connection.connect({ address: server.address, ...(options.authToken ? { apiKey: options.authToken } : {}) });
      const client = new Client({ connection, namespace: config.namespace, identity: 'rewind-dev' });
      const session = new DevSession(options, server, connection, client, lock);
      const from = config.detected ? ` (${config.detected})` : '';
      print(`Rewind dev in ${config.root} (configuration: ${path.relative(config.root, config.source) || config.source}${from})`);
      for (const note of config.notes ?? []) print(note);
      print(
        `Server listening on ${server.address}; database ${options.db === ':memory:' ? 'in memory' : path.relative(config.root, options.db)}`,
      );
      fs.rmSync(session.buildDir, { recursive: true, force: true }); // Builds of an earlier session.
      const build = await buildProject(config, session.buildDir);
      print(`Built in ${build.ms} ms (build ${build.buildId}): workflows ${(await workflowTypes(build)).join(', ') || 'none'}`);
      await session.builds.checkOpenRuns(build, undefined);
      const worker = await session.startWorker(build);
      session.current = { build, worker };
      print(`Worker running on task queue '${config.taskQueue}' (namespace ${config.namespace})`);
      session.watch();
      print(`Ready in ${Math.round(performance.now() - started)} ms. Watching ${config.root} for changes; Ctrl-C to stop.`);
      // Warms the type checker (its first check loads TypeScript), and says once if the code has type errors.
      session
        .typeCheck()
        .catch((err: Error) =>
          print(
            `${err.message}\nThe code runs (it was built before the check), but saved changes reach the worker only once these are fixed.`,
          ),
        );
      return session;
    } catch (err) {
      await server?.close();
      lock.release();
      throw err;
    }
  }

  get address(): string {
    return this.server.address;
  }

  private get buildDir(): string {
    return path.join(this.options.config.root, '.rewind', 'build');
  }

  private startWorker(build: DevBuild): Promise<WorkerProcess> {
    const { config } = this.options;
    this.otherWorkers.ownBuilds.add(build.buildId);
    return WorkerProcess.start({
      address: this.server.address,
      ...(this.options.authToken ? { authToken: this.options.authToken } : {}),
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      ...(config.worker ? { worker: config.worker } : {}),
      build,
      onLine: (line) => this.options.print(`[worker ${build.buildId.slice(0, 6)}] ${line}`),
    });
  }

  /** Watches the folders of the build's sources (and the project folder), adding new ones after each build. */
  private watch(): void {
    const dirs = new Set([this.options.config.root, ...this.current.build.inputs.map((f) => path.dirname(f))]);
    for (const dir of dirs) {
      if (this.watchers.has(dir) || /[/\\](node_modules|\.rewind|\.git)([/\\]|$)/.test(dir)) continue;
      try {
        const watcher = fs.watch(dir, (_event, file) => {
          if (!file || !SOURCE_FILE.test(file)) return;
          clearTimeout(this.debounce);
          this.debounce = setTimeout(() => void this.requestRebuild(), WATCH_DEBOUNCE_MS);
        });
        this.watchers.set(dir, watcher);
      } catch {
        // A folder that went away: the next build says what is missing.
      }
    }
  }

  /** Rebuilds now (or after the one running). Resolves when the code in use is settled. */
  requestRebuild(): Promise<void> {
    if (this.pendingRebuild) return this.rebuilding;
    this.pendingRebuild = true;
    this.rebuilding = this.rebuilding.then(async () => {
      this.pendingRebuild = false;
      if (this.closed) return;
      try {
        await this.rebuild();
      } catch (err) {
        this.options.print(`Error: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    return this.rebuilding;
  }

  private async rebuild(): Promise<void> {
    const { print } = this.options;
    await this.sayConfigChange();
    let build: DevBuild;
    let typeCheckNote: string;
    try {
      // Both at once; a build error is told before type errors (the same save says the same thing).
      const checkStarted = performance.now();
      const checked = this.typeCheck().then((ran) =>
        ran ? `type check ${Math.round(performance.now() - checkStarted)} ms` : 'no type check',
      );
      checked.catch(() => undefined);
      build = await buildProject(this.options.config, this.buildDir);
      typeCheckNote = await checked;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Printed once: saving again with the same error says nothing new.
      if (message !== this.lastBuildError) print(`Build failed; the worker keeps running the previous code.\n${message}`);
      this.lastBuildError = message;
      return;
    }
    const wasBroken = this.lastBuildError !== undefined;
    this.lastBuildError = undefined;
    const previous = this.current;
    this.current = { ...previous, build: { ...previous.build, inputs: build.inputs } };
    this.watch();
    if (build.buildId === previous.build.buildId) {
      if (build.activitiesHash === previous.build.activitiesHash) {
        if (wasBroken) print(`The code builds again; it is what runs already (build ${build.buildId}).`);
        return;
      }
      // Activities only: no history to check.
      const worker = await this.startWorker(build);
      this.current = { build, worker };
      await previous.worker.stop();
      print(`Rebuilt in ${build.ms} ms (${typeCheckNote}): activities changed; the worker restarted with them.`);
      return;
    }
    print(`Rebuilt in ${build.ms} ms (${typeCheckNote}; build ${build.buildId}).`);
    await this.builds.checkOpenRuns(build, previous.build.buildId);
    // Retired first: from now on the old code gets only the runs pinned to it.
    await this.builds.setRetired(previous.build.buildId, true);
    const worker = await this.startWorker(build);
    this.current = { build, worker };
    await this.builds.retire(previous.build.buildId, previous.worker);
    print(`Now running build ${build.buildId}.`);
  }

  /** A configuration changed under a running session is not applied: said once per change, with what to do. */
  private async sayConfigChange(): Promise<void> {
    const { config, print } = this.options;
    const change = await configChange(config, this.options.choice);
    if (change && change !== this.configChangeSaid) {
      print(
        `The Rewind configuration in ${path.relative(config.root, config.source) || config.source} changed (${change}): ` +
          'restart rewind dev to use it. Until then it goes on with the configuration it started with.',
      );
    }
    this.configChangeSaid = change;
  }

  /**
   * Throws the project's type errors, if any (the build then counts as failed); false when there is no
   * type check (no TypeScript, or a checker that failed or hung: said once, and the save goes on).
   */
  private async typeCheck(): Promise<boolean> {
    this.typeChecker ??= TypeChecker.create(this.options.config, this.options.typeCheckTimeoutMs);
    const reply = await this.typeChecker.check();
    if ('off' in reply) {
      if (!this.typeCheckOffSaid) this.options.print(reply.off);
      this.typeCheckOffSaid = true;
      return false;
    }
    if (reply.errors.length > 0) throw new Error(`Type errors:\n${reply.errors.map((e) => `  ${e}`).join('\n')}`);
    return true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.watchers.values()) w.close();
    clearTimeout(this.debounce);
    this.otherWorkers.stop();
    await this.rebuilding;
    this.typeChecker?.close();
    await Promise.all([this.current?.worker.stop(), this.builds.stopAll()]);
    await this.connection.close();
    await this.server.close();
    this.lock.release();
  }
}

async function workflowTypes(build: DevBuild): Promise<string[]> {
  const sandbox = await WorkflowSandbox.create(build.workflowBundle);
  return [...sandbox.workflowTypes];
}
