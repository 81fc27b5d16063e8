// The extension-host tests offline, as CI runs them: @vscode/test-electron's runTests, the same as for a
// desktop user (run-desktop-tests.mjs), with code-shim.mjs as the VS Code executable. The shim runs them in
// VS Code's server (from code-server, on Node 24; see setup.sh) with the web workbench in headless
// chromium. A Rewind server and the samples' worker run beside it; the tests read REWIND_TEST_ADDRESS,
// REWIND_TEST_NODE and REWIND_TEST_ROOT. A screenshot is kept in extension/.test-artifacts/workbench.png.
import path from 'node:path';
import { runSuite, testHostDir, vscodeHost } from './fixture.mjs';

try {
  vscodeHost(); // Says what to do if the host is missing, before anything starts.
} catch (err) {
  console.error(`[host-tests] ${err.message}`);
  process.exit(1);
}
process.exit(await runSuite(path.join(testHostDir, 'code-shim.mjs')));
