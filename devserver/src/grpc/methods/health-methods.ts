// gRPC's standard health check (grpc.health.v1.Health/Check), as Temporal's frontend answers it: SERVING for
// the server as a whole ('') and for each service it serves; an unknown service is NOT_FOUND. Watch (a
// stream) is not served: grpc-js answers it UNIMPLEMENTED.
import * as grpc from '@grpc/grpc-js';
import { grpc as grpcProto } from '@temporalio/proto';
import { RequestError } from '../grpc-errors';
import { method, type GrpcMethod } from './method';

export const HEALTH_SERVICE = 'grpc.health.v1.Health';

const health = grpcProto.health.v1;

export function healthMethods(served: readonly string[]): Record<string, GrpcMethod> {
  const known = new Set(['', ...served]);
  return {
    Check: method(health.HealthCheckRequest, health.HealthCheckResponse, (request) => {
      const name = request.service ?? '';
      if (!known.has(name)) {
        throw new RequestError(grpc.status.NOT_FOUND, `Unknown service '${name}': this server serves ${served.join(', ')}.`);
      }
      return { status: health.HealthCheckResponse.ServingStatus.SERVING };
    }),
  };
}
