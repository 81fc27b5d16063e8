// `npm run chaos -- --workflows 500 --kills 50 --seed S`: a large chaos run; prints its JSON summary and
// exits 1 if anything was lost.
import { parseArgs } from 'node:util';
import { runChaos } from './chaos-run';

const { values } = parseArgs({
  options: {
    workflows: { type: 'string', default: '500' },
    kills: { type: 'string', default: '50' },
    seed: { type: 'string' },
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
  const summary = await runChaos({ workflows: count('workflows', values.workflows), kills: count('kills', values.kills), seed });
  console.log(JSON.stringify(summary, null, 2));
  process.exit(summary.problems.length === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
