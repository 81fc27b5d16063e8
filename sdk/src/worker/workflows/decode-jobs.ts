// The values of an activation's jobs decoded before they reach the workflow (common/payload-decoding.ts):
// what Temporal's SDK wrote as json/plain or binary/null becomes the plain value; an encoding Rewind does
// not decode (binary/protobuf, a codec's) fails the workflow task with what it is, and the run waits for
// a worker that reads it. Failures keep their details as they are (failureToError decodes what it can).
import type { ActivationJob, ActivationJobType, ActivityResolution, Header, LocalActivityResolution, Payload } from '../../protocol';
import { decodePayload, decodePayloadRecord } from '../../common/payload-decoding';

type JobOf<T extends ActivationJobType> = Extract<ActivationJob, { type: T }>;

/** Decoded json/plain is JSON: a payload again. */
const value = (p: Payload, what: string): Payload => decodePayload(p, what) as Payload;
const values = (ps: readonly Payload[], what: string): Payload[] => ps.map((p, i) => value(p, `argument ${i + 1} of ${what}`));

function resolved<R extends ActivityResolution | LocalActivityResolution>(r: R, what: string): R {
  return r.status === 'completed' && r.result !== undefined ? { ...r, result: value(r.result, what) } : r;
}

const same = <J>(job: J): J => job;

/** A header's values decoded where Rewind reads their encoding; the others stay as they are (an interceptor may not read them). */
function headersOf<J extends { headers?: Header }>(job: J): J {
  if (!job.headers) return job;
  const headers: Header = {};
  for (const [k, v] of Object.entries(job.headers)) {
    try {
      headers[k] = value(v, `header ${k}`);
    } catch {
      headers[k] = v;
    }
  }
  return { ...job, headers };
}

const DECODE: { [T in ActivationJobType]: (job: JobOf<T>) => JobOf<T> } = {
  InitializeWorkflow: (job) => ({
    ...headersOf(job),
    args: values(job.args, `workflow ${job.info.workflowType}`),
    info: {
      ...job.info,
      ...(job.info.lastCompletionResult !== undefined
        ? { lastCompletionResult: value(job.info.lastCompletionResult, 'the last completion result') }
        : {}),
      ...(job.info.memo ? { memo: decodePayloadRecord(job.info.memo, 'the memo') as Record<string, Payload> } : {}),
    },
  }),
  NotifyHasPatch: same,
  UpdateRandomSeed: same,
  SignalWorkflow: (job) => ({ ...headersOf(job), args: values(job.args, `signal ${job.signalName}`) }),
  DoUpdate: (job) => ({ ...job, args: values(job.args, `update ${job.name}`) }),
  ResolveActivity: (job) => ({ ...job, resolution: resolved(job.resolution, `the result of activity ${job.seq}`) }),
  ResolveLocalActivity: (job) => ({ ...job, resolution: resolved(job.resolution, `the result of local activity ${job.seq}`) }),
  FireTimer: same,
  ResolveChildWorkflowExecutionStart: same,
  ResolveChildWorkflowExecution: (job) => ({ ...job, resolution: resolved(job.resolution, `the result of child workflow ${job.seq}`) }),
  ResolveSignalExternalWorkflow: same,
  ResolveRequestCancelExternalWorkflow: same,
  CancelWorkflow: same,
};

/**
 * The jobs with their values decoded.
 *
 * @throws PayloadEncodingError for a value in an encoding Rewind does not decode, naming it.
 */
export function decodeJobs(jobs: readonly ActivationJob[]): ActivationJob[] {
  return jobs.map((job) => (DECODE[job.type] as (j: ActivationJob) => ActivationJob)(job));
}
