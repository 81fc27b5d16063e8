// What a Temporal user tries first with the `rewind` CLI (as a subprocess): --version, a mistyped verb
// or flag ("did you mean …?" and a short usage, not the whole help), the server's version in its
// banner, and the address, namespace and token taken from Temporal's variables as from Rewind's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../helpers/processes';
import { startServer, type TestServer } from '../helpers/server';
import { tempDir } from '../helpers/temp';
import { runCli, startCli, type CliRun } from './run-cli';
import { NO_SERVER_ENV } from '../helpers/no-server-env';

const VERSION = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string }).version;
/** The variables the CLI reads, unset (the tests' own environment must not leak in). */
const NONE = NO_SERVER_ENV;

const cli = (args: string[], env: Record<string, string> = {}): Promise<CliRun> => runCli(args, { ...NONE, ...env });

/** A usage error: exit 1, what stderr must say, and no whole help (its "Commands:" or "Flags:" table). */
function shortUsageError(run: CliRun, ...expected: RegExp[]): void {
  assert.equal(run.code, 1, run.stdout);
  for (const e of expected) assert.match(run.stderr, e);
  assert.doesNotMatch(run.stderr, /^(Commands|Flags):$/m, 'the whole help is not printed');
  assert.ok(run.stderr.trim().split('\n').length <= 4, `a short answer:\n${run.stderr}`);
}

describe('the rewind CLI, first contact', function () {
  this.timeout(60_000);

  it('says to run npm install in the clone when it is not built (installed from a clone that never ran it)', function () {
    const clone = tempDir('rewind-unbuilt-');
    fs.mkdirSync(path.join(clone, 'devserver', 'bin'), { recursive: true });
    const bin = path.join(clone, 'devserver', 'bin', 'rewind.js');
    fs.copyFileSync(path.join(__dirname, '../../bin/rewind.js'), bin);
    const run = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      `Error: Rewind is not built in ${clone}: run \`npm install\` there (it builds Rewind), then run this again.\n`,
    );
  });

  it('prints its version for --version and version', async function () {
    for (const args of [['--version'], ['version']]) {
      const run = await cli(args);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, `rewind version ${VERSION} (protocol 1, Node.js ${process.version})\n`);
    }
  });

  it('answers a mistyped verb or group with the command meant and a short usage', async function () {
    shortUsageError(
      await cli(['workflow', 'strat', '--type', 'order']),
      /^Error: unknown command: rewind workflow strat --type order$/m,
      /^Did you mean `rewind workflow start --type order`\?$/m,
      /^Usage: rewind workflow <list \| count \| .*start.*> \[flags\]\. See `rewind workflow --help`/m,
    );
    shortUsageError(await cli(['wrokflow', 'list']), /^Did you mean `rewind workflow list`\?$/m);
    shortUsageError(await cli(['--verison']), /^Did you mean `rewind --version`\?$/m, /^Usage: rewind <dev \| server \| workflow/m);
    shortUsageError(await cli(['frobnicate']), /^Error: unknown command: rewind frobnicate$/m, /See `rewind --help` for the commands/);
  });

  it('answers a mistyped flag with the flag meant and a short usage', async function () {
    shortUsageError(
      await cli(['workflow', 'list', '--querry', "WorkflowType = 'order'"]),
      /^Error: Unknown flag --querry\. Did you mean --query\?$/m,
      /^Usage: rewind workflow list \[flags\]$/m,
      /^See `rewind workflow list --help` for its flags\.$/m,
    );
    shortUsageError(
      await cli(['workflow', 'start', '--type', 'order']),
      /^Error: Missing --task-queue\.$/m,
      /^Usage: rewind workflow start --type <value> --task-queue <value> \[flags\]$/m,
    );
  });

  it("the server's banner says its version, and without --port it listens at REWIND_ADDRESS", async function () {
    const port = await freePort();
    const server = startCli(['server', 'start', '--db', ':memory:'], { ...NONE, REWIND_ADDRESS: `127.0.0.1:${port}` });
    try {
      for (let i = 0; i < 300 && !/listening on/.test(server.output()); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(
        server.output(),
        new RegExp(`^Rewind server ${VERSION.replace(/\./g, '\\.')} listening on 127\\.0\\.0\\.1:${port}$`, 'm'),
      );
    } finally {
      server.proc.kill('SIGINT');
      await server.exited;
    }
  });

  describe("with Temporal's variables", function () {
    let srv: TestServer;
    before(async function () {
      srv = await startServer();
    });
    after(async function () {
      await srv?.close();
    });

    it('client commands connect to TEMPORAL_ADDRESS and use TEMPORAL_NAMESPACE; REWIND_ADDRESS comes first', async function () {
      const listed = await cli(['namespace', 'list', '-o', 'json'], { TEMPORAL_ADDRESS: srv.address });
      assert.equal(listed.code, 0, listed.stderr);
      const other = await cli(['workflow', 'list'], { TEMPORAL_ADDRESS: srv.address, TEMPORAL_NAMESPACE: 'no-such-namespace' });
      assert.equal(other.code, 1);
      assert.match(other.stderr, /Namespace no-such-namespace not found/);
      const first = await cli(['namespace', 'list', '-o', 'json'], { REWIND_ADDRESS: srv.address, TEMPORAL_ADDRESS: '127.0.0.1:1' });
      assert.equal(first.code, 0, first.stderr);
    });
  });
});
