// Temporal's raw gRPC services on Rewind's connections (connection.workflowService, operatorService,
// healthService, testService, and the clients' workflowService): code that calls Temporal's API as it is
// runs against a real Rewind server, with deadlines, abort signals, metadata and auth tokens as Temporal's.
import assert from 'node:assert/strict';
import {
  Client,
  Connection,
  WorkflowService,
  isGrpcCancelledError,
  isGrpcDeadlineError,
  isGrpcServiceError,
  type StartWorkflowExecutionRequest,
} from '@rewind/sdk/client';
import { NativeConnection } from '@rewind/sdk/worker';
import Long from 'long';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import { useServer } from '../helpers/server';
import { tempDir } from '../helpers/temp';

/** grpc-js' status codes the checks below expect. */
const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;
const UNAUTHENTICATED = 16;

function startRequest(workflowId: string): StartWorkflowExecutionRequest {
  return {
    namespace: 'default',
    workflowId,
    workflowType: { name: 'rawStarted' },
    taskQueue: { name: 'raw-services' },
    requestId: `request-${workflowId}`,
  };
}

describe("Temporal's raw gRPC services on Rewind's connections", function () {
  this.timeout(30_000);
  const env = useServer();

  it("answers Temporal's WorkflowService on the client's connection, one engine with Rewind's own calls", async function () {
    const { client, connection } = env.srv;
    const ns = await connection.workflowService.describeNamespace({ namespace: 'default' });
    assert.equal(ns.namespaceInfo?.name, 'default');
    // Temporal's service, as @temporalio/client exports it: create() makes one over any transport.
    const made = WorkflowService.create(() => undefined);
    assert.equal(typeof made.startWorkflowExecution, 'function');
    assert.equal(Object.getPrototypeOf(client.workflowService), Object.getPrototypeOf(made));
    assert.equal(client.workflow.workflowService, connection.workflowService);

    const started = await client.workflowService.startWorkflowExecution(startRequest('raw-1'));
    assert.match(started.runId, /\S/);
    const described = await client.workflow.getHandle('raw-1').describe();
    assert.equal(described.runId, started.runId);
    assert.equal(described.type, 'rawStarted');

    const handle = await client.workflow.start('rewindStarted', { taskQueue: 'raw-services', workflowId: 'raw-2' });
    const raw = await connection.workflowService.describeWorkflowExecution({
      namespace: 'default',
      execution: { workflowId: 'raw-2' },
    });
    assert.equal(raw.workflowExecutionInfo?.execution?.runId, handle.firstExecutionRunId);
    assert.equal(raw.workflowExecutionInfo?.type?.name, 'rewindStarted');
    await client.workflowService.terminateWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: 'raw-2' } });
    assert.equal((await handle.describe()).status.name, 'TERMINATED');
  });

  it('answers the OperatorService and the HealthService', async function () {
    const { connection } = env.srv;
    await connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: { RawCustomer: 2 } });
    const listed = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    assert.equal(listed.customAttributes?.['RawCustomer'], 2);
    const health = await connection.healthService.check({ service: 'temporal.api.workflowservice.v1.WorkflowService' });
    assert.equal(health.status, 1); // SERVING
    assert.equal((await connection.healthService.check({})).status, 1);
    await assert.rejects(connection.healthService.check({ service: 'temporal.api.nothing.v1.Nothing' }), (err: unknown) => {
      assert.ok(isGrpcServiceError(err));
      assert.equal(err.code, NOT_FOUND);
      assert.match(err.details, /Unknown service 'temporal\.api\.nothing\.v1\.Nothing'/);
      return true;
    });
  });

  it("fails as Temporal's: gRPC errors, deadlines and abort signals, for raw calls and Rewind's own", async function () {
    const { client, connection } = env.srv;
    await assert.rejects(client.workflowService.startWorkflowExecution({ namespace: 'default', workflowId: 'no-type' }), (err: unknown) => {
      assert.ok(isGrpcServiceError(err), String(err));
      assert.equal(err.code, INVALID_ARGUMENT);
      assert.match(err.details, /workflow ?type/i);
      return true;
    });

    const past = Date.now() - 1;
    await assert.rejects(
      connection.withDeadline(past, () => connection.workflowService.getSystemInfo({})),
      (err: unknown) => isGrpcDeadlineError(err) && !isGrpcCancelledError(err),
    );
    await assert.rejects(
      client.withDeadline(past, () => client.workflow.getHandle('raw-1').describe()),
      (err: unknown) => isGrpcDeadlineError(err),
    );

    const aborted = new AbortController();
    aborted.abort(new Error('the user gave up'));
    await assert.rejects(
      client.withAbortSignal(aborted.signal, () => client.workflowService.getSystemInfo({})),
      (err: unknown) => isGrpcCancelledError(err) && !isGrpcDeadlineError(err),
    );
    // A long poll cancelled while it waits.
    const later = new AbortController();
    const polling = connection.withAbortSignal(later.signal, () =>
      connection.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: 'nobody-starts-here' } }),
    );
    setTimeout(() => later.abort(), 200);
    await assert.rejects(polling, (err: unknown) => isGrpcCancelledError(err));
    assert.ok(!isGrpcDeadlineError(new Error('plain')) && !isGrpcServiceError('text'));
  });

  it('refuses raw calls once the connection is closed, as its own calls', async function () {
    const connection = await Connection.connect({ address: env.srv.address });
    await connection.workflowService.getSystemInfo({});
    await connection.close();
    await assert.rejects(connection.workflowService.getSystemInfo({}), /The connection is closed: GetSystemInfo was not sent/);
  });

  it("sends the auth token, setApiKey's and withApiKey's, and metadata to a server that requires one", async function () {
    const server = await RewindServer.start({ db: ':memory:', port: 0, log: silentLogger, authToken: 'right-token' });
    const keyed = await Connection.connect({ address: server.address, apiKey: 'right-token' });
    const unkeyed = Connection.lazy({ address: server.address, apiKey: 'wrong-token' });
    try {
      const info = await keyed.workflowService.getSystemInfo({});
      assert.ok(info.capabilities);
      await assert.rejects(unkeyed.workflowService.getSystemInfo({}), (err: unknown) => {
        assert.ok(isGrpcServiceError(err));
        assert.equal(err.code, UNAUTHENTICATED);
        return true;
      });
      await unkeyed.withApiKey('right-token', () => unkeyed.workflowService.getSystemInfo({}));
      await unkeyed.withMetadata({ authorization: 'Bearer right-token' }, () => unkeyed.workflowService.getSystemInfo({}));
      unkeyed.setApiKey(() => 'right-token');
      await unkeyed.workflowService.getSystemInfo({});
      await new Client({ connection: unkeyed }).workflow.count(); // Rewind's own protocol connects with the token set.

      const native = await NativeConnection.connect({ address: server.address, apiKey: 'right-token' });
      try {
        const ns = await native.workflowService.describeNamespace({ namespace: 'default' });
        assert.equal(ns.namespaceInfo?.name, 'default');
        await native.setApiKey('wrong-token');
        await assert.rejects(
          native.workflowService.getSystemInfo({}),
          (err: unknown) => isGrpcServiceError(err) && Number(err.code) === UNAUTHENTICATED,
        );
      } finally {
        await native.close();
      }
    } finally {
      await keyed.close();
      await unkeyed.close();
      await server.close();
    }
  });

  it("answers the TestService of a time-skipping server: its clock, as Temporal's test server", async function () {
    const server = await RewindServer.start({ db: `${tempDir()}/skip.db`, port: 0, log: silentLogger, timeSkipping: 'locked' });
    const connection = await Connection.connect({ address: server.address });
    try {
      const before = await connection.testService.getCurrentTime({});
      await connection.testService.unlockTimeSkippingWithSleep({ duration: { seconds: Long.fromNumber(3600) } });
      const after = await connection.testService.getCurrentTime({});
      const seconds = (t: typeof before): number => Number(t.time?.seconds ?? 0);
      assert.ok(seconds(after) - seconds(before) >= 3600, `the clock moved ${seconds(after) - seconds(before)} s`);
    } finally {
      await connection.close();
      await server.close();
    }
  });
});
