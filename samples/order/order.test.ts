// The order sample on the time-skipping environment: the ten-second sleep passes at once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@rewind/sdk/testing';
import { DefaultLogger, Runtime, Worker } from '@rewind/sdk/worker';
import * as activities from './activities';
import { orderWorkflow } from './workflows';

Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });

describe('sample: order', function () {
  it('charges, waits (ten skipped seconds), updates the inventory and emails, once each', async function () {
    const journal = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'order-')), 'journal.txt');
    process.env.ORDER_JOURNAL = journal;
    const log = console.log;
    console.log = () => undefined;
    const env = await TestWorkflowEnvironment.createTimeSkipping();
    try {
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue: 'orders',
        workflowsPath: require.resolve('./workflows'),
        activities,
      });
      const before = await env.currentTimeMs();
      const result = await worker.runUntil(
        env.client.workflow.execute(orderWorkflow, { taskQueue: 'orders', workflowId: 'order-1', args: ['order-1'] }),
      );
      assert.equal(result, 'order order-1 confirmed (payment-order-1)');
      assert.ok((await env.currentTimeMs()) - before >= 10_000, 'the durable sleep took (virtual) ten seconds');
      const done = fs
        .readFileSync(journal, 'utf8')
        .split('\n')
        .filter((l) => l.endsWith('done'));
      assert.deepEqual(done, [
        'processPayment order-1 attempt=1 done',
        'updateInventory order-1 attempt=1 done',
        'sendEmail order-1 attempt=1 done',
      ]);
    } finally {
      console.log = log;
      delete process.env.ORDER_JOURNAL;
      await env.teardown();
    }
  });
});
