// The scan thread: workflow definitions read from source with the project's TypeScript on a thread of
// its own (the built dist/scan-thread.js, as the extension runs it); nothing when no TypeScript is near.
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { WorkflowScanner } from '../src/workspace/workflow-scanner';

const THREAD = path.resolve(__dirname, '../dist/scan-thread.js');
const WORKFLOWS = `import { sleep } from '@rewind/sdk/workflow';
export async function remind(user: string, after: number): Promise<void> {
  await sleep(after);
}
`;

describe('WorkflowScanner (scan thread)', function () {
  const scanner = new WorkflowScanner(THREAD, () => []);
  after(() => scanner.dispose());

  it('reads the workflow functions of files on its thread, with the TypeScript found near them', async function () {
    const file = path.resolve(__dirname, '../src/example-workflows.ts'); // Near the repository's TypeScript.
    const found = await scanner.scan([{ file, text: WORKFLOWS }]);
    assert.deepEqual(
      found.map((d) => [d.name, d.params.map((p) => `${p.name}: ${p.type}`), d.line]),
      [['remind', ['user: string', 'after: number'], 1]],
    );
  });

  it('answers many scans at once, each with its own files', async function () {
    const file = (i: number): string => path.resolve(__dirname, `../src/w${i}.ts`);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => scanner.scan([{ file: file(i), text: WORKFLOWS.replace('remind', `remind${i}`) }])),
    );
    assert.deepEqual(
      results.map((r) => r.map((d) => d.name)),
      [['remind0'], ['remind1'], ['remind2'], ['remind3'], ['remind4']],
    );
  });

  it('finds nothing in files that do not import the workflow API, or where no TypeScript is installed', async function () {
    assert.deepEqual(await scanner.scan([{ file: path.resolve(__dirname, '../src/a.ts'), text: 'export const a = 1;\n' }]), []);
    assert.deepEqual(await scanner.scan([{ file: path.join(os.tmpdir(), 'nowhere', 'w.ts'), text: WORKFLOWS }]), []);
  });
});
