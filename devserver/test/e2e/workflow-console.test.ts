// `console` in workflow code, as Temporal's: printed on the worker's console with the workflow's type and
// id, once — not again when a worker without a cache replays the history — and errors with their stack.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

describe('console in workflow code', function () {
  this.timeout(120_000);

  it("prints on the worker's console, prefixed with the workflow's type and id, and not again on replay", function () {
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '../fixtures/workflow-console/run.ts')], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const lines = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('[noisy(console-1)]'));
    assert.deepEqual(lines(run.stdout), ['[noisy(console-1)] before the timer {"step":1}', '[noisy(console-1)] after the timer']);
    const errors = lines(run.stderr);
    assert.equal(errors.length, 1, run.stderr);
    assert.match(errors[0]!, /^\[noisy\(console-1\)\] an error line Error: shown with its stack/);
    assert.match(run.stderr, /at noisy \(.*workflows\.ts:\d+/, 'the error shows its stack');
    assert.match(run.stdout, /^result done$/m);
  });
});
