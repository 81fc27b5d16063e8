// TestWorkflowEnvironment (Temporal's): a real Rewind server in this process, on an in-memory database,
// with a client and a worker connection. `createTimeSkipping()` adds a clock that jumps ahead while a
// test waits for a result and only timers are left, so a 30-day sleep takes milliseconds.
import { insideActivity } from '../activity/context';
import type { RewindServer } from '@rewind/devserver';
import { Client, Connection, type WorkflowClient } from '../client';
import { definedFields } from '../common/defined-fields';
import { resolveAddress } from '../transport/env-config';
import { msToNumber, type Duration } from '../common/duration';
import { ValueError } from '../common/errors';
import { DEFAULT_NAMESPACE } from '../protocol/messages';
import { NativeConnection, type NativeConnectionOptions } from '../worker/native-connection';
import { countSettleFallback } from './settle-fallbacks';
import type { RefusedMember } from '../common/refused-members';

/** Options of {@link TestWorkflowEnvironment.createLocal} and {@link TestWorkflowEnvironment.createTimeSkipping}. */
export interface TestWorkflowEnvironmentOptions {
  /**
   * The namespace the environment's client and workers use (registered on the server if it is not
   * `'default'`). A `Worker.create` on `env.nativeConnection` that names no namespace runs in it, whatever
   * `REWIND_NAMESPACE` or `TEMPORAL_NAMESPACE` say.
   *
   * @default 'default'
   */
  namespace?: string;
  /**
   * How much the in-process server logs (to the console).
   *
   * @default 'warn'
   */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /**
   * Temporal's settings of the server it starts, those that apply: its `namespace` (the environment's
   * namespace when {@link namespace} is left out).
   */
  server?: { namespace?: string };
}

/** Options of {@link TestWorkflowEnvironment.createFromExistingServer} (Temporal's, those that apply). */
export interface ExistingServerTestWorkflowEnvironmentOptions {
  /**
   * `host:port` of the running server.
   *
   * @default `REWIND_ADDRESS`, else `TEMPORAL_ADDRESS`, else `127.0.0.1:7233`
   */
  address?: string;
  /**
   * The namespace the environment's client and workers use; it must exist on the server.
   *
   * @default 'default'
   */
  namespace?: string;
  /** How the environment connects (its auth token, say). */
  connectionOptions?: Pick<NativeConnectionOptions, 'apiKey' | 'metadata' | 'tls' | 'connectTimeout' | 'identity'>;
}

function loadDevServer(): typeof import('@rewind/devserver') {
  try {
    return require('@rewind/devserver') as typeof import('@rewind/devserver');
  } catch (err) {
    throw new ValueError('The testing environment runs a Rewind server in this process: install @rewind/devserver next to @rewind/sdk.', {
      cause: err,
    });
  }
}

/** How long `sleep` waits, at most, for the system to settle before it moves time on. */
const SETTLE_TIMEOUT_MS = 10_000;

/**
 * A Rewind server for tests, in this process on an in-memory database (on a free port), with a
 * {@link Client} and a `NativeConnection` for workers: Temporal's `TestWorkflowEnvironment`, with nothing to
 * download. Needs `@rewind/devserver` installed next to `@rewind/sdk`.
 *
 * ```ts
 * const env = await TestWorkflowEnvironment.createTimeSkipping();
 * const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'test', workflowsPath, activities });
 * const result = await worker.runUntil(env.client.workflow.execute(orderWorkflow, { taskQueue: 'test', workflowId: 'o-1', args: ['o-1'] }));
 * await env.teardown();
 * ```
 */
export class TestWorkflowEnvironment {
  // Temporal's members that Rewind does not have, refused with why and what to use (common/refused-members.ts).
  /** @deprecated TestWorkflowEnvironment.options (Temporal's) is not in Rewind: see the type's text. */
  declare readonly options: RefusedMember<'TestWorkflowEnvironment.options', 'testEnvironmentOptions'>;
  /** @deprecated TestWorkflowEnvironment.connectionOptions (Temporal's) is not in Rewind: see the type's text. */
  declare readonly connectionOptions: RefusedMember<'TestWorkflowEnvironment.connectionOptions', 'testEnvironmentOptions'>;
  /** @deprecated TestWorkflowEnvironment.asyncCompletionClient (Temporal's) is not in Rewind: see the type's text. */
  declare readonly asyncCompletionClient: RefusedMember<'TestWorkflowEnvironment.asyncCompletionClient', 'asyncCompletion'>;
  /** @deprecated TestWorkflowEnvironment.createNexusEndpoint (Temporal's) is not in Rewind: see the type's text. */
  declare readonly createNexusEndpoint: RefusedMember<'TestWorkflowEnvironment.createNexusEndpoint', 'nexus'>;
  /** @deprecated TestWorkflowEnvironment.deleteNexusEndpoint (Temporal's) is not in Rewind: see the type's text. */
  declare readonly deleteNexusEndpoint: RefusedMember<'TestWorkflowEnvironment.deleteNexusEndpoint', 'nexus'>;

  private constructor(
    /** The server in this process; undefined for one made by {@link createFromExistingServer}. */
    private readonly server: RewindServer | undefined,
    /** The client connection to the environment's server (what {@link client} uses). */
    readonly connection: Connection,
    /** The connection to give `Worker.create`; its workers run in the environment's {@link namespace} unless they name another. */
    readonly nativeConnection: NativeConnection,
    /** A client in the environment's namespace. */
    readonly client: Client,
    /** The namespace of {@link client} and of the workers on {@link nativeConnection}. */
    readonly namespace: string,
  ) {}

  /**
   * The environment's workflow client (Temporal's, kept for old tests).
   *
   * @deprecated use `client.workflow`.
   */
  get workflowClient(): WorkflowClient {
    return this.client.workflow;
  }

  /** Whether time skips: true when made with {@link TestWorkflowEnvironment.createTimeSkipping}. */
  get supportsTimeSkipping(): boolean {
    return this.server?.timeSkipping !== undefined;
  }

  /** `host:port` of the environment's server, for workers or clients in other processes. */
  get address(): string {
    return this.server?.address ?? resolveAddress(this.connection.options.address).address;
  }

  /**
   * Starts an environment whose server runs on real time (Temporal's `createLocal`, which starts a dev
   * server: here the server runs in this process). Call {@link teardown} when done.
   *
   * @throws ValueError if `@rewind/devserver` is not installed.
   */
  static createLocal(options: TestWorkflowEnvironmentOptions = {}): Promise<TestWorkflowEnvironment> {
    return TestWorkflowEnvironment.create(options, false);
  }

  /**
   * Starts an environment whose clock skips ahead, with Temporal's test server semantics: while a client
   * waits for a workflow's result (`handle.result()`, `execute`) and nothing but a timer can make progress
   * (no task waits for or is held by a worker, no activity runs), the server's time jumps to the next
   * timer. A workflow that sleeps 30 days completes in milliseconds; {@link sleep} moves time on by hand.
   * Workflow code sees the skipped time (`Date.now()` in a workflow is the task's time). Call
   * {@link teardown} when done.
   *
   * @throws ValueError if `@rewind/devserver` is not installed.
   */
  static createTimeSkipping(options: TestWorkflowEnvironmentOptions = {}): Promise<TestWorkflowEnvironment> {
    return TestWorkflowEnvironment.create(options, true);
  }

  /**
   * An environment on a Rewind server that already runs (`rewind dev`, `rewind server start`, or one
   * started by the test's set-up), as Temporal's `createFromExistingServer`: its time is real, and
   * {@link teardown} closes the environment's connections but leaves the server running.
   *
   * @throws ConnectionError if no server answers at the address.
   */
  static async createFromExistingServer(options: ExistingServerTestWorkflowEnvironmentOptions = {}): Promise<TestWorkflowEnvironment> {
    const connectionOptions = { ...options.connectionOptions, ...definedFields({ address: options.address }) };
    const namespace = options.namespace ?? DEFAULT_NAMESPACE;
    const connection = await Connection.connect(connectionOptions);
    try {
      const nativeConnection = await NativeConnection.connect(connectionOptions);
      nativeConnection.defaultNamespace = namespace;
      return new TestWorkflowEnvironment(undefined, connection, nativeConnection, new Client({ connection, namespace }), namespace);
    } catch (err) {
      await connection.close();
      throw err;
    }
  }

  private static async create(options: TestWorkflowEnvironmentOptions, timeSkipping: boolean): Promise<TestWorkflowEnvironment> {
    const { RewindServer, consoleLogger } = loadDevServer();
    const server = await RewindServer.start({
      db: ':memory:',
      port: 0,
      log: consoleLogger(options.logLevel ?? 'warn'),
      timeSkipping,
      leaseGraceMs: 0,
    });
    const namespace = options.namespace ?? options.server?.namespace ?? DEFAULT_NAMESPACE;
    try {
      const connection = await Connection.connect({ address: server.address });
      const nativeConnection = await NativeConnection.connect({ address: server.address });
      nativeConnection.defaultNamespace = namespace;
      if (namespace !== DEFAULT_NAMESPACE) await connection.call('namespace.register', { namespace });
      return new TestWorkflowEnvironment(server, connection, nativeConnection, new Client({ connection, namespace }), namespace);
    } catch (err) {
      await server.close();
      throw err;
    }
  }

  /** The server's time in milliseconds since the epoch: the skipped (virtual) time when time skips. */
  async currentTimeMs(): Promise<number> {
    return this.server ? this.server.service.ctx.clock.now() : Date.now();
  }

  /**
   * Lets `duration` pass on the server's clock. With time skipping it returns as soon as the time is
   * reached: it waits for the server and workers to settle (running activities too: they run in real
   * time, as on Temporal's test server), jumps to each timer due on the way in order, lets the workflows
   * react to each, and stops at the target. Called from inside an activity, it does not wait for running
   * activities (it would wait for itself). Without time skipping, a real wait.
   *
   * @param duration a {@link Duration}: milliseconds, or a string such as `'1 day'`.
   */
  async sleep(duration: Duration): Promise<void> {
    const ms = msToNumber(duration);
    const server = this.server;
    const skipping = server?.timeSkipping;
    if (!server || !skipping) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return;
    }
    const target = skipping.clock.now() + ms;
    const fromActivity = insideActivity();
    for (;;) {
      await this.settle(server, fromActivity);
      const next = server.service.nextTimerAt();
      if (next === undefined || next > target) break;
      skipping.clock.jumpTo(next);
    }
    skipping.clock.jumpTo(target);
    await this.settle(server, fromActivity);
  }

  /**
   * Waits until nothing is in flight (twice in a row, a few ms apart), or a while (counted: see
   * settle-fallbacks.ts); `butActivities`: running activities do not count.
   */
  private async settle(server: RewindServer, butActivities: boolean): Promise<void> {
    const service = server.service;
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    let quiet = 0;
    while (quiet < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 3));
      quiet = (butActivities ? service.isIdleButRunningActivities() : service.isIdle()) ? quiet + 1 : 0;
    }
    if (quiet < 2) countSettleFallback(this);
  }

  /**
   * Closes the connections and stops the server (its in-memory database is gone with it); a server the
   * environment did not start ({@link createFromExistingServer}) keeps running.
   */
  async teardown(): Promise<void> {
    await this.nativeConnection.close();
    await this.connection.close();
    await this.server?.close();
  }
}
