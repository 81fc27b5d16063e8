// A signal request retried (same request id) after its signal was recorded: answered as done, even when
// the run closed meanwhile (the signal may be why it closed), as Temporal's server answers it; the signal
// is recorded once. A new request to a closed run is still refused. Found by the chaos run (seed 42): the
// server killed after recording a workflow's last signal, the run completed, the client's retry refused.
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server';
import { call, handshaken } from '../helpers/raw-session';
import type { RawPeer } from '../helpers/raw-peer';

describe('a retried signal request', function () {
  let srv: TestServer;
  let peer: RawPeer;

  before(async function () {
    srv = await startServer();
    peer = await handshaken(srv.address);
  });

  after(async function () {
    peer?.close();
    await srv?.close();
  });

  const signal = (workflowId: string, requestId: string) =>
    call(peer, 'workflow.signal', { namespace: 'default', workflowId, signalName: 'poke', args: [], requestId });

  it('whose signal was recorded is answered as done after the run closed, and recorded once; a new one is refused', async function () {
    const handle = await srv.client.workflow.start('waiter', { taskQueue: 'signal-retry', workflowId: 'signal-retry-1', args: [] });
    assert.equal((await signal('signal-retry-1', 'req-1')).error, undefined);
    await handle.terminate('closed after its signal');

    const retried = await signal('signal-retry-1', 'req-1');
    assert.equal(retried.error, undefined, `the retry is answered as done: ${JSON.stringify(retried.error)}`);
    const events = (await handle.fetchHistory()).events;
    assert.equal(events.filter((e) => e.type === 'WorkflowExecutionSignaled').length, 1, 'the signal is recorded once');

    const fresh = await signal('signal-retry-1', 'req-2');
    assert.match(JSON.stringify(fresh.error), /already completed/, 'a new signal to the closed run is refused');
  });
});
