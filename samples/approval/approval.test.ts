// The approval sample on the time-skipping test environment: days pass in milliseconds.
import assert from 'node:assert/strict';
import { TestWorkflowEnvironment } from '@rewind/sdk/testing';
import { DefaultLogger, Runtime, Worker } from '@rewind/sdk/worker';
import * as activities from './activities';
import { approvalWorkflow, approve, delegate, reject, status, type ApprovalRequest } from './workflows';

Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
const quiet = (fn: () => Promise<void>) => async () => {
  const log = console.log;
  console.log = () => undefined;
  try {
    await fn();
  } finally {
    console.log = log;
  }
};

describe('sample: approval', function () {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const request = (id: string): ApprovalRequest => ({ id, amount: 120, requester: 'bob', approver: 'alice' });

  before(async function () {
    env = await TestWorkflowEnvironment.createTimeSkipping();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'approvals',
      workflowsPath: require.resolve('./workflows'),
      activities,
    });
    running = worker.run();
  });
  after(async function () {
    worker.shutdown();
    await running;
    await env.teardown();
  });

  it(
    'pays out when approved within the deadline; a later rejection does not count',
    quiet(async () => {
      const handle = await env.client.workflow.start(approvalWorkflow, {
        taskQueue: 'approvals',
        workflowId: 'a-1',
        args: [request('r1'), '3 days'],
      });
      await env.sleep('1 day');
      assert.deepEqual(await handle.query(status), { state: 'pending', approver: 'alice' });
      await handle.signal(approve, { by: 'alice', comment: 'ok' });
      await handle.signal(reject, { by: 'mallory' });
      assert.deepEqual(await handle.result(), { state: 'approved', by: 'alice', comment: 'ok', payout: 'payout-r1' });
    }),
  );

  it(
    'hands the request to another approver with the delegate update, and refuses once it is decided',
    quiet(async () => {
      const handle = await env.client.workflow.start(approvalWorkflow, {
        taskQueue: 'approvals',
        workflowId: 'a-delegate',
        args: [request('r-delegate'), '3 days'],
      });
      assert.deepEqual(await handle.executeUpdate(delegate, { args: [{ to: 'carol', by: 'alice' }] }), {
        state: 'pending',
        approver: 'carol',
      });
      assert.deepEqual(await handle.query(status), { state: 'pending', approver: 'carol' });
      await handle.signal(approve, { by: 'carol' });
      // As in Temporal: a WorkflowUpdateFailedError whose cause is the validator's error.
      await assert.rejects(handle.executeUpdate(delegate, { args: [{ to: 'dave', by: 'carol' }] }), (err: Error) =>
        /already decided/.test((err.cause as Error | undefined)?.message ?? ''),
      );
      assert.equal((await handle.result()).state, 'approved');
    }),
  );

  it(
    'expires when nobody decides in three days',
    quiet(async () => {
      const started = await env.currentTimeMs();
      const result = await env.client.workflow.execute(approvalWorkflow, {
        taskQueue: 'approvals',
        workflowId: 'a-2',
        args: [request('r2'), '3 days'],
      });
      assert.deepEqual(result, { state: 'expired' });
      assert.ok((await env.currentTimeMs()) - started >= 3 * 24 * 3600 * 1000);
    }),
  );

  it(
    'does not pay out when rejected',
    quiet(async () => {
      const handle = await env.client.workflow.start(approvalWorkflow, {
        taskQueue: 'approvals',
        workflowId: 'a-3',
        args: [request('r3')],
      });
      await handle.signal(reject, { by: 'alice', comment: 'too much' });
      assert.deepEqual(await handle.result(), { state: 'rejected', by: 'alice', comment: 'too much' });
      assert.deepEqual(await handle.query(status), { state: 'rejected', by: 'alice', comment: 'too much' });
    }),
  );
});
