// Workflow types read from source, with argument templates from their parameters' types.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { mayDefineWorkflows, scanWorkflows } from '../src/model/workflow-scan';

describe('workflow scan', function () {
  it('finds the exported workflows of a file that imports the workflow API, with argument templates', function () {
    const text = `import { sleep } from '@rewind/sdk/workflow';
export interface ApprovalRequest { id: string; amount: number; urgent?: boolean; approvers: string[]; meta: { team: string } }
type Mode = 'fast' | 'slow';
export async function approve(request: ApprovalRequest, deadline = '1 day'): Promise<string> { return ''; }
export const nightly = async (date: Date, mode: Mode, retries: number, dryRun: boolean): Promise<void> => {};
async function helper(x: string) {}
export const notAFunction = 3;
`;
    const found = scanWorkflows(ts, '/w/workflows.ts', text);
    assert.deepEqual(
      found.map((w) => [w.name, w.line, w.template]),
      [
        ['approve', 3, '[{"id":"","amount":0,"approvers":[],"meta":{"team":""}}]'],
        ['nightly', 4, '["1970-01-01T00:00:00.000Z","fast",0,false]'],
      ],
    );
    assert.deepEqual(found[0]!.params, [
      { name: 'request', type: 'ApprovalRequest', optional: false },
      { name: 'deadline', type: '', optional: true },
    ]);
  });

  it('reads a workflow file written for Temporal, and ignores files that are not workflow code', function () {
    const file = path.join(__dirname, '../../devserver/test/fixtures/temporal-style/workflows.ts');
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(mayDefineWorkflows(text));
    assert.deepEqual(
      scanWorkflows(ts, file, text).map((w) => [w.name, w.template]),
      [['fulfil', '[""]']],
    );
    const activities = 'export async function ship(orderId: string) {}';
    assert.ok(!mayDefineWorkflows(activities));
    assert.deepEqual(scanWorkflows(ts, 'a.ts', activities), []);
  });
});
