// Every method the gRPC frontend has built, by its name in Temporal's WorkflowService.
import type { RewindService } from '../service/rewind-service';
import type { GrpcMethod } from './methods/method';
import { systemMethods } from './methods/system-methods';

export type { GrpcCall, GrpcMethod } from './methods/method';
export type GrpcMethods = Partial<Record<string, GrpcMethod>>;

export function createMethods(service: RewindService): GrpcMethods {
  return { ...systemMethods(service) };
}
