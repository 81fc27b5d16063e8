// The media-sync sample's activity: copy a file in chunks over a flaky network, heartbeating the
// progress so that a retried attempt resumes where the last one stopped. The network is injected:
// the worker uses a simulated one that fails now and then; the test scripts its failures.
import { ApplicationFailure, Context } from '@rewind/sdk/activity';

/** Copies one chunk; throws on a network error. */
export interface Network {
  sizeOf(file: string): Promise<number>;
  copyChunk(file: string, chunk: number): Promise<void>;
}

export interface CopyResult {
  file: string;
  chunks: number;
  /** The attempt that finished the copy. */
  attempt: number;
  /** The chunk the last attempt started from (0 unless it resumed). */
  resumedFrom: number;
}

export function createActivities(network: Network) {
  return {
    async copyFile(file: string): Promise<CopyResult> {
      const ctx = Context.current();
      const chunks = await network.sizeOf(file);
      if (chunks < 0) throw ApplicationFailure.nonRetryable(`${file} is not on the source any more`, 'SourceMissing');
      const resumedFrom = (ctx.info.heartbeatDetails as number | undefined) ?? 0;
      for (let chunk = resumedFrom; chunk < chunks; chunk++) {
        await network.copyChunk(file, chunk); // a network error fails this attempt: retried with backoff
        ctx.heartbeat(chunk + 1);
      }
      return { file, chunks, attempt: ctx.info.attempt, resumedFrom };
    },
  };
}

/** A network that loses about one chunk in ten (what the sample's worker runs against). */
export const simulatedNetwork: Network = {
  async sizeOf(file) {
    return file.startsWith('missing') ? -1 : 8;
  },
  async copyChunk(file, chunk) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (Math.random() < 0.1) throw new Error(`connection reset while copying ${file} (chunk ${chunk})`);
  },
};
