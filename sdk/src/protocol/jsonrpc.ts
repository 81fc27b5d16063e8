// JSON-RPC 2.0 framing: the shapes of messages and the parsing of one incoming WebSocket frame.
// A frame is one message or a batch (an array); a batch lets a busy peer send many in one frame.
import type { ErrorData } from './messages';
import { utf8Bytes } from './utf8-bytes';

export type RequestId = number | string;

export interface RpcRequest {
  jsonrpc: '2.0';
  id: RequestId;
  method: string;
  params?: unknown;
}

export interface RpcNotification {
  jsonrpc: '2.0';
  method: string;
  params?: unknown;
}

export interface RpcErrorObject {
  code: number;
  message: string;
  data?: ErrorData;
}

export type RpcResponse =
  { jsonrpc: '2.0'; id: RequestId; result: unknown } | { jsonrpc: '2.0'; id: RequestId | null; error: RpcErrorObject };

export type RpcMessage = RpcRequest | RpcNotification | RpcResponse;

export type ParsedFrame = { ok: true; messages: unknown[]; batch: boolean } | { ok: false; error: string };

/** Splits one frame into messages; does not validate them (see `classify`). */
export function parseFrame(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `the message is not JSON (${(err as Error).message})` };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return { ok: false, error: 'the batch is empty' };
    return { ok: true, messages: value, batch: true };
  }
  return { ok: true, messages: [value], batch: false };
}

export type Classified =
  | { kind: 'request'; message: RpcRequest }
  | { kind: 'notification'; message: RpcNotification }
  | { kind: 'response'; message: RpcResponse }
  | { kind: 'invalid'; id: RequestId | null; error: string };

function isId(value: unknown): value is RequestId {
  return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length <= 200);
}

/** Tells what one message is, or why it is not a JSON-RPC 2.0 message. */
export function classify(value: unknown): Classified {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', id: null, error: 'a JSON-RPC message must be an object' };
  }
  const m = value as Record<string, unknown>;
  const id = isId(m.id) ? m.id : null;
  if (m.jsonrpc !== '2.0') return { kind: 'invalid', id, error: 'the message must have "jsonrpc": "2.0"' };
  if (typeof m.method === 'string') {
    if (m.method.length === 0 || m.method.length > 200) return { kind: 'invalid', id, error: 'the method name is empty or too long' };
    if (m.id === undefined) return { kind: 'notification', message: m as unknown as RpcNotification };
    if (!isId(m.id)) return { kind: 'invalid', id: null, error: 'the id must be a number or a string' };
    return { kind: 'request', message: m as unknown as RpcRequest };
  }
  if ('result' in m || 'error' in m) {
    if (m.id !== null && !isId(m.id)) return { kind: 'invalid', id: null, error: 'the response id must be a number or a string' };
    return { kind: 'response', message: m as unknown as RpcResponse };
  }
  return { kind: 'invalid', id, error: 'the message has neither a method nor a result' };
}

/**
 * Groups serialised messages into frames (a lone message, or a batch array) of at most `maxBytes`
 * UTF-8 bytes each. A message longer than that on its own still gets a frame (the caller checks sizes).
 */
export function packFrames(messages: readonly string[], maxBytes: number): string[] {
  const frames: string[] = [];
  let batch: string[] = [];
  let size = 2;
  const close = (): void => {
    if (batch.length === 1) frames.push(batch[0]!);
    else if (batch.length > 1) frames.push(`[${batch.join(',')}]`);
    batch = [];
    size = 2;
  };
  for (const m of messages) {
    const bytes = utf8Bytes(m);
    if (batch.length > 0 && size + bytes + 1 > maxBytes) close();
    batch.push(m);
    size += bytes + 1;
  }
  close();
  return frames;
}
