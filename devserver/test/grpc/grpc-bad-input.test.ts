// Bad input over Temporal's gRPC API gets a clear error and loses nothing: malformed requests are
// INVALID_ARGUMENT naming the field (Temporal's names), an unknown namespace NOT_FOUND with the details
// from which Temporal's client raises NamespaceNotFoundError, forged / foreign / stale task tokens are
// refused and change no history, a request over 4 MB is RESOURCE_EXHAUSTED, and a command the engine
// refuses fails the workflow task with Temporal's cause while the run waits. Afterwards both dialects
// serve, and a bystander run keeps its history.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { Client as TemporalClient, Connection as TemporalConnection } from '@temporalio/client';
import { NamespaceNotFoundError } from '@temporalio/common';
import { google, temporal } from '@temporalio/proto';
import Long from 'long';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import { RawGrpc, req, ws, type RawAnswer, startRaw } from '../helpers/grpc-raw';
import { startServer, type TestServer } from '../helpers/server';
import { tempDir } from '../helpers/temp';

const enums = temporal.api.enums.v1;
const CommandType = enums.CommandType;
type Event = temporal.api.history.v1.IHistoryEvent;
type Refusal = Extract<RawAnswer, { ok: false }>;

/** The service's methods as @temporalio/proto's reflection describes them (each request type's fields). */
interface ServiceReflection {
  methodsArray: {
    name: string;
    resolve(): { resolvedRequestType: { fields: Record<string, unknown>; encode(m: object): { finish(): Uint8Array } } | null };
  }[];
}

/** The answer must be a refusal with this status, and its message must match. */
function refused(answer: RawAnswer | { ok: true }, status: keyof typeof grpc.status, message: RegExp): Refusal {
  assert.ok(!answer.ok, `expected ${status} ${String(message)}, but the call succeeded`);
  assert.equal(answer.status, status, answer.details);
  assert.match(answer.details, message);
  return answer;
}

const seconds = (s: number): google.protobuf.IDuration => ({ seconds: Long.fromNumber(s) });

describe('gRPC bad input: a clear error, nothing lost', function () {
  this.timeout(60_000);
  let srv: TestServer;
  let raw: RawGrpc;
  let bystanderEvents: number;

  const start = (workflowId: string, taskQueue: string, extra: temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest = {}) =>
    startRaw(raw, workflowId, taskQueue, extra);

  const history = async (workflowId: string, client = raw): Promise<Event[]> => {
    const answer = await client.send(
      'GetWorkflowExecutionHistory',
      req(ws.GetWorkflowExecutionHistoryRequest, { namespace: 'default', execution: { workflowId } }),
      ws.GetWorkflowExecutionHistoryResponse,
    );
    assert.ok(answer.ok, JSON.stringify(answer));
    return answer.response.history?.events ?? [];
  };
  const shape = (events: Event[]) => events.map((e) => `${String(e.eventId)}:${enums.EventType[e.eventType ?? 0]}`);

  const pollWorkflow = async (taskQueue: string, client = raw) => {
    const answer = await client.send(
      'PollWorkflowTaskQueue',
      req(ws.PollWorkflowTaskQueueRequest, { namespace: 'default', taskQueue: { name: taskQueue }, identity: 'raw-worker' }),
      ws.PollWorkflowTaskQueueResponse,
      15_000,
    );
    assert.ok(answer.ok, JSON.stringify(answer));
    assert.ok(answer.response.taskToken?.length, `a workflow task on ${taskQueue}`);
    return answer.response;
  };
  const pollActivity = async (taskQueue: string) => {
    const answer = await raw.send(
      'PollActivityTaskQueue',
      req(ws.PollActivityTaskQueueRequest, { namespace: 'default', taskQueue: { name: taskQueue }, identity: 'raw-worker' }),
      ws.PollActivityTaskQueueResponse,
      15_000,
    );
    assert.ok(answer.ok, JSON.stringify(answer));
    assert.ok(answer.response.taskToken?.length, `an activity task on ${taskQueue}`);
    return answer.response;
  };
  const complete = (taskToken: Uint8Array, commands: temporal.api.command.v1.ICommand[], client = raw) =>
    client.send(
      'RespondWorkflowTaskCompleted',
      req(ws.RespondWorkflowTaskCompletedRequest, { namespace: 'default', taskToken, commands, identity: 'raw-worker' }),
      ws.RespondWorkflowTaskCompletedResponse,
    );
  const completeActivity = (taskToken: Uint8Array) =>
    raw.send(
      'RespondActivityTaskCompleted',
      req(ws.RespondActivityTaskCompletedRequest, { namespace: 'default', taskToken }),
      ws.RespondActivityTaskCompletedResponse,
    );
  const COMPLETE: temporal.api.command.v1.ICommand = {
    commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
    completeWorkflowExecutionCommandAttributes: {},
  };

  before(async function () {
    srv = await startServer();
    raw = new RawGrpc(srv.address);
    assert.ok((await start('bystander', 'nobody-polls')).ok);
    bystanderEvents = (await history('bystander')).length;
  });

  after(async function () {
    raw?.close();
    await srv?.close();
  });

  describe('malformed requests: INVALID_ARGUMENT naming the field', function () {
    const base = { namespace: 'default', workflowId: 'bad', workflowType: { name: 'raw' }, taskQueue: { name: 'q' }, requestId: 'r' };
    const startCases: [string, temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest, RegExp][] = [
      ['no workflowId', { ...base, workflowId: '' }, /StartWorkflowExecution: workflowId: expected a non-empty string/],
      ['no workflowType', { ...base, workflowType: null }, /workflowType\.name: expected a non-empty string/],
      ['no taskQueue', { ...base, taskQueue: { name: '' } }, /taskQueue\.name: expected a non-empty string/],
      ['an oversize workflowId', { ...base, workflowId: 'x'.repeat(5000) }, /workflowId: .*at most 1000 characters, got a string of 5000/],
      ['a negative run timeout', { ...base, workflowRunTimeout: seconds(-5) }, /workflowRunTimeout: a negative duration/],
      [
        'a negative retry interval',
        { ...base, retryPolicy: { initialInterval: { nanos: -1 } } },
        /retryPolicy\.initialInterval: a negative duration/,
      ],
      [
        'nanos of more than a second',
        { ...base, workflowTaskTimeout: { seconds: Long.fromNumber(1), nanos: 2e9 } },
        /workflowTaskTimeout: nanos 2000000000/,
      ],
      [
        'an unknown enum value',
        { ...base, workflowIdReusePolicy: 77 as temporal.api.enums.v1.WorkflowIdReusePolicy },
        /workflowIdReusePolicy: 77 is not a value of temporal\.api\.enums\.v1\.WorkflowIdReusePolicy/,
      ],
      ['no namespace', { ...base, namespace: '' }, /namespace: not set on request/],
      [
        'a memo key that is a prototype name',
        { ...base, memo: { fields: JSON.parse('{"__proto__": {"data": "MQ=="}}') as Record<string, temporal.api.common.v1.IPayload> } },
        /memo/,
      ],
    ];
    for (const [what, message, error] of startCases) {
      it(`StartWorkflowExecution with ${what}`, async function () {
        refused(await start('bad', 'q', message), 'INVALID_ARGUMENT', error);
      });
    }

    it('other methods: polls without a task queue, a signal without a name, a query without a type, …ById without ids', async function () {
      const cases: [string, Uint8Array, RegExp][] = [
        ['PollWorkflowTaskQueue', ws.PollWorkflowTaskQueueRequest.encode({ namespace: 'default' }).finish(), /taskQueue\.name: not set/],
        [
          'PollActivityTaskQueue',
          ws.PollActivityTaskQueueRequest.encode({ namespace: 'default', taskQueue: {} }).finish(),
          /taskQueue\.name: not set/,
        ],
        [
          'SignalWorkflowExecution',
          ws.SignalWorkflowExecutionRequest.encode({ namespace: 'default', workflowExecution: { workflowId: 'bystander' } }).finish(),
          /signalName: expected a non-empty string/,
        ],
        [
          'SignalWorkflowExecution',
          ws.SignalWorkflowExecutionRequest.encode({ namespace: 'default', signalName: 's' }).finish(),
          /workflowExecution\.workflowId: expected a non-empty string/,
        ],
        [
          'QueryWorkflow',
          ws.QueryWorkflowRequest.encode({ namespace: 'default', execution: { workflowId: 'bystander' } }).finish(),
          /query\.queryType: expected a non-empty string/,
        ],
        [
          'RespondActivityTaskCompletedById',
          ws.RespondActivityTaskCompletedByIdRequest.encode({ namespace: 'default' }).finish(),
          /workflowId: not set/,
        ],
        [
          'RecordActivityTaskHeartbeatById',
          ws.RecordActivityTaskHeartbeatByIdRequest.encode({ namespace: 'default', workflowId: 'bystander' }).finish(),
          /activityId: not set/,
        ],
        [
          'RespondWorkflowTaskCompleted',
          ws.RespondWorkflowTaskCompletedRequest.encode({ namespace: 'default' }).finish(),
          /taskToken: not set/,
        ],
      ];
      for (const [method, bytes, error] of cases) refused(await raw.call(method, bytes), 'INVALID_ARGUMENT', error);
    });

    it("issue 19's methods: schedules without an id, an action or a patch; a task queue, a worker or a type not named; an unknown namespace", async function () {
      const workflowStart = { workflowId: 'from-schedule', workflowType: { name: 'raw' }, taskQueue: { name: 'nobody-polls' } };
      const schedule = (extra: temporal.api.schedule.v1.ISchedule = {}): temporal.api.schedule.v1.ISchedule => ({
        spec: { interval: [{ interval: seconds(3600) }] },
        action: { startWorkflow: workflowStart },
        ...extra,
      });
      const create = (request: temporal.api.workflowservice.v1.ICreateScheduleRequest) =>
        raw.call('CreateSchedule', ws.CreateScheduleRequest.encode({ namespace: 'default', requestId: randomUUID(), ...request }).finish());
      refused(await create({ schedule: schedule() }), 'INVALID_ARGUMENT', /^CreateSchedule: scheduleId: expected a non-empty string/);
      // The id first, as Temporal's frontend checks it: not the spec or action of a schedule without one.
      refused(await create({}), 'INVALID_ARGUMENT', /^CreateSchedule: scheduleId: expected a non-empty string/);
      refused(
        await create({ scheduleId: 'bad-s', schedule: schedule({ action: null }) }),
        'INVALID_ARGUMENT',
        /^CreateSchedule: schedule\.action\.startWorkflow: not set; a schedule's action starts a workflow/,
      );
      refused(
        await create({ scheduleId: 'bad-s', schedule: schedule({ action: {} }) }), // an action of a kind this API does not have
        'INVALID_ARGUMENT',
        /^CreateSchedule: schedule\.action\.startWorkflow: not set/,
      );
      assert.ok((await create({ scheduleId: 'good-s', schedule: schedule() })).ok, 'a whole schedule is taken');
      refused(
        await raw.call('PatchSchedule', ws.PatchScheduleRequest.encode({ namespace: 'default', scheduleId: 'good-s' }).finish()),
        'INVALID_ARGUMENT',
        /^PatchSchedule: patch: not set on request; send what to do: triggerImmediately, backfillRequest, pause or unpause\.$/,
      );
      for (const taskQueue of [undefined, { name: '' }]) {
        refused(
          await raw.call(
            'DescribeTaskQueue',
            ws.DescribeTaskQueueRequest.encode({ namespace: 'default', ...(taskQueue ? { taskQueue } : {}) }).finish(),
          ),
          'INVALID_ARGUMENT',
          /^DescribeTaskQueue: taskQueue\.name: not set on request; name the task queue to describe\.$/,
        );
      }
      refused(
        await raw.call('DescribeWorker', ws.DescribeWorkerRequest.encode({ namespace: 'default' }).finish()),
        'INVALID_ARGUMENT',
        /^DescribeWorker: workerInstanceKey: not set on request; ListWorkers gives each worker with its instance key\.$/,
      );
      refused(
        await raw.call('DescribeWorker', ws.DescribeWorkerRequest.encode({ namespace: 'default', workerInstanceKey: 'gone' }).finish()),
        'NOT_FOUND',
        /^DescribeWorker: No worker gone has sent a heartbeat in the last 5 minutes/,
      );
      const operator = 'temporal.api.operatorservice.v1.OperatorService';
      const addType = (type: number) =>
        raw.call(
          'AddSearchAttributes',
          temporal.api.operatorservice.v1.AddSearchAttributesRequest.encode({
            namespace: 'default',
            searchAttributes: { Odd: type as temporal.api.enums.v1.IndexedValueType },
          }).finish(),
          5_000,
          operator,
        );
      refused(
        await addType(99),
        'INVALID_ARGUMENT',
        /^AddSearchAttributes: searchAttributes\["Odd"\]: 99 is not a value of temporal\.api\.enums\.v1\.IndexedValueType \(this server knows INDEXED_VALUE_TYPE_TEXT/,
      );
      refused(
        await addType(0),
        'INVALID_ARGUMENT',
        /^AddSearchAttributes: searchAttributes\.Odd: unknown search attribute type INDEXED_VALUE_TYPE_UNSPECIFIED/,
      );
      const updated = await raw.call(
        'UpdateNamespace',
        ws.UpdateNamespaceRequest.encode({ namespace: 'no-such-ns', updateInfo: { description: 'x' } }).finish(),
      );
      refused(updated, 'NOT_FOUND', /^Namespace no-such-ns is not found\. Create it with: rewind namespace create -n no-such-ns$/);
    });

    it('bytes that are not protobuf, and truncated messages', async function () {
      const full = ws.StartWorkflowExecutionRequest.encode(base).finish();
      for (const bytes of [
        Buffer.from('this is not protobuf \xff\xff\xff'),
        full.subarray(0, 5),
        Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]),
      ]) {
        refused(await raw.call('StartWorkflowExecution', bytes), 'INVALID_ARGUMENT', /not a valid protobuf message of this method/);
      }
    });
  });

  describe('an unknown namespace: NOT_FOUND for every method that takes one', function () {
    it("answers NOT_FOUND with Temporal's NamespaceNotFoundFailure (WorkflowService and OperatorService)", async function () {
      const checked: string[] = [];
      for (const serviceName of ['temporal.api.workflowservice.v1.WorkflowService', 'temporal.api.operatorservice.v1.OperatorService']) {
        const service = (temporal as unknown as { lookupService(name: string): ServiceReflection }).lookupService(serviceName);
        for (const m of service.methodsArray) {
          const type = m.resolve().resolvedRequestType!;
          // RegisterNamespace makes the namespace it names.
          if (!type.fields.namespace || m.name === 'RegisterNamespace') continue;
          const answer = await raw.call(m.name, type.encode({ namespace: 'no-such-ns' }).finish(), 5_000, serviceName);
          if (!answer.ok && answer.code === grpc.status.UNIMPLEMENTED) continue;
          const refusal = refused(
            answer,
            'NOT_FOUND',
            /^Namespace no-such-ns is not found\. Create it with: rewind namespace create -n no-such-ns$/,
          );
          const details = refusal.metadata.get('grpc-status-details-bin')[0];
          assert.ok(Buffer.isBuffer(details), `${m.name}: status details`);
          const status = google.rpc.Status.decode(details);
          assert.equal(status.details[0]?.type_url, 'type.googleapis.com/temporal.api.errordetails.v1.NamespaceNotFoundFailure', m.name);
          assert.equal(temporal.api.errordetails.v1.NamespaceNotFoundFailure.decode(status.details[0]!.value!).namespace, 'no-such-ns');
          checked.push(m.name);
        }
      }
      for (const name of [
        'StartWorkflowExecution',
        'PollWorkflowTaskQueue',
        'RespondWorkflowTaskCompleted',
        'DescribeNamespace',
        'ShutdownWorker',
        'ListWorkflowExecutions',
        'UpdateNamespace',
        'CreateSchedule',
        'DescribeTaskQueue',
        'DescribeWorker',
        'AddSearchAttributes',
        'RemoveSearchAttributes',
        'ListSearchAttributes',
      ]) {
        assert.ok(checked.includes(name), `${name} checked (${checked.join(', ')})`);
      }
    });

    it("Temporal's client raises NamespaceNotFoundError", async function () {
      const connection = await TemporalConnection.connect({ address: srv.address });
      try {
        const client = new TemporalClient({ connection, namespace: 'no-such-ns' });
        await assert.rejects(client.workflow.start('raw', { taskQueue: 'q', workflowId: 'w' }), (err: unknown) => {
          assert.ok(err instanceof NamespaceNotFoundError, String(err));
          assert.equal(err.namespace, 'no-such-ns');
          return true;
        });
      } finally {
        await connection.close();
      }
    });
  });

  describe('task tokens: forged, foreign and stale ones are refused and change nothing', function () {
    it('forged bytes, a run that does not exist, a token of another kind or namespace, a completed task', async function () {
      assert.ok((await start('tokens', 'tokens-q')).ok);
      const task = await pollWorkflow('tokens-q');
      const token = Buffer.from(task.taskToken!).toString('utf8');
      const before = shape(await history('tokens'));
      for (const forged of [randomBytes(32), randomBytes(1), Buffer.from('w:1:1:'), Buffer.from([0xff, 0xfe, 0x00])]) {
        refused(await complete(forged, [COMPLETE]), 'INVALID_ARGUMENT', /taskToken: not the token of a workflow task of this server/);
      }
      const otherRun = Buffer.from(token.replace(task.workflowExecution!.runId!, randomUUID()));
      refused(await complete(otherRun, [COMPLETE]), 'NOT_FOUND', /taskToken: workflow task not found: its run .* is not on this server/);
      refused(await completeActivity(task.taskToken!), 'INVALID_ARGUMENT', /the token of a workflow task, not of an activity task/);
      await srv.connection.call('namespace.register', { namespace: 'other-ns' });
      refused(
        await raw.send(
          'RespondWorkflowTaskCompleted',
          req(ws.RespondWorkflowTaskCompletedRequest, { namespace: 'other-ns', taskToken: task.taskToken!, commands: [COMPLETE] }),
          ws.RespondWorkflowTaskCompletedResponse,
        ),
        'INVALID_ARGUMENT',
        /a task in namespace default, not other-ns/,
      );
      refused(
        await raw.send(
          'RespondQueryTaskCompleted',
          req(ws.RespondQueryTaskCompletedRequest, { namespace: 'default', taskToken: Buffer.from('query:no-such-query') }),
          ws.RespondQueryTaskCompletedResponse,
        ),
        'NOT_FOUND',
        /Query task no-such-query not found, or already expired/,
      );
      refused(
        await raw.send(
          'RespondQueryTaskCompleted',
          req(ws.RespondQueryTaskCompletedRequest, { namespace: 'default', taskToken: task.taskToken! }),
          ws.RespondQueryTaskCompletedResponse,
        ),
        'INVALID_ARGUMENT',
        /not the token of a query task/,
      );
      assert.deepEqual(shape(await history('tokens')), before, 'refused tokens change nothing');
      assert.ok((await complete(task.taskToken!, [COMPLETE])).ok);
      const done = shape(await history('tokens'));
      refused(await complete(task.taskToken!, [COMPLETE]), 'NOT_FOUND', /not found/i);
      assert.deepEqual(shape(await history('tokens')), done);
    });

    it("a token minted by another server's database", async function () {
      const other = await RewindServer.start({ db: path.join(tempDir(), 'other.db'), port: 0, log: silentLogger });
      const otherRaw = new RawGrpc(other.address);
      try {
        const started = await otherRaw.send(
          'StartWorkflowExecution',
          req(ws.StartWorkflowExecutionRequest, {
            namespace: 'default',
            workflowId: 'tokens',
            workflowType: { name: 'raw' },
            taskQueue: { name: 'tokens-q' },
            requestId: 'x',
          }),
          ws.StartWorkflowExecutionResponse,
        );
        assert.ok(started.ok);
        const foreign = await pollWorkflow('tokens-q', otherRaw);
        const before = shape(await history('tokens'));
        refused(await complete(foreign.taskToken!, [COMPLETE]), 'NOT_FOUND', /is not on this server \(a token from another server/);
        assert.deepEqual(shape(await history('tokens')), before);
        assert.ok((await complete(foreign.taskToken!, [COMPLETE], otherRaw)).ok, 'its own server takes it');
      } finally {
        otherRaw.close();
        await other.close();
      }
    });

    it('a workflow task token after the task timed out and was handed out again', async function () {
      assert.ok((await start('stale-wft', 'stale-wft-q', { workflowTaskTimeout: seconds(1) })).ok);
      const first = await pollWorkflow('stale-wft-q');
      const second = await pollWorkflow('stale-wft-q'); // after the first timed out
      assert.equal(second.attempt, 2);
      const before = shape(await history('stale-wft'));
      assert.ok(
        before.some((e) => e.endsWith('EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT')),
        before.join(),
      );
      refused(await complete(first.taskToken!, [COMPLETE]), 'NOT_FOUND', /not found/i);
      assert.deepEqual(shape(await history('stale-wft')), before, 'the stale completion changes nothing');
      assert.ok((await complete(second.taskToken!, [COMPLETE])).ok);
      assert.match(shape(await history('stale-wft')).at(-1)!, /WORKFLOW_EXECUTION_COMPLETED/);
    });

    it('an activity task token after the attempt timed out and was retried', async function () {
      assert.ok((await start('stale-at', 'stale-at-q')).ok);
      const wft = await pollWorkflow('stale-at-q');
      const schedule: temporal.api.command.v1.ICommand = {
        commandType: CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
        scheduleActivityTaskCommandAttributes: {
          activityId: '1',
          activityType: { name: 'slow' },
          taskQueue: { name: 'stale-at-q' },
          startToCloseTimeout: seconds(1),
          retryPolicy: { initialInterval: { nanos: 1_000_000 }, maximumAttempts: 3 },
        },
      };
      assert.ok((await complete(wft.taskToken!, [schedule])).ok);
      const first = await pollActivity('stale-at-q');
      const second = await pollActivity('stale-at-q'); // after the first attempt timed out
      assert.deepEqual([first.attempt, second.attempt], [1, 2]);
      const before = shape(await history('stale-at'));
      refused(await completeActivity(first.taskToken!), 'NOT_FOUND', /not found/i);
      refused(
        await raw.send(
          'RecordActivityTaskHeartbeat',
          req(ws.RecordActivityTaskHeartbeatRequest, { namespace: 'default', taskToken: first.taskToken! }),
          ws.RecordActivityTaskHeartbeatResponse,
        ),
        'NOT_FOUND',
        /not found/i,
      );
      assert.deepEqual(shape(await history('stale-at')), before, 'the stale attempt changes nothing');
      assert.ok((await completeActivity(second.taskToken!)).ok);
      assert.match(shape(await history('stale-at')).join(), /ACTIVITY_TASK_COMPLETED/);
    });
  });

  describe('request size', function () {
    it('a request over 4 MB is RESOURCE_EXHAUSTED, and the same connection serves on', async function () {
      refused(
        await raw.call('StartWorkflowExecution', randomBytes(5 * 1024 * 1024)),
        'RESOURCE_EXHAUSTED',
        /larger than max \(\d+ vs 4194304\)/,
      );
      const big = { metadata: { encoding: Buffer.from('binary/plain') }, data: Buffer.alloc(4 * 1024 * 1024 + 10) };
      refused(await start('too-big', 'q', { input: { payloads: [big] } }), 'RESOURCE_EXHAUSTED', /larger than max/);
      const info = await raw.send('GetSystemInfo', req(ws.GetSystemInfoRequest, {}), ws.GetSystemInfoResponse);
      assert.ok(info.ok && /^rewind-/.test(info.response.serverVersion ?? ''));
      const described = await raw.send(
        'DescribeWorkflowExecution',
        req(ws.DescribeWorkflowExecutionRequest, { namespace: 'default', execution: { workflowId: 'too-big' } }),
        ws.DescribeWorkflowExecutionResponse,
      );
      refused(described, 'NOT_FOUND', /too-big not found/); // never started
    });
  });

  describe('a command the engine refuses', function () {
    it("fails the workflow task with Temporal's cause, recorded in history; the run waits and the task is retried", async function () {
      assert.ok((await start('bad-command', 'bad-command-q')).ok);
      const first = await pollWorkflow('bad-command-q');
      const noType: temporal.api.command.v1.ICommand = {
        commandType: CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
        scheduleActivityTaskCommandAttributes: { activityId: '1', taskQueue: { name: 'bad-command-q' }, startToCloseTimeout: seconds(5) },
      };
      refused(
        await complete(first.taskToken!, [noType]),
        'INVALID_ARGUMENT',
        /workflow task failed: Command 1 of the task \(COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK\): .*activityType/,
      );
      const failedEvent = (await history('bad-command')).at(-1)!;
      assert.equal(failedEvent.eventType, enums.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
      const attrs = failedEvent.workflowTaskFailedEventAttributes!;
      assert.equal(attrs.cause, enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES);
      assert.match(attrs.failure?.message ?? '', /activityType/);

      const second = await pollWorkflow('bad-command-q'); // the task is retried
      assert.equal(second.attempt, 2);
      const badTimer: temporal.api.command.v1.ICommand = {
        commandType: CommandType.COMMAND_TYPE_START_TIMER,
        startTimerCommandAttributes: { timerId: 'not-a-number', startToFireTimeout: seconds(1) },
      };
      refused(await complete(second.taskToken!, [badTimer]), 'INVALID_ARGUMENT', /Timer id 'not-a-number'/);
      const timerFailed = (await history('bad-command')).at(-1)!.workflowTaskFailedEventAttributes;
      assert.equal(timerFailed?.cause, enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES);

      const described = await raw.send(
        'DescribeWorkflowExecution',
        req(ws.DescribeWorkflowExecutionRequest, { namespace: 'default', execution: { workflowId: 'bad-command' } }),
        ws.DescribeWorkflowExecutionResponse,
      );
      assert.ok(described.ok);
      assert.equal(described.response.workflowExecutionInfo?.status, enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

      const third = await pollWorkflow('bad-command-q');
      assert.ok((await complete(third.taskToken!, [COMPLETE])).ok, 'good commands are taken');
      assert.match(shape(await history('bad-command')).at(-1)!, /WORKFLOW_EXECUTION_COMPLETED/);
    });
  });

  describe('afterwards', function () {
    it('both dialects serve, and the bystander run kept its history', async function () {
      assert.equal((await history('bystander')).length, bystanderEvents);
      const { namespaces } = await srv.connection.call('namespace.list', {});
      assert.ok(namespaces.some((n) => n.name === 'default'));
      const handle = await srv.client.workflow.start('approval', { taskQueue: 'nobody', workflowId: 'after-ws', args: [1] });
      assert.equal((await handle.describe()).status.name, 'RUNNING');
      assert.ok((await start('after-grpc', 'nobody')).ok);
    });
  });
});
