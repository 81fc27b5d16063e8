// The values of an activation's jobs decoded before they reach the workflow (common/payload-decoding.ts):
// what Temporal's SDK wrote as json/plain or binary/null becomes the plain value; a value in an encoding
// Rewind does not decode (binary/protobuf, a codec's) becomes its refusal, naming the value and its event,
// which the runtime raises only if the code reads the value (workflow/undecodable-values.ts): then the
// workflow task fails and the run waits for a worker that reads it. A value the code never reads (a
// result it ignores) refuses nothing. Failures keep their details as they are (failureToError decodes what it can).
import type { ActivationJob, ActivationJobType, ActivityResolution, Header, LocalActivityResolution, Payload } from '../../protocol';
import { decodePayload, decodePayloadOrRefusal } from '../../common/payload-decoding';

type JobOf<T extends ActivationJobType> = Extract<ActivationJob, { type: T }>;

/** Decoded json/plain is JSON: a payload again; a value Rewind cannot decode, its refusal. `at` names the event. */
const value = (p: Payload, what: string, at: string): Payload => decodePayloadOrRefusal(p, `${what}${at}`);
const values = (ps: readonly Payload[], what: string, at: string): Payload[] =>
  ps.map((p, i) => value(p, `argument ${i + 1} of ${what}`, at));

function resolved<R extends ActivityResolution | LocalActivityResolution>(r: R, what: string, at: string): R {
  return r.status === 'completed' && r.result !== undefined ? { ...r, result: value(r.result, what, at) } : r;
}

const same = <J>(job: J): J => job;

/** A header's values decoded where Rewind reads their encoding; the others stay as they are (an interceptor may not read them). */
function headersOf<J extends { headers?: Header }>(job: J): J {
  if (!job.headers) return job;
  const headers: Header = {};
  for (const [k, v] of Object.entries(job.headers)) {
    try {
      headers[k] = decodePayload(v, `header ${k}`) as Payload;
    } catch {
      headers[k] = v;
    }
  }
  return { ...job, headers };
}

const DECODE: { [T in ActivationJobType]: (job: JobOf<T>, at: string) => JobOf<T> } = {
  InitializeWorkflow: (job, at) => ({
    ...headersOf(job),
    args: values(job.args, `workflow ${job.info.workflowType}`, at),
    info: {
      ...job.info,
      ...(job.info.lastCompletionResult !== undefined
        ? { lastCompletionResult: value(job.info.lastCompletionResult, 'the last completion result', at) }
        : {}),
      ...(job.info.memo
        ? { memo: Object.fromEntries(Object.entries(job.info.memo).map(([k, v]) => [k, value(v, `the memo field ${k}`, at)])) }
        : {}),
    },
  }),
  NotifyHasPatch: same,
  UpdateRandomSeed: same,
  SignalWorkflow: (job, at) => ({ ...headersOf(job), args: values(job.args, `signal ${job.signalName}`, at) }),
  DoUpdate: (job, at) => ({ ...job, args: values(job.args, `update ${job.name}`, at) }),
  // Object.assign where a job is per activity: a literal that spreads, then adds a key, costs ~1 µs on Node 20.
  ResolveActivity: (job, at) => Object.assign({}, job, { resolution: resolved(job.resolution, `the result of activity ${job.seq}`, at) }),
  ResolveLocalActivity: (job, at) => ({ ...job, resolution: resolved(job.resolution, `the result of local activity ${job.seq}`, at) }),
  FireTimer: same,
  ResolveChildWorkflowExecutionStart: same,
  ResolveChildWorkflowExecution: (job, at) => ({
    ...job,
    resolution: resolved(job.resolution, `the result of child workflow ${job.seq}`, at),
  }),
  ResolveSignalExternalWorkflow: same,
  ResolveRequestCancelExternalWorkflow: same,
  CancelWorkflow: same,
};

/**
 * The jobs with their values decoded; a value in an encoding Rewind does not decode becomes its refusal
 * (raised by the runtime if the code reads it).
 *
 * @param eventIds the event of each job, in the same order, for the refusals to name (none for a live task's new jobs).
 */
export function decodeJobs(jobs: readonly ActivationJob[], eventIds?: readonly number[]): ActivationJob[] {
  return jobs.map((job, i) => {
    const eventId = eventIds?.[i];
    return (DECODE[job.type] as (j: ActivationJob, at: string) => ActivationJob)(job, eventId === undefined ? '' : ` (event ${eventId})`);
  });
}
