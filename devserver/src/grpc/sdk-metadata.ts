// What a Temporal worker records of itself on a workflow task's completion (its SDK's name and version,
// and the flags of the versioned behaviours it used), kept so that its replays behave as it did.
import type { SdkMetadata } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import type { temporal } from './proto';

type ProtoMetadata = temporal.api.sdk.v1.IWorkflowTaskCompletedMetadata;

export function sdkMetadataIn(m: ProtoMetadata | null | undefined): SdkMetadata | undefined {
  if (!m) return undefined;
  const metadata = definedFields({
    coreUsedFlags: m.coreUsedFlags?.length ? [...m.coreUsedFlags] : undefined,
    langUsedFlags: m.langUsedFlags?.length ? [...m.langUsedFlags] : undefined,
    sdkName: m.sdkName || undefined,
    sdkVersion: m.sdkVersion || undefined,
  });
  return Object.keys(metadata).length > 0 ? metadata : undefined;
}

export function sdkMetadataOut(m: SdkMetadata | undefined): ProtoMetadata | undefined {
  return m ? { ...m } : undefined;
}
