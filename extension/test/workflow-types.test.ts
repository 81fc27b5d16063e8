// Start Workflow's types: the workers' registrations merged with the source scan, the queue offered,
// and the warning for a type that no live worker registers.
import assert from 'node:assert/strict';
import type { TaskQueueSummary } from '@rewind/sdk/protocol';
import type { WorkflowDefinition } from '../src/model/workflow-scan';
import { mergeWorkflowTypes, noWorkerWarning, preferredTaskQueue, registeredText } from '../src/model/workflow-types';

function defined(name: string, file = '/w/src/workflows.ts'): WorkflowDefinition {
  return { name, file, line: 3, params: [{ name: 'id', type: 'string', optional: false }], template: '[""]' };
}
function queue(name: string, workflowTypes: string[]): TaskQueueSummary {
  return { name, workflowTypes, activityTypes: [], pollers: 1 };
}

const QUEUES = [queue('orders', ['orderWorkflow', 'refund']), queue('backup', ['nightly', 'orderWorkflow']), queue('idle', [])];

describe('workflow types for Start Workflow', function () {
  it('merges registered types and source definitions, one row per type, registered ones first, by name', function () {
    const choices = mergeWorkflowTypes(
      [defined('orderWorkflow'), defined('onlyInSource'), defined('orderWorkflow', '/w/other.ts')],
      QUEUES,
    );
    assert.deepEqual(
      choices.map((c) => [c.name, c.taskQueues, c.definition?.file]),
      [
        ['nightly', ['backup'], undefined],
        ['orderWorkflow', ['backup', 'orders'], '/w/src/workflows.ts'],
        ['refund', ['orders'], undefined],
        ['onlyInSource', [], '/w/src/workflows.ts'],
      ],
    );
    assert.equal(registeredText(choices[1]!), "registered on 'backup', 'orders'");
    assert.equal(registeredText(choices[3]!), '');
  });

  it('offers the queue that registered the type, the last one used if it did', function () {
    const [, order, refund] = mergeWorkflowTypes([], QUEUES);
    assert.equal(preferredTaskQueue(order, undefined, 'project'), 'backup');
    assert.equal(preferredTaskQueue(order, 'orders', 'project'), 'orders');
    assert.equal(preferredTaskQueue(refund, 'backup', 'project'), 'orders');
    assert.equal(preferredTaskQueue({ taskQueues: [] }, 'last', 'project'), 'last');
    assert.equal(preferredTaskQueue(undefined, undefined, 'project'), 'project');
    assert.equal(preferredTaskQueue(undefined, undefined, undefined), '');
  });

  it('warns when no live worker of the queue registers the type, and says where one does', function () {
    assert.equal(noWorkerWarning('orderWorkflow', 'orders', QUEUES), undefined);
    assert.match(noWorkerWarning('onlyInSource', 'orders', QUEUES)!, /^No worker on 'orders' registers onlyInSource: .*rewind dev/);
    assert.equal(noWorkerWarning('nightly', 'orders', QUEUES), "No worker on 'orders' registers nightly (workers on 'backup' do).");
    assert.equal(noWorkerWarning('orderWorkflow', 'nobody', QUEUES), "No worker polls 'nobody' (workers on 'orders', 'backup' do).");
    assert.match(noWorkerWarning('onlyInSource', 'nobody', QUEUES)!, /^No worker polls 'nobody': the workflow will wait/);
    assert.equal(noWorkerWarning('orderWorkflow', 'nobody', undefined), undefined, 'registrations unknown: no warning');
  });

  it('gives no warning for a queue a Temporal worker polls (it takes any type), as for one whose worker registered it', function () {
    const temporalQueue: TaskQueueSummary = { name: 'temporal-orders', workflowTypes: [], activityTypes: [], pollers: 1, anyType: true };
    const queues = [...QUEUES, temporalQueue];
    assert.equal(noWorkerWarning('orderWorkflow', 'temporal-orders', queues), undefined);
    assert.equal(noWorkerWarning('onlyInSource', 'temporal-orders', queues), undefined);
    assert.match(noWorkerWarning('onlyInSource', 'idle', queues)!, /^No worker on 'idle' registers onlyInSource/, 'other queues as before');
  });
});
