// The workspace's workflow types, read from source on the scan thread (with Rewind's own TypeScript),
// for Start Workflow and Debug Replay.
import type { WorkflowDefinition } from '../model/workflow-scan';
import { workflowSourceFiles } from './workflow-source-files';
import type { WorkflowScanner } from './workflow-scanner';

export async function findWorkflows(scanner: WorkflowScanner): Promise<WorkflowDefinition[]> {
  return (await scanner.scan(await workflowSourceFiles())).sort((a, b) => a.name.localeCompare(b.name));
}
