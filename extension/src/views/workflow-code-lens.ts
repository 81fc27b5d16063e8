// The CodeLens above each exported workflow function of a TypeScript file: "Start" (Start Workflow with
// that type chosen) and "Debug last run". Which functions are workflows is workflow-scan's rule (the
// one Start Workflow uses); only the one document is read, so the lens stays cheap.
import * as vscode from 'vscode';
import { mayDefineWorkflows } from '../model/workflow-scan';
import type { WorkflowScanner } from '../workspace/workflow-scanner';
import type { StartWorkflowRequest } from '../commands/start-workflow';

export const WORKFLOW_FILES: vscode.DocumentSelector = [{ language: 'typescript', scheme: 'file' }];

export class WorkflowCodeLensProvider implements vscode.CodeLensProvider {
  constructor(private readonly scanner: WorkflowScanner) {}

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const text = document.getText();
    if (!mayDefineWorkflows(text)) return [];
    const found = await this.scanner.scan([{ file: document.uri.fsPath, text }]);
    return found.flatMap((workflow) => {
      const range = document.lineAt(workflow.line).range;
      const start: StartWorkflowRequest = { workflowType: workflow.name };
      return [
        new vscode.CodeLens(range, {
          title: 'Start',
          tooltip: `Start a ${workflow.name} workflow`,
          command: 'rewind.startWorkflow',
          arguments: [start],
        }),
        new vscode.CodeLens(range, {
          title: 'Debug last run',
          tooltip: `Replay the newest run of ${workflow.name} in the debugger`,
          command: 'rewind.debugLastRun',
          arguments: [workflow.name, document.uri.fsPath],
        }),
      ];
    });
  }
}
