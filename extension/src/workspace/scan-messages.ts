// The messages between the extension and its scan thread.
import type { WorkflowDefinition } from '../model/workflow-scan';

export interface ScanRequest {
  id: number;
  files: { file: string; text: string }[];
}

export type ScanReply = { id: number; definitions: WorkflowDefinition[] } | { id: number; error: string };
