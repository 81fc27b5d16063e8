// The reason box of Cancel, Terminate and Reset: it confirms the action (Enter) or gives it up (Escape).
// It offers a reason to keep or type over; what it holds is recorded as Temporal records it (cancel's
// cause, terminate's and reset's reason).
import * as vscode from 'vscode';

/** The reason ('' when it was cleared), or undefined when the user gave up the action. */
export async function askReason(title: string, prompt: string, value: string): Promise<string | undefined> {
  const reason = await vscode.window.showInputBox({
    title,
    prompt: `${prompt} Enter to go on, Escape to give up.`,
    value,
    placeHolder: 'Why (recorded in the history)',
    ignoreFocusOut: true,
  });
  return reason?.trim();
}
