// Where an open workflow waits: the `__stack_trace` answer of a real order run (samples/order) parsed
// to its source line, and where the panel looks for that file in a workspace.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { eventually, useServerAndWorker } from '../../devserver/test/helpers/server';
import { candidatePaths, parseStackTrace } from '../src/model/stack-trace';

const ORDER_WORKFLOWS = path.join(__dirname, '../../samples/order/workflows.ts');
const quiet = {
  processPayment: async (id: string) => `payment-${id}`,
  updateInventory: async () => undefined,
  sendEmail: async () => undefined,
};

/** The 1-based line of the first line of `file` that contains `text`. */
function lineOf(file: string, text: string): number {
  return (
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(text)) + 1
  );
}

describe('stack trace of an open workflow', function () {
  const env = useServerAndWorker({ taskQueue: 'orders', workflowsPath: ORDER_WORKFLOWS, activities: quiet });

  it('a real answer: the order waits on its sleep, at the line of `await sleep(pause)`', async function () {
    const handle = await env.srv.client.workflow.start('orderWorkflow', {
      taskQueue: 'orders',
      workflowId: 'stack-order',
      args: ['s1', '1 hour'],
    });
    await eventually(async () => (await handle.fetchHistory()).events.some((e) => e.type === 'TimerStarted'), 10_000, 'the timer');
    const answer = await handle.query<string>('__stack_trace');
    const sites = parseStackTrace(answer);
    assert.equal(sites.length, 1, answer);
    assert.equal(sites[0]!.what, 'timer (1 h)');
    assert.equal(sites[0]!.file, ORDER_WORKFLOWS);
    assert.equal(sites[0]!.line, lineOf(ORDER_WORKFLOWS, 'await sleep(pause)'));
    assert.ok(sites[0]!.column! >= 1);
    await handle.terminate('test done');
  });

  it('lines without a location, several waits, and text that is not a wait', function () {
    assert.deepEqual(
      parseStackTrace(
        'waiting on activity charge at /w/src/a b/workflows.ts:12:3\nwaiting on condition\nwaiting on timer (5 s) at C:/w/wf.ts:4:7',
      ),
      [
        { what: 'activity charge', file: '/w/src/a b/workflows.ts', line: 12, column: 3 },
        { what: 'condition' },
        { what: 'timer (5 s)', file: 'C:/w/wf.ts', line: 4, column: 7 },
      ],
    );
    assert.deepEqual(parseStackTrace('The workflow waits on nothing (it is about to run, or has finished).'), []);
    assert.deepEqual(parseStackTrace(''), []);
  });

  it('looks for the file as it is, then by its trailing parts under each workspace folder', function () {
    assert.deepEqual(candidatePaths('/build/app/src/wf.ts', ['/home/me/app', '/x/']), [
      '/build/app/src/wf.ts',
      '/home/me/app/build/app/src/wf.ts',
      '/home/me/app/app/src/wf.ts',
      '/home/me/app/src/wf.ts',
      '/home/me/app/wf.ts',
      '/x/build/app/src/wf.ts',
      '/x/app/src/wf.ts',
      '/x/src/wf.ts',
      '/x/wf.ts',
    ]);
    assert.deepEqual(candidatePaths('C:\\w\\wf.ts', []), ['C:/w/wf.ts']);
  });
});
