// The Show History panel: a webview for one run that reads its history in pages, then follows it live
// (`workflow.watch` through the connection), asks an open run where it waits (`__stack_trace`) and
// opens that source line when clicked. The webview script does the drawing (webview/history-webview.ts);
// the two talk only through the unions of webview/history-messages.ts.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { HistoryEvent, WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import type { ServerConnection } from '../connection/server-connection';
import { historyJson, type HistoryView } from '../model/history-view-model';
import { candidatePaths, parseStackTrace, type WaitSite } from '../model/stack-trace';
import { eventsJson, type FromHistoryWebview, type ToHistoryWebview } from '../webview/history-messages';

/** How often an open run's pending activities (attempts, next retries: no events mark them) are read again. */
const PENDING_REFRESH_MS = 5000;
/** Events per `workflow.history` page while the panel opens (the first page paints before the rest arrives). */
export const HISTORY_PAGE_SIZE = 5000;
/** Events in the webview's first message: enough to fill the screen in any view, small enough to arrive at once. */
const FIRST_PAINT_EVENTS = 500;
const STACK_TRACE_QUERY = '__stack_trace';

/** A paint of the webview, as it reported it (see FromHistoryWebview's `rendered`). */
export type RenderedInfo = Omit<Extract<FromHistoryWebview, { type: 'rendered' }>, 'type'>;

/** What a panel holds and shows, for tests and benchmarks. */
export interface HistoryPanelState {
  workflowId: string;
  runId: string;
  /** Events the panel has read (and sent to the webview). */
  eventCount: number;
  closed: boolean;
  /** The webview's last paint. */
  rendered?: RenderedInfo;
  waitingAt: WaitSite[];
  error?: string;
  /** The last source file opened from a wait site, or the path that could not be found. */
  opened?: { file: string; line: number } | { notFound: string };
}

export class HistoryPanel implements vscode.Disposable {
  private readonly events: HistoryEvent[] = [];
  private closed = false;
  private ready = false;
  private disposed = false;
  private watch: { dispose(): void } | undefined;
  private stackQuery: Promise<void> | undefined;
  private stackAgain = false;
  private pendingTimer: ReturnType<typeof setInterval> | undefined;
  private renderWaiters: { test: (r: RenderedInfo) => boolean; resolve: (r: RenderedInfo) => void }[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  /** The debug session that follows this run: where it is, and how to move it. */
  private debug: { eventId: number; goTo: (eventId: number) => void } | undefined;
  readonly state: HistoryPanelState;

  constructor(
    readonly info: WorkflowExecutionInfo,
    private readonly panel: vscode.WebviewPanel,
    private readonly connection: ServerConnection,
    extensionUri: vscode.Uri,
    private readonly onDisposed: () => void,
  ) {
    this.state = { workflowId: info.workflowId, runId: info.runId, eventCount: 0, closed: false, waitingAt: [] };
    panel.webview.html = html(extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: FromHistoryWebview) => void this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
    void this.load();
  }

  /** Brings the panel forward; `beside`: moves it to the group beside the active one, keeping the focus there. */
  reveal(beside = false): void {
    if (beside) this.panel.reveal(vscode.ViewColumn.Beside, true);
    else this.panel.reveal();
  }

  /** A debug session follows this run: highlight `eventId`; picking a row calls `goTo`. Undefined: it ended. */
  followDebugger(at: { eventId: number; goTo: (eventId: number) => void } | undefined): void {
    this.debug = at;
    this.post({ type: 'debugPosition', eventId: at?.eventId ?? null });
  }

  /** Moves the debug session that follows this history to an event (a row picked in the webview). */
  goToEvent(eventId: number): boolean {
    if (!this.debug) return false;
    this.debug.goTo(eventId);
    return true;
  }

  /** Switches the webview to another view (what its buttons do). */
  setView(view: HistoryView): void {
    this.post({ type: 'setView', view });
  }

  /** Resolves with the first paint (from now on) that satisfies `test`. */
  whenRendered(test: (r: RenderedInfo) => boolean): Promise<RenderedInfo> {
    if (this.state.rendered && test(this.state.rendered)) return Promise.resolve(this.state.rendered);
    return new Promise((resolve) => this.renderWaiters.push({ test, resolve }));
  }

  private post(message: ToHistoryWebview): void {
    if (this.ready && !this.disposed) void this.panel.webview.postMessage(message);
  }

  /** Reads the history page by page (each page is shown as it arrives), then follows it. */
  private async load(): Promise<void> {
    const { namespace, workflowId, runId } = this.info;
    try {
      for (;;) {
        const page = await this.connection.call('workflow.history', {
          namespace,
          workflowId,
          runId,
          fromEventId: this.events.length + 1,
          maxEvents: HISTORY_PAGE_SIZE,
        });
        if (this.disposed) return;
        this.closed = page.closed;
        this.add(page.events);
        if (page.events.length < HISTORY_PAGE_SIZE) break;
      }
      if (this.closed) return;
      this.watch = this.connection.watchHistory({ namespace, workflowId, runId }, this.events.length + 1, {
        onEvents: (events, closed, replacedFrom) => {
          this.closed = closed;
          if (replacedFrom !== undefined) {
            // After a server restart, a task start it had not written was made again: show the history anew.
            this.events.length = replacedFrom - 1;
            this.add(events, false);
            this.sendInit();
          } else this.add(events);
          if (!closed && events.some((e) => e.type === 'WorkflowTaskCompleted')) this.refreshStack();
        },
        onError: (err) => this.fail(`Stopped following the history: ${err.message}`),
      });
      this.refreshStack();
      this.refreshPending();
      this.pendingTimer = setInterval(() => this.refreshPending(), PENDING_REFRESH_MS);
    } catch (err) {
      this.fail(`Could not read the history of ${workflowId}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private add(events: HistoryEvent[], post = true): void {
    const next = this.events.length + 1;
    const fresh = events.filter((e) => e.eventId >= next);
    for (const e of fresh) this.events.push(e);
    this.state.eventCount = this.events.length;
    this.state.closed = this.closed;
    if (this.closed) this.setWaits([]);
    if (post) this.post({ type: 'events', events: eventsJson(fresh), closed: this.closed });
  }

  /** The history so far: a first screenful at once (it paints while the rest is on its way), then the rest in pages. */
  private sendInit(): void {
    const rest = this.events.length > FIRST_PAINT_EVENTS;
    this.post({
      type: 'init',
      run: { workflowId: this.info.workflowId, runId: this.info.runId, workflowType: this.info.workflowType },
      events: eventsJson(rest ? this.events.slice(0, FIRST_PAINT_EVENTS) : this.events),
      closed: this.closed && !rest,
      view: 'compact',
    });
    for (let from = FIRST_PAINT_EVENTS; from < this.events.length; from += HISTORY_PAGE_SIZE) {
      const to = Math.min(from + HISTORY_PAGE_SIZE, this.events.length);
      this.post({
        type: 'events',
        events: eventsJson(this.events.slice(from, to)),
        closed: this.closed && to === this.events.length,
        loading: true,
      });
    }
  }

  private fail(message: string): void {
    this.state.error = message;
    this.post({ type: 'error', message });
  }

  private setWaits(sites: WaitSite[], note?: string): void {
    this.state.waitingAt = sites;
    this.post({ type: 'waitingAt', sites, ...(note ? { note } : {}) });
  }

  /** Reads the open run's pending activities (attempt, next retry) for the webview; stops once it closed. */
  private refreshPending(): void {
    if (this.closed || this.disposed) {
      clearInterval(this.pendingTimer);
      this.post({ type: 'pendingActivities', activities: [] });
      return;
    }
    const { namespace, workflowId, runId } = this.info;
    this.connection.call('workflow.describe', { namespace, workflowId, runId }).then(
      (d) => this.post({ type: 'pendingActivities', activities: d.pendingActivities }),
      () => undefined,
    );
  }

  /** Asks the open run where it waits (one query at a time; a request meanwhile runs once after). */
  private refreshStack(): void {
    if (this.closed || this.disposed) return;
    if (this.stackQuery) {
      this.stackAgain = true;
      return;
    }
    const { namespace, workflowId, runId } = this.info;
    this.stackQuery = this.connection
      .call('workflow.query', { namespace, workflowId, runId, queryType: STACK_TRACE_QUERY, args: [] })
      .then(
        (answer) => {
          if (this.closed) return;
          const text = typeof answer.result === 'string' ? answer.result : '';
          const sites = parseStackTrace(text);
          this.setWaits(sites, sites.length === 0 ? text || undefined : undefined);
        },
        (err: Error) => {
          if (!this.closed) this.setWaits([], `Cannot tell where it waits: ${err.message}`);
        },
      )
      .finally(() => {
        this.stackQuery = undefined;
        if (this.stackAgain) {
          this.stackAgain = false;
          this.refreshStack();
        }
      });
  }

  private async onMessage(m: FromHistoryWebview): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.sendInit();
        if (this.state.waitingAt.length > 0) this.post({ type: 'waitingAt', sites: this.state.waitingAt });
        if (this.state.error) this.post({ type: 'error', message: this.state.error });
        if (this.debug) this.post({ type: 'debugPosition', eventId: this.debug.eventId });
        break;
      case 'rendered': {
        const { type: _rendered, ...r } = m;
        this.state.rendered = r;
        const waiting = this.renderWaiters;
        this.renderWaiters = waiting.filter((w) => !w.test(r));
        for (const w of waiting) if (w.test(r)) w.resolve(r);
        break;
      }
      case 'openSource':
        await this.openSource(m.file, m.line, m.column);
        break;
      case 'goToEvent':
        this.goToEvent(m.eventId);
        break;
      case 'openRun':
        await vscode.commands.executeCommand('rewind.showHistory', { workflowId: m.workflowId, ...(m.runId ? { runId: m.runId } : {}) });
        break;
      case 'openJson': {
        const doc = await vscode.workspace.openTextDocument({
          language: 'json',
          content: historyJson(this.info.workflowId, this.info.runId, this.events),
        });
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside });
        break;
      }
      default:
        m satisfies never;
    }
  }

  /** Opens a wait site's file at its line: the path itself, or the same file found in the workspace. */
  async openSource(file: string, line: number, column: number): Promise<boolean> {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    for (const candidate of candidatePaths(file, folders)) {
      // The extension host runs where the worker's files are (locally, or on the remote side).
      const found = await stat(candidate).then(
        (s) => s.isFile(),
        () => false,
      );
      if (!found) continue;
      const uri = vscode.Uri.file(candidate);
      const at = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
      await vscode.window.showTextDocument(uri, { selection: new vscode.Range(at, at), viewColumn: vscode.ViewColumn.Beside });
      this.state.opened = { file: candidate, line };
      return true;
    }
    this.state.opened = { notFound: file };
    void vscode.window.showWarningMessage(
      `${file} (where ${this.info.workflowId} waits) is not on this machine or in the workspace: open the workflow's folder to jump to its source.`,
    );
    return false;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.pendingTimer);
    this.watch?.dispose();
    this.panel.dispose();
    for (const d of this.disposables) d.dispose();
    this.onDisposed();
  }
}

/** The webview's script and style, read once: inlined (under the nonce), the page needs no resource loads to start. */
let assets: { script: string; css: string } | undefined;
function webviewAssets(extensionUri: vscode.Uri): { script: string; css: string } {
  assets ??= {
    script: readFileSync(vscode.Uri.joinPath(extensionUri, 'dist', 'history-webview.js').fsPath, 'utf8'),
    css: readFileSync(vscode.Uri.joinPath(extensionUri, 'media', 'history.css').fsPath, 'utf8'),
  };
  return assets;
}

function html(extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('hex');
  const { script, css } = webviewAssets(extensionUri);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">${css}</style>
<title>History</title>
</head>
<body>
<header>
  <div class="title"><span id="workflow-id"></span><span id="workflow-type"></span><span id="state" class="badge"></span><span id="count"></span><span id="debug-position"></span></div>
  <div id="facts"></div>
  <div id="waiting" hidden></div>
  <div id="error" role="alert" hidden></div>
  <div class="toolbar" role="toolbar">
    <button data-view="compact" aria-pressed="true" title="One row per step: activities, timers, signals, children, updates">Compact</button>
    <button data-view="full" aria-pressed="false" title="One row per history event">Full</button>
    <button data-view="raw" aria-pressed="false" title="Each event as JSON">Raw JSON</button>
    <input id="filter" type="search" placeholder="Filter rows" aria-label="Filter rows">
    <button id="open-json" title="Open the whole history as JSON in an editor">Open as JSON</button>
  </div>
</header>
<main>
  <div id="list" tabindex="0" role="listbox" aria-label="History"></div>
  <aside id="details" aria-label="Details"></aside>
</main>
<script nonce="${nonce}">${script.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>`;
}
