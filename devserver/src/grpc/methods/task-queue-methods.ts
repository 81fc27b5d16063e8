// Who polls a task queue, as Temporal's DescribeTaskQueue answers (`temporal task-queue describe`):
// the workers that take its workflow tasks, or its activity tasks, each by its identity, with its last poll.
import * as grpc from '@grpc/grpc-js';
import type { RewindService } from '../../service/rewind-service';
import { RequestError } from '../grpc-errors';
import { temporal, timestamp } from '../proto';
import { method, type GrpcMethod } from './method';

const ws = temporal.api.workflowservice.v1;
const enums = temporal.api.enums.v1;
/** Temporal's default rate limit of a poller (it reports this when none was set). */
const RATE_PER_SECOND = 100_000;

export function taskQueueMethods(service: RewindService): Record<string, GrpcMethod> {
  return {
    DescribeTaskQueue: method(ws.DescribeTaskQueueRequest, ws.DescribeTaskQueueResponse, (req) => {
      // Temporal's frontend: "taskQueue is not set".
      if (!req.taskQueue?.name)
        throw new RequestError(grpc.status.INVALID_ARGUMENT, 'taskQueue.name: not set on request; name the task queue to describe.');
      const kind = req.taskQueueType === enums.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY ? 'activity' : 'workflow';
      const { pollers } = service.taskQueues.describe({ namespace: req.namespace ?? '', taskQueue: req.taskQueue?.name ?? '' });
      const now = service.ctx.clock.now();
      const out: temporal.api.taskqueue.v1.IPollerInfo[] = [];
      for (const p of pollers) {
        // A Temporal worker: listed for 5 minutes after its last poll of this kind, with that poll's time.
        // A Rewind worker takes its tasks on its connection, always ready while connected: its last access is now.
        const at = p.lastPollAt ? p.lastPollAt[kind] : p.capacity[kind] + p.running[kind] > 0 ? now : undefined;
        if (at === undefined) continue;
        out.push({ identity: p.identity ?? p.workerId, lastAccessTime: timestamp(at), ratePerSecond: RATE_PER_SECOND });
      }
      return { pollers: out };
    }),
  };
}
