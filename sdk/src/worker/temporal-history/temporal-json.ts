// Reads Temporal's proto3 JSON (as `temporal workflow show --output json` and the Web UI write it, or
// proto-history.ts makes of protobuf objects): int64 as strings, durations like "10s" (or `{ seconds, nanos }`),
// RFC 3339 timestamps (or `{ seconds, nanos }`), enum names with or without their
// prefix, base64 payloads. Pure: values in, Rewind values out; every error names the field.
import { ValueError } from '../../common/errors';
import type { JsonValue, Payload } from '../../protocol';
import { encodedPayload } from '../../protocol/payload';
import type { Payload as PayloadMessage } from '../../common/payload-message';

type ProtoObject = Record<string, unknown>;

function isObject(value: unknown): value is ProtoObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function got(value: unknown): string {
  if (value === undefined) return 'nothing';
  // Not JSON only if it is a function or a symbol: name which.
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A message of a Temporal history, read field by field; proto3 leaves default values out, so absent fields read as defaults. */
export class Fields {
  private constructor(
    private readonly obj: ProtoObject,
    /** Where this message is, for errors: `event 5 (ACTIVITY_TASK_SCHEDULED).activityType`. */
    readonly path: string,
  ) {}

  static of(value: unknown, path: string): Fields {
    if (value === undefined || value === null) return new Fields({}, path);
    if (!isObject(value)) throw new ValueError(`Temporal history: ${path} should be an object, got ${got(value)}.`);
    return new Fields(value, path);
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined && this.obj[key] !== null;
  }

  raw(key: string): unknown {
    return this.obj[key];
  }

  fail(key: string, expected: string): never {
    throw new ValueError(`Temporal history: ${this.path}.${key} should be ${expected}, got ${got(this.obj[key])}.`);
  }

  child(key: string): Fields {
    return Fields.of(this.obj[key], `${this.path}.${key}`);
  }

  str(key: string): string {
    const v = this.obj[key];
    if (v === undefined || v === null) return '';
    return typeof v === 'string' ? v : this.fail(key, 'a string');
  }

  /** A string that must not be empty (a name or an id). */
  name(key: string): string {
    return this.str(key) || this.fail(key, 'a non-empty string');
  }

  optStr(key: string): string | undefined {
    return this.str(key) || undefined;
  }

  /** The `name` of a nested `{ name }` message: WorkflowType, ActivityType, TaskQueue. */
  nameOf(key: string): string {
    return this.child(key).name('name');
  }

  /** An int64 (a string in proto3 JSON) or int32. */
  int(key: string): number {
    const v = this.obj[key];
    if (v === undefined || v === null) return 0;
    const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
    return typeof n === 'number' && Number.isSafeInteger(n) ? n : this.fail(key, 'an integer');
  }

  num(key: string): number {
    const v = this.obj[key];
    if (v === undefined || v === null) return 0;
    const n = typeof v === 'string' ? Number(v) : v;
    return typeof n === 'number' && Number.isFinite(n) ? n : this.fail(key, 'a number');
  }

  bool(key: string): boolean {
    const v = this.obj[key];
    if (v === undefined || v === null) return false;
    return typeof v === 'boolean' ? v : this.fail(key, 'true or false');
  }

  /** A google.protobuf.Duration in milliseconds; absent or zero (Temporal's "not set") gives undefined. */
  durationMs(key: string): number | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    let ms: number | undefined;
    if (typeof v === 'string') {
      const m = /^(-?\d+(?:\.\d+)?)s$/.exec(v);
      if (m) ms = Math.round(Number(m[1]) * 1000);
    } else if (isObject(v)) {
      ms = Number(v.seconds ?? 0) * 1000 + Math.round(Number(v.nanos ?? 0) / 1e6);
    }
    if (ms === undefined || !Number.isFinite(ms)) return this.fail(key, 'a duration like "10s"');
    return ms > 0 ? ms : undefined;
  }

  /** A google.protobuf.Timestamp (RFC 3339, or a `{ seconds, nanos }` object) as an ISO 8601 string with milliseconds. */
  time(key: string): string {
    const v = this.obj[key];
    if (isObject(v)) {
      const ms = Number(v.seconds ?? 0) * 1000 + Math.floor(Number(v.nanos ?? 0) / 1e6);
      return Number.isFinite(ms) ? new Date(ms).toISOString() : this.fail(key, 'a Timestamp { seconds, nanos }');
    }
    if (typeof v !== 'string') return this.fail(key, 'an RFC 3339 time like "2024-05-01T12:00:00.123Z"');
    // Temporal writes nanoseconds; Date takes at most milliseconds.
    const ms = Date.parse(v.replace(/(\.\d{3})\d+/, '$1'));
    return Number.isNaN(ms) ? this.fail(key, 'an RFC 3339 time like "2024-05-01T12:00:00.123Z"') : new Date(ms).toISOString();
  }

  /**
   * An enum value as Rewind spells it (`MAXIMUM_ATTEMPTS_REACHED`), from `RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED`
   * or the older `MaximumAttemptsReached`; undefined when absent or UNSPECIFIED.
   */
  enumName(key: string, prefix: string): string | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') return this.fail(key, `an enum name like "${prefix}..."`);
    const name = enumWords(v, prefix);
    return name === 'UNSPECIFIED' ? undefined : name;
  }

  /** An enum that must be one of `allowed`; `fallback` when absent. */
  enumOf<T extends string>(key: string, prefix: string, allowed: readonly T[], fallback: T): T {
    const name = this.enumName(key, prefix);
    if (name === undefined) return fallback;
    return (allowed as readonly string[]).includes(name) ? (name as T) : this.fail(key, `one of ${allowed.join(', ')}`);
  }

  /** A Payloads message (`{ payloads: [...] }`), decoded. */
  payloads(key: string): Payload[] {
    const list = this.child(key).raw('payloads');
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) return this.fail(key, 'a Payloads message { payloads: [...] }');
    return list.map((p, i) => decodePayloadValue(p, `${this.path}.${key}.payloads[${i}]`));
  }

  /** A Payloads message holding one value (a result). */
  payload(key: string): Payload {
    return this.payloads(key)[0];
  }

  optPayloads(key: string): Payload[] | undefined {
    return this.has(key) ? this.payloads(key) : undefined;
  }

  /** A map of single Payload messages (memo fields, search attributes), decoded. */
  payloadMap(key: string): Record<string, Payload> | undefined {
    if (!this.has(key)) return undefined;
    const map = this.child(key);
    const out: Record<string, Payload> = {};
    for (const k of Object.keys(map.obj)) out[k] = decodePayloadValue(map.obj[k], `${map.path}.${k}`);
    return out;
  }

  keys(): string[] {
    return Object.keys(this.obj);
  }
}

/** `RETRY_STATE_TIMEOUT` or `Timeout` or `TIMEOUT` → `TIMEOUT`. */
export function enumWords(value: string, prefix: string): string {
  if (value.startsWith(prefix)) return value.slice(prefix.length);
  if (/^[A-Z0-9_]+$/.test(value)) return value;
  return value.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

function fromBase64(text: unknown, path: string): Buffer {
  if (text === undefined || text === null) return Buffer.alloc(0);
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) {
    throw new ValueError(`Temporal history: ${path} should be base64 bytes, got ${got(text)}.`);
  }
  return Buffer.from(text, 'base64');
}

/** The metadata.encoding of a payload ('' if it has none). */
export function payloadEncoding(p: unknown, path: string): string {
  if (!isObject(p) || (!('metadata' in p) && !('data' in p))) {
    throw new ValueError(
      `Temporal history: ${path} is not a payload ({ metadata, data }) but ${got(p)}: a history downloaded from the ` +
        `Temporal Web UI as "Readable" has its payloads rewritten for reading and cannot be replayed. Download it as ` +
        `"Decoded" (or "Encoded" when no codec is used), or export it with \`temporal workflow show --output json\`.`,
    );
  }
  const metadata = Fields.of(Fields.of(p, path).raw('metadata'), `${path}.metadata`);
  return fromBase64(metadata.raw('encoding'), `${metadata.path}.encoding`).toString('utf8');
}

/** The raw bytes of a payload. */
export function payloadBytes(p: unknown, path: string): Buffer {
  return fromBase64(Fields.of(p, path).raw('data'), `${path}.data`);
}

/**
 * A Temporal Payload in a value's place (an argument, a result, a memo field) as a Rewind value: json/plain
 * is parsed, binary/null is undefined, and anything else (binary/protobuf, binary/encrypted, a codec's own
 * encoding) is kept byte for byte as an encoded payload. The history is not refused for it: replay refuses
 * the value only if the workflow code reads it (worker/workflows/decode-jobs.ts), naming its event.
 */
export function decodePayloadValue(p: unknown, path: string): Payload {
  const encoding = payloadEncoding(p, path);
  if (encoding === 'binary/null' || encoding === 'json/plain') return decodePayload(p, path);
  const fields = Fields.of(p, path);
  const metadata = Fields.of(fields.raw('metadata'), `${path}.metadata`);
  const meta: Record<string, string> = {};
  for (const k of metadata.keys()) meta[k] = fromBase64(metadata.raw(k), `${metadata.path}.${k}`).toString('base64');
  return encodedPayload({ metadata: meta, data: payloadBytes(p, path).toString('base64') });
}

/** A payload as Temporal's Payload message: its metadata and data as bytes, exactly as exported. */
export function payloadMessage(p: unknown, path: string): PayloadMessage {
  payloadEncoding(p, path);
  const metadata = Fields.of(Fields.of(p, path).raw('metadata'), `${path}.metadata`);
  const meta: Record<string, Uint8Array> = {};
  for (const k of metadata.keys()) meta[k] = fromBase64(metadata.raw(k), `${metadata.path}.${k}`);
  return { metadata: meta, data: payloadBytes(p, path) };
}

/**
 * A Temporal Payload as a Rewind value: json/plain is parsed, binary/null is undefined. Anything else
 * (binary/protobuf, binary/encrypted, a codec's own encoding) is refused: it needs the user's payload codec.
 * For what the history's reader itself reads (markers, failures); values use {@link decodePayloadValue}.
 */
export function decodePayload(p: unknown, path: string): Payload {
  const encoding = payloadEncoding(p, path);
  if (encoding === 'binary/null') return undefined;
  if (encoding === 'json/plain') {
    const text = payloadBytes(p, path).toString('utf8');
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      throw new ValueError(`Temporal history: ${path} says json/plain but its data is not JSON (${got(text)}).`);
    }
  }
  const what = encoding ? `encoding "${encoding}"` : 'no encoding in its metadata';
  throw new ValueError(
    `Temporal history: the payload at ${path} has ${what}; Rewind reads only json/plain and binary/null payloads. ` +
      `If your workers use a payload codec (encryption, compression) or protobuf payloads, export the history decoded ` +
      `(e.g. \`temporal workflow show --output json --codec-endpoint <your codec server>\`, or the Web UI with its codec server set) and load that file.`,
  );
}
