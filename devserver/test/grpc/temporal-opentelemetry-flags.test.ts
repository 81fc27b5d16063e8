// Temporal's lang flags 3–6 gate what @temporalio/interceptors-opentelemetry does in a workflow (trace signals,
// local activities, updates and queries; drop extra yields), and Temporal's SDK also turns 3–5 on by the SDK
// version a history recorded. A run recorded by Temporal's worker on a Rewind server, its flags taken out and
// its version changed: Temporal's replayer and Rewind's (and the debugger) accept or refuse it alike.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Worker as TemporalWorker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Resource } from '@opentelemetry/resources';
import { bundleWorkflowCode as rewindBundle, Worker as RewindWorker, type WorkflowBundle } from '@rewind/sdk/worker';
import { ReplaySession } from '@rewind/sdk/internal/debug/replay-session';
import * as activities from '../fixtures/interceptors/activities';
import { add, approve, state, tracedOrder } from '../fixtures/opentelemetry/workflows';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import { installRuntime } from '../helpers/temporal-sdk';
import { tempDir } from '../helpers/temp';

const fixtures = path.join(__dirname, '../fixtures/opentelemetry');
const workflowsPath = path.join(fixtures, 'workflows.ts');
const workflowInterceptorModules = [path.join(fixtures, 'interceptors.ts')];
const sinks = { exporter: makeWorkflowExporter(new InMemorySpanExporter(), new Resource({})) };
const OPENTELEMETRY_FLAGS = [3, 4, 5, 6];

type Json = { events: Record<string, unknown>[] };

/** The history without lang flags 3–6, its completions naming SDK version `version` (none: undefined). */
function asRecordedBy(json: string, version: string | undefined): Json {
  const copy = JSON.parse(json) as Json;
  for (const e of copy.events) {
    const attrs = e['workflowTaskCompletedEventAttributes'] as { sdkMetadata?: Record<string, unknown> } | undefined;
    const metadata = attrs?.sdkMetadata;
    if (!metadata) continue;
    metadata['langUsedFlags'] = ((metadata['langUsedFlags'] as number[] | undefined) ?? []).filter((f) => !OPENTELEMETRY_FLAGS.includes(f));
    if (metadata['sdkVersion'] === undefined) continue;
    if (version === undefined) delete metadata['sdkVersion'];
    else metadata['sdkVersion'] = version;
  }
  return copy;
}

/** What a replayer said: accepted, or the event it refused at. */
type Outcome = 'accepted' | { refusedAt: number };

describe("OpenTelemetry interceptors' lang flags (3–6): Temporal's rules, in Temporal's replayer and Rewind's", function () {
  this.timeout(180_000);
  let server: RewindServer;
  let temporal: WorkflowBundleWithSourceMap;
  let rewind: WorkflowBundle;
  let recorded: string;

  before(async function () {
    installRuntime();
    server = await RewindServer.start({ db: path.join(tempDir('rewind-otel-flags-'), 'rewind.db'), port: 0, log: silentLogger });
    temporal = await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules, logger: new DefaultLogger('ERROR') });
    rewind = await rewindBundle({ workflowsPath, workflowInterceptorModules });
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    const connection = await Connection.connect({ address: server.address });
    try {
      const worker = await TemporalWorker.create({
        connection: nativeConnection,
        taskQueue: 'otel-flags',
        workflowBundle: temporal,
        activities,
        sinks,
      });
      recorded = await worker.runUntil(async () => {
        const handle = await new Client({ connection }).workflow.start(tracedOrder, {
          taskQueue: 'otel-flags',
          workflowId: 'otel-flags',
          args: ['ada'],
        });
        await handle.signal(approve, 'bo');
        assert.equal(await handle.executeUpdate(add, { args: [2] }), 2);
        assert.equal(await handle.query(state), 'approved by bo, total 2');
        await handle.result();
        return historyToJSON(await handle.fetchHistory());
      });
    } finally {
      await connection.close();
      await nativeConnection.close();
    }
  });
  after(async function () {
    await server?.close();
  });

  async function temporalOutcome(json: Json): Promise<Outcome> {
    try {
      await TemporalWorker.runReplayHistory({ workflowBundle: temporal, sinks }, historyFromJSON(json), 'otel-flags');
      return 'accepted';
    } catch (err) {
      const id = /HistoryEvent\(id: (\d+)/.exec(String((err as Error).message));
      assert.ok(id, `Temporal's error names no event: ${String(err)}`);
      return { refusedAt: Number(id[1]) };
    }
  }

  async function rewindOutcome(json: Json): Promise<Outcome> {
    const session = await ReplaySession.load({ history: json, workflowBundle: rewind, workflowId: 'otel-flags' });
    let debuggerOutcome: Outcome;
    try {
      debuggerOutcome = session.nonDeterminism ? { refusedAt: session.nonDeterminism.eventId } : 'accepted';
    } finally {
      session.dispose();
    }
    const replayed: Outcome = await RewindWorker.runReplayHistory({ workflowBundle: rewind }, json, 'otel-flags').then(
      () => 'accepted' as const,
      (err: Error) => {
        const id = /not deterministic at event (\d+)/.exec(err.message);
        assert.ok(id, `Rewind's error names no event: ${err.message}`);
        return { refusedAt: Number(id[1]) };
      },
    );
    assert.deepEqual(debuggerOutcome, replayed, 'the debugger and Worker.runReplayHistory agree');
    return replayed;
  }

  it('records the flags the interceptors asked for, in the run that used them', function () {
    const flags = (JSON.parse(recorded) as Json).events.flatMap((e) => {
      const metadata = (e['workflowTaskCompletedEventAttributes'] as { sdkMetadata?: { langUsedFlags?: number[] } } | undefined)
        ?.sdkMetadata;
      return metadata?.langUsedFlags ?? [];
    });
    for (const flag of OPENTELEMETRY_FLAGS) assert.ok(flags.includes(flag), `lang flag ${flag} recorded (${flags.join(', ')})`);
  });

  for (const version of ['1.24.0', '1.13.2', '1.13.1', '1.11.6', '1.11.5', '1.11.4', undefined]) {
    it(`without the flags, recorded by SDK ${version ?? '(no version)'}: both replayers decide alike`, async function () {
      const json = asRecordedBy(recorded, version);
      const expected = await temporalOutcome(json);
      assert.deepEqual(await rewindOutcome(json), expected);
    });
  }

  it('without the flags, a version from 1.13.2 replays and one before refuses (flag 5: the extra yields reorder the commands)', async function () {
    assert.equal(await temporalOutcome(asRecordedBy(recorded, '1.13.2')), 'accepted');
    assert.notEqual(await temporalOutcome(asRecordedBy(recorded, '1.13.1')), 'accepted');
  });
});
