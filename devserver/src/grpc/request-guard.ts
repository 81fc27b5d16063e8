// What Temporal's frontend checks of every request before a method runs (its namespace validator
// interceptor), here for each decoded request by its message type: well-formed values (request-checks),
// a namespace that is set and exists, and a task token that is set, is one of this server's, of the
// right kind, and of a run in the request's namespace.
import * as grpc from '@grpc/grpc-js';
import type { Type } from 'protobufjs';
import { decodeTaskToken } from '../engine/task-token';
import type { RewindService } from '../service/rewind-service';
import { NamespaceNotFoundError, RequestError } from './grpc-errors';
import { requestProblem } from './request-checks';

type TokenKind = 'workflow' | 'activity' | 'query';

/** The kind of task each request with a token answers (by its message name). */
const TOKEN_KIND: Record<string, TokenKind> = {
  RespondWorkflowTaskCompletedRequest: 'workflow',
  RespondWorkflowTaskFailedRequest: 'workflow',
  RespondQueryTaskCompletedRequest: 'query',
  RespondActivityTaskCompletedRequest: 'activity',
  RespondActivityTaskFailedRequest: 'activity',
  RespondActivityTaskCanceledRequest: 'activity',
  RecordActivityTaskHeartbeatRequest: 'activity',
};

const QUERY_TOKEN = /^query:.{1,200}$/s;
const invalid = (message: string): RequestError => new RequestError(grpc.status.INVALID_ARGUMENT, message);

/** A check for the requests of one message type, throwing what is wrong with a request. */
export function requestGuard(service: RewindService, type: Type): (request: object) => void {
  const hasNamespace = Object.hasOwn(type.fields, 'namespace');
  const tokenKind = Object.hasOwn(type.fields, 'taskToken') ? TOKEN_KIND[type.name] : undefined;
  return (request) => {
    const problem = requestProblem(type, request);
    if (problem) throw invalid(problem);
    const fields = request as { namespace?: string | null; id?: string | null; taskToken?: Uint8Array | null };
    // DescribeNamespace may name its namespace by id (Rewind's ids are the names).
    const namespace = fields.namespace || (type.name === 'DescribeNamespaceRequest' ? fields.id : '') || '';
    if (hasNamespace) {
      if (!namespace)
        throw invalid(`namespace: not set on request; Temporal's clients and workers send their namespace option ('default' unless set).`);
      // RegisterNamespace names the namespace it makes.
      if (type.name !== 'RegisterNamespaceRequest' && !service.ctx.store.getNamespace(namespace))
        throw new NamespaceNotFoundError(namespace);
    }
    if (tokenKind) checkToken(service, tokenKind, fields.taskToken, namespace);
  };
}

/** A task token as one of this server's tokens of `kind` would be: set, readable, of a run here in the namespace. */
function checkToken(service: RewindService, kind: TokenKind, bytes: Uint8Array | null | undefined, namespace: string): void {
  if (!bytes || bytes.length === 0) throw invalid('taskToken: not set on request; send back the token that came with the polled task.');
  const text = Buffer.from(bytes).toString('utf8');
  const readable = Buffer.from(text, 'utf8').equals(Buffer.from(bytes));
  if (kind === 'query') {
    if (!readable || !QUERY_TOKEN.test(text)) throw invalid(notAToken(kind, bytes));
    return;
  }
  const token = readable ? decodeTaskToken(text) : undefined;
  if (!token) throw invalid(notAToken(kind, bytes));
  if (token.kind !== kind) throw invalid(`taskToken: the token of ${task(token.kind)}, not of ${task(kind)}.`);
  const run = service.ctx.runs.get(token.runId);
  if (!run) {
    throw new RequestError(
      grpc.status.NOT_FOUND,
      `taskToken: ${kind} task not found: its run ${token.runId} is not on this server (a token from another server, or a forged one); poll for a new task.`,
    );
  }
  if (run.namespace !== namespace) {
    throw invalid(
      `taskToken: the token is of a task in namespace ${run.namespace}, not ${namespace}; answer a task in the namespace it was polled from.`,
    );
  }
}

const task = (kind: TokenKind): string => (kind === 'activity' ? 'an activity task' : `a ${kind} task`);

function notAToken(kind: TokenKind, bytes: Uint8Array): string {
  return `taskToken: not the token of ${task(kind)} of this server (${bytes.length} bytes); send back the token as the poll gave it.`;
}
