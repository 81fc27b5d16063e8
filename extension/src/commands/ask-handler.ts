// The name prompt of Signal, Query and Update: a pick of the names the workspace's source defines (those
// the run's workflow sets a handler for first), each with its argument types; a name typed in is offered
// as well, so any name can be sent. Returns the name and the definition picked (for the argument template).
import * as vscode from 'vscode';
import { handlersFor, type HandlerDefinition, type HandlerKind } from '../model/handler-scan';
import { findHandlers } from '../workspace/find-handlers';
import type { WorkflowScanner } from '../workspace/workflow-scanner';

export interface HandlerItem extends vscode.QuickPickItem {
  /** undefined for the row of a name typed in. */
  definition: HandlerDefinition | undefined;
}

export interface HandlerAnswer {
  name: string;
  definition: HandlerDefinition | undefined;
}

/** The rows of the pick for a run of `workflowType` (unknown: every definition of the kind). */
export async function handlerItems(scanner: WorkflowScanner, kind: HandlerKind, workflowType: string | undefined): Promise<HandlerItem[]> {
  const definitions = await findHandlers(scanner).catch((err: Error) => {
    console.warn(`[rewind] ${err.message}`);
    return [];
  });
  return handlersFor(definitions, kind, workflowType).map(({ definition: d, setByWorkflow }) => ({
    label: d.name,
    description: [
      setByWorkflow ? `set by ${workflowType}` : `not set by ${workflowType ?? 'this workflow'} in its source`,
      `${vscode.workspace.asRelativePath(d.file)}:${d.line + 1}`,
    ].join(' · '),
    detail: `(${d.args ? d.args.replace(/^\[|\]$/g, '') : ''})${d.returns ? ` → ${d.returns}` : ''}`,
    definition: d,
  }));
}

export async function askHandler(
  scanner: WorkflowScanner,
  kind: HandlerKind,
  workflowType: string | undefined,
  title: string,
): Promise<HandlerAnswer | undefined> {
  const items = await handlerItems(scanner, kind, workflowType);
  const pick = vscode.window.createQuickPick<HandlerItem>();
  pick.title = title;
  pick.placeholder = items.length
    ? `The ${kind} name: pick one, or type another`
    : `The ${kind} name (none is defined with define${kind[0]!.toUpperCase()}${kind.slice(1)} in the workspace's source)`;
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = true;
  pick.items = items;
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    const typedRow: HandlerItem[] =
      typed && !items.some((i) => i.label === typed)
        ? [{ label: typed, description: `send '${typed}' (not found in the source)`, alwaysShow: true, definition: undefined }]
        : [];
    pick.items = [...items, ...typedRow];
  });
  return new Promise((resolve) => {
    let answer: HandlerAnswer | undefined;
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0] ?? pick.activeItems[0];
      const typed = pick.value.trim();
      if (item) answer = { name: item.label, definition: item.definition };
      else if (typed) answer = { name: typed, definition: undefined };
      if (answer) pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(answer);
    });
    pick.show();
  });
}

/** The argument box's prompt for a definition: its argument types. */
export function handlerPrompt(definition: HandlerDefinition | undefined): string | undefined {
  if (!definition) return undefined;
  return definition.args ? `Arguments: ${definition.args}` : `${definition.name} takes no arguments`;
}
