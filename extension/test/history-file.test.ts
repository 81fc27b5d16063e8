// Export History writes the same file as `rewind workflow show --output json`: both read from one real
// server, for a run whose history spans several pages.
import assert from 'node:assert/strict';
import * as activities from '../../devserver/test/fixtures/activities';
import { runCli } from '../../devserver/test/cli/run-cli';
import { startServer, startWorker, type TestServer } from '../../devserver/test/helpers/server';
import { historyFileName, historyFileText, readWholeHistory } from '../src/model/history-file';

describe('history file', function () {
  this.timeout(60_000);
  let srv: TestServer;
  let stop: () => Promise<void>;

  before(async function () {
    srv = await startServer({ db: ':memory:' });
    stop = (await startWorker(srv.address, { taskQueue: 'export', activities })).stop;
  });
  after(async function () {
    await stop?.();
    await srv?.close();
  });

  it('is what the CLI writes, byte for byte, for a history of more than one page', async function () {
    const names = Array.from({ length: 400 }, (_, i) => `n${i}`);
    const handle = await srv.client.workflow.start('fanOut', { taskQueue: 'export', workflowId: 'export-fan-out', args: [names] });
    await handle.result();

    const history = await readWholeHistory((p) => srv.connection.call('workflow.history', p), {
      namespace: 'default',
      workflowId: 'export-fan-out',
      runId: handle.firstExecutionRunId,
    });
    assert.ok(history.events.length > 1000, `${history.events.length} events: more than one page`);
    assert.deepEqual(
      history.events.map((e) => e.eventId),
      history.events.map((_, i) => i + 1),
      'every event once, in order',
    );
    assert.equal(history.events.at(-1)!.type, 'WorkflowExecutionCompleted');

    const cli = await runCli(['workflow', 'show', '-w', 'export-fan-out', '--output', 'json'], {
      REWIND_ADDRESS: srv.address,
      REWIND_NAMESPACE: '',
    });
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(historyFileText(history), cli.stdout);
  });

  it('suggests <workflowId>-<runId>.json, without characters a file name cannot hold', function () {
    assert.equal(historyFileName('order-42', 'abc'), 'order-42-abc.json');
    assert.equal(historyFileName('team/a:b*c', 'r'), 'team_a_b_c-r.json');
  });
});
