// Who polls a task queue, as Temporal's DescribeTaskQueue answers (`temporal task-queue describe`):
// the workers that take its workflow tasks, or its activity tasks, each by its identity.
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
      const activity = req.taskQueueType === enums.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY;
      const { pollers } = service.taskQueues.describe({ namespace: req.namespace ?? '', taskQueue: req.taskQueue?.name ?? '' });
      // A worker connected now polls; "last access" is now.
      const now = timestamp(service.ctx.clock.now());
      return {
        pollers: pollers
          .filter((p) => (activity ? p.capacity.activity + p.running.activity : p.capacity.workflow + p.running.workflow) > 0)
          .map((p) => ({ identity: p.identity ?? p.workerId, lastAccessTime: now, ratePerSecond: RATE_PER_SECOND })),
      };
    }),
  };
}
