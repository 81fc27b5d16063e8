// A run's whole history, read page by page, and the history file text: exactly what
// `rewind workflow show --output json` (and `--output-file`) writes — `{ "events": [...] }`, two-space
// indent, one trailing newline — so Worker.runReplayHistory and the debugger load either. No VS Code here.
import type { History, RequestParams, RequestResult } from '@rewind/sdk/protocol';

/** One `workflow.history` request (the extension's connection, or any RPC client). */
export type HistoryPageReader = (params: RequestParams<'workflow.history'>) => Promise<RequestResult<'workflow.history'>>;

/** Events per page, as the SDK's fetchHistory (the CLI's path) asks for. */
const PAGE = 1000;

/** Every event of the run (of the current run if `runId` is not given), in order. */
export async function readWholeHistory(
  read: HistoryPageReader,
  run: { namespace: string; workflowId: string; runId?: string },
): Promise<History> {
  const events: History['events'] = [];
  let fromEventId = 1;
  let runId = run.runId;
  for (;;) {
    const page = await read({
      namespace: run.namespace,
      workflowId: run.workflowId,
      ...(runId ? { runId } : {}),
      fromEventId,
      maxEvents: PAGE,
    });
    runId = page.runId; // Later pages read the run the first one found, even if a new one starts meanwhile.
    events.push(...page.events);
    if (page.events.length < PAGE) return { events };
    fromEventId = page.nextEventId;
  }
}

/** The file's text (the CLI's printJson of the same `History`). */
export function historyFileText(history: Pick<History, 'events'>): string {
  return JSON.stringify({ events: history.events }, null, 2) + '\n';
}

/** The suggested file name: `<workflowId>-<runId>.json`, with characters no file system takes replaced. */
export function historyFileName(workflowId: string, runId: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are among those replaced, on purpose.
  return `${workflowId}-${runId}.json`.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
}
