// A raw gRPC caller of Temporal's WorkflowService (or another of its services) for tests: any bytes (protobuf or not) to any method,
// the answer as a gRPC status (code, details, trailers) or the response bytes; no SDK in between, so a
// test can send what no SDK would.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';

const SERVICE = 'temporal.api.workflowservice.v1.WorkflowService';
export const ws = temporal.api.workflowservice.v1;

export type RawAnswer =
  { ok: true; bytes: Buffer } | { ok: false; code: grpc.status; status: string; details: string; metadata: grpc.Metadata };

/** A message class of @temporalio/proto. */
export interface MessageClass<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
}

export class RawGrpc {
  private readonly client: grpc.Client;

  /** `options`: grpc-js channel options, e.g. `grpc.default_compression_algorithm` to send compressed requests. */
  constructor(address: string, options: grpc.ChannelOptions = {}) {
    this.client = new grpc.Client(address, grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': -1, ...options });
  }

  /** `bytes` to `method` of `service` (its full name), answered within `timeoutMs` (a hang is DEADLINE_EXCEEDED). */
  call(method: string, bytes: Uint8Array, timeoutMs = 5_000, service = SERVICE): Promise<RawAnswer> {
    return new Promise((resolve) => {
      this.client.makeUnaryRequest(
        `/${service}/${method}`,
        (b: Uint8Array) => Buffer.from(b),
        (b: Buffer) => b,
        bytes,
        new grpc.Metadata(),
        { deadline: Date.now() + timeoutMs },
        (err, value) => {
          if (err) {
            resolve({ ok: false, code: err.code, status: grpc.status[err.code], details: err.details, metadata: err.metadata });
          } else resolve({ ok: true, bytes: value ?? Buffer.alloc(0) });
        },
      );
    });
  }

  /** A request message to `method`, and its response decoded (or the status it failed with). */
  async send<Req, Res>(
    method: string,
    request: { cls: MessageClass<Req>; message: Req },
    response: MessageClass<Res>,
    timeoutMs?: number,
  ): Promise<{ ok: true; response: Res } | Extract<RawAnswer, { ok: false }>> {
    const answer = await this.call(method, request.cls.encode(request.message).finish(), timeoutMs);
    return answer.ok ? { ok: true, response: response.decode(answer.bytes) } : answer;
  }

  close(): void {
    this.client.close();
  }
}

/** A request of a class, for RawGrpc.send. */
export const req = <T>(cls: MessageClass<T>, message: T): { cls: MessageClass<T>; message: T } => ({ cls, message });

/** The response of a call that must succeed (a failed one fails the test with its status and details). */
export async function ok<T>(answer: Promise<{ ok: true; response: T } | Extract<RawAnswer, { ok: false }>>): Promise<T> {
  const a = await answer;
  if (!a.ok) throw new Error(`${a.status}: ${a.details}`);
  return a.response;
}

/**
 * Temporal's PollWorkflowExecutionUpdate at ADMITTED for an update a client is sending: asked again until
 * the client's call has reached the server (NOT_FOUND before).
 */
export async function pollAdmitted(
  raw: RawGrpc,
  workflowId: string,
  updateId: string,
): Promise<temporal.api.workflowservice.v1.IPollWorkflowExecutionUpdateResponse> {
  let answer = await sendPoll(raw, workflowId, updateId);
  while (!answer.ok && answer.status === 'NOT_FOUND') answer = await sendPoll(raw, workflowId, updateId);
  if (!answer.ok) throw new Error(`PollWorkflowExecutionUpdate: ${answer.status}: ${answer.details}`);
  return answer.response;
}

function sendPoll(raw: RawGrpc, workflowId: string, updateId: string) {
  return raw.send(
    'PollWorkflowExecutionUpdate',
    req(ws.PollWorkflowExecutionUpdateRequest, {
      namespace: 'default',
      updateRef: { workflowExecution: { workflowId }, updateId },
      waitPolicy: {
        lifecycleStage: temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
      },
    }),
    ws.PollWorkflowExecutionUpdateResponse,
  );
}

/** StartWorkflowExecution of a workflow of type 'raw' (no worker knows it) on `taskQueue`, with `extra` fields. */
export function startRaw(
  raw: RawGrpc,
  workflowId: string,
  taskQueue: string,
  extra: temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest = {},
) {
  return raw.send(
    'StartWorkflowExecution',
    req(ws.StartWorkflowExecutionRequest, {
      namespace: 'default',
      workflowId,
      workflowType: { name: 'raw' },
      taskQueue: { name: taskQueue },
      requestId: randomUUID(),
      ...extra,
    }),
    ws.StartWorkflowExecutionResponse,
  );
}
