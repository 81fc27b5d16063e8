import path from 'node:path';
import { Client, Connection } from '@rewind/sdk/client';
import { NativeConnection, Worker } from '@rewind/sdk/worker';
import { RpcClient } from '@rewind/sdk/internal/transport/rpc-client';
import * as activities from './activities';
const log: string[] = [];
const proto = RpcClient.prototype as any;
const onFrame = proto.onFrame; proto.onFrame = function (text: string) { log.push(`${performance.now().toFixed(3)} IN  ${this.options.clientName} ${text.slice(0, 60)}`); return onFrame.call(this, text); };
const flush = proto.flush; proto.flush = function () { log.push(`${performance.now().toFixed(3)} OUT ${this.options.clientName} n=${this.outbox.length} ${String(this.outbox[0]).slice(0, 50)}`); return flush.call(this); };
(async () => {
  const nc = await NativeConnection.connect({ address: '127.0.0.1:7314' });
  const worker = await Worker.create({ connection: nc, taskQueue: 'bench', workflowsPath: path.join(__dirname, 'workflows.ts'), activities });
  const connection = await Connection.connect({ address: '127.0.0.1:7314' });
  const client = new Client({ connection });
  await worker.runUntil(async () => {
    for (let i = 0; i < 50; i++) await client.workflow.execute('threeSteps', { taskQueue: 'bench', workflowId: 'p' + i, args: [1] });
    log.length = 0;
    const t = performance.now();
    await client.workflow.execute('threeSteps', { taskQueue: 'bench', workflowId: 'probe', args: [1] });
    console.log('latency', performance.now() - t);
  });
  console.log(log.join('\n'));
  await connection.close(); await nc.close();
})();
