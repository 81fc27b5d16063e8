// The workspace's signal, query and update definitions, read from source on the scan thread, for the
// Signal, Query and Update prompts (the same files find-workflows.ts reads).
import type { HandlerDefinition } from '../model/handler-scan';
import { workflowSourceFiles } from './workflow-source-files';
import type { WorkflowScanner } from './workflow-scanner';

export async function findHandlers(scanner: WorkflowScanner): Promise<HandlerDefinition[]> {
  return scanner.scanHandlers(await workflowSourceFiles());
}
