// A browser test of the real workbench (headless chromium): with the extension loaded and the order
// sample as the workspace, it runs "Rewind: Start Workflow" from the command palette, picks the workflow
// type the extension found in the sample's source, fills in the task queue, id and arguments, and waits
// until the Workflows tree shows the workflow, first running, then completed by the samples' worker on a
// real Rewind server. Screenshot: extension/.test-artifacts/palette-start.png (or -failure.png).
// The extension is loaded from extension/ (extensionDevelopmentPath), or with --vsix packaged by
// `npm run package -w extension` and installed into VS Code's server, as a user gets it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  artifacts,
  extensionDir,
  installVsix,
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
    await drive(page, `palette-${Date.now().toString(36)}`);
    await page.screenshot({ path: path.join(artifacts, 'palette-start.png') });
    lap(`screenshot: ${path.join(artifacts, 'palette-start.png')}`);
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
