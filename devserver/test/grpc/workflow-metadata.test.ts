// Temporal's built-in queries answered as Temporal's SDK answers them: one workflow file written for
// Temporal runs on Temporal's worker and on Rewind's (the import mapped), both on one Rewind server, and
// Temporal's client asks each run `__temporal_workflow_metadata` (byte for byte the same answer) and
// `__enhanced_stack_trace`; Rewind's client asks too; the Rewind run's history still replays.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundleWithSourceMap, bundleWorkflowCode } from '@temporalio/worker';
import { Worker as RewindWorker } from '@rewind/sdk/worker';
import { Client as RewindClient, Connection as RewindConnection } from '@rewind/sdk/client';
import { workflowMetadataQuery } from '@rewind/sdk/workflow';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import { startWorker } from '../helpers/server';
import { tempDir } from '../helpers/temp';
import * as workflows from '../fixtures/temporal-metadata/workflows';

const workflowsPath = path.join(__dirname, '../fixtures/temporal-metadata/workflows.ts');
const TEMPORAL_QUEUE = 'metadata-temporal';
const REWIND_QUEUE = 'metadata-rewind';
const METADATA = '__temporal_workflow_metadata';

describe("Temporal's built-in queries, from Temporal's worker and Rewind's", function () {
  this.timeout(120_000);
  let server: RewindServer;
  let nativeConnection: NativeConnection;
  let temporalWorker: Worker;
  let temporalRunning: Promise<void>;
  let stopRewindWorker: () => Promise<void>;
  let connection: Connection;
  let client: Client;
  let rewindConnection: RewindConnection;
  let rewind: RewindClient;

  before(async function () {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      // Another test file of this process installed Temporal's runtime: it serves.
    }
    server = await RewindServer.start({ db: path.join(tempDir('rewind-metadata-'), 'rewind.db'), port: 0, log: silentLogger });
    const bundle: WorkflowBundleWithSourceMap = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('ERROR') });
    nativeConnection = await NativeConnection.connect({ address: server.address });
    temporalWorker = await Worker.create({ connection: nativeConnection, workflowBundle: bundle, taskQueue: TEMPORAL_QUEUE });
    temporalRunning = temporalWorker.run();
    ({ stop: stopRewindWorker } = await startWorker(server.address, { taskQueue: REWIND_QUEUE, workflowsPath }));
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection });
    rewindConnection = await RewindConnection.connect({ address: server.address });
    rewind = new RewindClient({ connection: rewindConnection });
  });

  after(async function () {
    temporalWorker?.shutdown();
    await temporalRunning;
    await stopRewindWorker?.();
    await nativeConnection?.close();
    await connection?.close();
    await rewindConnection?.close();
    await server?.close();
  });

  /** A query's answer as it travels: the payload's encoding and its bytes as text. */
  async function rawAnswer(workflowId: string, queryType: string): Promise<{ encoding: string; data: string }> {
    const response = await client.workflowService.queryWorkflow({ namespace: 'default', execution: { workflowId }, query: { queryType } });
    const payload = response.queryResult?.payloads?.[0];
    assert.ok(payload, `${queryType} of ${workflowId} has an answer`);
    return { encoding: Buffer.from(payload.metadata?.encoding ?? []).toString(), data: Buffer.from(payload.data ?? []).toString() };
  }

  const expectedWhileWaiting = {
    definition: {
      type: 'described',
      queryDefinitions: [
        { name: '__stack_trace', description: 'Returns a sensible stack trace.' },
        { name: '__enhanced_stack_trace', description: 'Returns a stack trace annotated with source information.' },
        { name: '__temporal_workflow_metadata', description: 'Returns metadata associated with this workflow.' },
        { name: 'stage', description: 'Where the run is.' },
        { name: 'refusedNames' },
      ],
      signalDefinitions: [{ name: 'finish', description: 'Lets the run end.' }, { name: 'relabel-x' }],
      updateDefinitions: [{ name: 'rename', description: 'Renames the stage.' }],
    },
    currentDetails: '**waiting** for `finish` (no details before)',
  };

  it('answers __temporal_workflow_metadata byte for byte as Temporal’s worker does, open and closed, to both clients', async function () {
    const ids = { temporal: 'metadata-on-temporal', rewind: 'metadata-on-rewind' };
    const temporalRun = await client.workflow.start(workflows.described, {
      taskQueue: TEMPORAL_QUEUE,
      workflowId: ids.temporal,
      args: ['x'],
    });
    const rewindRun = await client.workflow.start(workflows.described, { taskQueue: REWIND_QUEUE, workflowId: ids.rewind, args: ['x'] });

    const fromTemporal = await rawAnswer(ids.temporal, METADATA);
    assert.equal(fromTemporal.encoding, 'json/plain');
    assert.deepEqual(JSON.parse(fromTemporal.data), expectedWhileWaiting, "Temporal's own answer is what this test expects");
    assert.deepEqual(await rawAnswer(ids.rewind, METADATA), fromTemporal);
    assert.deepEqual(await rewind.workflow.getHandle(ids.rewind).query(workflowMetadataQuery), expectedWhileWaiting);
    assert.deepEqual(await rewindRun.query(workflows.refusedNames), await temporalRun.query(workflows.refusedNames));

    // After the run closed, each worker answers from a replay of the history.
    await Promise.all([temporalRun.signal(workflows.finish), rewindRun.signal(workflows.finish)]);
    assert.deepEqual(await Promise.all([temporalRun.result(), rewindRun.result()]), ['started', 'started']);
    const closed = await rawAnswer(ids.temporal, METADATA);
    const closedMetadata = JSON.parse(closed.data) as typeof expectedWhileWaiting;
    assert.equal(closedMetadata.currentDetails, 'finished');
    assert.deepEqual(closedMetadata.definition.queryDefinitions.at(-1), { name: 'removed' }, 'a handler set again goes last');
    assert.deepEqual(await rawAnswer(ids.rewind, METADATA), closed);

    // The debugger's replay runs the same code: the history of Rewind's run replays.
    await RewindWorker.runReplayHistory({ workflowsPath }, await rewind.workflow.getHandle(ids.rewind).fetchHistory());
  });

  // The columns differ (each bundler maps a call to another token of it, and Temporal's are 0-based), and so
  // does the SDK named; the stacks, their lines and files are the same.
  it('answers __enhanced_stack_trace as Temporal’s shape: a stack per wait, its frames in the workflow file', async function () {
    const ids = { temporal: 'stack-on-temporal', rewind: 'stack-on-rewind' };
    await client.workflow.start(workflows.described, { taskQueue: TEMPORAL_QUEUE, workflowId: ids.temporal, args: ['y'] });
    await client.workflow.start(workflows.described, { taskQueue: REWIND_QUEUE, workflowId: ids.rewind, args: ['y'] });
    const temporalTrace = JSON.parse((await rawAnswer(ids.temporal, '__enhanced_stack_trace')).data) as EnhancedStackTrace;
    const rewindTrace = JSON.parse((await rawAnswer(ids.rewind, '__enhanced_stack_trace')).data) as EnhancedStackTrace;
    const waitLine = (trace: EnhancedStackTrace): number[] =>
      trace.stacks.map((s) => s.locations.find((l) => l.file_path?.endsWith('temporal-metadata/workflows.ts'))?.line ?? 0);
    assert.deepEqual(Object.keys(rewindTrace).sort(), Object.keys(temporalTrace).sort());
    assert.deepEqual(waitLine(rewindTrace), waitLine(temporalTrace));
    assert.deepEqual(rewindTrace.sources, {});
    assert.deepEqual(rewindTrace.sdk, { name: 'rewind-typescript', version: '0.1.0' });
    for (const id of Object.values(ids)) await client.workflow.getHandle(id).signal(workflows.finish);
  });
});

interface EnhancedStackTrace {
  sdk: { name: string; version: string };
  stacks: { locations: { file_path?: string; line?: number; column?: number; function_name?: string; internal_code: boolean }[] }[];
  sources: Record<string, unknown>;
}
