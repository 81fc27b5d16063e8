// The `rewind` launch configuration: what Debug Replay and Replay History File… build, the clear problem
// a hand-written one gets when a field is missing or wrong (the same in the extension host and in the
// adapter), and package.json's schema for launch.json, which is the one definition's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { History } from '@rewind/sdk/protocol';
import { launchArgumentsProblem, launchSchema } from '../src/debug-adapter/launch-arguments';
import { readLaunchArguments } from '../src/debug-adapter/launch-plan';
import { hasHistorySource, historyFileSessionName, replayLaunchConfig, withAbsolutePaths } from '../src/debug-host/launch-config';

describe('rewind launch configuration', function () {
  // A golden history of the order sample (what the debugger's own tests replay).
  const { events } = JSON.parse(fs.readFileSync(path.join(__dirname, '../../sdk/test/debug/histories/order.json'), 'utf8')) as History;

  it('is built for a run (inline history) and for a history file, stopping on entry', function () {
    assert.deepEqual(replayLaunchConfig('Replay order-1', { history: { events } }, { workflowsPath: '/p/src/workflows.ts' }), {
      type: 'rewind',
      request: 'launch',
      name: 'Replay order-1',
      history: { events },
      workflowsPath: '/p/src/workflows.ts',
      stopOnEntry: true,
    });
    const file = replayLaunchConfig(
      historyFileSessionName('/tmp/h/order-1-abc.json'),
      { historyFile: '/tmp/h/order-1-abc.json' },
      { workflowsPath: '/w.ts', workflowInterceptorModules: [] },
    );
    assert.equal(file.name, 'Replay order-1-abc.json');
    assert.equal(file.historyFile, '/tmp/h/order-1-abc.json');
    assert.equal(file.history, undefined);
    assert.equal('workflowInterceptorModules' in file, false, 'no interceptor modules: none named');
    for (const built of [file, replayLaunchConfig('r', { history: { events } }, { workflowsPath: '/w.ts' })]) {
      assert.equal(launchArgumentsProblem({ ...built }), undefined);
      assert.equal(hasHistorySource({ ...built }), true);
    }
  });

  it('says what is wrong with a hand-written one', function () {
    const ok = { type: 'rewind', request: 'launch', name: 'r', historyFile: '/h.json', workflowsPath: '/w.ts' };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...ok, workflowsPath: undefined }, /needs "workflowsPath".*rewind\.config\.json/],
      [{ ...ok, workflowsPath: 3 }, /needs "workflowsPath"/],
      [{ ...ok, history: { events } }, /either "history" or "historyFile", not both/],
      [{ ...ok, historyFile: '' }, /"historyFile" must be the path of a JSON history file/],
      [{ ...ok, historyFile: undefined, history: { nope: [] } }, /"history" must be an object with an "events" array/],
      [{ ...ok, historyFile: undefined, history: null }, /"history" must be an object with an "events" array/],
      [{ ...ok, historyFile: undefined }, /needs "historyFile"/],
      [{ ...ok, stopOnEntry: 'yes' }, /"stopOnEntry" must be true or false/],
    ];
    for (const [config, problem] of cases) {
      assert.match(launchArgumentsProblem(config) ?? 'no problem', problem, JSON.stringify(config));
      // The adapter says the same of what it is launched with (VS Code checks first; another client may not).
      assert.throws(() => readLaunchArguments(config, '/'), {
        message: `The Rewind launch configuration is wrong: ${launchArgumentsProblem(config)}.`,
      });
    }
    assert.equal(launchArgumentsProblem(ok), undefined);
    assert.equal(hasHistorySource({ ...ok, historyFile: undefined }), false);
  });

  it('makes relative paths absolute against the workspace folder, and leaves the rest', function () {
    const folder = path.resolve('/ws');
    const config = { name: 'r', historyFile: 'h/run.json', workflowsPath: 'src/workflows.ts', stopOnEntry: false };
    assert.deepEqual(withAbsolutePaths(config, folder), {
      name: 'r',
      historyFile: path.join(folder, 'h/run.json'),
      workflowsPath: path.join(folder, 'src/workflows.ts'),
      stopOnEntry: false,
    });
    const absolute = { historyFile: '/a/run.json', workflowsPath: '/b/w.ts', history: undefined };
    assert.deepEqual(withAbsolutePaths(absolute, folder), absolute);
    assert.deepEqual(withAbsolutePaths(config, undefined), config);
  });

  it("is what package.json declares for launch.json (contributes.debuggers: the rewind type's launch attributes)", function () {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../package.json'), 'utf8')) as {
      contributes: { debuggers: { type: string; configurationAttributes: { launch: unknown } }[] };
    };
    const rewind = manifest.contributes.debuggers.find((d) => d.type === 'rewind');
    assert.deepEqual(rewind?.configurationAttributes.launch, launchSchema());
  });
});
