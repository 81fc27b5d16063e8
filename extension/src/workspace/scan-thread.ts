// A worker thread that reads workflow definitions from source, so that loading TypeScript and parsing
// never block the extension host. It parses with Rewind's own TypeScript (bundled here): reading the
// syntax needs no type checker, so whatever TypeScript the workspace has (7, 5, none) does not matter.
import { parentPort } from 'node:worker_threads';
import * as ts from 'typescript';
import { scanWorkflows } from '../model/workflow-scan';
import type { ScanReply, ScanRequest } from './scan-messages';

parentPort!.on('message', (request: ScanRequest) => {
  let reply: ScanReply;
  try {
    reply = { id: request.id, definitions: request.files.flatMap((f) => scanWorkflows(ts, f.file, f.text)) };
  } catch (err) {
    reply = { id: request.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
