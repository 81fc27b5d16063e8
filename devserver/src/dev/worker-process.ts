// A worker child process of `rewind dev`, for one build of the workflow code (and one of the activities).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { AUTH_TOKEN_ENV } from '@rewind/sdk/internal/transport/auth-token';
import type { DevWorkerOptions } from '@rewind/sdk/internal/project/temporal-worker-options';
import type { DevBuild } from './dev-build';

export interface WorkerProcessOptions {
  address: string;
  /** The server's auth token, handed to the worker in its environment (not its arguments, which `ps` shows). */
  authToken?: string;
  namespace: string;
  taskQueue: string;
  /** The Worker.create options of a Temporal project that the worker applies too (concurrency, identity…). */
  worker?: DevWorkerOptions;
  build: DevBuild;
  /** Each line the worker prints (its logs: workflow log.* calls, failures). */
  onLine(line: string): void;
}

/**
 * What rewind dev tells its worker process over the IPC channel. `stop`: a code switch retires this
 * worker; it finishes what it runs and exits without the Ctrl-C message a signal would print.
 */
export type DevWorkerMessage = { type: 'stop' };

/** The environment variable that hands the worker its other options (JSON of DevWorkerEnvOptions). */
export const DEV_WORKER_OPTIONS_ENV = 'REWIND_DEV_WORKER_OPTIONS';

/** What the worker is handed there: the options, and the bundle of its sinks and activity interceptors (worker-extras.ts). */
export interface DevWorkerEnvOptions extends DevWorkerOptions {
  extrasFile?: string;
}

const devWorkerScript = (): string => path.join(path.dirname(require.resolve('@rewind/devserver/package.json')), 'dist', 'dev-worker.js');

export class WorkerProcess {
  private exited = false;
  readonly exitedPromise: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly buildId: string,
    readonly activitiesHash: string | undefined,
  ) {
    this.exitedPromise = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    void this.exitedPromise.then(() => (this.exited = true));
  }

  /** Starts the process; resolves once its worker runs. */
  static start(o: WorkerProcessOptions): Promise<WorkerProcess> {
    const { build } = o;
    // Source maps on: an activity's stack (in a failure, in describe) names the project's file and line, not the build's.
    const args = ['--enable-source-maps', devWorkerScript(), o.address, o.namespace, o.taskQueue, build.buildId, build.workflowBundleFile];
    if (build.activitiesFile) args.push(build.activitiesFile);
    // The IPC channel closes when rewind dev ends, even by kill -9: the worker then stops too.
    const env = {
      ...process.env,
      ...(o.authToken ? { [AUTH_TOKEN_ENV]: o.authToken } : {}),
      [DEV_WORKER_OPTIONS_ENV]: JSON.stringify({
        ...o.worker,
        ...(build.extrasFile ? { extrasFile: build.extrasFile } : {}),
      } satisfies DevWorkerEnvOptions),
    };
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const wp = new WorkerProcess(child, build.buildId, build.activitiesHash);
    return new Promise((resolve, reject) => {
      let ready = false;
      const lines = (chunk: Buffer): void => {
        for (const line of chunk.toString().split('\n')) {
          if (!line) continue;
          if (!ready && line.startsWith('rewind-dev-worker ready')) {
            ready = true;
            resolve(wp);
          } else o.onLine(line);
        }
      };
      child.stdout!.on('data', lines);
      child.stderr!.on('data', lines);
      child.once('exit', (code) => {
        if (!ready) reject(new Error(`The worker process exited (code ${code}) before it ran.`));
      });
    });
  }

  /** Stops the worker (it finishes what it runs) and waits for the process to end. */
  async stop(): Promise<void> {
    if (this.exited) return;
    // Told, not signalled: a signal would make it log "Received SIGTERM", which at a code switch reads like a crash.
    const message: DevWorkerMessage = { type: 'stop' };
    if (this.child.connected) this.child.send(message, (err) => err && this.child.kill('SIGTERM'));
    else this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exitedPromise;
    clearTimeout(timer);
  }
}
