/// <reference lib="dom" />
// The Show History webview's script (bundled for the browser into dist/history-webview.js): keeps the
// run's events, builds the view model (model/history-view-model.ts) and shows one of three views in a
// virtualised list, with a details pane for the selected row. Talks to the panel only through the
// message unions of history-messages.ts.
import {
  appendEvents,
  buildHistoryViewModel,
  eventDetails,
  lastEventTime,
  modelSteps,
  rawLine,
  stepDetails,
  stepIndexOfEvent,
  stepRow,
  HISTORY_VIEWS,
  type HistoryView,
  type HistoryViewModel,
} from '../model/history-view-model';
import type { DetailSection } from '../model/history-event-text';
import { runFactLines, runFactsFromEvents, type FactLine } from '../model/run-facts';
import { childRunOf, runLinks, type RunRef } from '../model/run-links';
import { openStepLines } from '../model/step-timing';
import type { PendingActivityInfo } from '@rewind/sdk/protocol';
import type { WaitSite } from '../model/stack-trace';
import { parseEvents, type FromHistoryWebview, type RunHeader, type ToHistoryWebview } from './history-messages';
import { STATE_ICONS, svgIcon, type IconName } from './svg-icons';
import { VirtualList } from './virtual-list';

interface VsCodeApi {
  postMessage(message: FromHistoryWebview): void;
  getState(): { view?: HistoryView } | undefined;
  setState(state: { view: HistoryView }): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const ROW_HEIGHT = 22;
const vscode = acquireVsCodeApi();
const $ = <T extends HTMLElement>(selector: string): T => document.querySelector<T>(selector)!;

let run: RunHeader | undefined;
let model: HistoryViewModel = buildHistoryViewModel([]);
let closed = false;
let view: HistoryView = vscode.getState()?.view ?? 'compact';
let filter = '';
/** The rows of the current view that match the filter (indices into the view's rows), or undefined for all. */
let matches: number[] | undefined;
/** The selection, as the first event id of the selected row (survives view switches and new events). */
let selectedEventId: number | undefined;
let paintScheduled = false;
/** The event a debug session of this run is at (it follows the debugger), if one runs. */
let debugEventId: number | undefined;

const list = new VirtualList($('#list'), {
  rowHeight: ROW_HEIGHT,
  renderRow: (el, index) => renderRow(el, rowAt(index)),
  onSelect: (index) => select(rowAt(index)),
});

/** The open run's activities as the server sees them, by the event that scheduled them. */
let pending = new Map<number, PendingActivityInfo>();
function pendingOf(scheduledEventId: number): PendingActivityInfo | undefined {
  return closed ? undefined : pending.get(scheduledEventId);
}

/** Now, while the run is open (its open steps' times count to now); undefined once it closed. */
function openNow(): number | undefined {
  return closed ? undefined : Date.now();
}

function viewRowCount(): number {
  return view === 'compact' ? modelSteps(model).length : model.events.length;
}

function rowAt(index: number): number {
  return matches ? matches[index]! : index;
}

function rowEventId(row: number): number {
  return view === 'compact' ? modelSteps(model)[row]!.firstEventId : model.events[row]!.eventId;
}

function rowText(row: number): string {
  if (view === 'compact') {
    const s = stepRow(modelSteps(model)[row]!, lastEventTime(model), openNow(), model.events);
    return `${s.step.kind} ${s.step.label} ${s.step.state} ${s.summary}`;
  }
  if (view === 'full') {
    const r = model.rows[row]!;
    return `${r.eventId} ${r.type} ${r.summary}`;
  }
  return rawLine(model.events[row]!);
}

function cell(el: HTMLElement, i: number, className: string): HTMLElement {
  let c = el.children[i] as HTMLElement | undefined;
  if (!c) {
    c = document.createElement('span');
    el.appendChild(c);
  }
  c.className = className;
  return c;
}

/** The row (of the whole view, before filtering) that holds an event. */
function rowOfEvent(eventId: number): number {
  return view === 'compact' ? stepIndexOfEvent(modelSteps(model), eventId) : eventId - 1;
}

function renderRow(el: HTMLElement, row: number): void {
  el.classList.remove('failed', 'current');
  el.classList.toggle('debug-position', debugEventId !== undefined && rowOfEvent(debugEventId) === row);
  if (view === 'compact') {
    const step = modelSteps(model)[row]!;
    const s = stepRow(step, lastEventTime(model), openNow(), model.events, pendingOf(step.firstEventId));
    el.classList.toggle('failed', s.step.state === 'failed' || s.step.state === 'timedOut');
    el.classList.toggle('current', s.step.current === true);
    setIcon(cell(el, 0, `icon state-${s.step.state}`), STATE_ICONS[s.step.state]);
    cell(el, 1, `kind kind-${s.step.kind}`).textContent = s.step.kind;
    cell(el, 2, 'label').textContent = s.step.label + (s.step.attempt && s.step.attempt > 1 ? ` (attempt ${s.step.attempt})` : '');
    // The input and the outcome in cells of their own: a long input is cut, the result stays in sight.
    cell(el, 3, 'summary input').textContent = s.input;
    cell(el, 4, 'outcome').textContent = s.outcome ? `→ ${s.outcome}` : '';
    cell(el, 5, 'duration').textContent = s.duration;
    cell(el, 6, 'ids').textContent =
      s.step.firstEventId === s.step.lastEventId ? `#${s.step.firstEventId}` : `#${s.step.firstEventId}–${s.step.lastEventId}`;
    trim(el, 7);
  } else if (view === 'full') {
    const r = model.rows[row]!;
    el.classList.toggle('failed', r.failed);
    cell(el, 0, 'id').textContent = String(r.eventId);
    cell(el, 1, 'time').textContent = r.time;
    cell(el, 2, `type cat-${r.category}`).textContent = r.type;
    cell(el, 3, 'summary').textContent = r.summary;
    trim(el, 4);
  } else {
    cell(el, 0, 'raw').textContent = rawLine(model.events[row]!);
    trim(el, 1);
  }
}

function trim(el: HTMLElement, keep: number): void {
  while (el.children.length > keep) el.lastChild!.remove();
}

/** Recomputes which rows match the filter (linear; only when the filter, the view or the rows change). */
function refilter(): void {
  const needle = filter.trim().toLowerCase();
  if (!needle) {
    matches = undefined;
    return;
  }
  const out: number[] = [];
  const n = viewRowCount();
  for (let i = 0; i < n; i++) if (rowText(i).toLowerCase().includes(needle)) out.push(i);
  matches = out;
}

/** The index in the list (after filtering) of the row that holds an event, or -1. */
function visibleIndexOf(eventId: number | undefined): number {
  if (eventId === undefined) return -1;
  const row = rowOfEvent(eventId);
  if (row < 0 || row >= viewRowCount()) return -1;
  return matches ? matches.indexOf(row) : row;
}

const visibleIndexOfSelection = (): number => visibleIndexOf(selectedEventId);

function select(row: number): void {
  selectedEventId = rowEventId(row);
  list.setSelected(visibleIndexOfSelection());
  showDetails();
  // A debug session follows this history: the row picked is where it goes.
  if (debugEventId !== undefined) vscode.postMessage({ type: 'goToEvent', eventId: selectedEventId });
}

function showDebugPosition(eventId: number | undefined): void {
  debugEventId = eventId;
  const at = $('#debug-position');
  at.replaceChildren();
  if (eventId !== undefined) at.append(svgIcon('pause'), ` debugger at event ${eventId}`);
  const index = visibleIndexOf(eventId);
  if (index >= 0) list.reveal(index);
  // The details pane follows the debugger: its event (its step, in the compact view) is the selection.
  if (eventId !== undefined) {
    selectedEventId = eventId;
    showDetails();
  }
  schedulePaint();
}

/** Shows `name` in a row's icon cell (rows are reused: drawn again only when it changes). */
function setIcon(cellEl: HTMLElement, name: IconName): void {
  if (cellEl.firstElementChild?.getAttribute('data-icon') === name) return;
  cellEl.replaceChildren(svgIcon(name));
}

/** A link that opens another run's history (a child, the parent, the run reset or continued from). */
function runLink(text: string, target: RunRef): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = '#';
  a.className = 'run-link';
  a.textContent = text;
  a.title = `Show the history of ${target.workflowId}${target.runId ? ` (run ${target.runId})` : ''}`;
  a.addEventListener('click', (ev) => {
    ev.preventDefault();
    vscode.postMessage({ type: 'openRun', workflowId: target.workflowId, ...(target.runId ? { runId: target.runId } : {}) });
  });
  return a;
}

function showDetails(): void {
  const pane = $('#details');
  pane.replaceChildren();
  const row = visibleIndexOfSelection();
  if (row < 0 || selectedEventId === undefined) {
    pane.appendChild(note('Select a row to see its input, output and failure.'));
    return;
  }
  const sections: DetailSection[] =
    view === 'compact' ? stepDetails(modelSteps(model)[rowAt(row)]!) : eventDetails(model.events[selectedEventId - 1]!);
  const step = view === 'compact' ? modelSteps(model)[rowAt(row)] : undefined;
  const child = step && childRunOf(step, model.events);
  if (child) pane.appendChild(runLink(`Open the child's history (${child.workflowId})`, child));
  // An open step, as of now: since when, when a timer fires, an activity's attempt and next retry.
  const now = openNow();
  const open = step && now !== undefined ? openStepLines(step, model.events, now, pendingOf(step.firstEventId)) : [];
  if (open.length > 0) sections.unshift({ title: 'Now', text: open.join('\n') });
  for (const s of sections) {
    const h = document.createElement('h3');
    h.textContent = s.title;
    const pre = document.createElement('pre');
    pre.textContent = s.text;
    pane.append(h, pre);
  }
}

function note(text: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'note';
  p.textContent = text;
  return p;
}

function showHeader(): void {
  if (!run) return;
  $('#workflow-id').textContent = run.workflowId;
  $('#workflow-type').textContent = run.workflowType;
  const state = $('#state');
  state.replaceChildren(svgIcon(STATE_ICONS[model.state]), ` ${model.state}${closed ? '' : ' (live)'}`);
  state.className = `badge state-${model.state}`;
  const steps = view === 'compact' ? ` · ${modelSteps(model).length.toLocaleString()} steps` : '';
  $('#count').textContent = `${model.events.length.toLocaleString()} events${steps}`;
  showFacts();
  document
    .querySelectorAll<HTMLButtonElement>('[data-view]')
    .forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.view === view)));
}

/** The facts the header shows (the panel's tests read them from each paint). */
let shownFacts: FactLine[] = [];

/** The run at a glance under the title: failure (red), result, task queue, start, close, duration; links to related runs. */
function showFacts(): void {
  const box = $('#facts');
  box.replaceChildren();
  const facts = runFactsFromEvents(model.events);
  shownFacts = facts && run ? runFactLines(facts, Date.now()) : [];
  if (!facts || !run) return;
  for (const line of shownFacts) {
    const span = document.createElement('span');
    span.className = line.failed ? 'fact failed' : 'fact';
    const label = document.createElement('span');
    label.className = 'fact-label';
    label.textContent = `${line.label}:`;
    span.append(label, ` ${line.value}`);
    box.appendChild(span);
  }
  for (const link of runLinks(run.workflowId, facts, model.events)) box.appendChild(runLink(link.label, link.target));
}

/** Repaints on the next frame (many messages in one frame make one paint), then tells the panel. */
function schedulePaint(options: { followTail?: boolean } = {}): void {
  if (paintScheduled) return;
  paintScheduled = true;
  requestAnimationFrame(() => {
    paintScheduled = false;
    showHeader();
    list.setCount(matches ? matches.length : viewRowCount(), options);
    list.setSelected(visibleIndexOfSelection());
    const last = model.events[model.events.length - 1];
    vscode.postMessage({
      type: 'rendered',
      view,
      rows: list.rowCount,
      eventCount: model.events.length,
      lastEventId: last?.eventId ?? 0,
      debugEventId: debugEventId ?? null,
      detailsEventId: visibleIndexOfSelection() >= 0 ? (selectedEventId ?? null) : null,
      facts: shownFacts,
      stateIcon: document.querySelector('#state svg')?.getAttribute('data-icon') ?? null,
    });
  });
}

function setView(next: HistoryView): void {
  view = next;
  vscode.setState({ view });
  refilter();
  list.scrollToTop();
  const row = visibleIndexOfSelection();
  if (row >= 0) list.reveal(row);
  showDetails();
  schedulePaint();
}

function showWaits(sites: WaitSite[], text?: string): void {
  const box = $('#waiting');
  box.replaceChildren();
  if (sites.length === 0 && !text) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  for (const site of sites) {
    const line = document.createElement('div');
    line.append(`Waiting on ${site.what}`);
    if (site.file && site.line) {
      const a = document.createElement('a');
      a.href = '#';
      a.textContent = `${site.file.split('/').pop()}:${site.line}`;
      a.title = `Open ${site.file}:${site.line}`;
      const { file, line: l, column } = site;
      a.addEventListener('click', (ev) => {
        ev.preventDefault();
        vscode.postMessage({ type: 'openSource', file, line: l, column: column ?? 1 });
      });
      line.append(' at ', a);
    }
    box.appendChild(line);
  }
  if (text) box.appendChild(note(text));
}

function showError(message: string | undefined): void {
  const box = $('#error');
  box.hidden = !message;
  box.textContent = message ?? '';
}

window.addEventListener('message', (ev: MessageEvent<ToHistoryWebview>) => {
  const m = ev.data;
  switch (m.type) {
    case 'init':
      run = m.run;
      model = buildHistoryViewModel(parseEvents(m.events));
      closed = m.closed;
      view = vscode.getState()?.view ?? m.view;
      showError(undefined);
      refilter();
      showDetails();
      schedulePaint();
      break;
    case 'events':
      try {
        appendEvents(model, parseEvents(m.events));
      } catch (err) {
        showError(err instanceof Error ? err.message : String(err));
      }
      closed = m.closed;
      if (closed) showWaits([]);
      refilter();
      schedulePaint({ followTail: !m.loading });
      break;
    case 'waitingAt':
      showWaits(m.sites, m.note);
      break;
    case 'setView':
      setView(m.view);
      break;
    case 'error':
      showError(m.message);
      break;
    case 'debugPosition':
      showDebugPosition(m.eventId ?? undefined);
      break;
    case 'pendingActivities':
      pending = new Map(m.activities.map((a) => [a.scheduledEventId, a]));
      list.paint();
      if (view === 'compact' && selectedEventId !== undefined && pending.has(selectedEventId)) showDetails();
      break;
    default:
      m satisfies never;
  }
});

document.querySelectorAll<HTMLButtonElement>('[data-view]').forEach((b) =>
  b.addEventListener('click', () => {
    const v = b.dataset.view as HistoryView;
    if (HISTORY_VIEWS.includes(v)) setView(v);
  }),
);
$<HTMLInputElement>('#filter').addEventListener('input', (ev) => {
  filter = (ev.target as HTMLInputElement).value;
  refilter();
  list.scrollToTop();
  schedulePaint();
});
$('#open-json').addEventListener('click', () => vscode.postMessage({ type: 'openJson' }));
// While the run is open its open steps' times and its duration count on: redrawn each second (the rows in sight only).
setInterval(() => {
  if (closed || !run) return;
  showFacts();
  list.paint();
}, 1000);
showDetails();
vscode.postMessage({ type: 'ready' });
