// A worker thread for what needs TypeScript, so that loading it, parsing and evaluating never block the
// extension host: workflow definitions read from source, and a project's rewind.config.ts evaluated.
// It uses Rewind's own TypeScript (bundled here): reading the syntax needs no type checker, so whatever
// TypeScript the workspace has (7, 5, none) does not matter.
import { parentPort } from 'node:worker_threads';
import * as ts from 'typescript';
import { configOfModule } from '@rewind/sdk/internal/project/project-config';
import { assertNever } from '@rewind/sdk/internal/common/type-helpers';
import { scanHandlers } from '../model/handler-scan';
import { scanWorkflows } from '../model/workflow-scan';
import { evaluateConfigModule } from './config-module';
import type { ScanReply, ScanRequest } from './scan-messages';

function answer(request: ScanRequest): ScanReply {
  switch (request.type) {
    case 'scan':
      return { id: request.id, definitions: request.files.flatMap((f) => scanWorkflows(ts, f.file, f.text)) };
    case 'handlers':
      return { id: request.id, handlers: request.files.map((f) => scanHandlers(ts, f.file, f.text)) };
    case 'configModule': {
      // Only the configuration crosses to the extension, as data (a function in it would not).
      const config = configOfModule(evaluateConfigModule(ts, request.file));
      const json = JSON.stringify(config);
      return { id: request.id, configModule: json === undefined ? undefined : (JSON.parse(json) as unknown) };
    }
    default:
      return assertNever(request);
  }
}

parentPort!.on('message', (request: ScanRequest) => {
  let reply: ScanReply;
  try {
    reply = answer(request);
  } catch (err) {
    reply = { id: request.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
