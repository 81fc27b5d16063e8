// A browser test of the real workbench (headless chromium), opened at the repository's root as a user
// opens their repository: with the extension loaded, it runs "Rewind: Start Workflow" from the command
// palette, picks the workflow type the extension found in the samples' source, fills in the task queue,
// id and arguments, and waits until the Workflows tree shows the workflow, first running, then completed
// by the samples' worker on a real Rewind server. Then it debugs that run as a user does: right-click →
// Debug Replay finds the order sample's code (the workspace scan) and opens the run's history view
// beside, which shows where the debugger stopped; clicking an event's row in that view (its real DOM,
// inside the webview's frames) moves the debugger to that event, and the view says so; one Step Over
// press then goes over one workflow step (to the next activity, past the workflow task events). Last it
// debugs a run of another sample type (an approval, waiting for its signal) from the tree (its status
// badge coloured apart from the completed run's): Debug Replay finds that code too, and Continue stops
// where it waits, in samples/approval/workflows.ts. Then an alert's history view: its child step's link
// opens the child's history, which links its parent.
// Screenshots: extension/.test-artifacts/palette-start.png, debugger-step-over.png,
// debugger-second-type.png, history-child.png (or palette-start-failure.png).
// The extension is loaded from extension/ (extensionDevelopmentPath), or with --vsix packaged by
// `npm run package -w extension` and installed into VS Code's server, as a user gets it.
import { execFileSync } from 'node:child_process';
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

  // The workflow type, registered by the samples' worker and found by the scan of the workspace
  // (samples/order/workflows.ts); the registered types come first.
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Start Workflow' }).waitFor({ timeout: STEP_MS });
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  await rows.first().waitFor({ timeout: STEP_MS });
  const first = (await rows.first().innerText()).replace(/\s+/g, ' ');
  if (!first.includes('registered on')) throw new Error(`the first type offered is not a registered one: "${first}"`);
  await input.fill('orderWorkflow');
  const typeRow = rows.filter({ hasText: 'orderWorkflow' }).first();
  await typeRow.waitFor({ timeout: STEP_MS });
  lap(`the type to pick: "${(await typeRow.innerText()).replace(/\s+/g, ' ')}"`);
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

/** Debug Replay from the row's context menu: the run's history view (its frame) once it shows the stop on entry. */
async function debugReplay(page, row, workflowId) {
  await row.click({ button: 'right' });
  // The workbench's menus act on the focused item (a synthetic click may not reach them): hover, then Enter.
  await page.locator('.monaco-menu .action-item', { hasText: 'Debug Replay' }).first().hover();
  await page.keyboard.press('Enter');
  lap(`picked "Debug Replay" from the context menu of ${workflowId}`);
  // The run's history view opens beside and shows the session's stop on entry.
  const history = await inWebview(page, `#workflow-id:text-is("${workflowId}")`, STEP_MS);
  await history.locator('#debug-position', { hasText: /debugger at event 1$/ }).waitFor({ timeout: STEP_MS });
  lap(`the history view follows: "${await history.locator('#debug-position').innerText()}"`);
  return history;
}

/** The status badge of a history view: its text and background colour. */
async function badge(history) {
  const state = history.locator('#state');
  return {
    text: (await state.innerText()).trim(),
    colour: await state.evaluate((el) => el.ownerDocument.defaultView.getComputedStyle(el).backgroundColor),
  };
}

/** The path of the active editor, as its breadcrumbs show it ("samples/order/workflows.ts"). */
async function activeEditorPath(page) {
  const items = page.locator('.editor-group-container.active .breadcrumbs-control .monaco-breadcrumb-item');
  return (await items.allInnerTexts())
    .map((t) => t.trim())
    .filter(Boolean)
    .join('/');
}

/** Debug Replay of the order run; then a click on the TimerStarted row of the history view moves the debugger. */
async function debugFromHistoryView(page, row, workflowId) {
  const history = await debugReplay(page, row, workflowId);
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
  const source = await activeEditorPath(page);
  if (!/samples[\\/]order[\\/]workflows\.ts/.test(source)) throw new Error(`the stop shows ${source}, not samples/order/workflows.ts`);
  lap(`the source shows the stop (${line} of ${source}) beside the history view, still in sight`);
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

/**
 * Stops the order session, then debugs the approval run (started before the workbench opened, waiting
 * for its signal) from its row: the debugger stops in the approval sample's workflows.ts.
 */
async function debugSecondType(page, workflowId, completedBadge) {
  await page
    .locator('.debug-toolbar .action-item [aria-label^="Stop"], .debug-toolbar .action-item [aria-label^="Disconnect"]')
    .first()
    .click();
  await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: STEP_MS });
  lap('stopped the first debug session');
  const view = page.locator('.part.sidebar');
  const row = view.locator('.monaco-list-row', { hasText: workflowId }).first();
  await row.waitFor({ timeout: STEP_MS });
  const history = await debugReplay(page, row, workflowId);
  // Continue: the replay runs to the end of the history, where the run waits for its signal.
  await page.locator('.debug-toolbar .action-item [aria-label^="Continue"]').first().click();
  await history
    .locator('#debug-position', { hasText: /debugger at event \d+$/ })
    .filter({ hasNotText: /event 1$/ })
    .waitFor({ timeout: STEP_MS });
  await page.locator('.monaco-editor .debug-top-stack-frame-line').first().waitFor({ timeout: STEP_MS });
  for (const deadline = Date.now() + STEP_MS; ;) {
    const source = await activeEditorPath(page);
    if (/samples[\\/]approval[\\/]workflows\.ts/.test(source)) {
      lap(`the debugger stopped in ${source}, ${await history.locator('#debug-position').innerText()}`);
      // The status badge is coloured by status: a running run's is not a completed one's.
      const running = await badge(history);
      if (running.colour === completedBadge.colour)
        throw new Error(`the badges "${running.text}" and "${completedBadge.text}" have the same colour ${running.colour}`);
      lap(`badges: "${running.text}" ${running.colour}, "${completedBadge.text}" ${completedBadge.colour}`);
      return;
    }
    if (Date.now() > deadline) throw new Error(`the approval run's stop shows ${source}, not samples/approval/workflows.ts`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The history view of an alert (started before the workbench opened; it pages its on-call people in
 * child workflows): Show History from its row, its child step picked, and the details pane's link opens
 * the child's history, whose header links back to the parent.
 */
async function openChildFromHistory(page, alertId) {
  await page
    .locator('.debug-toolbar .action-item [aria-label^="Stop"], .debug-toolbar .action-item [aria-label^="Disconnect"]')
    .first()
    .click();
  await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: STEP_MS });
  const row = page.locator('.part.sidebar .monaco-list-row', { hasText: alertId }).first();
  await row.click({ button: 'right' });
  await page.locator('.monaco-menu .action-item', { hasText: 'Show History' }).first().hover();
  await page.keyboard.press('Enter');
  const history = await inWebview(page, `#workflow-id:text-is("${alertId}")`, STEP_MS);
  const step = history.locator('.row', { has: history.locator('.kind-child') }).first();
  await step.waitFor({ timeout: STEP_MS });
  await step.click();
  const link = history.locator('#details a.run-link', { hasText: "Open the child's history" });
  await link.waitFor({ timeout: STEP_MS });
  lap(`the alert's child step, its details beside: "${await link.innerText()}"`);
  await link.click();
  const childId = `${alertId}-round-1`;
  const child = await inWebview(page, `#workflow-id:text-is("${childId}")`, STEP_MS);
  await child.locator('a.run-link', { hasText: `Parent ${alertId}` }).waitFor({ timeout: STEP_MS });
  lap(`the link opened the child's history (${childId}), which links its parent`);
}

/** An alert, started with the CLI: its first round pages ana in a child workflow. Its workflow id. */
function startAlert(address) {
  const workflowId = `alert-${Date.now().toString(36)}`;
  execFileSync(process.execPath, [
    path.join(root, 'devserver/bin/rewind.js'),
    ...['workflow', 'start', '--address', address, '--type', 'alertEscalation', '--task-queue', 'alerts'],
    ...['--workflow-id', workflowId, '--input', JSON.stringify({ id: workflowId, message: 'disk full' })],
    ...['--input', JSON.stringify(['ana', 'bo']), '--input', JSON.stringify('1 hour')],
  ]);
  return workflowId;
}

/** An approval run, started with the CLI: it waits for a signal. Its workflow id. */
function startApproval(address) {
  const workflowId = `approval-${Date.now().toString(36)}`;
  const request = { id: workflowId, amount: 120, requester: 'bo', approver: 'ada' };
  execFileSync(process.execPath, [
    path.join(root, 'devserver/bin/rewind.js'),
    ...['workflow', 'start', '--address', address, '--type', 'approvalWorkflow', '--task-queue', 'approvals'],
    ...['--workflow-id', workflowId, '--input', JSON.stringify(request)],
  ]);
  return workflowId;
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
    const approvalId = startApproval(address);
    const alertId = startAlert(address);
    const port = await startVscodeServer(host, scratch, {}, { 'rewind.serverAddress': address });
    lap(`Rewind server on ${address}, VS Code's server on ${port}`);
    const payload = fromVsix ? [] : [['extensionDevelopmentPath', extensionDir]];
    ({ browser, page } = await openWorkbench(host, scratch, port, root, payload));
    page.on('pageerror', (e) => console.log(`[pageerror] ${String(e).slice(0, 300)}`));
    const workflowId = `palette-${Date.now().toString(36)}`;
    const row = await drive(page, workflowId);
    const { history, eventId } = await debugFromHistoryView(page, row, workflowId);
    const completedBadge = await badge(history);
    await page.screenshot({ path: path.join(artifacts, 'palette-start.png') });
    lap(`screenshot: ${path.join(artifacts, 'palette-start.png')}`);
    await stepOverOneStep(page, history, eventId);
    await page.screenshot({ path: path.join(artifacts, 'debugger-step-over.png') });
    lap(`screenshot: ${path.join(artifacts, 'debugger-step-over.png')}`);
    await debugSecondType(page, approvalId, completedBadge);
    await page.screenshot({ path: path.join(artifacts, 'debugger-second-type.png') });
    lap(`screenshot: ${path.join(artifacts, 'debugger-second-type.png')}`);
    await openChildFromHistory(page, alertId);
    await page.screenshot({ path: path.join(artifacts, 'history-child.png') });
    lap(`screenshot: ${path.join(artifacts, 'history-child.png')}`);
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
