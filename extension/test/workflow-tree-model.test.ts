// The Workflows tree's model: groups with counts, newest first, pages, and pushes applied.
import assert from 'node:assert/strict';
import type { ExecutionStatus, WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import { relativeTime, WorkflowTreeModel } from '../src/model/workflow-tree-model';

const T0 = Date.parse('2026-11-25T10:00:00.000Z');
function run(i: number, status: ExecutionStatus = 'RUNNING', workflowType = 'order'): WorkflowExecutionInfo {
  return {
    namespace: 'default',
    workflowId: `wf-${i}`,
    runId: `run-${i}`,
    workflowType,
    taskQueue: 'q',
    status,
    startTime: new Date(T0 + i * 1000).toISOString(),
    historyLength: 3,
  };
}

describe('workflow tree model', function () {
  it('groups by status in a fixed order, with counts, newest first', function () {
    const m = new WorkflowTreeModel('status', 100);
    m.replaceAll([run(1, 'COMPLETED'), run(2), run(3, 'FAILED'), run(4), run(5, 'CANCELLED')]);
    assert.deepEqual(
      m.groups().map((g) => [g.label, g.count]),
      [
        ['Running', 2],
        ['Completed', 1],
        ['Failed', 1],
        ['Canceled', 1],
      ],
    );
    assert.deepEqual(
      m.children('RUNNING').map((n) => n.kind === 'workflow' && n.info.workflowId),
      ['wf-4', 'wf-2'],
    );
  });

  it('moves a run between groups when a push says it closed, and drops deleted ones', function () {
    const m = new WorkflowTreeModel('status', 100);
    m.replaceAll([run(1), run(2)]);
    const touched = m.apply({ executions: [run(1, 'COMPLETED')], deletedRunIds: [] });
    assert.deepEqual([...touched].sort(), ['COMPLETED', 'RUNNING']);
    assert.deepEqual(
      m.groups().map((g) => [g.key, g.count]),
      [
        ['RUNNING', 1],
        ['COMPLETED', 1],
      ],
    );
    m.apply({ executions: [run(3)], deletedRunIds: ['run-2'] });
    assert.deepEqual(
      m.children('RUNNING').map((n) => n.kind === 'workflow' && n.info.runId),
      ['run-3'],
    );
    assert.equal(m.size, 2);
  });

  it('shows a page at a time, with a "load more" node, fast with 10,000 runs', function () {
    const m = new WorkflowTreeModel('status', 50);
    m.replaceAll(Array.from({ length: 10_000 }, (_, i) => run(i)));
    let nodes = m.children('RUNNING');
    assert.equal(nodes.length, 51);
    assert.deepEqual(nodes.at(-1), { kind: 'more', groupKey: 'RUNNING', remaining: 9950 });
    assert.equal(nodes[0]!.kind === 'workflow' && nodes[0]!.info.workflowId, 'wf-9999');
    m.loadMore('RUNNING');
    nodes = m.children('RUNNING');
    assert.equal(nodes.length, 101);
    assert.deepEqual(m.groups(), [{ kind: 'group', key: 'RUNNING', label: 'Running', count: 10_000 }]);
  });

  it('groups by workflow type instead, by name', function () {
    const m = new WorkflowTreeModel('type', 10);
    m.replaceAll([run(1, 'RUNNING', 'sync'), run(2, 'COMPLETED', 'approval'), run(3, 'RUNNING', 'sync')]);
    assert.deepEqual(
      m.groups().map((g) => [g.label, g.count]),
      [
        ['approval', 1],
        ['sync', 2],
      ],
    );
  });

  it('switches grouping on the same runs, with the counts right, and keeps them right as pushes arrive', function () {
    const m = new WorkflowTreeModel('status', 2);
    m.replaceAll([run(1, 'RUNNING', 'sync'), run(2, 'COMPLETED', 'approval'), run(3, 'RUNNING', 'sync'), run(4, 'FAILED', 'sync')]);
    m.loadMore('RUNNING');
    m.setGrouping('type');
    assert.equal(m.groupedBy, 'type');
    assert.deepEqual(
      m.groups().map((g) => [g.key, g.count]),
      [
        ['approval', 1],
        ['sync', 3],
      ],
    );
    assert.deepEqual(
      m.children('sync').map((n) => (n.kind === 'workflow' ? n.info.workflowId : `${n.kind} ${n.remaining}`)),
      ['wf-4', 'wf-3', 'more 1'],
    );
    assert.equal(m.countOf('RUNNING'), 2);
    const touched = m.apply({ executions: [run(3, 'COMPLETED', 'sync'), run(5, 'RUNNING', 'approval')], deletedRunIds: ['run-4'] });
    assert.deepEqual([...touched].sort(), ['approval', 'sync']);
    assert.deepEqual(
      m.groups().map((g) => [g.key, g.count]),
      [
        ['approval', 2],
        ['sync', 2],
      ],
    );
    m.setGrouping('status');
    assert.deepEqual(
      m.groups().map((g) => [g.key, g.count]),
      [
        ['RUNNING', 2],
        ['COMPLETED', 2],
      ],
    );
    assert.equal(m.countOf('RUNNING'), 2);
    assert.equal(m.size, 4);
  });

  it('says how long ago, in words', function () {
    assert.equal(relativeTime('2026-11-25T10:00:00.000Z', T0 + 12_000), '12 s ago');
    assert.equal(relativeTime('2026-11-25T10:00:00.000Z', T0 + 5 * 60_000), '5 min ago');
    assert.equal(relativeTime('2026-11-25T10:00:00.000Z', T0 + 3 * 3_600_000), '3 h ago');
    assert.equal(relativeTime('2026-11-25T10:00:00.000Z', T0 + 2 * 86_400_000), '2 d ago');
  });
});
