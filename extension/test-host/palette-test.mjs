// A browser test of the real workbench (headless chromium): with the extension loaded and the order
// sample as the workspace, it runs "Rewind: Start Workflow" from the command palette, picks the workflow
// type the extension found in the sample's source, fills in the task queue, id and arguments, and waits
// until the Workflows tree shows the workflow, first running, then completed by the samples' worker on a
// real Rewind server. Then it debugs that run as a user does: right-click → Debug Replay opens the run's
// history view beside, which shows where the debugger stopped; clicking an event's row in that view (its
// real DOM, inside the webview's frames) moves the debugger to that event, and the view says so; one
// Step Over press then goes over one workflow step (to the next activity, past the workflow task events).
// Screenshots: extension/.test-artifacts/palette-start.png, debugger-step-over.png (or palette-start-failure.png).
// The extension is loaded from extension/ (extensionDevelopmentPath), or with --vsix packaged by
// `npm run package -w extension` and installed into VS Code's server, as a user gets it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  artifacts,
  extensionDir,
  installVsix,
  inWebview,
  openWorkbench,
  packageVsix,
  root,
  startRewind,
  startVscodeServer,
  stopAll,
  stopOnSignals,
  vscodeHost,
} from './fixture.mjs';

const STEP_MS = 60_000;
const fromVsix = process.argv.includes('--vsix');
const started = Date.now();
const lap = (what) => console.log(`[palette-test ${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);

/** Waits for the quick input whose title has `title`, types `value` over what it holds, and presses Enter. */
async function answer(page, title, value) {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: STEP_MS });
  const input = widget.locator('input').first();
  lap(`"${await widget.locator('.quick-input-title').innerText()}" holds ${JSON.stringify(await input.inputValue())}`);
  await input.fill(value);
  await page.keyboard.press('Enter');
}

async function drive(page, workflowId) {
  const activity = page.locator(
    '.part.activitybar .action-item a[aria-label^="Rewind"], .part.activitybar .action-item[aria-label^="Rewind"]',
  );
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: STEP_MS });
  lap('the workbench is up');
  await activity.first().waitFor({ timeout: STEP_MS });
  lap('the extension is in the activity bar');
  await activity.first().click();
  const view = page.locator('.part.sidebar');
  await view.locator('.title-label', { hasText: 'Workflows' }).waitFor({ timeout: STEP_MS });
  // Connected (to the address in the machine settings): the status bar counts the running workflows.
  await page
    .locator('.part.statusbar .statusbar-item', { hasText: /Rewind: \d+ running/ })
    .first()
    .waitFor({ timeout: STEP_MS });
  lap('the Rewind view is open and connected');

  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: STEP_MS });
  await input.fill('>Rewind: Start Workflow');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Rewind: Start Workflow' }).first().waitFor({ timeout: STEP_MS });
  await page.keyboard.press('Enter');
  lap('ran "Rewind: Start Workflow" from the palette');

  // The workflow type, from the scan of the workspace (samples/order/workflows.ts).
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Start Workflow' }).waitFor({ timeout: STEP_MS });
  const typeRow = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'orderWorkflow' }).first();
  await typeRow.waitFor({ timeout: STEP_MS });
  lap(`the type to pick: "${(await typeRow.innerText()).replace(/\s+/g, ' ')}"`);
  await input.fill('orderWorkflow');
  await page.keyboard.press('Enter');

  await answer(page, 'task queue', 'orders');
  await answer(page, 'workflow id', workflowId);
  await answer(page, 'arguments', JSON.stringify([workflowId, '1 second']));
  lap('answered every prompt');

  const row = view.locator('.monaco-list-row', { hasText: workflowId }).first();
  await row.waitFor({ timeout: STEP_MS });
  lap(`the tree shows it: "${await row.getAttribute('aria-label')}"`);
  // The samples' worker runs it: payment, a one-second sleep, inventory, email; then it is completed.
  await view.locator('.monaco-list-row', { hasText: 'Completed' }).first().waitFor({ timeout: STEP_MS });
  await row.locator('.codicon-pass').waitFor({ timeout: STEP_MS });
  lap(`completed: "${await row.getAttribute('aria-label')}"`);
  return row;
}

/** Debug Replay from the row's context menu; then a click on the TimerStarted row of the history view moves the debugger. */
async function debugFromHistoryView(page, row) {
  await row.click({ button: 'right' });
  // The workbench's menus act on the focused item (a synthetic click may not reach them): hover, then Enter.
  await page.locator('.monaco-menu .action-item', { hasText: 'Debug Replay' }).first().hover();
  await page.keyboard.press('Enter');
  lap('picked "Debug Replay" from the context menu');
  // The run's history view opens beside and shows the session's stop on entry (sample's workflows.ts from rewind.config.json).
  const history = await inWebview(page, '#debug-position:text-matches("debugger at event 1$")', STEP_MS);
  lap(`the history view follows: "${await history.locator('#debug-position').innerText()}"`);
  await history.locator('[data-view="full"]').click();
  const timer = history.locator('.row', { has: history.locator('.type', { hasText: /^TimerStarted$/ }) }).first();
  await timer.waitFor({ timeout: STEP_MS });
  const eventId = (await timer.locator('.id').innerText()).trim();
  await timer.click();
  lap(`clicked the row of event ${eventId} (TimerStarted)`);
  await history.locator('#debug-position', { hasText: new RegExp(`debugger at event ${eventId}$`) }).waitFor({ timeout: STEP_MS });
  await history.locator('.row.debug-position .id', { hasText: new RegExp(`^${eventId}$`) }).waitFor({ timeout: STEP_MS });
  lap(`the debugger moved there: "${await history.locator('#debug-position').innerText()}"`);
  // The editor shows the stop's source line (the sleep), in a group of its own: the history stays in view.
  await page.locator('.monaco-editor .debug-top-stack-frame-line').first().waitFor({ timeout: STEP_MS });
  const line = (
    await page
      .locator('.part.statusbar .statusbar-item', { hasText: /Ln \d+/ })
      .first()
      .innerText()
  ).trim();
  if (!(await history.locator('#debug-position').isVisible())) throw new Error('the source of the stop covered the history view');
  lap(`the source shows the stop (${line}) beside the history view, still in sight`);
  return { history, eventId };
}

/**
 * One Step Over press per workflow step (the debug toolbar's button): from the timer to its firing, then
 * to the next activity over the workflow task events between; the history view's details pane shows each stop.
 */
async function stepOverOneStep(page, history, timerId) {
  const button = page.locator('.debug-toolbar .action-item [aria-label^="Step Over"]').first();
  const stopAt = async (type) => {
    await button.click();
    await history.locator('.row.debug-position .type', { hasText: new RegExp(`^${type}$`) }).waitFor({ timeout: STEP_MS });
    const id = Number((await history.locator('.row.debug-position .id').innerText()).trim());
    await history.locator('#details', { hasText: `"eventId": ${id}` }).waitFor({ timeout: STEP_MS });
    return id;
  };
  const fired = await stopAt('TimerFired');
  lap(`Step Over: from event ${timerId} (TimerStarted) to event ${fired} (TimerFired), its details beside`);
  const scheduled = await stopAt('ActivityTaskScheduled');
  if (scheduled <= fired + 1) throw new Error(`Step Over went from ${fired} to ${scheduled}: no workflow task events between?`);
  lap(`one Step Over press: from event ${fired} to event ${scheduled} (ActivityTaskScheduled), over the workflow task events`);
}

async function main() {
  const host = vscodeHost();
  fs.mkdirSync(artifacts, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-palette-'));
  stopOnSignals(scratch);
  let browser;
  let page;
  try {
    if (fromVsix) {
      const vsix = packageVsix(scratch);
      installVsix(host, scratch, vsix);
      lap(`installed ${path.basename(vsix)} (${fs.statSync(vsix).size} bytes)`);
    }
    const address = await startRewind();
    const port = await startVscodeServer(host, scratch, {}, { 'rewind.serverAddress': address });
    lap(`Rewind server on ${address}, VS Code's server on ${port}`);
    const payload = fromVsix ? [] : [['extensionDevelopmentPath', extensionDir]];
    ({ browser, page } = await openWorkbench(host, scratch, port, path.join(root, 'samples/order'), payload));
    page.on('pageerror', (e) => console.log(`[pageerror] ${String(e).slice(0, 300)}`));
    const row = await drive(page, `palette-${Date.now().toString(36)}`);
    const { history, eventId } = await debugFromHistoryView(page, row);
    await page.screenshot({ path: path.join(artifacts, 'palette-start.png') });
    lap(`screenshot: ${path.join(artifacts, 'palette-start.png')}`);
    await stepOverOneStep(page, history, eventId);
    await page.screenshot({ path: path.join(artifacts, 'debugger-step-over.png') });
    lap(`screenshot: ${path.join(artifacts, 'debugger-step-over.png')}`);
    return true;
  } catch (err) {
    console.error(`[palette-test] FAILED: ${err instanceof Error ? err.message : err}`);
    const shot = path.join(artifacts, 'palette-start-failure.png');
    if (page)
      await page.screenshot({ path: shot }).then(
        () => console.error(`[palette-test] screenshot: ${shot}`),
        () => undefined,
      );
    return false;
  } finally {
    await browser?.close().catch(() => undefined);
    stopAll();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

const ok = await main();
console.log(ok ? '1 passed, 0 failed' : '0 passed, 1 failed');
process.exit(ok ? 0 : 1);
