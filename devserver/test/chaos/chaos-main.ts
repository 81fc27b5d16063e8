// `npm run chaos -- --workflows 500 --kills 50 --seed S [--temporal-workers N] [--shared-temporal-workers M]`:
// a large chaos run, with Rewind's two workers N Temporal SDK workers on a queue of their own and M on
// Rewind's workers' queue (1 each by default); prints its JSON summary and exits 1 if anything was lost.
import { parseArgs } from 'node:util';
import { runChaos } from './chaos-run';

const { values } = parseArgs({
  options: {
    workflows: { type: 'string', default: '500' },
    kills: { type: 'string', default: '50' },
    seed: { type: 'string' },
    'temporal-workers': { type: 'string', default: '1' },
    'shared-temporal-workers': { type: 'string', default: '1' },
  },
});

function count(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const seed = values.seed !== undefined ? count('seed', values.seed) : Math.floor(Math.random() * 2 ** 31);
  const summary = await runChaos({
    workflows: count('workflows', values.workflows),
    kills: count('kills', values.kills),
    seed,
    temporalWorkers: count('temporal-workers', values['temporal-workers']),
    sharedTemporalWorkers: count('shared-temporal-workers', values['shared-temporal-workers']),
  });
  console.log(JSON.stringify(summary, null, 2));
  process.exit(summary.problems.length === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
