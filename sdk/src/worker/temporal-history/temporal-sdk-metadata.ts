// A Temporal WorkflowTaskCompleted's sdkMetadata (WorkflowTaskCompletedMetadata: lang and core flags,
// SDK name and version), with the build id of the worker that completed the task, as Rewind's SdkMetadata: the replay follows the flags it names (workflow/flags.ts).
import { ValueError } from '../../common/errors';
import type { SdkMetadata } from '../../protocol';
import type { Fields } from './temporal-json';

function flags(m: Fields, key: string, where: string): number[] | undefined {
  const v = m.raw(key);
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((f) => typeof f !== 'number' || !Number.isInteger(f) || f < 0)) {
    throw new ValueError(`Temporal history: ${where}.sdkMetadata.${key} should be a list of flag numbers, got ${JSON.stringify(v)}.`);
  }
  return v.length > 0 ? (v as number[]) : undefined;
}

/** The build id a task's completion names: its workerVersion's, or (older servers) its binaryChecksum. */
function buildIdOf(a: Fields): string | undefined {
  const versioned = a.has('workerVersion') ? a.child('workerVersion').optStr('buildId') : undefined;
  return versioned || a.optStr('binaryChecksum') || undefined;
}

/** The metadata of a task's completion, if it recorded any (its build id included). */
export function sdkMetadataOf(a: Fields, where: string): SdkMetadata | undefined {
  const buildId = buildIdOf(a);
  if (!a.has('sdkMetadata')) return buildId ? { buildId } : undefined;
  const m = a.child('sdkMetadata');
  const out: SdkMetadata = buildId ? { buildId } : {};
  const core = flags(m, 'coreUsedFlags', where);
  const lang = flags(m, 'langUsedFlags', where);
  if (core) out.coreUsedFlags = core;
  if (lang) out.langUsedFlags = lang;
  if (m.optStr('sdkName')) out.sdkName = m.str('sdkName');
  if (m.optStr('sdkVersion')) out.sdkVersion = m.str('sdkVersion');
  return Object.keys(out).length > 0 ? out : undefined;
}
