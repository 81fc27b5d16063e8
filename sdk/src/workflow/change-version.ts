// The TemporalChangeVersion upsert that follows a patch's marker (sdk-core's CoreInternalFlags 2): the command, built as core builds it.
import type { Command } from '../protocol';
import { utf8Bytes } from '../protocol/utf8-bytes';

/** The search attribute (a system KeywordList) that lists the patches a run took. */
export const CHANGE_VERSION_ATTRIBUTE = 'TemporalChangeVersion';

/**
 * sdk-core's limit on the value (MAX_SEARCH_ATTR_PAYLOAD_SIZE, the server's default): when the list's JSON
 * would be as long or longer, core issues no upsert for the patch (the marker is still recorded).
 */
const MAX_VALUE_BYTES = 2048;

/** Orders as Rust orders strings (a BTreeSet of them): by code point, which is UTF-8's byte order. */
function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * The upsert core issues right after the marker of a patch: TemporalChangeVersion set to every patch whose
 * marker this run issued so far, this one included (`patchIds`), sorted; undefined when the value is too long.
 * Core does not add it to the attributes workflow code sees (workflowInfo().searchAttributes).
 */
export function changeVersionUpsert(patchIds: Iterable<string>): Extract<Command, { type: 'UpsertWorkflowSearchAttributes' }> | undefined {
  const ids = [...new Set(patchIds)].sort(byCodePoint);
  if (utf8Bytes(JSON.stringify(ids)) >= MAX_VALUE_BYTES) return undefined;
  return {
    type: 'UpsertWorkflowSearchAttributes',
    searchAttributes: { [CHANGE_VERSION_ATTRIBUTE]: ids },
    searchAttributeTypes: { [CHANGE_VERSION_ATTRIBUTE]: 'KeywordList' },
  };
}
