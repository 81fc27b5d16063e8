// The update protocol messages on the wire, with a raw gRPC worker: the Request a workflow task carries (ids and
// sequencing as Temporal's server gives them, its header), the events of a completion in the order of its commands
// (an activity, the acceptance, a timer, the response), and answers Rewind cannot take — a command naming a
// message not sent, a rejection of an update the run was not sent, a body that is no update message, an acceptance
// with no command, a response before acceptance — each failing the task with a clear INVALID_ARGUMENT, while the
// update waits for the task's next attempt and the server goes on.
import assert from 'node:assert/strict';
import { temporal } from '@temporalio/proto';
import type { WorkflowHandle } from '@rewind/sdk/client';
import { long } from '../../src/grpc/proto';
import { RawGrpc, req, ws } from '../helpers/grpc-raw';
import { startServer, type TestServer } from '../helpers/server';

const CommandType = temporal.api.enums.v1.CommandType;
const u1 = temporal.api.update.v1;
type ProtoMessage = temporal.api.protocol.v1.IMessage;
type ProtoCommand = temporal.api.command.v1.ICommand;
const typeUrl = (name: string): string => `type.googleapis.com/temporal.api.update.v1.${name}`;

const accept = (updateId: string): ProtoMessage => ({
  id: `${updateId}/request/accept`,
  protocolInstanceId: updateId,
  body: { type_url: typeUrl('Acceptance'), value: u1.Acceptance.encode({ acceptedRequestMessageId: `${updateId}/request` }).finish() },
});
const respond = (updateId: string, result: string): ProtoMessage => ({
  id: `${updateId}/request/complete`,
  protocolInstanceId: updateId,
  body: {
    type_url: typeUrl('Response'),
    value: u1.Response.encode({
      meta: { updateId },
      outcome: {
        success: { payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(result)) }] },
      },
    }).finish(),
  },
});
const reject = (updateId: string): ProtoMessage => ({
  id: `${updateId}/request/reject`,
  protocolInstanceId: updateId,
  body: { type_url: typeUrl('Rejection'), value: u1.Rejection.encode({ failure: { message: 'no' } }).finish() },
});
const named = (message: ProtoMessage): ProtoCommand => ({
  commandType: CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE,
  protocolMessageCommandAttributes: { messageId: message.id ?? '' },
});

describe('update protocol messages with a raw gRPC worker', function () {
  this.timeout(60_000);
  let srv: TestServer;
  let raw: RawGrpc;

  before(async function () {
    srv = await startServer();
    raw = new RawGrpc(srv.address);
  });
  after(async function () {
    raw?.close();
    await srv?.close();
  });

  const poll = async (taskQueue: string) => {
    const answer = await raw.send(
      'PollWorkflowTaskQueue',
      req(ws.PollWorkflowTaskQueueRequest, { namespace: 'default', taskQueue: { name: taskQueue }, identity: 'raw-worker' }),
      ws.PollWorkflowTaskQueueResponse,
      15_000,
    );
    assert.ok(answer.ok && answer.response.taskToken?.length, `a workflow task on ${taskQueue}: ${JSON.stringify(answer)}`);
    return answer.response;
  };
  const complete = (taskToken: Uint8Array, commands: ProtoCommand[], messages: ProtoMessage[]) =>
    raw.send(
      'RespondWorkflowTaskCompleted',
      req(ws.RespondWorkflowTaskCompletedRequest, { namespace: 'default', taskToken, commands, messages, identity: 'raw-worker' }),
      ws.RespondWorkflowTaskCompletedResponse,
    );

  /** A run on its own queue with update `updateId` sent (its outcome promised): its first task carries the update. */
  const runWithUpdate = async (workflowId: string, updateId: string) => {
    const handle: WorkflowHandle = await srv.client.workflow.start('raw', { taskQueue: workflowId, workflowId });
    const outcome = handle.executeUpdate<string, [number]>('add', { args: [2], updateId });
    outcome.catch(() => undefined); // Settled (or not) by each test.
    return { handle, outcome };
  };

  it("a task carries each update as a Request message, ids and sequencing as Temporal's server gives them; accepted and completed, the caller gets the result", async function () {
    const { outcome } = await runWithUpdate('update-wire', 'u1');
    const task = await poll('update-wire');
    assert.equal(task.messages?.length, 1);
    const [message] = task.messages!;
    assert.equal(message!.id, 'u1/request');
    assert.equal(message!.protocolInstanceId, 'u1');
    assert.equal(Number(message!.eventId), Number(task.startedEventId) - 1);
    assert.equal(message!.body?.type_url, typeUrl('Request'));
    const request = u1.Request.decode(message!.body!.value!);
    assert.equal(request.meta?.updateId, 'u1');
    assert.equal(request.input?.name, 'add');
    assert.deepEqual(
      request.input?.args?.payloads?.map((p) => Buffer.from(p.data ?? []).toString()),
      ['2'],
    );

    const answers = [accept('u1'), respond('u1', 'added')];
    const done = await complete(task.taskToken!, answers.map(named), answers);
    assert.ok(done.ok, JSON.stringify(done));
    assert.equal(await outcome, 'added');
  });

  it('writes the events in the order of the commands: an activity, the acceptance, a timer, the response', async function () {
    const { outcome } = await runWithUpdate('update-order', 'o1');
    const task = await poll('update-order');
    const [acceptance, response] = [accept('o1'), respond('o1', 'ordered')];
    const commands: ProtoCommand[] = [
      {
        commandType: CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
        scheduleActivityTaskCommandAttributes: {
          activityId: 'a1',
          activityType: { name: 'charge' },
          taskQueue: { name: 'update-order' },
          startToCloseTimeout: { seconds: long(60) },
        },
      },
      named(acceptance),
      {
        commandType: CommandType.COMMAND_TYPE_START_TIMER,
        startTimerCommandAttributes: { timerId: '1', startToFireTimeout: { seconds: long(60) } },
      },
      named(response),
    ];
    const done = await complete(task.taskToken!, commands, [acceptance, response]);
    assert.ok(done.ok, JSON.stringify(done));
    assert.equal(await outcome, 'ordered');
    const history = await raw.send(
      'GetWorkflowExecutionHistory',
      req(ws.GetWorkflowExecutionHistoryRequest, { namespace: 'default', execution: { workflowId: 'update-order' } }),
      ws.GetWorkflowExecutionHistoryResponse,
    );
    assert.ok(history.ok, JSON.stringify(history));
    const events = history.response.history?.events ?? [];
    const completed = events.findIndex((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    assert.ok(completed > 0, 'the task completed');
    assert.deepEqual(
      events.slice(completed + 1).map((e) => temporal.api.enums.v1.EventType[e.eventType ?? 0]),
      [
        'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
        'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
        'EVENT_TYPE_TIMER_STARTED',
        'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED',
      ],
    );
    const [scheduled, accepted, timer, updated] = events.slice(completed + 1);
    assert.equal(scheduled!.activityTaskScheduledEventAttributes?.activityId, 'a1');
    assert.equal(accepted!.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId, 'o1');
    assert.equal(timer!.timerStartedEventAttributes?.timerId, '1');
    assert.equal(updated!.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId, 'o1');
    assert.equal(Number(updated!.workflowExecutionUpdateCompletedEventAttributes?.acceptedEventId), Number(accepted!.eventId));
  });

  it("an update's header (Temporal's request input.header) reaches the worker's Request and the accepted event, byte for byte", async function () {
    const header = { fields: { trace: { metadata: { encoding: Buffer.from('binary/plain') }, data: Buffer.from([1, 2, 3]) } } };
    await srv.client.workflow.start('raw', { taskQueue: 'update-header', workflowId: 'update-header' });
    const sent = raw.send(
      'UpdateWorkflowExecution',
      req(ws.UpdateWorkflowExecutionRequest, {
        namespace: 'default',
        workflowExecution: { workflowId: 'update-header' },
        request: { meta: { updateId: 'h1' }, input: { name: 'add', header } },
      }),
      ws.UpdateWorkflowExecutionResponse,
      15_000,
    );
    const task = await poll('update-header');
    const request = u1.Request.decode(task.messages![0]!.body!.value!);
    const sentBack = (h: temporal.api.common.v1.IHeader | null | undefined) => {
      const p = h?.fields?.trace;
      return [Buffer.from(p?.metadata?.encoding ?? []).toString(), [...(p?.data ?? [])]];
    };
    assert.deepEqual(sentBack(request.input?.header), ['binary/plain', [1, 2, 3]]);
    const answers = [accept('h1'), respond('h1', 'ok')];
    assert.ok((await complete(task.taskToken!, answers.map(named), answers)).ok);
    const done = await sent;
    assert.ok(done.ok, JSON.stringify(done));
    const history = await raw.send(
      'GetWorkflowExecutionHistory',
      req(ws.GetWorkflowExecutionHistoryRequest, { namespace: 'default', execution: { workflowId: 'update-header' } }),
      ws.GetWorkflowExecutionHistoryResponse,
    );
    assert.ok(history.ok, JSON.stringify(history));
    const accepted = history.response.history?.events?.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    assert.deepEqual(sentBack(accepted?.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.header), [
      'binary/plain',
      [1, 2, 3],
    ]);
  });

  const badAnswers: [string, (updateId: string) => { commands: ProtoCommand[]; messages: ProtoMessage[] }, RegExp][] = [
    [
      'a command naming a message the completion does not carry',
      () => ({
        commands: [{ commandType: CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE, protocolMessageCommandAttributes: { messageId: 'nope' } }],
        messages: [],
      }),
      /Command 1 of the task \(COMMAND_TYPE_PROTOCOL_MESSAGE\): The command names message 'nope', which the task's completion does not carry \(its messages: none\)/,
    ],
    [
      'a rejection of an update the run was not sent',
      () => ({ commands: [], messages: [reject('ghost')] }),
      /Message 'ghost\/request\/reject' answers update 'ghost', which this run was not sent/,
    ],
    [
      'a message whose body is no update message',
      (id) => ({
        commands: [],
        messages: [
          {
            id: `${id}/x`,
            protocolInstanceId: id,
            body: { type_url: 'type.googleapis.com/google.protobuf.Empty', value: new Uint8Array() },
          },
        ],
      }),
      /Message '[^']+\/x' has a body of type 'type.googleapis.com\/google.protobuf.Empty': Rewind takes type.googleapis.com\/temporal.api.update.v1.Acceptance/,
    ],
    [
      'an acceptance whose body is not protobuf',
      (id) => ({
        commands: [],
        messages: [
          {
            id: `${id}/a`,
            protocolInstanceId: id,
            body: { type_url: typeUrl('Acceptance'), value: Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]) },
          },
        ],
      }),
      /Message '[^']+\/a' is not a valid Acceptance/,
    ],
    [
      'an acceptance that no command names',
      (id) => ({ commands: [], messages: [accept(id)] }),
      /is named by no COMMAND_TYPE_PROTOCOL_MESSAGE command: an acceptance or a response needs one/,
    ],
    [
      'a response before the acceptance',
      (id) => ({ commands: [named(respond(id, 'x'))], messages: [respond(id, 'x')] }),
      /is a Response of update '[^']+', which is requested: an update is accepted before its response/,
    ],
  ];

  for (const [what, answer, error] of badAnswers) {
    it(`${what}: INVALID_ARGUMENT saying so, the task failed, the update still waits`, async function () {
      const workflowId = `bad-${badAnswers.findIndex(([w]) => w === what)}`;
      const { handle } = await runWithUpdate(workflowId, `${workflowId}-u`);
      const task = await poll(workflowId);
      const { commands, messages } = answer(`${workflowId}-u`);
      const refused = await complete(task.taskToken!, commands, messages);
      assert.ok(!refused.ok, 'refused');
      assert.equal(refused.status, 'INVALID_ARGUMENT', refused.details);
      assert.match(refused.details, error);
      assert.match(refused.details, /^RespondWorkflowTaskCompleted: the workflow task failed: .* It is retried\.$/);
      const description = await handle.describe();
      assert.equal(description.status.name, 'RUNNING');
      const events = await handle.fetchHistory();
      assert.equal(events.events.at(-1)?.type, 'WorkflowTaskFailed');
      assert.ok(!events.events.some((e) => e.type === 'WorkflowExecutionUpdateAccepted'), 'no update event');
    });
  }

  it('after a refused answer, the next attempt carries the update again, and a good answer completes it', async function () {
    const { outcome } = await runWithUpdate('bad-then-good', 'again');
    const first = await poll('bad-then-good');
    assert.ok(!(await complete(first.taskToken!, [], [reject('ghost')])).ok);
    const second = await poll('bad-then-good'); // After the failed attempt's backoff (1 s).
    assert.deepEqual(
      second.messages?.map((m) => m.id),
      ['again/request'],
    );
    const answers = [accept('again'), respond('again', 'at last')];
    const done = await complete(second.taskToken!, answers.map(named), answers);
    assert.ok(done.ok, JSON.stringify(done));
    assert.equal(await outcome, 'at last');
  });
});
