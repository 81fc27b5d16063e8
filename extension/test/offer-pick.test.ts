// When no code is found, the error's Pick a File… leads to a file dialog, and the file picked replays the run.
import assert from 'node:assert/strict';
import { offerPick, PICK_A_FILE, type PickUi } from '../src/model/offer-pick';

/** A UI that answers as a user would: the action chosen or not, a file picked or not; what it was shown. */
function user(action: string | undefined, file: string | undefined): PickUi & { shown: string[]; dialogs: number } {
  const ui = {
    shown: [] as string[],
    dialogs: 0,
    showError: (message: string, offered: string) => {
      ui.shown.push(`${message} [${offered}]`);
      return Promise.resolve(action);
    },
    pickFile: () => {
      ui.dialogs++;
      return Promise.resolve(file);
    },
  };
  return ui;
}

describe('Pick a File… when nothing has the code', function () {
  it('hands the picked file on', async function () {
    const ui = user(PICK_A_FILE, '/repo/src/workflows.ts');
    const picked: string[] = [];
    await offerPick(ui, 'No file exports trip.', (file) => picked.push(file));
    assert.deepEqual(ui.shown, [`No file exports trip. [${PICK_A_FILE}]`]);
    assert.deepEqual(picked, ['/repo/src/workflows.ts']);
  });

  it('opens no dialog when the message is dismissed, and hands nothing on when the dialog is', async function () {
    const dismissed = user(undefined, '/never.ts');
    const picked: string[] = [];
    await offerPick(dismissed, 'No file exports trip.', (file) => picked.push(file));
    assert.equal(dismissed.dialogs, 0);
    const cancelled = user(PICK_A_FILE, undefined);
    await offerPick(cancelled, 'No file exports trip.', (file) => picked.push(file));
    assert.equal(cancelled.dialogs, 1);
    assert.deepEqual(picked, []);
  });
});
