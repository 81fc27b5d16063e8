#!/usr/bin/env node
// A stand-in for the `code` executable that @vscode/test-electron's runTests({ vscodeExecutablePath })
// starts, for machines that cannot download VS Code: it takes the same flags, runs the tests in a REAL
// extension host (VS Code's server from the host setup.sh provisions, its web workbench in headless
// chromium) and exits with the code the tests' run() settles with. Each run gets fresh data folders
// (--user-data-dir and --extensions-dir are not used: the web workbench keeps its state in the browser).
// Env: REWIND_VSCODE_HOST_DIR (the host), REWIND_TEST_SCREENSHOT (a png of the workbench at the end),
// REWIND_TEST_TIMEOUT_MS (default 10 minutes).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkbench, startVscodeServer, stopAll, stopOnSignals, vscodeHost } from './fixture.mjs';

const TIMEOUT_MS = Number(process.env.REWIND_TEST_TIMEOUT_MS ?? 600_000);

/** The flags of `code` that matter here: --extensionDevelopmentPath (repeatable), --extensionTestsPath, a folder. */
function parseArgs(argv) {
  const out = { dev: [], tests: undefined, folder: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const [key, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = () => path.resolve(inline ?? argv[++i]);
    if (key === '--extensionDevelopmentPath') out.dev.push(value());
    else if (key === '--extensionTestsPath') out.tests = value();
    else if (key === '--user-data-dir' || key === '--extensions-dir') {
      if (inline === undefined) i++; // Its value.
    } else if (!key.startsWith('-') && !out.folder) out.folder = path.resolve(key);
    // Every other flag (--no-sandbox, --disable-extensions, --skip-welcome, ...) means nothing here.
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.tests || args.dev.length === 0)
    throw new Error('code-shim runs extension tests only: give --extensionTestsPath and --extensionDevelopmentPath.');
  const host = vscodeHost();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-code-shim-'));
  stopOnSignals(scratch);
  try {
    const folder = args.folder ?? fs.mkdtempSync(path.join(scratch, 'workspace-'));
    const port = await startVscodeServer(host, scratch);
    const payload = [...args.dev.map((d) => ['extensionDevelopmentPath', d]), ['extensionTestsPath', args.tests]];
    const { browser, page, exited } = await openWorkbench(host, scratch, port, folder, payload);
    const shots = takeRequestedShots(page);
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r(`a timeout (${TIMEOUT_MS / 1000} s)`), TIMEOUT_MS))]);
    clearInterval(shots);
    const shot = process.env.REWIND_TEST_SCREENSHOT;
    if (shot) {
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page.screenshot({ path: shot }).catch(() => undefined);
    }
    await browser.close();
    console.log(`[code-shim] the extension host exited with ${code}`);
    return code === 0 ? 0 : 1;
  } finally {
    stopAll();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Screenshots a test asks for while it runs (test-host/suite/screenshot.ts): a file `<name>.shot-request`
 * beside REWIND_TEST_SCREENSHOT becomes `<name>.png` there, and the request is removed once it is taken.
 */
function takeRequestedShots(page) {
  const shot = process.env.REWIND_TEST_SCREENSHOT;
  if (!shot) return undefined;
  const dir = path.dirname(shot);
  let busy = false;
  return setInterval(async () => {
    if (busy || !fs.existsSync(dir)) return;
    busy = true;
    try {
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.shot-request'))) {
        const name = file.slice(0, -'.shot-request'.length);
        await page
          .screenshot({ path: path.join(dir, `${name}.png`) })
          .catch((err) => console.error(`[code-shim] screenshot ${name}: ${err.message}`));
        fs.rmSync(path.join(dir, file), { force: true });
      }
    } finally {
      busy = false;
    }
  }, 200);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    stopAll();
    console.error(`[code-shim] ${err.message}`);
    process.exit(1);
  },
);
