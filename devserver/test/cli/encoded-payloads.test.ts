// Values Temporal's SDK wrote in another encoding (kept as encoded payloads), as Rewind's CLI and client
// read them: `rewind workflow result / describe / show` show json/plain decoded and any other encoding as
// what it is; `--output json` and fetchHistory keep them byte for byte; the client's result() and
// describe() refuse what they cannot decode, naming it.
import assert from 'node:assert/strict';
import type { JsonValue, WorkflowTask } from '@rewind/sdk/protocol';
import { encodedPayload } from '@rewind/sdk/protocol';
import { PayloadEncodingError } from '@rewind/sdk/common';
import type { RawPeer } from '../helpers/raw-peer';
import { handshaken, ok, rawWorker } from '../helpers/raw-session';
import { startServer, type TestServer } from '../helpers/server';
import { runCli, type CliRun } from './run-cli';

const encoded = (encoding: string, data: Buffer | string): JsonValue =>
  encodedPayload({ metadata: { encoding: Buffer.from(encoding).toString('base64') }, data: Buffer.from(data).toString('base64') });

const PROTOBUF = encoded('binary/protobuf', Buffer.from([0x0a, 0x03, 0x61, 0x62, 0x63]));
const SHOWN = '‹binary/protobuf, 5 bytes: a protobuf message›';
const SPACED_JSON = encoded('json/plain', '{ "id" : "o-1" }');

describe('rewind workflow result / describe / show, and the client, on encoded payloads', function () {
  this.timeout(60_000);
  let srv: TestServer;
  let peer: RawPeer;
  let worker: RawPeer;
  let cli: (...args: string[]) => Promise<CliRun>;
  const stdout = (run: CliRun): string => {
    assert.equal(run.code, 0, run.stderr);
    return run.stdout;
  };

  /** A run started with encoded values (as the gRPC frontend keeps them) that completes with `result`. */
  async function run(workflowId: string, result: JsonValue): Promise<void> {
    await ok(peer, 'workflow.start', {
      namespace: 'default',
      workflowId,
      workflowType: 'raw',
      taskQueue: 'encoded',
      args: [PROTOBUF, 'ada'],
      memo: { order: PROTOBUF, note: 'plain' },
      requestId: workflowId,
    });
    const { taskToken } = (await worker.notification('task.workflow')).params as Pick<WorkflowTask, 'taskToken'>;
    await ok(worker, 'workflowTask.complete', { taskToken, commands: [{ type: 'CompleteWorkflowExecution', result }] });
  }

  before(async function () {
    srv = await startServer();
    peer = await handshaken(srv.address);
    worker = await rawWorker(srv.address, {
      taskQueue: 'encoded',
      workerId: 'raw-1',
      workflowTypes: ['raw'],
      activityTypes: [],
      capacity: 1,
    });
    await run('protobuf-1', PROTOBUF);
    await run('spaced-1', SPACED_JSON);
    cli = (...args) => runCli(args, { REWIND_ADDRESS: srv.address, REWIND_NAMESPACE: '' });
  });
  after(async function () {
    peer?.close();
    worker?.close();
    await srv?.close();
  });

  it('result: json/plain decoded, any other encoding as what it is; in JSON, as it came', async function () {
    assert.equal(stdout(await cli('workflow', 'result', '-w', 'spaced-1')), 'Result: {"id":"o-1"}\n');
    assert.equal(stdout(await cli('workflow', 'result', '-w', 'protobuf-1')), `Result: ${SHOWN}\n`);
    assert.deepEqual(JSON.parse(stdout(await cli('workflow', 'result', '-w', 'protobuf-1', '-o', 'json'))), {
      status: 'COMPLETED',
      result: PROTOBUF,
    });
  });

  it('describe: the memo as what it is (the client’s describe() refuses it, naming the field)', async function () {
    const table = stdout(await cli('workflow', 'describe', '-w', 'protobuf-1'));
    assert.match(table, new RegExp(`Memo +\\{"order":${SHOWN},"note":"plain"\\}`));
    assert.deepEqual((JSON.parse(stdout(await cli('workflow', 'describe', '-w', 'protobuf-1', '-o', 'json'))) as { memo: unknown }).memo, {
      order: PROTOBUF,
      note: 'plain',
    });
    await assert.rejects(
      srv.client.workflow.getHandle('protobuf-1').describe(),
      (err: unknown) =>
        err instanceof PayloadEncodingError && /the memo field order: it is a binary\/protobuf payload of 5 bytes/.test(err.message),
    );
  });

  it('show: the table shows what each value is; --output json and fetchHistory keep the bytes', async function () {
    const table = stdout(await cli('workflow', 'show', '-w', 'protobuf-1'));
    assert.match(table, new RegExp(`WorkflowExecutionStarted .*"input":\\[${SHOWN},"ada"\\]`));
    assert.ok(!table.includes('$rewind:encoded'));
    const json = JSON.parse(stdout(await cli('workflow', 'show', '-w', 'protobuf-1', '-o', 'json'))) as {
      events: Array<{ input?: unknown }>;
    };
    assert.deepEqual(json.events[0]!.input, [PROTOBUF, 'ada']);
    const history = await srv.client.workflow.getHandle('protobuf-1').fetchHistory();
    assert.deepEqual(history.events[0]!.type === 'WorkflowExecutionStarted' && history.events[0]!.input, [PROTOBUF, 'ada']);
  });

  it("the client's result(): json/plain decoded; any other encoding refused, naming it, with the bytes kept on the error", async function () {
    assert.deepEqual(await srv.client.workflow.getHandle('spaced-1').result(), { id: 'o-1' });
    await assert.rejects(
      srv.client.workflow.getHandle('protobuf-1').result(),
      (err: unknown) =>
        err instanceof PayloadEncodingError &&
        err.message.startsWith('Cannot read the result of workflow protobuf-1: it is a binary/protobuf payload of 5 bytes') &&
        JSON.stringify(err.payload) === JSON.stringify(PROTOBUF),
    );
  });
});
