// The read-only documents (scheme rewind-answer:) that show query and update answers: one per run and
// name (model/answer-document.ts), refreshed in place when asked again, never dirty, never asking to be saved.
import * as vscode from 'vscode';
import { displayJson } from '@rewind/sdk/internal/common/payload-display';
import type { Payload } from '@rewind/sdk/protocol';
import { answerPath, type AnswerKind } from '../model/answer-document';

export const ANSWER_SCHEME = 'rewind-answer';

export class AnswerDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(ANSWER_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '// This answer is gone (VS Code was reloaded): ask again.';
  }

  /** Shows the answer in its document (opened, or refreshed where it is open); returns the document. */
  async show(run: { workflowId: string; runId?: string }, kind: AnswerKind, name: string, value: Payload): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.from({ scheme: ANSWER_SCHEME, path: answerPath(run, kind, name) });
    this.texts.set(uri.toString(), `${displayJson(value ?? null, 2) ?? 'null'}\n`);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false });
    return doc;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
