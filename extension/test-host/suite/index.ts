// The extension-host test suite: mocha, run by VS Code inside the real extension host (run() is what
// VS Code calls for --extensionTestsPath). The test files are bundled in.
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  mocha.suite.emit('pre-require', globalThis, 'host', mocha);
  require('./tree.test');
  require('./start-workflow.test');
  require('./workflow-actions.test');
  require('./more-actions.test');
  require('./grouping-filter.test');
  require('./history-panel.test');
  require('./debug-replay.test');
  // Last: these point the extension at servers of their own for a while.
  require('./dev-server.test');
  require('./reconnect.test');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
