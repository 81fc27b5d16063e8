// A failure's cause chain in one line, with where it happened: the words of WorkflowFailedError's
// message, and of the CLI's `describe`, `execute` and `result`. Text only; it decides nothing.
import type { Failure } from '../protocol/failure';
import type { FailureSite } from '../protocol/messages';

const MAX_LINKS = 20;

/**
 * "activity processPayment (attempt 3) failed: card declined (ApplicationFailure CardDeclined)": each
 * failure of the chain with its kind (and error type), outermost first; `site` (from the server) adds
 * the attempt of the run's activity, or the workflow task whose code threw.
 */
export function failureChainText(failure: Failure, site?: FailureSite): string {
  const links: string[] = [];
  let ours = true; // Past a child workflow's failure, the activities are the child's, not the site's.
  let f: Failure | undefined = failure;
  for (let i = 0; f && i < MAX_LINKS; f = f.cause, i++) {
    links.push(linkText(f, ours ? site : undefined));
    if (f.info.type === 'childWorkflow') ours = false;
  }
  const text = links.join(': ');
  if (site?.type !== 'workflowTask') return text;
  return `${text}, thrown by the workflow code (workflow task completed at event ${site.workflowTaskCompletedEventId})`;
}

function linkText(f: Failure, site: FailureSite | undefined): string {
  const info = f.info;
  switch (info.type) {
    case 'activity': {
      const attempt = site?.type === 'activity' && site.activityId === info.activityId ? ` (attempt ${site.attempt})` : '';
      // 'Activity task failed', 'Activity task timed out', 'Local activity failed': the verb after the name.
      const said = /^(local )?activity (?:task )?(.+)$/i.exec(f.message);
      if (said) return `${said[1] ? 'local ' : ''}activity ${info.activityType}${attempt} ${said[2]}`;
      return `activity ${info.activityType}${attempt}: ${f.message}`;
    }
    case 'childWorkflow':
      return `child workflow ${info.workflowType} (${info.workflowId}) failed`;
    case 'application':
      return `${f.message} (ApplicationFailure ${info.errorType})`;
    case 'timeout':
      return `${f.message} (TimeoutFailure ${info.timeoutType})`;
    case 'cancelled':
      return `${f.message} (CancelledFailure)`;
    case 'terminated':
      return `${f.message} (TerminatedFailure)`;
    case 'server':
      return `${f.message} (ServerFailure)`;
  }
}
