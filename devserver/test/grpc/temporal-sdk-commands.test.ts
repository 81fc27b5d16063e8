// Commands of a Temporal workflow on a Rewind server, with the real SDK: search attribute upserts read
// back by describe and list (memo upserts: temporal-sdk-memo.test.ts), signals and cancels of external workflows (also of one that
// does not exist: the workflow sees the failure Temporal gives), and a plain Error in the workflow code,
// which fails the workflow task and retries it while the run stays open (RespondWorkflowTaskFailed).
import assert from 'node:assert/strict';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { eventsOf, EventType, historyOf, useTemporalSdk } from '../helpers/temporal-sdk';
import { eventually } from '../helpers/server';

const taskQueue = 'temporal-sdk-commands';
const stage = defineSearchAttributeKey('CustomKeywordField', SearchAttributeType.KEYWORD);
const count = defineSearchAttributeKey('CustomIntField', SearchAttributeType.INT);

describe('the real Temporal SDK on a Rewind server: commands', function () {
  this.timeout(60_000);
  const sdk = useTemporalSdk({ taskQueue });
  const listed = async (query: string): Promise<string[]> => {
    const ids: string[] = [];
    for await (const info of sdk.client.workflow.list({ query })) ids.push(info.workflowId);
    return ids;
  };

  it('upserts search attributes, seen by describe and list', async function () {
    const handle = await sdk.client.workflow.start(workflows.upserts, { taskQueue, workflowId: 'upserting', memo: { kept: true } });
    const first = await eventually(async () => {
      const d = await handle.describe();
      return d.typedSearchAttributes.get(stage) === 'first' ? d : undefined;
    });
    assert.equal(first.typedSearchAttributes.get(count), 1);
    assert.deepEqual(first.memo, { kept: true });
    assert.deepEqual(await listed("CustomKeywordField = 'first'"), ['upserting']);

    await handle.signal(workflows.proceed);
    const second = await eventually(async () => {
      const d = await handle.describe();
      return d.typedSearchAttributes.get(stage) === 'second' ? d : undefined;
    });
    assert.equal(second.typedSearchAttributes.get(count), 1, 'an attribute not upserted again is kept');
    assert.deepEqual(await listed("CustomKeywordField = 'first'"), []);
    assert.deepEqual(await listed("CustomKeywordField = 'second'"), ['upserting']);

    await handle.signal(workflows.proceed);
    assert.equal(await handle.result(), 'upserted');
    const events = await historyOf(handle);
    assert.equal(eventsOf(events, EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES).length, 3, 'one event per upsert');
  });

  it('signals and cancels another workflow', async function () {
    const signalled = await sdk.client.workflow.start(workflows.pokable, { taskQueue, workflowId: 'signal-target' });
    assert.equal(
      await sdk.client.workflow.execute(workflows.signalsExternal, { taskQueue, workflowId: 'signaller', args: ['signal-target'] }),
      'ok',
    );
    assert.equal(await signalled.result(), 'poked by a workflow');

    const cancelled = await sdk.client.workflow.start(workflows.pokable, { taskQueue, workflowId: 'cancel-target' });
    assert.equal(
      await sdk.client.workflow.execute(workflows.cancelsExternal, { taskQueue, workflowId: 'canceller', args: ['cancel-target'] }),
      'ok',
    );
    assert.equal(await cancelled.result(), 'cancelled');
    const types = (await historyOf(sdk.client.workflow.getHandle('canceller'))).map((e) => e.eventType);
    assert.ok(types.includes(EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED));
    assert.ok(types.includes(EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED));
  });

  it('gives the workflow the failure Temporal gives when the other workflow does not exist', async function () {
    const signal = await sdk.client.workflow.execute(workflows.signalsExternal, {
      taskQueue,
      workflowId: 'signals-nobody',
      args: ['nobody'],
    });
    assert.match(signal, /^ApplicationFailure: Unable to signal external workflow because it was not found \(.*NotFound.*\)$/);
    const signalFailed = eventsOf(
      await historyOf(sdk.client.workflow.getHandle('signals-nobody')),
      EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
    )[0]?.signalExternalWorkflowExecutionFailedEventAttributes;
    assert.equal(signalFailed?.workflowExecution?.workflowId, 'nobody');

    const cancel = await sdk.client.workflow.execute(workflows.cancelsExternal, {
      taskQueue,
      workflowId: 'cancels-nobody',
      args: ['nobody'],
    });
    assert.match(cancel, /^ApplicationFailure: Unable to cancel external workflow because not found \(.*NotFound.*\)$/);
    const events = await historyOf(sdk.client.workflow.getHandle('cancels-nobody'));
    assert.equal(eventsOf(events, EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED).length, 1);
  });

  it('fails the workflow task on a plain Error in the workflow code and retries it; the run stays open', async function () {
    const handle = await sdk.client.workflow.start(workflows.throwsPlainError, { taskQueue, workflowId: 'throws' });
    const retried = await eventually(
      async () => {
        const d = await handle.describe();
        return (d.raw.pendingWorkflowTask?.attempt ?? 0) >= 2 ? d : undefined;
      },
      20_000,
      'a second attempt of the workflow task',
    );
    assert.equal(retried.status.name, 'RUNNING');
    const events = await historyOf(handle);
    const [failed] = eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    const attrs = failed?.workflowTaskFailedEventAttributes;
    assert.ok(attrs, 'a WorkflowTaskFailed event');
    assert.equal(attrs.failure?.message, 'a bug in the workflow code');
    assert.equal(attrs.cause, temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE);
    assert.equal(eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED).length, 0, 'the run did not fail');
    await handle.terminate('enough');
  });
});
