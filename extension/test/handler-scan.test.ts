// Signals, queries and updates read from source: names, argument templates from the type arguments, and
// the workflows that set their handlers (in the same file, or importing the definitions from another).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { handlersFor, scanHandlers, tieHandlers } from '../src/model/handler-scan';

describe('handler scan', function () {
  it("reads the approval sample's signals, query and update, each set by approvalWorkflow, with templates", function () {
    const file = path.join(__dirname, '../../samples/approval/workflows.ts');
    const scan = scanHandlers(ts, file, fs.readFileSync(file, 'utf8'));
    assert.deepEqual(
      scan.definitions.map((d) => [d.kind, d.name, d.variable, d.args, d.returns, d.template, d.workflows]),
      [
        ['signal', 'approve', 'approve', '[{ by: string; comment?: string }]', '', '[{"by":""}]', ['approvalWorkflow']],
        ['signal', 'reject', 'reject', '[{ by: string; comment?: string }]', '', '[{"by":""}]', ['approvalWorkflow']],
        ['query', 'status', 'status', '', 'ApprovalStatus', '[]', ['approvalWorkflow']],
        ['update', 'delegate', 'delegate', '[{ to: string; by: string }]', 'ApprovalStatus', '[{"to":"","by":""}]', ['approvalWorkflow']],
      ],
    );
    assert.deepEqual(scan.uses, []);
  });

  it('ties definitions imported from another file, inline definitions, tuple aliases and named members', function () {
    const defs = scanHandlers(
      ts,
      '/w/defs.ts',
      `import { defineSignal, defineUpdate } from '@rewind/sdk/workflow';
type Move = [to: string, steps: number, note?: string];
export const move = defineSignal<Move>('move');
export const setLimit = defineUpdate<number, [limit: number]>('set-limit');
export const unused = defineSignal('poke');
const dynamic = defineSignal(\`n-\${1}\`);
`,
    );
    const workflows = scanHandlers(
      ts,
      '/w/workflows.ts',
      `import { defineQuery, setHandler } from '@rewind/sdk/workflow';
import { move as go, setLimit } from './defs';
function helper() { setHandler(go, () => {}); }
export async function robot(): Promise<void> {
  setHandler(go, (to, steps) => {});
  setHandler(defineQuery<string>('where'), () => 'here');
}
export const arm = async () => { setHandler(setLimit, (n) => n); };
`,
    );
    assert.deepEqual(workflows.uses, [
      { workflow: 'robot', variable: 'move' },
      { workflow: 'arm', variable: 'setLimit' },
    ]);
    const all = tieHandlers([defs, workflows]);
    assert.deepEqual(
      all.map((d) => [d.kind, d.name, d.template, d.workflows]),
      [
        ['signal', 'move', '["",0]', ['robot']],
        ['update', 'set-limit', '[0]', ['arm']],
        ['signal', 'poke', '[]', []],
        ['query', 'where', '[]', ['robot']],
      ],
      'the template-literal name is left out (not readable from source)',
    );
    assert.deepEqual(
      handlersFor(all, 'signal', 'robot').map((h) => [h.definition.name, h.setByWorkflow]),
      [
        ['move', true],
        ['poke', false],
      ],
      "the workflow's own first, then the workspace's others",
    );
    assert.deepEqual(
      handlersFor(all, 'signal', undefined).map((h) => [h.definition.name, h.setByWorkflow]),
      [
        ['move', false],
        ['poke', false],
      ],
    );
  });
});
