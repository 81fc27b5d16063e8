// Every method the gRPC frontend has built, by its name in Temporal's WorkflowService.
import type { RewindService } from '../service/rewind-service';
import { activityMethods } from './methods/activity-methods';
import type { GrpcMethod } from './methods/method';
import { multiOperationMethods } from './methods/multi-operation-methods';
import { queryMethods } from './methods/query-methods';
import { resetDeleteMethods } from './methods/reset-delete-methods';
import { scheduleMethods } from './methods/schedule-methods';
import { searchAttributeMethods } from './methods/search-attribute-methods';
import { systemMethods } from './methods/system-methods';
import { taskMethods } from './methods/task-methods';
import { taskQueueMethods } from './methods/task-queue-methods';
import { updateMethods } from './methods/update-methods';
import { visibilityMethods } from './methods/visibility-methods';
import { workerMethods } from './methods/worker-methods';
import { workflowMethods } from './methods/workflow-methods';

export type { GrpcCall, GrpcMethod } from './methods/method';
export type GrpcMethods = Partial<Record<string, GrpcMethod>>;

export function createMethods(service: RewindService): GrpcMethods {
  return {
    ...systemMethods(service),
    ...workflowMethods(service),
    ...visibilityMethods(service),
    ...queryMethods(service),
    ...taskMethods(service),
    ...updateMethods(service),
    ...multiOperationMethods(service),
    ...activityMethods(service),
    ...resetDeleteMethods(service),
    ...taskQueueMethods(service),
    ...workerMethods(service),
    ...scheduleMethods(service),
    ...searchAttributeMethods(service),
  };
}
