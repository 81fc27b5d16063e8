// The worker of the host tests' own workflows (beside the samples' worker, whose behaviour they leave
// alone), on task queue 'host-tests'. Started by fixture.mjs with REWIND_ADDRESS set.
import { Worker } from '@rewind/sdk/worker';
import * as activities from './retrying-activities';

async function main(): Promise<void> {
  const worker = await Worker.create({ taskQueue: 'host-tests', workflowsPath: require.resolve('./retrying-workflows'), activities });
  await worker.run();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
