// Where a query's (or an update's) answer is shown: one read-only document per run and name, whose path
// names them (the editor tab shows `<workflow id> · query <name>.json`), reused when asked again.

export type AnswerKind = 'query' | 'update';

/** The document's path: the run id as the folder (tabs of two runs of one id are told apart), the title as the file. */
export function answerPath(run: { workflowId: string; runId?: string }, kind: AnswerKind, name: string): string {
  const safe = (s: string): string => s.replace(/[/\\?#%]/g, '_');
  return `/${safe(run.runId ?? 'latest run')}/${safe(run.workflowId)} · ${kind} ${safe(name)}.json`;
}
