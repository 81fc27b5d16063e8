// TestWorkflowEnvironment (Temporal's): a real Rewind server in this process, on an in-memory database,
// with a client and a worker connection. `createTimeSkipping()` adds a clock that jumps ahead while a
// test waits for a result and only timers are left, so a 30-day sleep takes milliseconds.
import type { RewindServer } from '@rewind/devserver';
import { Client, Connection } from '../client';
import { msToNumber, type Duration } from '../common/duration';
import { ValueError } from '../common/errors';
import { DEFAULT_NAMESPACE } from '../protocol/messages';
import { NativeConnection } from '../worker/native-connection';

export interface TestWorkflowEnvironmentOptions {
  namespace?: string;
  /** Server log level; default 'warn'. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

function loadDevServer(): typeof import('@rewind/devserver') {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@rewind/devserver') as typeof import('@rewind/devserver');
  } catch (err) {
    throw new ValueError('The testing environment runs a Rewind server in this process: install @rewind/devserver next to @rewind/sdk.', {
      cause: err,
    });
  }
}

/** How long `sleep` waits, at most, for the system to settle before it moves time on. */
const SETTLE_TIMEOUT_MS = 10_000;

export class TestWorkflowEnvironment {
  private constructor(
    private readonly server: RewindServer,
    readonly connection: Connection,
    readonly nativeConnection: NativeConnection,
    readonly client: Client,
    readonly namespace: string,
  ) {}

  /** Whether time skips (created with createTimeSkipping). */
  get supportsTimeSkipping(): boolean {
    return this.server.timeSkipping !== undefined;
  }

  /** host:port of the in-process server (to start workers in other processes). */
  get address(): string {
    return this.server.address;
  }

  /** A server in this process with real time. */
  static createLocal(options: TestWorkflowEnvironmentOptions = {}): Promise<TestWorkflowEnvironment> {
    return TestWorkflowEnvironment.create(options, false);
  }

  /** A server in this process whose clock skips ahead when only timers are left and a test awaits a result. */
  static createTimeSkipping(options: TestWorkflowEnvironmentOptions = {}): Promise<TestWorkflowEnvironment> {
    return TestWorkflowEnvironment.create(options, true);
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
    const namespace = options.namespace ?? DEFAULT_NAMESPACE;
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

  /** The server's time (epoch ms): virtual time when time skips. */
  async currentTimeMs(): Promise<number> {
    return this.server.service.ctx.clock.now();
  }

  /**
   * Lets `duration` pass. With time skipping: at once, firing every timer due on the way in order and
   * letting workflows react to each; otherwise a real wait.
   */
  async sleep(duration: Duration): Promise<void> {
    const ms = msToNumber(duration);
    const skipping = this.server.timeSkipping;
    if (!skipping) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return;
    }
    const target = skipping.clock.now() + ms;
    for (;;) {
      await this.settle();
      const next = this.server.service.nextTimerAt();
      if (next === undefined || next > target) break;
      skipping.clock.jumpTo(next);
    }
    skipping.clock.jumpTo(target);
    await this.settle();
  }

  /** Waits until nothing is in flight (twice in a row, a few ms apart), or a while. */
  private async settle(): Promise<void> {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    let quiet = 0;
    while (quiet < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 3));
      quiet = this.server.service.isIdle() ? quiet + 1 : 0;
    }
  }

  async teardown(): Promise<void> {
    await this.nativeConnection.close();
    await this.connection.close();
    await this.server.close();
  }
}
