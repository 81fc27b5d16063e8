// The extension-host tests in desktop VS Code, as @vscode/test-electron runs them: it downloads VS Code
// (into .vscode-test), unless REWIND_VSCODE_EXECUTABLE names the executable to start instead (a
// VS Code of your own, or code-shim.mjs for the offline host; run-host-tests.mjs does the latter).
import { runSuite } from './fixture.mjs';

process.exit(await runSuite(process.env.REWIND_VSCODE_EXECUTABLE));
