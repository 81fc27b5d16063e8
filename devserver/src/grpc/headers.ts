// Temporal's Header and UserMetadata messages as Rewind's header and user metadata, and back: each
// payload byte for byte (payloads.ts). An empty or absent message is none, as in Temporal.
import type { Header, UserMetadata } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { payloadIn, payloadMapIn, payloadMapOut, payloadOut } from './payloads';
import type { temporal } from './proto';

type ProtoHeader = temporal.api.common.v1.IHeader;
type ProtoUserMetadata = temporal.api.sdk.v1.IUserMetadata;

export function headerIn(h: ProtoHeader | null | undefined): Header | undefined {
  return payloadMapIn(h?.fields);
}

export function headerOut(h: Header | undefined): ProtoHeader | undefined {
  return h ? { fields: payloadMapOut(h) ?? {} } : undefined;
}

export function userMetadataIn(m: ProtoUserMetadata | null | undefined): UserMetadata | undefined {
  if (!m?.summary && !m?.details) return undefined;
  return definedFields({
    summary: m.summary ? payloadIn(m.summary) : undefined,
    details: m.details ? payloadIn(m.details) : undefined,
  });
}

export function userMetadataOut(m: UserMetadata | undefined): ProtoUserMetadata | undefined {
  if (!m) return undefined;
  return definedFields({
    summary: m.summary !== undefined ? payloadOut(m.summary) : undefined,
    details: m.details !== undefined ? payloadOut(m.details) : undefined,
  });
}
