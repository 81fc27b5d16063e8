// A worker thread that reads workflow definitions from source with the project's TypeScript, so that
// loading TypeScript (seconds on a busy machine) and parsing never block the extension host.
import { parentPort } from 'node:worker_threads';
import type * as TS from 'typescript';
import { scanWorkflows } from '../model/workflow-scan';
import type { ScanReply, ScanRequest } from './scan-messages';

const loaded = new Map<string, typeof TS>();

parentPort!.on('message', (request: ScanRequest) => {
  let reply: ScanReply;
  try {
    let ts = loaded.get(request.typescript);
    if (!ts) {
      ts = require(request.typescript) as typeof TS;
      loaded.set(request.typescript, ts);
    }
    reply = { id: request.id, definitions: request.files.flatMap((f) => scanWorkflows(ts!, f.file, f.text)) };
  } catch (err) {
    reply = { id: request.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
