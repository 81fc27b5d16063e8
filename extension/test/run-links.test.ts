// Runs tied together: a child step opens its child's run, a run links its parent, the run it came after
// (reset, continue-as-new) and the one after it; among the runs of one workflow id the latest is marked.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { History, HistoryEvent, WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import { historySteps } from '@rewind/sdk/internal/history/history-steps';
import { runFactLines, runFactsFromEvents } from '../src/model/run-facts';
import { childRunOf, runLinks, runMark } from '../src/model/run-links';
import { WorkflowTreeModel } from '../src/model/workflow-tree-model';

const golden = (name: string): History => require(path.join(__dirname, '../../sdk/test/histories', `${name}.json`)) as History;
const makeRun = (runId: string, startTime: string, status: WorkflowExecutionInfo['status'] = 'COMPLETED'): WorkflowExecutionInfo => ({
  namespace: 'default',
  workflowId: 'order-1',
  runId,
  workflowType: 'orderWorkflow',
  taskQueue: 'orders',
  status,
  startTime,
  historyLength: 10,
});

describe('run links', function () {
  it("a child step gives the child's workflow id and run id", function () {
    const { events } = golden('randomBranch');
    const child = historySteps(events).find((s) => s.kind === 'child')!;
    const started = events.find((e) => e.type === 'ChildWorkflowExecutionStarted')!;
    assert.ok(started.type === 'ChildWorkflowExecutionStarted');
    assert.deepEqual(childRunOf(child, events), { workflowId: started.workflowId, runId: started.runId });
    assert.equal(childRunOf(historySteps(events)[1]!, events), undefined);
  });

  it('a child links its parent; a continued run the run before and the one after', function () {
    const [start, ...rest] = golden('sequence').events;
    assert.ok(start?.type === 'WorkflowExecutionStarted');
    const last = rest.at(-1)!;
    const events: HistoryEvent[] = [
      {
        ...start,
        initiator: 'CONTINUE_AS_NEW',
        continuedExecutionRunId: 'aaaaaaaa-1111',
        parent: { namespace: 'default', workflowId: 'order-1', runId: 'r-parent', initiatedEventId: 5 },
      },
      ...rest.slice(0, -1),
      {
        eventId: last.eventId,
        eventTime: last.eventTime,
        type: 'WorkflowExecutionContinuedAsNew',
        newExecutionRunId: 'bbbbbbbb-2222',
        workflowType: 'sequence',
        taskQueue: 'golden',
        input: [],
        workflowTaskCompletedEventId: last.eventId - 1,
      } as HistoryEvent,
    ];
    assert.deepEqual(runLinks('seq-1', runFactsFromEvents(events)!, events), [
      { label: 'Parent order-1', target: { workflowId: 'order-1', runId: 'r-parent' } },
      { label: 'Continued as new from run aaaaaaaa', target: { workflowId: 'seq-1', runId: 'aaaaaaaa-1111' } },
      { label: 'Next run bbbbbbbb', target: { workflowId: 'seq-1', runId: 'bbbbbbbb-2222' } },
    ]);
  });

  it('a cron run and a retry say how they began and link the run before; a completed cron run the next one', function () {
    const [start, ...rest] = golden('sequence').events;
    assert.ok(start?.type === 'WorkflowExecutionStarted');
    const completed = rest.at(-1)!;
    assert.ok(completed.type === 'WorkflowExecutionCompleted');
    const cron: HistoryEvent[] = [
      { ...start, initiator: 'CRON_SCHEDULE', continuedExecutionRunId: 'cccccccc-0000' },
      ...rest.slice(0, -1),
      { ...completed, newExecutionRunId: 'dddddddd-1111' },
    ];
    assert.deepEqual(runLinks('nightly', runFactsFromEvents(cron)!, cron), [
      { label: 'Cron from run cccccccc', target: { workflowId: 'nightly', runId: 'cccccccc-0000' } },
      { label: 'Next run dddddddd', target: { workflowId: 'nightly', runId: 'dddddddd-1111' } },
    ]);
    const retry: HistoryEvent[] = [{ ...start, initiator: 'RETRY', continuedExecutionRunId: 'eeeeeeee-2222' }, ...rest];
    assert.deepEqual(runLinks('flaky', runFactsFromEvents(retry)!, retry), [
      { label: 'Retry from run eeeeeeee', target: { workflowId: 'flaky', runId: 'eeeeeeee-2222' } },
    ]);
    assert.equal(runFactLines(runFactsFromEvents(retry)!, 0).find((l) => l.label === 'Began')?.value, 'retry from run eeeeeeee-2222');
  });

  it('marks the latest of the runs of one workflow id (the open one, else the newest); none when alone', function () {
    const model = new WorkflowTreeModel('status', 50);
    const old = makeRun('r1', '2026-12-07T10:00:00.000Z');
    const reset = makeRun('r2', '2026-12-07T10:05:00.000Z', 'RUNNING');
    model.replaceAll([old, reset, { ...makeRun('x', '2026-12-07T10:01:00.000Z'), workflowId: 'other' }]);
    assert.deepEqual(runMark(old, model.runsOf('order-1')), { runs: 2, latest: false });
    assert.deepEqual(runMark(reset, model.runsOf('order-1')), { runs: 2, latest: true });
    assert.equal(runMark(model.get('x')!, model.runsOf('other')), undefined);
    model.apply({ executions: [], deletedRunIds: ['r2'] });
    assert.deepEqual(
      model.runsOf('order-1').map((r) => r.runId),
      ['r1'],
    );
  });
});
