// Payloads and failures as text: one short line for lists and tooltips, or pretty-printed JSON for a
// details pane. Payloads are plain JSON on the wire (sdk/src/protocol/payload.ts); one that Temporal's SDK
// wrote in another encoding is decoded where Rewind can, or shown as what it is (displayJson).
import { displayJson } from '@rewind/sdk/internal/common/payload-display';
import type { Failure, Payload } from '@rewind/sdk/protocol';

/** A value on one line, cut to `max` characters with an ellipsis. */
export function briefValue(value: Payload | readonly Payload[], max = 80): string {
  const text = displayJson(value) ?? 'undefined';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Arguments as a call's argument list, on one line: `("Ada", 3)`. */
export function briefArgs(args: readonly Payload[] | undefined, max = 80): string {
  if (!args || args.length === 0) return '()';
  const inner = args.map((a) => displayJson(a) ?? 'undefined').join(', ');
  return inner.length + 2 > max ? `(${inner.slice(0, Math.max(0, max - 3))}…)` : `(${inner})`;
}

/** A value pretty-printed as JSON (two-space indent); `undefined` says so. */
export function prettyValue(value: Payload | readonly Payload[]): string {
  return displayJson(value, 2) ?? 'undefined (no value)';
}

/** A failure as the message, its kind, the stack and each cause below it. */
export function prettyFailure(failure: Failure): string {
  const lines: string[] = [];
  let f: Failure | undefined = failure;
  for (let depth = 0; f && depth < 20; depth++, f = f.cause) {
    const prefix = depth === 0 ? '' : 'Caused by: ';
    lines.push(`${prefix}${failureKind(f)}: ${f.message}`);
    const details = 'details' in f.info ? f.info.details : undefined;
    if (details && details.length > 0) lines.push(`  details: ${displayJson(details)}`);
    if (f.stackTrace) lines.push(...f.stackTrace.split('\n').filter((l) => /^\s+at /.test(l)));
  }
  return lines.join('\n');
}

/** A failure on one line: `ApplicationFailure Declined: card declined`. */
export function briefFailure(failure: Failure, max = 80): string {
  const text = `${failureKind(failure)}: ${failure.message}`;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function failureKind(f: Failure): string {
  switch (f.info.type) {
    case 'application':
      return f.info.errorType || 'Error';
    case 'activity':
      return `ActivityFailure (${f.info.activityType})`;
    case 'childWorkflow':
      return `ChildWorkflowFailure (${f.info.workflowType})`;
    case 'cancelled':
      return 'Cancelled';
    case 'terminated':
      return 'Terminated';
    case 'timeout':
      return `Timeout (${f.info.timeoutType})`;
    case 'server':
      return 'ServerFailure';
  }
}
