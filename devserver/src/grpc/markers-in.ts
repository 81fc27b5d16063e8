// A Temporal worker's marker (RecordMarker: patches, local activities, side effects) as Rewind's: its
// details in the shape Rewind's replayer reads — converted as for a Temporal history file, so that the
// debugger replays the run — and as the worker wrote them, which is what it reads back.
import type { CommandOf, Payload } from '@rewind/sdk/protocol';
import { markerDetails } from '@rewind/sdk/internal/worker/temporal-history/temporal-markers';
import { Fields } from '@rewind/sdk/internal/worker/temporal-history/temporal-json';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { failureIn } from './failures';
import { headerIn } from './headers';
import { payloadsIn } from './payloads';
import type { temporal } from './proto';

export function markerIn(m: temporal.api.command.v1.IRecordMarkerCommandAttributes): CommandOf<'RecordMarker'> {
  const markerName = m.markerName ?? '';
  const raw = m.details ?? {};
  const temporalDetails: Record<string, Payload[]> = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, payloadsIn(v)]));
  // The proto3 JSON form that the history-file reader takes.
  const json = {
    details: Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [
        k,
        {
          payloads: (v.payloads ?? []).map((p) => ({
            metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([mk, mv]) => [mk, Buffer.from(mv).toString('base64')])),
            data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
          })),
        },
      ]),
    ),
  };
  let details: Record<string, Payload>;
  try {
    details = markerDetails(markerName, Fields.of(json, `marker ${markerName}`));
  } catch {
    // Not in a shape Rewind's replayer reads (a payload only the worker's codec decodes): the worker still gets it back.
    details = {};
  }
  return {
    type: 'RecordMarker',
    markerName,
    details,
    temporalDetails,
    ...definedFields({ failure: m.failure ? failureIn(m.failure) : undefined, header: headerIn(m.header) }),
  };
}
