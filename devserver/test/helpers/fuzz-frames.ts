// The frames a fuzzer sends, each with the replies JSON-RPC 2.0 promises for it: one per request id,
// one with a null id per message that cannot be told apart (not JSON, not an object, a bad id), none
// for notifications and responses.
import { RawJson } from './hostile-values';

export type RequestId = number | string;

export interface Frame {
  text: string;
  /** Ids that must each get exactly one reply. */
  ids: RequestId[];
  /** How many replies with a null id it must get. */
  nullReplies: number;
}

/** One JSON-RPC message (a frame alone or an element of a batch) and what it must be answered with. */
export interface Message {
  value: unknown;
  ids: RequestId[];
  nullReplies: number;
}

/** JSON text of a value in which RawJson parts are spliced as they are. */
export function encode(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0000raw${raws.length - 1}\u0000`;
    }
    return v;
  });
  if (raws.length === 0) return text ?? 'null';
  return (text ?? 'null').replace(/"\\u0000raw(\d+)\\u0000"/g, (_m, i: string) => raws[Number(i)]!);
}

export function frameOf(message: Message): Frame {
  return { text: encode(message.value), ids: message.ids, nullReplies: message.nullReplies };
}

/** A batch: an array of messages in one frame (an empty one gets one error). */
export function batchOf(messages: readonly Message[]): Frame {
  if (messages.length === 0) return { text: '[]', ids: [], nullReplies: 1 };
  return {
    text: `[${messages.map((m) => encode(m.value)).join(',')}]`,
    ids: messages.flatMap((m) => m.ids),
    nullReplies: messages.reduce((n, m) => n + m.nullReplies, 0),
  };
}

/** Text that is not JSON, or JSON that is not an array (one error with a null id). */
export function textFrame(text: string): Frame {
  return { text, ids: [], nullReplies: 1 };
}

/** Ids for the requests of one run: numbers and strings, never reused. */
export class Ids {
  private n = 0;
  next(): RequestId {
    this.n++;
    return this.n % 7 === 0 ? `s-${this.n}` : this.n;
  }
}

export function request(ids: Ids, method: string, params: unknown): Message {
  const id = ids.next();
  return { value: { jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }, ids: [id], nullReplies: 0 };
}
