// The extension-host test suite: mocha, run by VS Code inside the real extension host (run() is what
// VS Code calls for --extensionTestsPath). The test files are bundled in.
import Mocha from 'mocha';

export function run(): Promise<void> {
  // REWIND_HOST_GREP runs only the tests whose titles match (while working on one).
  const grep = process.env.REWIND_HOST_GREP;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, ...(grep ? { grep } : {}) });
  mocha.suite.emit('pre-require', globalThis, 'host', mocha);
  require('./tree.test');
  require('./start-workflow.test');
  require('./workflow-actions.test');
  require('./more-actions.test');
  require('./workflow-aware-actions.test');
  require('./grouping-filter.test');
  require('./history-panel.test');
  require('./at-a-glance.test');
  require('./debug-replay.test');
  require('./task-queue-workers.test');
  // Last: these point the extension at servers of their own for a while.
  require('./dev-server.test');
  require('./reconnect.test');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
