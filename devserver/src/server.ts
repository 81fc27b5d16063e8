// A running Rewind server: the store, the service, and the port with its two dialects (Rewind's
// WebSocket protocol and Temporal's gRPC API) together. Used by the CLI, by tests (port 0, temp or
// in-memory database) and by the testing environment.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_PORT } from '@rewind/sdk/protocol';
import { checkAuthTokenText } from '@rewind/sdk/internal/transport/auth-token';
import { checkBind } from './api/bind-policy';
import { ServerPort } from './api/server-port';
import { WsApi } from './api/ws-server';
import type { GrpcApi } from './grpc/grpc-api';
import type { RunLimits } from './engine/limits';
import type { Clock } from './service/time/clock';
import { consoleLogger, type Logger } from './service/logger';
import { RewindService } from './service/rewind-service';
import { SkippingClock } from './service/time/skipping-clock';
import { TimeSkipper } from './service/time/time-skipper';
import { SqliteStore } from './store/sqlite-store';

export interface ServerOptions {
  /** Database file, or ':memory:'. Its folder is created if missing. */
  db: string;
  /** Default 127.0.0.1. Any address that is not loopback (127.0.0.1, ::1, localhost) needs `authToken`. */
  host?: string;
  /** 0 picks a free port. Default 7233. */
  port?: number;
  log?: Logger;
  clock?: Clock;
  leaseGraceMs?: number;
  synchronousFull?: boolean;
  /**
   * Tests: the clock jumps ahead when only timers are left. `true`: while someone waits for a workflow's
   * result (Rewind's testing environment). `'locked'` / `'unlocked'`: Temporal's test server rule, while
   * its TestService lock count is zero, starting with one lock (as Temporal's test server starts) or none
   * (its --enable-time-skipping).
   */
  timeSkipping?: boolean | 'locked' | 'unlocked';
  /** When set, every connection must send it as `Authorization: Bearer <authToken>` (else HTTP 401). */
  authToken?: string;
  /** What one run may hold; Temporal's defaults for what is not given (DEFAULT_RUN_LIMITS). */
  limits?: Partial<RunLimits>;
}

/** The time-skipping controls of a server started with `timeSkipping`. */
export interface TimeSkippingControls {
  clock: SkippingClock;
  skipper: TimeSkipper;
}

export class RewindServer {
  private constructor(
    readonly service: RewindService,
    private readonly serverPort: ServerPort,
    private readonly frontends: Frontends,
    /** The database (tests cap its size to act out a full disk). */
    readonly store: SqliteStore,
    readonly host: string,
    readonly port: number,
    readonly timeSkipping: TimeSkippingControls | undefined,
  ) {}

  /** host:port, as clients take it. */
  get address(): string {
    // An IPv6 address in brackets, so that the printed address can be given to clients as it is.
    return this.host.includes(':') ? `[${this.host}]:${this.port}` : `${this.host}:${this.port}`;
  }

  static async start(options: ServerOptions): Promise<RewindServer> {
    const log = options.log ?? consoleLogger();
    const host = options.host ?? '127.0.0.1';
    if (options.authToken) checkAuthTokenText(options.authToken, 'The auth token');
    checkBind(host, options.authToken);
    if (options.db !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(options.db)), { recursive: true });
    const store = SqliteStore.open({ path: options.db, ...(options.synchronousFull ? { synchronousFull: true } : {}) });
    const skippingClock = options.timeSkipping ? new SkippingClock() : undefined;
    let skipper: TimeSkipper | undefined;
    let service: RewindService | undefined;
    try {
      const clock = options.clock ?? skippingClock;
      service = new RewindService({
        store,
        log,
        clock,
        leaseGraceMs: options.leaseGraceMs,
        limits: options.limits,
        afterBatch: () => skipper?.check(),
      });
      const rule = options.timeSkipping === true ? 'result-waiters' : 'test-service';
      if (skippingClock) skipper = new TimeSkipper(service, skippingClock, rule, options.timeSkipping === 'locked');
      const controls = skippingClock && skipper ? { clock: skippingClock, skipper } : undefined;
      const frontends = new Frontends(service, log, options.authToken, controls);
      const serverPort = new ServerPort({
        http1: (socket) => frontends.ws.handleConnection(socket),
        http2: (socket) => frontends.grpc().handleConnection(socket),
      });
      const { port } = await serverPort.listen({ host, port: options.port ?? DEFAULT_PORT });
      return new RewindServer(service, serverPort, frontends, store, host, port, controls);
    } catch (err) {
      skipper?.stop();
      service?.close();
      store.close();
      throw err;
    }
  }

  async close(): Promise<void> {
    this.timeSkipping?.skipper.stop();
    this.service.close();
    this.frontends.close();
    await this.serverPort.close();
    this.store.close();
  }
}

/** The two dialects over one service: Rewind's WebSocket protocol, and Temporal's gRPC API (made on its first connection). */
class Frontends {
  readonly ws: WsApi;
  private grpcApi: GrpcApi | undefined;

  constructor(
    private readonly service: RewindService,
    private readonly log: Logger,
    private readonly authToken: string | undefined,
    private readonly timeSkipping: TimeSkippingControls | undefined,
  ) {
    this.ws = new WsApi(service, log, authToken);
  }

  /** Loading Temporal's protos takes a few hundred milliseconds: only a Temporal client pays for it. */
  grpc(): GrpcApi {
    if (!this.grpcApi) {
      const { GrpcApi: Api } = require('./grpc/grpc-api') as typeof import('./grpc/grpc-api');
      this.grpcApi = new Api(this.service, this.log, this.authToken, this.timeSkipping);
    }
    return this.grpcApi;
  }

  close(): void {
    this.ws.close();
    this.grpcApi?.close();
  }
}
