// The name prompt of Signal, Query and Update: a pick of the names the run's worker reports (asked with
// `__temporal_workflow_metadata`, briefly) and the workspace's source defines, each with its argument
// types and where it came from; a name typed in is offered as well, so any name can be sent. Returns the
// name and the definition picked (for the argument template).
import * as vscode from 'vscode';
import { handlersFor, type HandlerDefinition, type HandlerKind } from '../model/handler-scan';
import { mergeHandlerOffers, offerDescription, offerDetail, typedNameRow, type ReportedHandlers } from '../model/handler-offer';
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

/**
 * The rows of the pick for a run of `workflowType` (unknown: every definition of the kind), with what its
 * worker reported (if it did) first.
 */
export async function handlerItems(
  scanner: WorkflowScanner,
  kind: HandlerKind,
  workflowType: string | undefined,
  reported?: ReportedHandlers,
): Promise<HandlerItem[]> {
  const definitions = await findHandlers(scanner).catch((err: Error) => {
    console.warn(`[rewind] ${err.message}`);
    return [];
  });
  return mergeHandlerOffers(handlersFor(definitions, kind, workflowType), reported?.[kind]).map((offer) => ({
    label: offer.name,
    description: offerDescription(
      offer,
      workflowType,
      reported !== undefined,
      offer.definition ? `${vscode.workspace.asRelativePath(offer.definition.file)}:${offer.definition.line + 1}` : undefined,
    ),
    detail: offerDetail(offer),
    definition: offer.definition,
  }));
}

export async function askHandler(
  scanner: WorkflowScanner,
  kind: HandlerKind,
  workflowType: string | undefined,
  title: string,
  reported?: ReportedHandlers,
): Promise<HandlerAnswer | undefined> {
  const items = await handlerItems(scanner, kind, workflowType, reported);
  const pick = vscode.window.createQuickPick<HandlerItem>();
  pick.title = title;
  pick.placeholder = items.length
    ? `The ${kind} name: pick one, or type another`
    : `The ${kind} name (the run's worker reports none, and none is defined with define${kind[0]!.toUpperCase()}${kind.slice(1)} in the workspace's source)`;
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = true;
  pick.items = items;
  pick.onDidChangeValue((value) => {
    const typed = typedNameRow(
      value,
      items.map((i) => i.label),
    );
    pick.items = typed ? [...items, { ...typed, alwaysShow: true, definition: undefined }] : items;
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
