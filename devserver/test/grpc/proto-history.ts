// Test helpers: Temporal history messages through protobuf bytes and proto3 JSON (as `temporal workflow show --output json` writes it), and back into Rewind's events with Rewind's own reader of Temporal histories.
import assert from 'node:assert/strict';
import type { Type } from 'protobufjs';
import { toJson } from 'protobufjs/ext/protojson';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import { encodedPayloadOf } from '@rewind/sdk/protocol';
import { convertTemporalHistory } from '@rewind/sdk/internal/worker/temporal-history/temporal-history';
import { payloadIn } from '../../src/grpc/payloads';
import { temporal } from '../../src/grpc/proto';

const History = temporal.api.history.v1.History;
/** @temporalio/proto's classes are protobufjs reflection types at run time (verify and proto3 JSON need one). */
const HistoryType = History as unknown as Type;
type ProtoEvent = temporal.api.history.v1.IHistoryEvent;

/** Events through protobuf's wire format: they must verify, encode and decode. */
export function throughBytes(events: ProtoEvent[]): temporal.api.history.v1.History {
  const message = History.fromObject({ events });
  assert.equal(HistoryType.verify(message), null);
  return History.decode(History.encode(message).finish());
}

/** A decoded history as proto3 JSON. */
export function protoJson(history: temporal.api.history.v1.History): { events: Record<string, unknown>[] } {
  return toJson(HistoryType, history) as { events: Record<string, unknown>[] };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPayload(value: { [key: string]: Json }): boolean {
  const keys = Object.keys(value);
  return keys.includes('metadata') && keys.every((k) => k === 'metadata' || k === 'data');
}

/**
 * Rewind's reader takes json/plain and binary/null payloads only. Every payload that the gRPC frontend
 * keeps as an encoded payload (all but canonical json/plain, binary/null included) is handed to it as
 * json/plain holding that encoded payload's JSON, so that it reads back the value Rewind stored, and the
 * test proves its bytes survived. Search attribute values are left as
 * they are (their `type` metadata is not an encoding; the reader reads json/plain and ignores it).
 */
export function encodedAsJson(value: Json, key = ''): Json {
  if (Array.isArray(value)) return value.map((v) => encodedAsJson(v, key));
  if (typeof value !== 'object' || value === null || key === 'indexedFields') return value;
  if (isPayload(value)) {
    const metadata = (value.metadata ?? {}) as Record<string, string>;
    const inRewind = payloadIn({
      metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
      data: Buffer.from(typeof value.data === 'string' ? value.data : '', 'base64'),
    });
    if (!encodedPayloadOf(inRewind)) return value;
    return {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: Buffer.from(JSON.stringify(inRewind)).toString('base64'),
    };
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodedAsJson(v, k)]));
}

/** Temporal events as Rewind's, through bytes, proto3 JSON and Rewind's reader of Temporal histories. */
export function readBack(events: ProtoEvent[]): HistoryEvent[] {
  const json = encodedAsJson(protoJson(throughBytes(events)) as unknown as Json);
  return convertTemporalHistory(json).events;
}
