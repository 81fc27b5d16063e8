// setTimeout in workflow code under Temporal's lang flag 1 (NonCancellableScopesAreShieldedFromPropagation),
// end to end: Temporal's own SDK records a run on a Rewind server; its history, and the history its SDK
// would have recorded without the flag (a bare timer, not cancelled with its scope, and a clearTimeout
// that takes a seq), replay in Temporal's replayer and Rewind's alike: each accepts the matching pair only.
import assert from 'node:assert/strict';
import { Client, Connection } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { NativeConnection, Worker as TemporalWorker } from '@temporalio/worker';
import { DeterminismViolationError, Worker } from '@rewind/sdk/worker';
import * as activities from '../fixtures/temporal-sdk/activities';
import { setTimeoutInScopes } from '../fixtures/temporal-sdk/set-timeout-workflows';
import { historyOf, useReplayPair } from '../helpers/temporal-sdk';
import { protoJson, throughBytes } from './proto-history';

const workflowsPath = require.resolve('../fixtures/temporal-sdk/set-timeout-workflows');
const taskQueue = 'set-timeout';
const SHIELDED = 1;

interface JsonEvent {
  eventId: string;
  eventType: string;
  [attributes: string]: unknown;
}
interface JsonHistory {
  events: JsonEvent[];
}
type TimerAttributes = { timerId: string } | undefined;

/** The timer events' ids, in order ('2 started', '3 fired', …). */
function timerEvents(history: JsonHistory): string[] {
  return history.events.flatMap((e) => {
    const [, what] = /^EVENT_TYPE_TIMER_(\w+)$/.exec(e.eventType) ?? [];
    const attrs = Object.values(e).find((v): v is { timerId: string } => typeof v === 'object' && v !== null && 'timerId' in v);
    return what && attrs ? [`${attrs.timerId} ${what.toLowerCase()}`] : [];
  });
}

/** A copy of the history without lang flag 1 in any task's sdkMetadata. */
function withoutFlag(history: JsonHistory): JsonHistory {
  const copy = structuredClone(history);
  for (const e of copy.events) {
    const metadata = (e.workflowTaskCompletedEventAttributes as { sdkMetadata?: { langUsedFlags?: number[] } } | undefined)?.sdkMetadata;
    if (metadata?.langUsedFlags) metadata.langUsedFlags = metadata.langUsedFlags.filter((f) => f !== SHIELDED);
  }
  return copy;
}

/** The run as Temporal's SDK would have recorded it with bare timers: one seq later each, and the scoped timer never cancelled. */
function asBareTimers(history: JsonHistory): JsonHistory {
  const events = structuredClone(history.events).filter((e) => e.eventType !== 'EVENT_TYPE_TIMER_CANCELED');
  for (const [index, e] of events.entries()) {
    e.eventId = String(index + 1);
    for (const key of ['timerStartedEventAttributes', 'timerFiredEventAttributes']) {
      const attrs = e[key] as TimerAttributes;
      if (attrs) attrs.timerId = String(Number(attrs.timerId) + 1);
    }
  }
  return { events };
}

describe("setTimeout under Temporal's lang flag 1, recorded by its SDK and replayed", function () {
  this.timeout(180_000);
  const pair = useReplayPair('set-timeout', workflowsPath);
  let recorded: JsonHistory;

  it('Temporal records the flag; the cleared timer is never sent, the scoped one is cancelled with its scope', async function () {
    const nativeConnection = await NativeConnection.connect({ address: pair.server.address });
    const connection = await Connection.connect({ address: pair.server.address });
    try {
      const client = new Client({ connection });
      const worker = await TemporalWorker.create({ connection: nativeConnection, workflowBundle: pair.temporal, activities, taskQueue });
      const handle = await client.workflow.start(setTimeoutInScopes, { taskQueue, workflowId: 'set-timeout' });
      assert.equal(await worker.runUntil(handle.result()), 'not fired');
      recorded = protoJson(throughBytes(await historyOf(handle))) as JsonHistory;
    } finally {
      await nativeConnection.close();
      await connection.close();
    }
    assert.deepEqual(timerEvents(recorded), ['2 started', '3 started', '3 fired', '2 canceled']);
    const flags = recorded.events.flatMap(
      (e) =>
        (e.workflowTaskCompletedEventAttributes as { sdkMetadata?: { langUsedFlags?: number[] } } | undefined)?.sdkMetadata
          ?.langUsedFlags ?? [],
    );
    assert.ok(flags.includes(SHIELDED));
    assert.deepEqual(timerEvents(asBareTimers(recorded)), ['3 started', '4 started', '4 fired']);
  });

  const cases = [
    { flag: true, bare: false, accepted: true, what: 'with the flag, scoped timers (as recorded)' },
    { flag: false, bare: true, accepted: true, what: 'without the flag, bare timers' },
    { flag: false, bare: false, accepted: false, what: 'without the flag, scoped timers' },
    { flag: true, bare: true, accepted: false, what: 'with the flag, bare timers' },
  ];
  for (const c of cases) {
    it(`${c.accepted ? 'accepted' : 'refused at the first timer'} by both replayers: ${c.what}`, async function () {
      assert.ok(recorded, 'the recording test ran first');
      const timers = c.bare ? asBareTimers(recorded) : recorded;
      const history = c.flag ? timers : withoutFlag(timers);
      const byTemporal = (): Promise<void> => TemporalWorker.runReplayHistory({ workflowBundle: pair.temporal }, historyFromJSON(history));
      const byRewind = (): Promise<void> =>
        Worker.runReplayHistory({ workflowBundle: pair.rewind }, history as Parameters<typeof Worker.runReplayHistory>[1]);
      if (c.accepted) {
        await byTemporal();
        await byRewind();
        return;
      }
      const firstTimer = history.events.find((e) => e.eventType === 'EVENT_TYPE_TIMER_STARTED')!.eventId;
      await assert.rejects(byTemporal(), /Nondeterminism|TMPRL1100/);
      await assert.rejects(byRewind(), (err: unknown) => {
        assert.ok(err instanceof DeterminismViolationError, String(err));
        assert.match(err.message, new RegExp(`at event ${firstTimer}\\b`));
        return true;
      });
    });
  }
});
