// The exception shown where replay stops: a non-determinism (both sides, the line, what to do), the
// code throwing, or an event breakpoint's event (an activity's failure, a signal…).
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { NonDeterminism, PositionView, StopKind } from '@rewind/sdk/internal/debug/types';
import { stopLabel } from './stop-filters';

type ExceptionBody = DebugProtocol.ExceptionInfoResponse['body'];

function failureOf(view: PositionView): { message?: string; stackTrace?: string } | undefined {
  const f = view.event.attributes.failure;
  return f && typeof f === 'object' ? (f as { message?: string; stackTrace?: string }) : undefined;
}

export function describeNonDeterminism(nd: NonDeterminism): string {
  const lines = [
    nd.message,
    '',
    `History holds: ${nd.history?.description ?? 'nothing (the code issued a command history has no event for)'}`,
    `The code issued: ${nd.code?.description ?? 'nothing (history has an event the code no longer makes)'}`,
  ];
  if (nd.location) lines.push(`At: ${nd.location.file}:${nd.location.line}`);
  // The worker's message says what to do already (the replay's own), so the advice is added only if it does not.
  if (!nd.message.includes(nd.advice)) lines.push('', nd.advice);
  return lines.join('\n');
}

/** The exception at the position, for the stop kinds the session stopped for (an empty list: none). */
export function exceptionInfo(view: PositionView, kinds: readonly StopKind[]): ExceptionBody {
  if (view.nonDeterminism) {
    const nd = view.nonDeterminism;
    return {
      exceptionId: 'nonDeterminism',
      description: describeNonDeterminism(nd),
      breakMode: 'always',
      details: {
        message: nd.message,
        typeName: 'DeterminismViolationError',
        ...(nd.location
          ? {
              stackTrace: `    at ${nd.location.functionName ?? '<workflow>'} (${nd.location.file}:${nd.location.line}:${nd.location.column})`,
            }
          : {}),
      },
    };
  }
  if (view.codeError) {
    return {
      exceptionId: 'codeError',
      description: `The workflow code threw while replaying a workflow task that had completed: ${view.codeError.message}`,
      breakMode: 'always',
      details: { message: view.codeError.message, ...(view.codeError.stack ? { stackTrace: view.codeError.stack } : {}) },
    };
  }
  const failure = failureOf(view);
  const label = kinds.map(stopLabel).join(', ') || view.event.type;
  return {
    exceptionId: kinds[0] ?? 'event',
    description: `${label}: ${view.event.summary}${failure?.message ? ` — ${failure.message}` : ''}`,
    breakMode: 'userUnhandled',
    ...(failure ? { details: { message: failure.message ?? '', ...(failure.stackTrace ? { stackTrace: failure.stackTrace } : {}) } } : {}),
  };
}
