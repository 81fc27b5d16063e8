// `rewind dev`: a failure says where in the project's own files it was thrown — an activity's stack
// (run from the build in .rewind/build) and the workflow code's — so that `describe` and the client's
// error point at src/activities.ts and src/workflows.ts, not at what rewind dev generated.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { WorkflowFailedError } from '@rewind/sdk/client';
import type { Failure } from '@rewind/sdk/protocol';
import { useRewindDev } from '../helpers/dev-process';
import { tempDir } from '../helpers/temp';

const ACTIVITIES = `import { ApplicationFailure } from '@rewind/sdk/activity';

export async function charge(card: string): Promise<string> {
  if (card === 'bad') throw new Error('card declined');
  if (card === 'lost') throw ApplicationFailure.nonRetryable('card reported lost', 'CardLost');
  return 'charged ' + card;
}
`;

const WORKFLOWS = `import { ApplicationFailure, proxyActivities } from '@rewind/sdk/workflow';
import type * as activities from './activities';

const { charge } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 1 } });

export async function pay(card: string): Promise<string> {
  const charged = await charge(card);
  if (card === 'ok') throw ApplicationFailure.nonRetryable('refused after charging', 'Refused');
  return charged;
}
`;

/** The innermost failure of a chain. */
const root = (f: Failure): Failure => (f.cause ? root(f.cause) : f);

describe('rewind dev: where failures were thrown', function () {
  this.timeout(60_000);
  const rewindDev = useRewindDev(() => {
    const project = tempDir('rewind-dev-failures-');
    fs.mkdirSync(path.join(project, 'src'));
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ rewind: { workflowsPath: './src/workflows.ts', activities: './src/activities.ts', taskQueue: 'pay-q' } }),
    );
    fs.writeFileSync(path.join(project, 'src/activities.ts'), ACTIVITIES);
    fs.writeFileSync(path.join(project, 'src/workflows.ts'), WORKFLOWS);
    return project;
  });

  async function failureOf(card: string): Promise<Failure> {
    const handle = await rewindDev.client.workflow.start('pay', { taskQueue: 'pay-q', workflowId: `pay-${card}`, args: [card] });
    await assert.rejects(handle.result(), WorkflowFailedError);
    const d = await handle.describe();
    assert.ok(d.raw.closeReason, 'describe says why it failed');
    return d.raw.closeReason.failure;
  }

  it("an activity's error: its stack names the project's activities file and line", async function () {
    for (const [card, line] of [
      ['bad', 4],
      ['lost', 5],
    ] as const) {
      const stack = root(await failureOf(card)).stackTrace ?? '';
      assert.match(stack, new RegExp(`\\(.*[/\\\\]src[/\\\\]activities\\.ts:${line}:\\d+\\)`), stack);
      assert.doesNotMatch(stack, /\.rewind[/\\]build/, stack);
    }
  });

  it("the workflow code's error: its stack names the project's workflows file and line", async function () {
    const stack = root(await failureOf('ok')).stackTrace ?? '';
    assert.match(stack, /\(.*[/\\]src[/\\]workflows\.ts:8:\d+\)/, stack);
    assert.doesNotMatch(stack, /rewind-workflows\.js/, stack);
  });
});
