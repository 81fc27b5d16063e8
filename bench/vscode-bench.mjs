// `npm run bench:vscode`: how fast the extension is as a user sees it, measured in the real workbench's
// DOM (VS Code's server with the web workbench in headless chromium; the host from
// extension/test-host/setup.sh). Prints one JSON line:
// - treeFirstRenderMs: "Rewind: Connect to…" a server with 10,000 workflows, Enter pressed → the Running
//   group shows its count and its first rows (connect, list, model, VS Code's render);
// - eventToTreeMs: a client starts a workflow → its row is in the tree (p50 / p95 / max of 20);
// - historyOpenMs: "Rewind: Show History" on a 10,000-event run (and on a 50,000-event one), Enter pressed
//   → the webview shows its first rows, and all the events; historyScrollEndMs: End pressed in the 50,000 → the last event shown.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@rewind/sdk/client';
import {
  extensionDir,
  inWebview,
  openWorkbench,
  startProcess,
  root,
  startVscodeServer,
  stopAll,
  stopOnSignals,
  vscodeHost,
} from '../extension/test-host/fixture.mjs';

const WORKFLOWS = Number(process.env.REWIND_BENCH_WORKFLOWS ?? 10_000);
const EVENTS = (process.env.REWIND_BENCH_EVENTS ?? '10000,50000').split(',').map(Number);
const LIVE_SAMPLES = 20;
const IDLE_QUEUE = 'bench-idle'; // No worker polls it: runs stay Running, signals only add events.
const STEP_MS = 120_000;
const round = (x) => Math.round(x * 10) / 10;
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function inParallel(count, concurrency, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await fn(next++);
    }),
  );
}

async function startServer(name) {
  const [, address] = await startProcess(
    name,
    process.execPath,
    [path.join(root, 'devserver/bin/rewind.js'), 'server', 'start', '--db', ':memory:', '--port', '0'],
    {},
    /listening on (\S+)/,
  );
  return address;
}

/** 10,000 running workflows, and runs of 10,000 and 50,000 events (signals to a run no worker takes). */
async function populate(client) {
  await inParallel(WORKFLOWS, 200, (i) =>
    client.workflow.start('orderWorkflow', { taskQueue: IDLE_QUEUE, workflowId: `bench-${i}`, args: [`o-${i}`, '1 hour'] }),
  );
  for (const events of EVENTS) {
    const handle = await client.workflow.start('orderWorkflow', {
      taskQueue: IDLE_QUEUE,
      workflowId: `bench-${events}-events`,
      args: ['h', '1 hour'],
    });
    await inParallel(events - 2, 200, (i) => handle.signal('ping', i));
  }
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: STEP_MS });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: STEP_MS });
  await page.keyboard.press('Enter');
  return input;
}

async function historyOpen(page, events) {
  const workflowId = `bench-${events}-events`;
  const input = await runCommand(page, 'Rewind: Show History');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Show History' }).waitFor({ timeout: STEP_MS });
  await input.fill(workflowId);
  // Listed (the latest runs) or not, Enter opens the run of the typed id.
  await page
    .locator('.quick-input-widget .monaco-list-row', { hasText: workflowId })
    .first()
    .waitFor({ timeout: 10_000 })
    .catch(() => undefined);
  const t0 = performance.now();
  await page.keyboard.press('Enter');
  const frame = await inWebview(page, '.row', STEP_MS);
  const firstRowsMs = performance.now() - t0;
  await frame.locator('#count', { hasText: `${events.toLocaleString()} events` }).waitFor({ timeout: STEP_MS });
  return { firstRowsMs, allEventsMs: performance.now() - t0, frame };
}

async function main() {
  const host = vscodeHost();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-vscode-bench-'));
  stopOnSignals(scratch);
  let browser;
  try {
    const empty = await startServer('empty server');
    const address = await startServer('bench server');
    const connection = await Connection.connect({ address });
    const client = new Client({ connection });
    const populating = performance.now();
    await populate(client);
    console.error(`[bench] populated in ${Math.round(performance.now() - populating)} ms`);

    const port = await startVscodeServer(
      host,
      scratch,
      {},
      {
        'rewind.serverAddress': empty,
        ...(process.env.REWIND_BENCH_PAGE_SIZE ? { 'rewind.pageSize': Number(process.env.REWIND_BENCH_PAGE_SIZE) } : {}),
      },
    );
    let page;
    ({ browser, page } = await openWorkbench(host, scratch, port, fs.mkdtempSync(path.join(scratch, 'ws-')), [
      ['extensionDevelopmentPath', extensionDir],
    ]));
    const activity = page.locator(
      '.part.activitybar .action-item a[aria-label^="Rewind"], .part.activitybar .action-item[aria-label^="Rewind"]',
    );
    await activity.first().waitFor({ timeout: STEP_MS });
    await activity.first().click();
    const view = page.locator('.part.sidebar');
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'Rewind: 0 running' }).first().waitFor({ timeout: STEP_MS });

    // The tree's first render with 10,000 workflows: from an empty tree, connect to the full server.
    const connectInput = await runCommand(page, 'Rewind: Connect to');
    await connectInput.fill(address);
    const t0 = performance.now();
    await page.keyboard.press('Enter');
    const running = view.locator('.monaco-list-row', { hasText: 'Running' }).first();
    await running.waitFor({ timeout: STEP_MS });
    await view
      .locator('.monaco-list-row', { hasText: /^bench-/ })
      .first()
      .waitFor({ timeout: STEP_MS });
    const treeFirstRenderMs = performance.now() - t0;
    const shownCount = await running.innerText();

    // A workflow event on the server → its row in the tree (newest first: at the top of Running).
    const live = [];
    for (let i = 0; i < LIVE_SAMPLES; i++) {
      const workflowId = `live-${i}`;
      // Apart by more than VS Code's 200 ms debounce of tree refreshes: each sample is an event on its own.
      await new Promise((r) => setTimeout(r, 250));
      const started = performance.now();
      await client.workflow.start('orderWorkflow', { taskQueue: IDLE_QUEUE, workflowId, args: ['l', '1 hour'] });
      await view.locator('.monaco-list-row', { hasText: workflowId }).first().waitFor({ timeout: STEP_MS });
      live.push(performance.now() - started);
    }

    const history = {};
    let scrollEnd;
    for (const events of EVENTS) {
      const { firstRowsMs, allEventsMs, frame } = await historyOpen(page, events);
      history[events] = { firstRowsMs: round(firstRowsMs), allEventsMs: round(allEventsMs) };
      if (events === EVENTS[EVENTS.length - 1]) {
        // Every event, one row each: select the first, press End, until the last event's row is drawn.
        await frame.locator('[data-view="full"]').click();
        await frame.locator('.row .id', { hasText: /^1$/ }).first().click();
        const s0 = performance.now();
        await page.keyboard.press('End');
        await frame
          .locator('.row .id', { hasText: new RegExp(`^${events}$`) })
          .first()
          .waitFor({ timeout: STEP_MS });
        scrollEnd = performance.now() - s0;
      }
      await runCommand(page, 'View: Close Editor');
    }
    await page.screenshot({ path: path.join(extensionDir, '.test-artifacts', 'bench-history.png') }).catch(() => undefined);
    await connection.close();
    console.log(
      JSON.stringify({
        workflows: WORKFLOWS,
        treeFirstRenderMs: round(treeFirstRenderMs),
        runningGroupShown: shownCount.replace(/\s+/g, ' '),
        eventToTreeMs: { p50: round(percentile(live, 0.5)), p95: round(percentile(live, 0.95)), max: round(Math.max(...live)) },
        historyOpenMs: history,
        historyScrollEndMs: round(scrollEnd),
      }),
    );
  } finally {
    await browser?.close().catch(() => undefined);
    stopAll();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`[bench] ${err instanceof Error ? err.stack : err}`);
  stopAll();
  process.exit(1);
});
