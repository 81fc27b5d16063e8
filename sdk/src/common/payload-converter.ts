// Temporal's default payload converter, for interceptors and workflow code that build or read a header:
// undefined as binary/null, a Uint8Array as binary/plain, anything else as json/plain. Rewind's own
// arguments and results do not pass here (they travel as JSON values); a header made here travels byte
// for byte (payload-message.ts).
import { ValueError } from './errors';
import type { Payload } from './payload-message';
import { textUtf8, utf8Text } from './base64-utf8';

const ENCODING = 'encoding';

/** One encoding of a composite converter (Temporal's `PayloadConverterWithEncoding`). */
export interface PayloadConverterWithEncoding {
  /** The payload of `value`, or undefined if this encoding does not take it. */
  toPayload<T>(value: T): Payload | undefined;
  fromPayload<T>(payload: Payload): T;
  /** The `encoding` metadata it writes and reads. */
  readonly encodingType: string;
}

/** The text of UTF-8 bytes, refusing bytes that are not UTF-8. */
function decode(bytes: Uint8Array, what: string): string {
  const text = utf8Text(bytes);
  if (text === undefined) throw new ValueError(`The ${what} of the payload is not UTF-8 text.`);
  return text;
}

/** Whether the value is bytes (a Uint8Array of any realm: the sandbox's or the worker's). */
const isUint8Array = (value: unknown): value is Uint8Array => Object.prototype.toString.call(value) === '[object Uint8Array]';

class UndefinedPayloadConverter implements PayloadConverterWithEncoding {
  readonly encodingType = 'binary/null';
  toPayload<T>(value: T): Payload | undefined {
    return value === undefined ? { metadata: { [ENCODING]: textUtf8(this.encodingType) } } : undefined;
  }
  fromPayload<T>(): T {
    return undefined as T;
  }
}

class BinaryPayloadConverter implements PayloadConverterWithEncoding {
  readonly encodingType = 'binary/plain';
  toPayload<T>(value: T): Payload | undefined {
    return isUint8Array(value) ? { metadata: { [ENCODING]: textUtf8(this.encodingType) }, data: value } : undefined;
  }
  fromPayload<T>(payload: Payload): T {
    const data = payload.data;
    // A Uint8Array of this realm (a Buffer, or one made in another realm, becomes a plain view of the same bytes).
    return (data ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : data) as T;
  }
}

class JsonPayloadConverter implements PayloadConverterWithEncoding {
  readonly encodingType = 'json/plain';
  toPayload<T>(value: T): Payload | undefined {
    if (value === undefined) return undefined;
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      return undefined;
    }
    if (json === undefined) return undefined;
    return { metadata: { [ENCODING]: textUtf8(this.encodingType) }, data: textUtf8(json) };
  }
  fromPayload<T>(payload: Payload): T {
    if (payload.data === undefined || payload.data === null) throw new ValueError('Got payload with no data');
    return JSON.parse(decode(payload.data, 'data')) as T;
  }
}

/**
 * Converters tried in order (Temporal's `CompositePayloadConverter`): a value goes to the first that takes
 * it; a payload to the one of its `encoding`.
 */
class CompositePayloadConverter {
  readonly converters: PayloadConverterWithEncoding[];
  readonly converterByEncoding = new Map<string, PayloadConverterWithEncoding>();

  constructor(...converters: PayloadConverterWithEncoding[]) {
    this.converters = converters;
    for (const c of converters) this.converterByEncoding.set(c.encodingType, c);
  }

  /**
   * The payload of a value.
   *
   * @throws ValueError if no converter takes it (a function, a BigInt, a cycle).
   */
  toPayload<T>(value: T): Payload {
    for (const c of this.converters) {
      const payload = c.toPayload(value);
      if (payload !== undefined) return payload;
    }
    throw new ValueError(`Unable to convert ${String(value)} to payload`);
  }

  /**
   * The value of a payload, by its `encoding` metadata.
   *
   * @throws ValueError if it has no metadata or an encoding no converter reads.
   */
  fromPayload<T>(payload: Payload): T {
    if (payload.metadata === undefined || payload.metadata === null) throw new ValueError('Missing payload metadata');
    const bytes = payload.metadata[ENCODING];
    const encoding = bytes ? decode(bytes, 'encoding') : '';
    const converter = this.converterByEncoding.get(encoding);
    if (converter === undefined) {
      throw new ValueError(
        `Unknown encoding: ${encoding} (the default converter reads ${[...this.converterByEncoding.keys()].join(', ')})`,
      );
    }
    return converter.fromPayload(payload);
  }
}

/**
 * Temporal's default payload converter (`DefaultPayloadConverter`): undefined as binary/null, a
 * Uint8Array as binary/plain, any other value as json/plain (JSON.stringify), and back. Use it to make and
 * read header values in interceptors; works in workflow code and in the worker.
 */
export const defaultPayloadConverter = new CompositePayloadConverter(
  new UndefinedPayloadConverter(),
  new BinaryPayloadConverter(),
  new JsonPayloadConverter(),
);
