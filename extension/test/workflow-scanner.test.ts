// The scan thread: workflow definitions read from source on a thread of its own (the built
// dist/scan-thread.js, as the extension runs it), whatever TypeScript the workspace has: 7 (the native
// compiler, whose JavaScript API is not 5.x's), 5, or none.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { installTypeScript } from '../../devserver/test/helpers/project-typescript';
import { tempDir } from '../../devserver/test/helpers/temp';
import { WorkflowScanner } from '../src/workspace/workflow-scanner';

const THREAD = path.resolve(__dirname, '../dist/scan-thread.js');
const WORKFLOWS = `import { sleep } from '@rewind/sdk/workflow';
export async function remind(user: string, after: number): Promise<void> {
  await sleep(after);
}
`;

/** A project folder with its workflows file, and the TypeScript asked for (or none). */
function workflowsFile(typescript: '7' | '5' | undefined): string {
  const project = tempDir('rewind-scan-');
  if (typescript) installTypeScript(project, typescript);
  fs.mkdirSync(path.join(project, 'src'));
  const file = path.join(project, 'src', 'workflows.ts');
  fs.writeFileSync(file, WORKFLOWS);
  return file;
}

describe('WorkflowScanner (scan thread)', function () {
  const scanner = new WorkflowScanner(THREAD);
  after(() => scanner.dispose());

  for (const typescript of ['7', '5', undefined] as const) {
    it(`reads the workflow functions of a project with ${typescript ? `TypeScript ${typescript}` : 'no TypeScript'}`, async function () {
      const file = workflowsFile(typescript);
      const found = await scanner.scan([{ file, text: WORKFLOWS }]);
      assert.deepEqual(
        found.map((d) => [d.name, d.params.map((p) => `${p.name}: ${p.type}`), d.line, d.template]),
        [['remind', ['user: string', 'after: number'], 1, '["",0]']],
      );
    });
  }

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

  it('reads signal definitions on the thread, tied across files to the workflow that sets their handler', async function () {
    const defs = {
      file: '/w/defs.ts',
      text: "import { defineSignal } from '@rewind/sdk/workflow';\nexport const nudge = defineSignal<[by: string]>('nudge');\n",
    };
    const flow = {
      file: '/w/workflows.ts',
      text: "import { setHandler } from '@rewind/sdk/workflow';\nimport { nudge } from './defs';\nexport async function remind() { setHandler(nudge, () => {}); }\n",
    };
    const found = await scanner.scanHandlers([defs, flow]);
    assert.deepEqual(
      found.map((d) => [d.kind, d.name, d.template, d.workflows]),
      [['signal', 'nudge', '[""]', ['remind']]],
    );
  });

  it('parses a file again only when its text changed, for definitions and handlers alike', async function () {
    const fresh = new WorkflowScanner(THREAD);
    try {
      const a = { file: '/w/kept/a.ts', text: WORKFLOWS.replace('remind', 'first') };
      const b = { file: '/w/kept/b.ts', text: WORKFLOWS.replace('remind', 'second') };
      assert.deepEqual(
        (await fresh.scan([a, b])).map((d) => d.name),
        ['first', 'second'],
      );
      assert.equal(fresh.parsedFiles, 2);
      assert.deepEqual(
        (await fresh.scan([a, b])).map((d) => d.name),
        ['first', 'second'],
        'the same answer from what was kept',
      );
      assert.equal(fresh.parsedFiles, 2, 'nothing parsed again');
      const edited = { ...b, text: WORKFLOWS.replace('remind', 'renamed') };
      assert.deepEqual(
        (await fresh.scan([a, edited])).map((d) => d.name),
        ['first', 'renamed'],
      );
      assert.equal(fresh.parsedFiles, 3, 'only the edited file parsed again');
      await fresh.scanHandlers([a, edited]);
      await fresh.scanHandlers([a, edited]);
      assert.equal(fresh.parsedFiles, 5, 'handlers read once per text too');
    } finally {
      fresh.dispose();
    }
  });

  it('finds nothing in files that do not import the workflow API', async function () {
    assert.deepEqual(await scanner.scan([{ file: path.resolve(__dirname, '../src/a.ts'), text: 'export const a = 1;\n' }]), []);
  });
});
