// One handler per request method: validate nothing here (the router did), call the service, shape the reply.
import { PROTOCOL_VERSION, type RequestMethod, type RequestParams, type RequestResult } from '@rewind/sdk/protocol';
import { EngineError } from '../engine/transition';
import type { RewindService } from '../service/rewind-service';
import { updateWithStart } from '../service/workflows/update-with-start';
import type { WorkerConnection } from '../service/matching/workers';
import { SERVER_VERSION } from '../version';

/** What a handler knows of the connection the request came on. */
export interface HandlerConnection extends WorkerConnection {
  /** Runs `fn` when the connection closes (to stop waiting for a result, say). */
  onClose(fn: () => void): void;
}

type Handler<M extends RequestMethod> = (conn: HandlerConnection, params: RequestParams<M>) => RequestResult<M> | Promise<RequestResult<M>>;

export type Handlers = { [M in RequestMethod]: Handler<M> };

/** A handler for a request whose reply carries nothing but "done". */
function done<P>(
  fn: (conn: HandlerConnection, params: P) => unknown,
): (conn: HandlerConnection, params: P) => Promise<Record<string, never>> {
  return async (conn, params) => {
    await fn(conn, params);
    return {};
  };
}

export function createHandlers(service: RewindService): Handlers {
  const { workflows, watching, workers, queries, updates, schedules, namespaces } = service;
  return {
    handshake: (_conn, p) => {
      if (p.protocolVersion !== PROTOCOL_VERSION) {
        throw new EngineError(
          'FAILED_PRECONDITION',
          `This server speaks protocol version ${PROTOCOL_VERSION}, the client ${p.protocolVersion}: use the same Rewind version for both.`,
        );
      }
      return {
        protocolVersion: PROTOCOL_VERSION,
        serverVersion: SERVER_VERSION,
        serverTime: new Date(service.ctx.clock.now()).toISOString(),
      };
    },
    'namespace.list': () => ({ namespaces: namespaces.list() }),
    'namespace.describe': (_conn, p) => namespaces.describe(p.namespace),
    'namespace.register': (_conn, p) => namespaces.register(p.namespace, { description: p.description }),
    'workflow.start': (_conn, p) => workflows.start(p),
    'workflow.signalWithStart': (_conn, p) => workflows.signalWithStart(p),
    'workflow.signal': (_conn, p) => workflows.signal(p),
    'workflow.query': (_conn, p) => queries.ask(workflows.find(p), p),
    'workflow.update': (conn, p) => updates.request(p, (stop) => conn.onClose(stop)),
    'workflow.updateWithStart': (conn, p) => updateWithStart(service, p, (stop) => conn.onClose(stop)),
    'workflow.cancel': (_conn, p) => workflows.cancel(p),
    'workflow.terminate': (_conn, p) => workflows.terminate(p),
    'workflow.describe': (_conn, p) => {
      const d = workflows.describe(p);
      const types = service.searchAttributes.typesFor(d.namespace, Object.keys(d.searchAttributes ?? {}));
      return types ? { ...d, searchAttributeTypes: types } : d;
    },
    'workflow.history': (_conn, p) => workflows.history(p),
    'workflow.result': (conn, p) => workflows.result(p, (stop) => conn.onClose(stop)),
    'workflow.list': (_conn, p) => workflows.list(p),
    'workflow.count': (_conn, p) => workflows.count(p),
    'workflow.pinBuild': done((_conn, p) => workflows.pinBuild(p)),
    'workflow.delete': done((_conn, p) => workflows.delete(p)),
    'workflow.watch': (conn, p) => watching.watch(p, conn.id, conn.notify, (stop) => conn.onClose(stop)),
    'workflow.unwatch': done((conn, p) => watching.unwatch(p, conn.id)),
    'workflow.reset': (_conn, p) => workflows.reset(p),
    'executions.watch': done((conn, p) => watching.watchExecutions(p, conn.id, conn.notify, (stop) => conn.onClose(stop))),
    'executions.unwatch': done((conn, p) => watching.unwatchExecutions(p, conn.id)),
    'taskQueue.describe': (_conn, p) => service.taskQueues.describe(p),
    'taskQueue.list': (_conn, p) => service.taskQueues.list(p),
    'taskQueue.setBuildRetired': done((_conn, p) => service.taskQueues.setBuildRetired(p)),
    'schedule.create': (_conn, p) => schedules.create(p),
    'schedule.update': (_conn, p) => schedules.update(p),
    'schedule.describe': (_conn, p) => schedules.describe(p),
    'schedule.list': (_conn, p) => schedules.list(p),
    'schedule.pause': (_conn, p) => schedules.pause(p),
    'schedule.unpause': (_conn, p) => schedules.unpause(p),
    'schedule.trigger': (_conn, p) => schedules.trigger(p),
    'schedule.delete': (_conn, p) => schedules.delete(p),
    'schedule.backfill': (_conn, p) => schedules.backfill(p),
    'schedule.matchingTimes': (_conn, p) => schedules.matchingTimes(p),
    'searchAttribute.add': (_conn, p) => service.searchAttributes.add(p),
    'searchAttribute.list': (_conn, p) => service.searchAttributes.list(p),
    'searchAttribute.remove': (_conn, p) => service.searchAttributes.remove(p),
    'worker.register': done((conn, p) => workers.register(conn, p)),
    'worker.unregister': done((conn, p) => workers.unregister(conn, p.workerId)),
    'workflowTask.complete': done((conn, p) => workers.completeWorkflowTask(conn, p)),
    'workflowTask.fail': done((conn, p) => workers.failWorkflowTask(conn, p)),
    'activityTask.complete': done((conn, p) => workers.completeActivity(conn, p)),
    'activityTask.fail': done((conn, p) => workers.failActivity(conn, p)),
    'activityTask.cancelled': done((conn, p) => workers.activityCancelled(conn, p)),
    'activityTask.heartbeat': (conn, p) => workers.heartbeat(conn, p),
    'queryTask.respond': done((conn, p) => queries.respond(conn, p)),
  };
}
