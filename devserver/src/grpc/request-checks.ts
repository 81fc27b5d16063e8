// What protobuf decoding lets through and no Temporal server takes: enum values this API does not have,
// negative or malformed durations, messages nested past any real request. Checked on every decoded
// request by its message type (reflection), so each method's handler sees only well-formed values.
import { Enum, Type, type Field } from 'protobufjs';

/** Deeper than any request an SDK sends (a failure's cause chain is the deepest, tens of levels). */
export const MAX_NESTING = 100;
const DURATION = '.google.protobuf.Duration';
const MAX_NANOS = 999_999_999;

/** What is wrong with a decoded request, naming the field in Temporal's terms; undefined if nothing is. */
export function requestProblem(type: Type, message: object): string | undefined {
  return messageProblem(type, message as Record<string, unknown>, '', 0);
}

function messageProblem(type: Type, message: Record<string, unknown>, path: string, depth: number): string | undefined {
  if (depth > MAX_NESTING) return `${path}: messages nested more than ${MAX_NESTING} deep; no request needs that many levels.`;
  if (type.fullName === DURATION) return durationProblem(message, path);
  for (const field of type.fieldsArray) {
    const value = message[field.name];
    if (value === null || value === undefined) continue;
    const at = path ? `${path}.${field.name}` : field.name;
    const problem = fieldProblem(field, value, at, depth);
    if (problem) return problem;
  }
  return undefined;
}

function fieldProblem(field: Field, value: unknown, path: string, depth: number): string | undefined {
  const resolved = field.resolve().resolvedType;
  if (!resolved) return undefined;
  const each: [string, unknown][] = field.map
    ? Object.entries(value as Record<string, unknown>).map(([k, v]) => [`${path}[${JSON.stringify(k)}]`, v])
    : field.repeated
      ? (value as unknown[]).map((v, i) => [`${path}[${i}]`, v])
      : [[path, value]];
  for (const [at, v] of each) {
    const problem =
      resolved instanceof Enum
        ? enumProblem(resolved, v, at)
        : resolved instanceof Type && v !== null && typeof v === 'object'
          ? messageProblem(resolved, v as Record<string, unknown>, at, depth + 1)
          : undefined;
    if (problem) return problem;
  }
  return undefined;
}

function enumProblem(e: Enum, value: unknown, path: string): string | undefined {
  if (typeof value !== 'number' || Object.hasOwn(e.valuesById, value)) return undefined;
  const known = Object.keys(e.values).filter((n) => !n.endsWith('_UNSPECIFIED'));
  const shown = known.length > 6 ? `${known.slice(0, 6).join(', ')}, …` : known.join(', ');
  return `${path}: ${value} is not a value of ${e.fullName.slice(1)} (this server knows ${shown}).`;
}

function durationProblem(d: Record<string, unknown>, path: string): string | undefined {
  const seconds = Number(d.seconds ?? 0);
  const nanos = Number(d.nanos ?? 0);
  if (seconds < 0 || nanos < 0) {
    return `${path}: a negative duration (${seconds} s ${nanos} ns); a timeout or delay is positive, or 0 for none.`;
  }
  if (nanos > MAX_NANOS) return `${path}: nanos ${nanos} is more than a second; put whole seconds in seconds.`;
  return undefined;
}
