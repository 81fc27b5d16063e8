// Builds every package with esbuild: the sdk file by file (so each module keeps its identity) and its
// declaration files (tsc), the devserver CLI as one bundle (fast start). Type checking is `npm run typecheck` (tsc), run by `npm test`.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const started = Date.now();

function listTs(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

// The gRPC frontend's packages load from node_modules (Temporal's protos are 1.4 MB, read on the first gRPC connection).
const GRPC_PACKAGES = ['@grpc/grpc-js', '@temporalio/proto', '@temporalio/proto/*', 'protobufjs', 'long'];

const common = { platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

fs.rmSync(path.join(root, 'sdk/dist'), { recursive: true, force: true });
await build({
  ...common,
  entryPoints: listTs(path.join(root, 'sdk/src')),
  outdir: path.join(root, 'sdk/dist'),
  outbase: path.join(root, 'sdk/src'),
});

// The SDK's types as declaration files (sdk/dist/types, what its package.json points at): a project
// type-checks these under its own settings and TypeScript (5 or 7), never Rewind's source. tsc runs
// beside the bundles below (~3 s).
const sdkTypes = new Promise((resolve, reject) => {
  const tsc = spawn(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'sdk/tsconfig.types.json')],
    {
      stdio: 'inherit',
    },
  );
  tsc.once('error', reject);
  tsc.once('exit', (code) =>
    code === 0 ? resolve() : reject(new Error(`the SDK's declaration files did not build (tsc exited with ${code})`)),
  );
});

await build({
  ...common,
  bundle: true,
  entryPoints: {
    cli: path.join(root, 'devserver/src/cli/main.ts'),
    'temporal-server': path.join(root, 'devserver/src/cli/temporal-server.ts'),
  },
  outdir: path.join(root, 'devserver/dist'),
  external: ['better-sqlite3', 'ws', 'esbuild', '@rewind/devserver/package.json', '@rewind/sdk/package.json', ...GRPC_PACKAGES],
});

// The worker process of `rewind dev`: the SDK is the package's own, so that the project's activities
// (bundled with the SDK external) share its modules.
await build({
  ...common,
  bundle: true,
  entryPoints: {
    'dev-worker': path.join(root, 'devserver/src/dev/dev-worker.ts'),
    'type-check-thread': path.join(root, 'devserver/src/dev/type-check-thread.ts'),
  },
  outdir: path.join(root, 'devserver/dist'),
  external: ['esbuild', 'typescript', '@rewind/sdk', '@rewind/sdk/*'],
});

// The library (the testing environment starts servers in-process): the SDK stays a separate package.
await build({
  ...common,
  bundle: true,
  entryPoints: { index: path.join(root, 'devserver/src/index.ts') },
  outdir: path.join(root, 'devserver/dist'),
  external: ['better-sqlite3', 'ws', 'esbuild', '@rewind/sdk', '@rewind/sdk/*', ...GRPC_PACKAGES],
});

// `@rewind/devserver/temporal-testing`: Temporal's TestWorkflowEnvironment on Rewind, typed by a .d.ts of its
// own (temporal-testing.d.ts), so that a project importing it type-checks none of Rewind's source.
await build({
  ...common,
  bundle: true,
  entryPoints: { 'temporal-testing': path.join(root, 'devserver/src/temporal-executable.ts') },
  outdir: path.join(root, 'devserver/dist'),
  external: ['better-sqlite3', 'ws', 'esbuild', '@rewind/sdk', '@rewind/sdk/*', ...GRPC_PACKAGES],
});

// The VS Code extension: one file with everything but the `vscode` module (the host provides it).
await build({
  ...common,
  bundle: true,
  entryPoints: {
    extension: path.join(root, 'extension/src/extension.ts'),
    // The `rewind` debug adapter: its own Node process; it requires the workspace's @rewind/sdk at run time.
    'debug-adapter': path.join(root, 'extension/src/debug-adapter/debug-adapter.ts'),
    // "Open in Node debugger": the replay run under VS Code's JavaScript debugger.
    'node-replay': path.join(root, 'extension/src/debug-adapter/node-replay-main.ts'),
  },
  outdir: path.join(root, 'extension/dist'),
  // The SDK's raw gRPC services and protobuf histories load these on first use, which the extension never
  // makes (the .vsix has no node_modules: anything loaded at start, such as `long`, is bundled).
  external: ['vscode', 'bufferutil', 'utf-8-validate', ...GRPC_PACKAGES.filter((p) => p !== 'long')],
});

// Workflow definitions read on a thread of their own, with Rewind's own TypeScript bundled in (it loads
// there, not in the extension host); minified, as it is most of the .vsix.
await build({
  ...common,
  bundle: true,
  minify: true,
  sourcemap: false,
  entryPoints: { 'scan-thread': path.join(root, 'extension/src/workspace/scan-thread.ts') },
  outdir: path.join(root, 'extension/dist'),
});

// The Show History webview's script: runs in the browser side of the webview.
await build({
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  // Inlined into the page (views/history-panel.ts): small, and no map to fetch.
  minify: true,
  logLevel: 'warning',
  entryPoints: { 'history-webview': path.join(root, 'extension/src/webview/history-webview.ts') },
  outdir: path.join(root, 'extension/dist'),
});

await sdkTypes;

// On stderr: the scripts that build first (bench, chaos) print JSON on stdout.
console.error(`built in ${Date.now() - started} ms`);
