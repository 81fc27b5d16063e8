// The conformance corpus (issue 17): histories recorded by Temporal's own SDK on a Rewind server, one per
// feature, exported as Temporal's JSON. Temporal's replayer and Rewind's (Worker.runReplayHistory and the
// debugger's ReplaySession) accept each with the same code, Rewind's issuing the commands the history
// recorded; with changed code both refuse it, Rewind at the event Temporal names.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker as TemporalWorker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { DeterminismViolationError as TemporalDeterminismViolationError } from '@temporalio/workflow';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Resource } from '@opentelemetry/resources';
import {
  bundleWorkflowCode as rewindBundle,
  DeterminismViolationError,
  parseHistory,
  Worker as RewindWorker,
  type WorkflowBundle,
} from '@rewind/sdk/worker';
import type { Command, HistoryEvent } from '@rewind/sdk/protocol';
import { patchOfMarker } from '@rewind/sdk/internal/protocol/commands';
import { localActivityOfMarker } from '@rewind/sdk/internal/protocol/local-activities';
import { ReplaySession } from '@rewind/sdk/internal/debug/replay-session';
import { WorkflowSandbox } from '@rewind/sdk/internal/worker/sandbox/sandbox';
import { WorkflowExecutor } from '@rewind/sdk/internal/worker/workflows/workflow-executor';
import { isReadFromTemporal } from '@rewind/sdk/internal/worker/temporal-history/temporal-history';
import * as activities from '../fixtures/temporal-conformance/activities';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import { tempDir } from '../helpers/temp';
import { withoutEvents } from '../helpers/history-edit';
import { FEATURES, recordCorpus, type Corpus, type CorpusEntry, type Feature } from './conformance-recording';

const fixtures = path.join(__dirname, '../fixtures/temporal-conformance');
const interceptorFixtures = path.join(__dirname, '../fixtures/interceptors');
const otelFixtures = path.join(__dirname, '../fixtures/opentelemetry');
const CODE = {
  plain: { workflowsPath: path.join(fixtures, 'workflows.ts'), temporalModules: [], rewindModules: [] },
  traced: {
    workflowsPath: path.join(interceptorFixtures, 'workflows.ts'),
    temporalModules: [path.join(interceptorFixtures, 'trace.ts')],
    rewindModules: [path.join(interceptorFixtures, 'trace.ts')],
  },
  otel: {
    workflowsPath: path.join(otelFixtures, 'workflows.ts'),
    temporalModules: [path.join(otelFixtures, 'interceptors.ts')],
    rewindModules: [path.join(otelFixtures, 'interceptors.ts')],
  },
  changed: { workflowsPath: path.join(fixtures, 'changed-workflows.ts'), temporalModules: [], rewindModules: [] },
  moved: { workflowsPath: path.join(fixtures, 'moved-workflows.ts'), temporalModules: [], rewindModules: [] },
} as const;
type Code = keyof typeof CODE;

/** The tracing module's sink and OpenTelemetry's, for Temporal's workers (the corpus does not check their calls). */
const traceSinks = {
  trace: { record: { fn: () => undefined } },
  exporter: makeWorkflowExporter(new InMemorySpanExporter(), new Resource({})),
};

/** Changed code refused by both replayers: the feature whose history it replays, and the code (`changed` unless said). */
const CHANGED: readonly (Feature | [Feature, Code])[] = [
  'hello world',
  'timers',
  // A command issued a task early: core matches it to the next task's event and refuses at a later one.
  ['timers', 'moved'],
  'patches',
  'random branches',
  'continue-as-new, first run',
  'local activities',
  'children without ids',
  'cancellation scopes with timeouts',
  'signals and condition',
  // The accepted update's handler renamed: no handler accepts it.
  'updates',
];
/** Changed code that Temporal's replayer still accepts (its core matches an external signal by kind alone): Rewind's must too. */
const CHANGED_ACCEPTED: readonly Feature[] = ['external signal, sender'];

/** A command as the history records it: its event's kind and what names it. */
function commandKey(c: Command): string {
  switch (c.type) {
    case 'ScheduleActivityTask':
      return `activity ${c.activityType}`;
    case 'StartTimer':
      return `timer ${c.seq}`;
    case 'RecordMarker':
      return `marker ${c.markerName}`;
    case 'StartChildWorkflowExecution':
      return `child ${c.workflowType} ${c.workflowId}`;
    case 'SignalExternalWorkflowExecution':
      return `signal ${c.signalName} ${c.workflowId}`;
    case 'RequestCancelActivityTask':
      return 'cancel activity';
    case 'CancelTimer':
      return `cancel timer ${c.seq}`;
    case 'CompleteWorkflowExecution':
      return 'complete';
    case 'ContinueAsNewWorkflowExecution':
      return `continue-as-new ${c.workflowType}`;
    case 'UpsertWorkflowSearchAttributes':
      return `upsert ${JSON.stringify(c.searchAttributes)}`;
    case 'AcceptWorkflowUpdate':
      return `update accepted ${c.updateId}`;
    case 'CompleteWorkflowUpdate':
      return `update completed ${c.updateId}`;
    default:
      return c.type;
  }
}

/** The events of a history that a command made, keyed as {@link commandKey} keys commands. */
function recordedKeys(events: readonly HistoryEvent[]): string[] {
  return events.flatMap((e) => {
    switch (e.type) {
      case 'ActivityTaskScheduled':
        return [`activity ${e.activityType}`];
      case 'TimerStarted':
        return [`timer ${e.timerId}`];
      case 'MarkerRecorded':
        return [`marker ${e.markerName}`];
      case 'StartChildWorkflowExecutionInitiated':
        return [`child ${e.workflowType} ${e.workflowId}`];
      case 'SignalExternalWorkflowExecutionInitiated':
        return [`signal ${e.signalName} ${e.workflowId}`];
      case 'ActivityTaskCancelRequested':
        return ['cancel activity'];
      case 'TimerCanceled':
        return [`cancel timer ${e.timerId}`];
      case 'WorkflowExecutionCompleted':
        return ['complete'];
      case 'WorkflowExecutionContinuedAsNew':
        return [`continue-as-new ${e.workflowType}`];
      case 'UpsertWorkflowSearchAttributes':
        return [`upsert ${JSON.stringify(e.searchAttributes)}`];
      case 'WorkflowExecutionUpdateAccepted':
        return [`update accepted ${e.updateId}`];
      case 'WorkflowExecutionUpdateCompleted':
        return [`update completed ${e.updateId}`];
      default:
        return [];
    }
  });
}

/** The commands Rewind's replay runtime issues, task by task, replaying the whole history (`json`: the entry's unless given). */
async function rewindIssued(bundle: WorkflowBundle, entry: CorpusEntry, json: unknown = entry.json): Promise<Command[]> {
  const history = parseHistory(json);
  const started = history.events[0] as Extract<HistoryEvent, { type: 'WorkflowExecutionStarted' }>;
  const commands: Command[] = [];
  const sandbox = await WorkflowSandbox.create(bundle);
  const executor = new WorkflowExecutor(
    sandbox,
    {
      namespace: 'default',
      workflowId: entry.workflowId,
      runId: started.originalExecutionRunId ?? '',
      workflowType: started.workflowType,
      recordedByTemporal: isReadFromTemporal(history),
    },
    { onTask: (_task, result) => void (result.status === 'ok' && commands.push(...result.commands)) },
  );
  try {
    executor.process(history.events);
  } finally {
    executor.dispose();
  }
  return commands;
}

/** The commands Rewind's replay runtime issues, keyed as the history records them. */
async function rewindCommands(bundle: WorkflowBundle, entry: CorpusEntry): Promise<string[]> {
  return (await rewindIssued(bundle, entry)).map(commandKey);
}

/**
 * The event id a Temporal determinism violation names: core writes `HistoryEvent(id: N, …)`, or names the
 * event by what it holds (an activity's type, a patch's id), which must then be one event of the history.
 */
function temporalEventId(err: Error, events: readonly HistoryEvent[]): number {
  const byId = /HistoryEvent\(id: (\d+)/.exec(err.message);
  if (byId) return Number(byId[1]);
  const named = (pattern: RegExp): string | undefined => pattern.exec(err.message)?.[1];
  const activity = named(/Activity type of scheduled event '([^']+)'/);
  const localActivity = named(/Activity type of recorded marker '([^']+)'/);
  const child = named(/Child workflow type of scheduled event '([^']+)'/);
  const patch = named(/patch marker encountered for change (\S+),/);
  const candidates = events.filter((e) => {
    switch (e.type) {
      case 'ActivityTaskScheduled':
        return activity !== undefined && e.activityType === activity;
      case 'StartChildWorkflowExecutionInitiated':
        return child !== undefined && e.workflowType === child;
      case 'MarkerRecorded':
        return (
          (patch !== undefined && patchOfMarker(e.markerName, e.details)?.patchId === patch) ||
          (localActivity !== undefined && localActivityOfMarker(e.markerName, e.details)?.activityType === localActivity)
        );
      default:
        return false;
    }
  });
  assert.equal(candidates.length, 1, `Temporal's error names no single event: ${err.message}`);
  return candidates[0]!.eventId;
}

/** The event id Rewind's determinism violation names. */
function rewindEventId(err: Error): number {
  const match = /not deterministic at event (\d+)/.exec(err.message);
  assert.ok(match, `Rewind's error names no event: ${err.message}`);
  return Number(match[1]);
}

describe('conformance corpus: Temporal SDK histories replay alike in Temporal’s replayer and Rewind’s', function () {
  this.timeout(180_000);
  let server: RewindServer;
  let corpus: Corpus;
  const temporalBundles = new Map<Code, WorkflowBundleWithSourceMap>();
  const rewindBundles = new Map<Code, WorkflowBundle>();
  const codes = Object.keys(CODE) as Code[];

  before(async function () {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      // Installed already by another test file of this process: theirs serves.
    }
    await Promise.all(
      codes.map(async (code) => {
        const { workflowsPath, temporalModules, rewindModules } = CODE[code];
        const logger = new DefaultLogger('WARN');
        temporalBundles.set(code, await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules: [...temporalModules], logger }));
        rewindBundles.set(code, await rewindBundle({ workflowsPath, workflowInterceptorModules: [...rewindModules] }));
      }),
    );
    server = await RewindServer.start({ db: path.join(tempDir('rewind-conformance-'), 'rewind.db'), port: 0, log: silentLogger });
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    const connection = await Connection.connect({ address: server.address });
    try {
      const queues = { plain: 'conformance', traced: 'conformance-traced', otel: 'conformance-otel' };
      const worker = (code: keyof typeof queues) =>
        TemporalWorker.create({
          connection: nativeConnection,
          taskQueue: queues[code],
          workflowBundle: temporalBundles.get(code)!,
          activities,
          sinks: traceSinks,
        });
      const [plain, traced, otel] = await Promise.all([worker('plain'), worker('traced'), worker('otel')]);
      corpus = await plain.runUntil(traced.runUntil(otel.runUntil(recordCorpus(new Client({ connection }), queues))));
    } finally {
      await connection.close();
      await nativeConnection.close();
    }
  });
  after(async function () {
    await server?.close();
  });

  const entry = (feature: Feature): CorpusEntry => {
    const e = corpus.get(feature);
    assert.ok(e, `${feature} was not recorded`);
    return e;
  };

  it('the recorded runs did what each feature does', function () {
    const result = (feature: Feature) => entry(feature).result;
    assert.equal(result('hello world'), 'hello ada');
    assert.equal(result('activity retries'), 'succeeded on attempt 3');
    assert.equal(result('signals and condition'), 'total 3, met false');
    assert.equal(result('queries'), 'hello queried');
    assert.deepEqual(result('updates'), ['hello ada']);
    assert.deepEqual((result('children without ids') as string[]).slice(0, 3), ['child started', 'child executed', 'child without args']);
    assert.deepEqual(result('cancellation scopes with timeouts'), [
      'timer cancelled',
      'activity cancelled',
      'cancellable cancelled',
      'hello shielded',
    ]);
    assert.deepEqual(result('local activities'), ['hello local', 'succeeded on attempt 2']);
    assert.equal(result('patches'), 'hello v2');
    assert.equal(result('continue-as-new, last run'), 'lift-off');
    assert.equal(result('timers'), 'rang');
    assert.equal(result('external signal, receiver'), 'poked by a workflow');
    assert.equal(result('interceptors'), 'hello ada | child ada');
    assert.equal(result('opentelemetry interceptors'), 'hello ada | hello ada (local) | child ada | approved by bo, total 2');
    const kinds = (feature: Feature) => recordedKeys(parseHistory(entry(feature).json).events);
    assert.ok(kinds('patches').filter((k) => k === 'marker core_patch').length === 2, 'a deprecated patch and a patch');
    assert.deepEqual(
      kinds('patches').filter((k) => k.startsWith('upsert')),
      ['upsert {"TemporalChangeVersion":["retired"]}', 'upsert {"TemporalChangeVersion":["retired","v2"]}'],
      "core's upsert after each patch marker (its flag 2)",
    );
    assert.ok(kinds('local activities').filter((k) => k === 'marker core_local_activity').length === 2, 'two local activity markers');
    assert.ok(kinds('cancellation scopes with timeouts').includes('cancel activity'));
    assert.ok(kinds('continue-as-new, first run').includes('continue-as-new countdown'));
    // Only the accepted update is in history (the rejected one's task left no event): in the second workflow task,
    // its activity between its two events.
    const updateEvents = parseHistory(entry('updates').json).events;
    const accepted = updateEvents.findIndex((e) => e.type === 'WorkflowExecutionUpdateAccepted');
    assert.equal(updateEvents.slice(0, accepted).filter((e) => e.type === 'WorkflowTaskCompleted').length, 2);
    const updateKinds = kinds('updates').filter((k) => k.startsWith('update ') || k.startsWith('activity '));
    assert.equal(updateKinds.length, 3, updateKinds.join(', '));
    assert.match(updateKinds[0]!, /^update accepted \S+$/);
    assert.equal(updateKinds[1], 'activity greet');
    assert.equal(updateKinds[2], updateKinds[0]!.replace('accepted', 'completed'));
  });

  for (const feature of FEATURES) {
    it(`${feature}: both replayers accept it, Rewind's with the recorded commands`, async function () {
      const e = entry(feature);
      const temporalCode = { workflowBundle: temporalBundles.get(e.code)!, sinks: traceSinks };
      await TemporalWorker.runReplayHistory(temporalCode, historyFromJSON(JSON.parse(e.json)), e.workflowId);

      const bundle = rewindBundles.get(e.code)!;
      await RewindWorker.runReplayHistory({ workflowBundle: bundle }, JSON.parse(e.json), e.workflowId);
      const recorded = recordedKeys(parseHistory(e.json).events);
      assert.deepEqual(await rewindCommands(bundle, e), recorded);

      const session = await ReplaySession.load({ history: e.json, workflowBundle: bundle, workflowId: e.workflowId });
      try {
        assert.equal(session.nonDeterminism, undefined);
        assert.equal(session.codeError, undefined);
        assert.equal(session.goTo(session.length), session.length, 'the debugger steps to the last event');
      } finally {
        session.dispose();
      }
    });
  }

  for (const changed of CHANGED) {
    const [feature, code] = typeof changed === 'string' ? [changed, 'changed' as const] : changed;
    it(`${feature}, ${code} code: both replayers refuse it at the same event`, async function () {
      const e = entry(feature);
      const temporalError = await TemporalWorker.runReplayHistory(
        { workflowBundle: temporalBundles.get(code)! },
        historyFromJSON(JSON.parse(e.json)),
        e.workflowId,
      ).then(
        () => assert.fail("Temporal's replayer accepted the changed code"),
        (err: Error) => err,
      );
      assert.ok(temporalError instanceof TemporalDeterminismViolationError, String(temporalError));

      const bundle = rewindBundles.get(code)!;
      const rewindError = await RewindWorker.runReplayHistory({ workflowBundle: bundle }, JSON.parse(e.json), e.workflowId).then(
        () => assert.fail("Rewind's replayer accepted the changed code"),
        (err: Error) => err,
      );
      assert.ok(rewindError instanceof DeterminismViolationError, String(rewindError));
      const eventId = temporalEventId(temporalError, parseHistory(e.json).events);
      assert.equal(rewindEventId(rewindError), eventId, `Temporal: ${temporalError.message}\nRewind: ${rewindError.message}`);
      if (code === 'moved') {
        // Rewind's message says what matched where: the code's last command went to the event before.
        assert.match(
          rewindError.message,
          /history holds TimerStarted\(30ms\), but the code issued nothing more: its last command, StartTimer\(30ms\) at \S*moved-workflows\.ts:\d+:\d+, went to event 10/,
        );
      }

      const session = await ReplaySession.load({ history: e.json, workflowBundle: bundle, workflowId: e.workflowId });
      try {
        assert.equal(session.nonDeterminism?.eventId, eventId);
        assert.equal(session.goTo(session.length), eventId, 'the debugger stops at the refused event');
      } finally {
        session.dispose();
      }
    });
  }

  it('random branches, exported without sdkMetadata: Rewind replays it with Temporal’s randomness', async function () {
    // Very old SDKs record no sdkMetadata, and some exports strip it: Temporal's history reader still read it.
    const e = entry('random branches');
    const stripped = JSON.parse(e.json) as { events: { workflowTaskCompletedEventAttributes?: { sdkMetadata?: unknown } }[] };
    let strippedTasks = 0;
    for (const ev of stripped.events) {
      if (ev.workflowTaskCompletedEventAttributes?.sdkMetadata === undefined) continue;
      delete ev.workflowTaskCompletedEventAttributes.sdkMetadata;
      strippedTasks++;
    }
    assert.ok(strippedTasks > 0, 'the recorded history has sdkMetadata to strip');
    const bundle = rewindBundles.get(e.code)!;
    // The same draws as Temporal's: each activity gets the input recorded (the last, a uuid4).
    const inputs = (await rewindIssued(bundle, e, stripped)).flatMap((c) => (c.type === 'ScheduleActivityTask' ? [c.args] : []));
    const recorded = parseHistory(e.json).events.flatMap((ev) => (ev.type === 'ActivityTaskScheduled' ? [ev.input] : []));
    assert.equal(recorded.length, 3);
    assert.deepEqual(inputs, recorded);
    await RewindWorker.runReplayHistory({ workflowBundle: bundle }, stripped, e.workflowId);
    const session = await ReplaySession.load({ history: stripped, workflowBundle: bundle, workflowId: e.workflowId });
    try {
      assert.equal(session.nonDeterminism, undefined, session.nonDeterminism?.message);
      assert.equal(session.goTo(session.length), session.length);
    } finally {
      session.dispose();
    }
  });

  it('patches, its last TemporalChangeVersion upsert removed: both replayers refuse it at the same event; without flag 2, expect none', async function () {
    const e = entry('patches');
    type Event = { eventType?: string };
    const upserts = (JSON.parse(e.json) as { events: Event[] }).events.flatMap((ev, i) =>
      ev.eventType === 'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES' ? [i] : [],
    );
    assert.equal(upserts.length, 2);
    const lacking = JSON.stringify(withoutEvents(JSON.parse(e.json) as { events: Event[] }, (_ev, i) => i === upserts[1]));
    const temporalError = await TemporalWorker.runReplayHistory(
      { workflowBundle: temporalBundles.get('plain')! },
      historyFromJSON(JSON.parse(lacking)),
      e.workflowId,
    ).then(
      () => assert.fail("Temporal's replayer accepted the history"),
      (err: Error) => err,
    );
    assert.ok(temporalError instanceof TemporalDeterminismViolationError, String(temporalError));
    const bundle = rewindBundles.get('plain')!;
    const rewindError = await RewindWorker.runReplayHistory({ workflowBundle: bundle }, JSON.parse(lacking), e.workflowId).then(
      () => assert.fail("Rewind's replayer accepted the history"),
      (err: Error) => err,
    );
    assert.ok(rewindError instanceof DeterminismViolationError, String(rewindError));
    const eventId = temporalEventId(temporalError, parseHistory(lacking).events);
    assert.equal(eventId, upserts[1]! + 1, 'the event that took the removed one’s place');
    assert.equal(rewindEventId(rewindError), eventId, `Temporal: ${temporalError.message}\nRewind: ${rewindError.message}`);
    const session = await ReplaySession.load({ history: lacking, workflowBundle: bundle, workflowId: e.workflowId });
    try {
      assert.equal(session.nonDeterminism?.eventId, eventId);
    } finally {
      session.dispose();
    }

    // As recorded by a core without flag 2 (neither the flag nor the upserts): both expect no upsert.
    type Completion = { workflowTaskCompletedEventAttributes?: { sdkMetadata?: { coreUsedFlags?: number[] } } };
    const unflagged = withoutEvents(JSON.parse(e.json) as { events: (Event & Completion)[] }, (_ev, i) => upserts.includes(i));
    for (const ev of unflagged.events) {
      const m = ev.workflowTaskCompletedEventAttributes?.sdkMetadata;
      if (m?.coreUsedFlags) m.coreUsedFlags = m.coreUsedFlags.filter((f) => f !== 2);
    }
    await TemporalWorker.runReplayHistory({ workflowBundle: temporalBundles.get('plain')! }, historyFromJSON(unflagged), e.workflowId);
    await RewindWorker.runReplayHistory({ workflowBundle: bundle }, unflagged, e.workflowId);
    assert.deepEqual(await rewindCommands(bundle, { ...e, json: JSON.stringify(unflagged) }), recordedKeys(parseHistory(unflagged).events));
  });

  for (const feature of CHANGED_ACCEPTED) {
    it(`${feature}, changed code that Temporal's replayer accepts: Rewind's accepts it too`, async function () {
      const e = entry(feature);
      await TemporalWorker.runReplayHistory(
        { workflowBundle: temporalBundles.get('changed')! },
        historyFromJSON(JSON.parse(e.json)),
        e.workflowId,
      );
      await RewindWorker.runReplayHistory({ workflowBundle: rewindBundles.get('changed')! }, JSON.parse(e.json), e.workflowId);
    });
  }
});
