// The messages between the extension and its scan thread (the work that needs TypeScript): reading
// workflow definitions and signal / query / update definitions from source, and evaluating a project's
// rewind.config.ts.
import type { HandlerScan } from '../model/handler-scan';
import type { WorkflowDefinition } from '../model/workflow-scan';

export type ScanRequest =
  | { type: 'scan'; id: number; files: { file: string; text: string }[] }
  /** The signals, queries and updates the files define, and which workflows set their handlers. */
  | { type: 'handlers'; id: number; files: { file: string; text: string }[] }
  /** The module rewind.config.ts defines; answered with its configuration as plain data (JSON's). */
  | { type: 'configModule'; id: number; file: string };

export type ScanReply =
  | { id: number; definitions: WorkflowDefinition[] }
  | { id: number; handlers: HandlerScan[] }
  | { id: number; configModule: unknown }
  | { id: number; error: string };
