// Start Rewind Dev Server from VS Code: `rewind dev` runs for a project folder on the configured port, the
// tree connects to it and its worker runs the project's workflows; Stop ends it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { Client, Connection } from '@rewind/sdk/client';
import type { RewindApi } from '../../src/extension';
import type { DevServerProcess } from '../../src/dev-server/dev-server-process';
import { eventually } from './eventually';
import { useServerAddress } from './server-address';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-vscode-dev-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'dev-from-vscode', private: true, rewind: { workflowsPath: './src/workflows.ts', taskQueue: 'vscode-dev' } }),
  );
  fs.writeFileSync(
    path.join(dir, 'src/workflows.ts'),
    `import { sleep } from '@rewind/sdk/workflow';\nexport async function hello(name: string): Promise<string> {\n  await sleep('1 ms');\n  return 'hello ' + name;\n}\n`,
  );
  // The repository's packages stand in for the project's `npm install`.
  fs.symlinkSync(path.join(process.env.REWIND_TEST_ROOT!, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

describe('Rewind dev server from VS Code', function () {
  let api: RewindApi;

  before(async function () {
    api = (await vscode.extensions.getExtension<RewindApi>('rewind.rewind-vscode')!.activate()) as RewindApi;
  });

  after(async function () {
    await vscode.commands.executeCommand('rewind.stopDevServer');
    await useServerAddress(api, process.env.REWIND_TEST_ADDRESS!, 'the way back');
  });

  it('runs rewind dev on the configured port, connects to it, runs its workflows, and stops it', async function () {
    const address = `127.0.0.1:${await freePort()}`;
    await vscode.workspace.getConfiguration('rewind').update('serverAddress', address, vscode.ConfigurationTarget.Global);
    const dev = await vscode.commands.executeCommand<DevServerProcess | undefined>('rewind.startDevServer', project());
    assert.ok(dev, 'the dev server started');
    await eventually(
      () => api.connection().state.kind === 'connected' && api.connection().address === address,
      'the connection to rewind dev',
    );

    const connection = await Connection.connect({ address });
    try {
      const result = await new Client({ connection }).workflow.execute('hello', {
        taskQueue: 'vscode-dev',
        workflowId: 'from-dev',
        args: ['dev'],
      });
      assert.equal(result, 'hello dev');
    } finally {
      await connection.close();
    }
    await eventually(() => api.tree.model.groups().find((g) => g.key === 'COMPLETED'), 'the run in the tree');

    await vscode.commands.executeCommand('rewind.stopDevServer');
    assert.equal(dev.running, false);
    await eventually(() => api.connection().state.kind === 'disconnected', 'the disconnection');
  });
});
