// rebuildState on histories too long for the property test to make: a history in, the rebuilt state
// compared with the live one that wrote it.
import assert from 'node:assert/strict';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import { MAX_SIGNAL_REQUEST_IDS, signalRun, startRun } from '../../src/engine/execution';
import { rebuildState } from '../../src/engine/rebuild';
import type { RunState } from '../../src/engine/run-state';
import { RunTransition } from '../../src/engine/transition';

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A live run and its history after `signals` signals, each with its own request id. */
function runSignalled(signals: number): { live: RunState; history: HistoryEvent[] } {
  const start = startRun(
    { namespace: 'default', workflowId: 'inbox', runId: 'run-1', workflowType: 'wf', taskQueue: 'q', args: [], requestId: 'r' },
    T0,
  );
  const history = [...start.events];
  for (let i = 0; i < signals; i++) {
    const tx = new RunTransition(start.state, T0 + i);
    signalRun(tx, { signalName: 'mail', args: [i], requestId: `mail-${i}` });
    history.push(...tx.events);
  }
  return { live: start.state, history };
}

const rebuild = (live: RunState, history: HistoryEvent[]): RunState =>
  rebuildState(
    { namespace: live.namespace, workflowId: live.workflowId, runId: live.runId, firstExecutionRunId: live.runId, startRequestId: 'r' },
    history,
    T0,
  );

describe('engine: rebuildState', function () {
  it(`remembers the latest ${MAX_SIGNAL_REQUEST_IDS} signal request ids of a longer history, as the live run does`, function () {
    const { live, history } = runSignalled(MAX_SIGNAL_REQUEST_IDS + 5);
    const rebuilt = rebuild(live, history);
    assert.equal(rebuilt.signalRequestIds.length, MAX_SIGNAL_REQUEST_IDS);
    assert.deepEqual(rebuilt.signalRequestIds, live.signalRequestIds);
    assert.equal(rebuilt.signalRequestIds[0], 'mail-5');
  });
});
