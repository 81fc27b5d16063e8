// Temporal's own SDK against a real Rewind server, for one `describe` block: a server on port 0 with a
// SQLite file, a @temporalio/worker on the fixtures (devserver/test/fixtures/temporal-sdk) and a
// @temporalio/client; and reading a run's history as the client sees it.
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  type WorkerOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { bundleWorkflowCode as bundleRewindWorkflowCode, type WorkflowBundle as RewindWorkflowBundle } from '@rewind/sdk/worker';
import * as activities from '../fixtures/temporal-sdk/activities';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import { tempDir } from './temp';

export type TemporalEvent = temporal.api.history.v1.IHistoryEvent;
export const EventType = temporal.api.enums.v1.EventType;

let installed = false;
let bundled: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Temporal's runtime is one per process: installed by the first set-up (or left as another test file installed it). */
export function installRuntime(): void {
  if (installed) return;
  installed = true;
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Already installed by another test file of this process: theirs serves.
  }
}

/** The fixtures' workflows, bundled once per process (webpack takes seconds). */
export function fixtureBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundled ??= bundleWorkflowCode({
    workflowsPath: require.resolve('../fixtures/temporal-sdk/workflows'),
    logger: new DefaultLogger('WARN'),
  });
  return bundled;
}

export interface TemporalSdkSetup {
  readonly server: RewindServer;
  readonly client: Client;
  readonly nativeConnection: NativeConnection;
  readonly worker: Worker;
  readonly bundle: WorkflowBundleWithSourceMap;
}

/** A server, a worker on `taskQueue` and a client, started before the block's tests and stopped after. */
export function useTemporalSdk(options: Partial<WorkerOptions> & { taskQueue: string }): TemporalSdkSetup {
  const held: { -readonly [K in keyof TemporalSdkSetup]?: TemporalSdkSetup[K] } & { connection?: Connection; running?: Promise<void> } = {};
  before(async function () {
    this.timeout(120_000);
    installRuntime();
    held.server = await RewindServer.start({ db: path.join(tempDir('rewind-temporal-sdk-'), 'rewind.db'), port: 0, log: silentLogger });
    held.bundle = await fixtureBundle();
    held.nativeConnection = await NativeConnection.connect({ address: held.server.address });
    held.worker = await Worker.create({ connection: held.nativeConnection, workflowBundle: held.bundle, activities, ...options });
    held.running = held.worker.run();
    held.connection = await Connection.connect({ address: held.server.address });
    held.client = new Client({ connection: held.connection });
  });
  after(async function () {
    this.timeout(60_000);
    held.worker?.shutdown();
    await held.running;
    await held.nativeConnection?.close();
    await held.connection?.close();
    await held.server?.close();
  });
  const get = <K extends keyof TemporalSdkSetup>(key: K): TemporalSdkSetup[K] => {
    const value = held[key];
    if (value === undefined) throw new Error(`The Temporal SDK set-up has no ${key} yet (used outside a test?).`);
    return value as TemporalSdkSetup[K];
  };
  return {
    get server() {
      return get('server');
    },
    get client() {
      return get('client');
    },
    get nativeConnection() {
      return get('nativeConnection');
    },
    get worker() {
      return get('worker');
    },
    get bundle() {
      return get('bundle');
    },
  };
}

/** A run's events as Temporal's client reads them (GetWorkflowExecutionHistory, page by page). */
export async function historyOf(handle: WorkflowHandle): Promise<TemporalEvent[]> {
  return (await handle.fetchHistory()).events ?? [];
}

/** The events of one type, in order. */
export function eventsOf(events: readonly TemporalEvent[], type: temporal.api.enums.v1.EventType): TemporalEvent[] {
  return events.filter((e) => e.eventType === type);
}

/** An event's time in epoch ms (Temporal's Timestamp: seconds as a Long, and nanos). */
export function eventMs(e: TemporalEvent): number {
  const t = e.eventTime;
  if (!t) throw new Error(`Event ${String(e.eventId)} has no time.`);
  return Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
}

/** What useReplayPair gives its tests once its `before` ran. */
export interface ReplayPair {
  server: RewindServer;
  /** The workflows bundled for Temporal's worker and replayer. */
  temporal: WorkflowBundleWithSourceMap;
  /** The same workflows bundled for Rewind's replayer. */
  rewind: RewindWorkflowBundle;
}

/**
 * For a `describe` that records runs with Temporal's SDK and replays their histories in both SDKs: a
 * Rewind server on a fresh file, and one workflows file bundled for each SDK.
 */
export function useReplayPair(name: string, workflowsPath: string): ReplayPair {
  const pair = {} as ReplayPair;
  before(async function () {
    installRuntime();
    pair.server = await RewindServer.start({ db: path.join(tempDir(`rewind-${name}-`), 'rewind.db'), port: 0, log: silentLogger });
    pair.temporal = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('ERROR') });
    pair.rewind = await bundleRewindWorkflowCode({ workflowsPath });
  });
  after(async function () {
    await pair.server?.close();
  });
  return pair;
}
