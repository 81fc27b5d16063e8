// `rewind dev` as a user runs it, for what a Temporal user meets first: without --port it listens at
// the address clients of its environment use (REWIND_ADDRESS), and a code switch reads as a switch
// (the old build's worker stops without a "Received SIGINT"), and Ctrl-C stops all without one either.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DevProcess } from '../helpers/dev-process';
import { freePort } from '../helpers/processes';
import { tempDir } from '../helpers/temp';

const WORKFLOWS = (greeting: string): string => `export async function hello(name: string): Promise<string> {
  return \`${greeting} \${name}\`;
}
`;

describe('rewind dev, first contact', function () {
  this.timeout(90_000);
  let project: string;
  let dev: DevProcess;
  let port: number;

  before(async function () {
    project = tempDir('rewind-dev-switch-');
    fs.mkdirSync(path.join(project, 'src'));
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'dev-switch-test', private: true, rewind: { workflowsPath: './src/workflows.ts', taskQueue: 'switch-q' } }),
    );
    fs.writeFileSync(path.join(project, 'src/workflows.ts'), WORKFLOWS('hello'));
    port = await freePort();
    const env = { ...process.env, REWIND_ADDRESS: `127.0.0.1:${port}`, TEMPORAL_ADDRESS: '', REWIND_NAMESPACE: '', TEMPORAL_NAMESPACE: '' };
    dev = DevProcess.start(project, [], env);
    await dev.waitFor(/Ready in \d+ ms/);
  });

  after(async function () {
    await dev?.kill();
  });

  it('listens at REWIND_ADDRESS when no --port is given', function () {
    assert.match(dev.output, new RegExp(`Server listening on 127\\.0\\.0\\.1:${port};`));
  });

  it('switches code without the old worker saying "Received SIGINT"', async function () {
    const oldBuild = /Built in \d+ ms \(build ([0-9a-f]{12})\)/.exec(dev.output)![1]!;
    const mark = dev.output.length;
    fs.writeFileSync(path.join(project, 'src/workflows.ts'), WORKFLOWS('hi'));
    await dev.waitFor(/Now running build [0-9a-f]{12}\./, mark);
    // The old worker's last line: everything it printed while stopping came before it.
    const out = await dev.waitFor(new RegExp(`\\[worker ${oldBuild.slice(0, 6)}\\] .*Worker stopped`), mark);
    assert.doesNotMatch(out, /Received SIG|shutting down workers/);
  });

  it('says that a changed configuration needs a restart, once per change, and goes on with the one it started with', async function () {
    const file = path.join(project, 'package.json');
    const original = fs.readFileSync(file, 'utf8');
    const manifest = JSON.parse(original) as { rewind: Record<string, string> };
    const mark = dev.output.length;
    fs.writeFileSync(file, JSON.stringify({ ...manifest, rewind: { ...manifest.rewind, taskQueue: 'other-q' } }));
    await dev.waitFor(
      /The Rewind configuration in package\.json changed \(taskQueue 'switch-q' → 'other-q'\): restart rewind dev to use it\. Until then it goes on with the configuration it started with\./,
      mark,
    );
    fs.writeFileSync(path.join(project, 'src/workflows.ts'), WORKFLOWS('hey'));
    await dev.waitFor(/Now running build/, mark);
    assert.equal(dev.output.slice(mark).split('configuration in package.json changed').length - 1, 1, 'said once');
    fs.writeFileSync(file, original);
  });

  it('stops everything on Ctrl-C, which reaches its worker too: the worker leaves it to rewind dev and says nothing of it', async function () {
    const mark = dev.output.length;
    dev.ctrlC();
    assert.equal(await dev.exited, 0);
    assert.match(dev.output, /Stopped\.\n$/);
    assert.doesNotMatch(dev.output.slice(mark), /Received SIG|again to exit at once/);
  });
});
