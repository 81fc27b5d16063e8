// Step Back Into and Step Back Out: the two backward motions VS Code's debug toolbar has no button for
// (its Step Back is Step Over backwards), as commands that send the active `rewind` session the adapter's
// `stepBackInto` / `stepBackOut` requests. Keys: Alt+F11 and Alt+Shift+F11 (package.json).
import * as vscode from 'vscode';
import { DEBUG_TYPE } from './launch-config';

const MOTIONS = {
  'rewind.stepBackInto': 'stepBackInto',
  'rewind.stepBackOut': 'stepBackOut',
} as const;

export function registerStepBackCommands(): vscode.Disposable[] {
  return Object.entries(MOTIONS).map(([command, request]) =>
    vscode.commands.registerCommand(command, async (): Promise<boolean> => {
      const session = [vscode.debug.activeDebugSession].find((s) => s?.type === DEBUG_TYPE);
      if (!session) {
        void vscode.window.showErrorMessage('Stepping back moves a Rewind replay: start one first (Debug Replay on a workflow).');
        return false;
      }
      try {
        await session.customRequest(request);
        return true;
      } catch (err) {
        void vscode.window.showErrorMessage(`Could not step back: ${(err as Error).message}`);
        return false;
      }
    }),
  );
}
