// The program "Open in Node debugger" runs under VS Code's JavaScript debugger: the replay of a Rewind
// debug session's history with the workspace's workflow code, paused (the `debugger` statement below)
// where the code reaches the event the Rewind session is at. Argument: the job file the adapter wrote.
import path from 'node:path';
import { takeNodeReplayJob } from './node-replay-job';
import { loadNodeReplay } from './replay-runtime';

function pausedAtEvent(): void {
  // Rewind: the workflow code has reached the event the Rewind session is at. Your workflow function is
  // the next frame of yours in the Call Stack (Step Out to get there); set breakpoints anywhere in
  // workflow code and Continue: the replay goes on to the end of this event's workflow task.
  // eslint-disable-next-line no-debugger -- this pause is the point of the program.
  debugger;
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('Usage: node-replay <job file> (the Rewind extension writes it).');
  const job = takeNodeReplayJob(file);
  const { replayInNode } = loadNodeReplay([path.dirname(job.workflowsPath), process.cwd()]);
  console.log(`Rewind: replaying the history to event ${job.eventId} with ${job.workflowsPath}`);
  const outcome = await replayInNode({
    history: job.history,
    workflowsPath: job.workflowsPath,
    workflowInterceptorModules: job.workflowInterceptorModules,
    eventId: job.eventId,
    ...(job.site !== undefined ? { site: job.site } : {}),
    pause: pausedAtEvent,
  });
  if (!outcome.paused) console.log(`Rewind: the replay did not reach the code of event ${job.eventId}.`);
  if (outcome.error !== undefined) {
    // %s shows a thrown value that is not an Error as util.format does (an object inspected, not "[object Object]").
    console.log('Rewind: the replay stopped: %s', outcome.error instanceof Error ? outcome.error.message : outcome.error);
  }
  console.log('Rewind: replay done.');
}

main().catch((err: unknown) => {
  console.error(`Rewind: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
