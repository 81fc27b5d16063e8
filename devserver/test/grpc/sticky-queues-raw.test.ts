// Temporal's sticky task queues, asked for by hand over raw gRPC: a completion with sticky_attributes
// sends the run's next task to the worker's sticky queue with the events since its last task; unpolled,
// it times out (WorkflowTaskTimedOut SCHEDULE_TO_START) and goes to the normal queue with the whole
// history; ResetStickyTaskQueue and ShutdownWorker(sticky_task_queue) send it there at once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import Long from 'long';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import { RawGrpc, ok, req, startRaw, ws } from '../helpers/grpc-raw';
import { tempDir } from '../helpers/temp';

const enums = temporal.api.enums.v1;
type PollResponse = temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse.$Properties;

const QUEUE = 'sticky-raw';
const STICKY = 'sticky-raw-worker-1';
const num = (v: number | Long | null | undefined): number => Number(v ?? 0);

/** Each WorkflowTaskScheduled event's task queue, as `<name> <kind> <normal name>`. */
function scheduledQueues(task: PollResponse): string[] {
  return (task.history?.events ?? [])
    .filter((e) => e.eventType === enums.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)
    .map((e) => {
      const q = e.workflowTaskScheduledEventAttributes?.taskQueue;
      return `${q?.name ?? ''} ${enums.TaskQueueKind[q?.kind ?? 0].replace('TASK_QUEUE_KIND_', '')} ${q?.normalName ?? ''}`;
    });
}

describe('sticky task queues over raw gRPC', function () {
  this.timeout(60_000);
  let server: RewindServer;
  let raw: RawGrpc;

  before(async function () {
    server = await RewindServer.start({ db: path.join(tempDir('rewind-sticky-raw-'), 'rewind.db'), port: 0, log: silentLogger });
    raw = new RawGrpc(server.address);
  });
  after(async function () {
    raw.close();
    await server.close();
  });

  const poll = (sticky: boolean): Promise<PollResponse> =>
    ok(
      raw.send(
        'PollWorkflowTaskQueue',
        req(ws.PollWorkflowTaskQueueRequest, {
          namespace: 'default',
          identity: 'raw-worker-1',
          taskQueue: sticky
            ? { name: STICKY, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_STICKY, normalName: QUEUE }
            : { name: QUEUE, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        }),
        ws.PollWorkflowTaskQueueResponse,
        20_000,
      ),
    );

  /** Completes a task with no commands, asking for stickiness (a 1 s sticky schedule-to-start timeout) or not. */
  const complete = (task: PollResponse, sticky: boolean): Promise<unknown> =>
    ok(
      raw.send(
        'RespondWorkflowTaskCompleted',
        req(ws.RespondWorkflowTaskCompletedRequest, {
          namespace: 'default',
          taskToken: task.taskToken,
          identity: 'raw-worker-1',
          commands: [],
          ...(sticky
            ? {
                stickyAttributes: {
                  workerTaskQueue: { name: STICKY, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_STICKY, normalName: QUEUE },
                  scheduleToStartTimeout: { seconds: Long.fromNumber(1) },
                },
              }
            : {}),
        }),
        ws.RespondWorkflowTaskCompletedResponse,
      ),
    );

  const signal = (workflowId: string): Promise<unknown> =>
    ok(
      raw.send(
        'SignalWorkflowExecution',
        req(ws.SignalWorkflowExecutionRequest, {
          namespace: 'default',
          workflowExecution: { workflowId },
          signalName: 'go',
          identity: 'test',
          requestId: randomUUID(),
        }),
        ws.SignalWorkflowExecutionResponse,
      ),
    );

  const ids = (task: PollResponse): number[] => (task.history?.events ?? []).map((e) => num(e.eventId));
  const types = (task: PollResponse): (temporal.api.enums.v1.EventType | null | undefined)[] =>
    (task.history?.events ?? []).map((e) => e.eventType);

  it('sends the next task to the sticky queue with the events since the last task, and falls back on the timeout', async function () {
    const workflowId = `sticky-raw-${randomUUID()}`;
    await ok(startRaw(raw, workflowId, QUEUE));
    const first = await poll(false);
    assert.deepEqual(ids(first), [1, 2, 3]);
    await complete(first, true);

    // The sticky queue gets the next task, with only the events after the last completed task's start.
    const stickyPoll = poll(true);
    await signal(workflowId);
    const second = await stickyPoll;
    assert.equal(num(second.previousStartedEventId), 3);
    assert.deepEqual(ids(second), [4, 5, 6, 7]);
    assert.equal(num(second.startedEventId), 7);
    // As Temporal's server: a task scheduled for the sticky queue names it, with the normal queue beside it.
    assert.deepEqual(scheduledQueues(second), [`${STICKY} STICKY ${QUEUE}`]);
    await complete(second, true);

    // Nobody polls the sticky queue: after its 1 s timeout the task goes to the normal queue, whole.
    const before = { ...server.service.workers.workflowTasksOut };
    await signal(workflowId);
    const third = await poll(false);
    const timedOut = (third.history?.events ?? []).find((e) => e.eventType === enums.EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
    assert.ok(timedOut, `a WorkflowTaskTimedOut before the task on the normal queue; got ${types(third).join(', ')}`);
    assert.equal(timedOut.workflowTaskTimedOutEventAttributes?.timeoutType, enums.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START);
    assert.equal(num(timedOut.workflowTaskTimedOutEventAttributes?.startedEventId), 0);
    assert.equal(ids(third)[0], 1, 'the whole history');
    assert.equal(ids(third).at(-1), num(third.startedEventId));
    assert.equal(server.service.workers.workflowTasksOut.full, before.full + 1);
    assert.equal(server.service.workers.workflowTasksOut.partial, before.partial);
    // The timed-out task had gone to the sticky queue; the one after it to the normal queue.
    assert.deepEqual(scheduledQueues(third).slice(-2), [`${STICKY} STICKY ${QUEUE}`, `${QUEUE} NORMAL `]);
    await complete(third, true);

    // ResetStickyTaskQueue: the next task goes to the normal queue at once, whole, with no timeout.
    await ok(
      raw.send(
        'ResetStickyTaskQueue',
        req(ws.ResetStickyTaskQueueRequest, { namespace: 'default', execution: { workflowId } }),
        ws.ResetStickyTaskQueueResponse,
      ),
    );
    const normalPoll = poll(false);
    await signal(workflowId);
    const fourth = await normalPoll;
    assert.equal(ids(fourth)[0], 1);
    assert.equal(scheduledQueues(fourth).at(-1), `${QUEUE} NORMAL `, 'after ResetStickyTaskQueue, the normal queue');
    const timeouts = types(fourth).filter((t) => t === enums.EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
    assert.equal(timeouts.length, 1, 'only the earlier sticky timeout');
    await complete(fourth, true);

    // ShutdownWorker naming the sticky queue: its poll answers empty, and the next task goes to the normal queue whole.
    const waiting = poll(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await ok(
      raw.send(
        'ShutdownWorker',
        req(ws.ShutdownWorkerRequest, { namespace: 'default', identity: 'another-identity', stickyTaskQueue: STICKY }),
        ws.ShutdownWorkerResponse,
      ),
    );
    assert.equal((await waiting).taskToken?.length ?? 0, 0, 'the sticky poll answers empty');
    const normalAgain = poll(false);
    await signal(workflowId);
    const fifth = await normalAgain;
    assert.equal(ids(fifth)[0], 1);
    assert.equal(types(fifth).filter((t) => t === enums.EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT).length, 1);
  });

  it('answers a sticky poll without the normal queue name, and ResetStickyTaskQueue of an unknown workflow, with a clear error', async function () {
    const noNormal = await raw.send(
      'PollWorkflowTaskQueue',
      req(ws.PollWorkflowTaskQueueRequest, {
        namespace: 'default',
        identity: 'raw-worker-2',
        taskQueue: { name: 'x-sticky', kind: enums.TaskQueueKind.TASK_QUEUE_KIND_STICKY },
      }),
      ws.PollWorkflowTaskQueueResponse,
    );
    assert.ok(!noNormal.ok);
    assert.equal(noNormal.status, 'INVALID_ARGUMENT');
    assert.match(noNormal.details, /normalName/);
    const unknown = await raw.send(
      'ResetStickyTaskQueue',
      req(ws.ResetStickyTaskQueueRequest, { namespace: 'default', execution: { workflowId: 'no-such-workflow' } }),
      ws.ResetStickyTaskQueueResponse,
    );
    assert.ok(!unknown.ok);
    assert.equal(unknown.status, 'NOT_FOUND');
  });
});
