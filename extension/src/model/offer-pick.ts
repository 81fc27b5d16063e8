// "Nothing has the code" said with a way on, without waiting for the user: Pick a File… opens a file
// dialog, and the file picked is handed on. The UI comes in as functions (VS Code's, or a test's).

export const PICK_A_FILE = 'Pick a File…';

export interface PickUi {
  /** Shows the error with one action; resolves with the action if chosen. */
  showError(message: string, action: string): PromiseLike<string | undefined>;
  /** Asks for a workflows file; resolves with its path, or undefined if none was picked. */
  pickFile(): PromiseLike<string | undefined>;
}

/** Says `message`; a file picked through its action goes to `then`. Resolves when the user is done with it. */
export async function offerPick(ui: PickUi, message: string, then: (workflowsPath: string) => void): Promise<void> {
  if ((await ui.showError(message, PICK_A_FILE)) !== PICK_A_FILE) return;
  const file = await ui.pickFile();
  if (file) then(file);
}
