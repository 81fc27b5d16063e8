// Temporal's worker heartbeats (`temporal worker list / describe`): RecordWorkerHeartbeat from its SDK's
// workers (sent once a namespace says it takes them), ListWorkers, CountWorkers and DescribeWorker.
import * as grpc from '@grpc/grpc-js';
import type { RewindService } from '../../service/rewind-service';
import { RequestError } from '../grpc-errors';
import { long, temporal } from '../proto';
import { WorkerHeartbeats } from '../worker-heartbeats';
import { method, type GrpcMethod } from './method';

const ws = temporal.api.workflowservice.v1;
type Heartbeat = temporal.api.worker.v1.IWorkerHeartbeat;

/** A worker as ListWorkers gives it. */
function listInfo(h: Heartbeat): temporal.api.worker.v1.IWorkerListInfo {
  return {
    workerInstanceKey: h.workerInstanceKey,
    workerIdentity: h.workerIdentity,
    taskQueue: h.taskQueue,
    deploymentVersion: h.deploymentVersion,
    sdkName: h.sdkName,
    sdkVersion: h.sdkVersion,
    status: h.status,
    startTime: h.startTime,
    hostName: h.hostInfo?.hostName,
    workerGroupingKey: h.hostInfo?.workerGroupingKey,
    processId: h.hostInfo?.processId,
    plugins: h.plugins,
  };
}

/** Rewind lists every worker: a query is refused, saying so. */
function refuseQuery(query: string | null | undefined): void {
  if (query?.trim()) {
    throw new RequestError(
      grpc.status.INVALID_ARGUMENT,
      `query: Rewind lists workers without a query (it got "${query}"); leave it out and filter the list yourself.`,
    );
  }
}

export function workerMethods(service: RewindService): Record<string, GrpcMethod> {
  const heartbeats = new WorkerHeartbeats(() => service.ctx.clock.now());
  return {
    RecordWorkerHeartbeat: method(ws.RecordWorkerHeartbeatRequest, ws.RecordWorkerHeartbeatResponse, (req) => {
      heartbeats.record(req.namespace ?? '', req.workerHeartbeat);
      return {};
    }),

    ListWorkers: method(ws.ListWorkersRequest, ws.ListWorkersResponse, (req) => {
      refuseQuery(req.query);
      const all = heartbeats.list(req.namespace ?? '');
      const from = Number(Buffer.from(req.nextPageToken ?? new Uint8Array()).toString() || '0');
      const size = req.pageSize && req.pageSize > 0 ? req.pageSize : 1000;
      const page = all.slice(from, from + size);
      return {
        workers: page.map(listInfo),
        workersInfo: page.map((workerHeartbeat) => ({ workerHeartbeat })),
        ...(from + size < all.length ? { nextPageToken: Buffer.from(String(from + size)) } : {}),
      };
    }),

    CountWorkers: method(ws.CountWorkersRequest, ws.CountWorkersResponse, (req) => {
      refuseQuery(req.query);
      return { count: long(heartbeats.list(req.namespace ?? '').length) };
    }),

    DescribeWorker: method(ws.DescribeWorkerRequest, ws.DescribeWorkerResponse, (req) => {
      if (!req.workerInstanceKey) {
        throw new RequestError(
          grpc.status.INVALID_ARGUMENT,
          'workerInstanceKey: not set on request; ListWorkers gives each worker with its instance key.',
        );
      }
      const heartbeat = heartbeats.get(req.namespace ?? '', req.workerInstanceKey ?? '');
      if (!heartbeat) {
        throw new RequestError(
          grpc.status.NOT_FOUND,
          `No worker ${req.workerInstanceKey} has sent a heartbeat in the last 5 minutes; ListWorkers gives the ones that did.`,
        );
      }
      return { workerInfo: { workerHeartbeat: heartbeat } };
    }),
  };
}
