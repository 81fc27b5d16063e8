// `rewind workflow show --follow` across a server restart (SIGKILL): it watches again from where it was,
// prints what happened since, and a workflow task start the server had not saved is printed anew.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Client, Connection } from '@rewind/sdk/client';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import { eventually } from '../helpers/server';
import { freePort, startServerProcess, type Child } from '../helpers/processes';
import { rawWorker } from '../helpers/raw-session';
import { tempDir } from '../helpers/temp';
import { startCli } from './run-cli';

describe('show --follow across a server restart', function () {
  this.timeout(60_000);
  let server: Child | undefined;
  let connection: Connection | undefined;
  after(async () => {
    await connection?.close();
    await server?.kill();
  });

  it('follows on after the restart; the unsaved task start is printed again, then the rest until the run closes', async function () {
    const db = path.join(tempDir('rewind-follow-'), 'rewind.db');
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    server = await startServerProcess(db, port);
    connection = await Connection.connect({ address, reconnectWait: 30_000 });
    const client = new Client({ connection });
    const handle = await client.workflow.start('approval', { taskQueue: 'follow', workflowId: 'followed', args: [1] });

    const json = startCli(['workflow', 'show', '-w', 'followed', '--follow', '-o', 'json', '--address', address]);
    const printed = (): HistoryEvent[] =>
      json
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as HistoryEvent);
    // A worker takes the task (event 3, WorkflowTaskStarted) and the server dies before saving the start.
    const peer = await rawWorker(address, {
      taskQueue: 'follow',
      workerId: 'w1',
      workflowTypes: ['approval'],
      activityTypes: [],
      capacity: 1,
    });
    await peer.notification('task.workflow');
    await eventually(() => (printed().some((e) => e.type === 'WorkflowTaskStarted') ? true : undefined), 10_000, 'the task start printed');
    await server.kill();
    peer.close();

    server = await startServerProcess(db, port);
    await handle.signal('approve', 'ada'); // Event 3 now: the start was never saved.
    const after = await eventually(
      () => {
        const events = printed();
        return events.some((e) => e.type === 'WorkflowExecutionSignaled') ? events : undefined;
      },
      20_000,
      'the signal printed after the restart',
    );
    assert.deepEqual(after.map((e) => [e.eventId, e.type]).slice(0, 4), [
      [1, 'WorkflowExecutionStarted'],
      [2, 'WorkflowTaskScheduled'],
      [3, 'WorkflowTaskStarted'],
      [3, 'WorkflowExecutionSignaled'],
    ]);
    assert.match(json.output(), /the server restarted before it saved event 3 \(a workflow task start\): from event 3 again/);

    await handle.terminate('done following');
    assert.equal(await json.exited, 0, 'the follower ends when the run closes');
    assert.equal(printed().at(-1)?.type, 'WorkflowExecutionTerminated');
  });

  it('ends with the reason when the restarted server refuses its auth token', async function () {
    await connection?.close();
    await server?.kill();
    const db = path.join(tempDir('rewind-follow-'), 'rewind.db');
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const first = 'token-of-the-first-server-0123456789';
    server = await startServerProcess(db, port, ['--auth-token', first]);
    connection = await Connection.connect({ address, apiKey: first });
    await new Client({ connection }).workflow.start('approval', { taskQueue: 'follow', workflowId: 'followed-token', args: [1] });
    const follower = startCli(['workflow', 'show', '-w', 'followed-token', '--follow', '--address', address, '--auth-token', first]);
    await eventually(() => (follower.output().includes('WorkflowTaskScheduled') ? true : undefined), 10_000, 'the follower printing');
    await connection.close();
    connection = undefined;
    await server.kill();
    server = await startServerProcess(db, port, ['--auth-token', 'another-token-for-the-second-server']);
    assert.equal(await follower.exited, 1, follower.output());
    assert.match(follower.output(), /refused the auth token: it is not the one the server was started with/);
  });
});
