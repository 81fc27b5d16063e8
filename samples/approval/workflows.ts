// Approval: a request waits for a human's approve or reject signal, with a deadline; a query tells
// where it stands, and a `delegate` update hands it to another approver (refused once decided). Replaces "a row with status = 'pending' and a cron job that checks it".
import { condition, defineQuery, defineSignal, defineUpdate, proxyActivities, setHandler, type Duration } from '@rewind/sdk/workflow';
import type * as activities from './activities';

export interface ApprovalRequest {
  id: string;
  amount: number;
  requester: string;
  approver: string;
}

export interface Decision {
  approved: boolean;
  by: string;
  comment?: string;
}

export type ApprovalStatus =
  { state: 'pending'; approver: string } | { state: 'approved' | 'rejected'; by: string; comment?: string } | { state: 'expired' };

export const approve = defineSignal<[{ by: string; comment?: string }]>('approve');
export const reject = defineSignal<[{ by: string; comment?: string }]>('reject');
export const status = defineQuery<ApprovalStatus>('status');
/** Hands the request to another approver, who is notified; answers with the status after it. */
export const delegate = defineUpdate<ApprovalStatus, [{ to: string; by: string }]>('delegate');

const { notifyApprover, notifyRequester, executeRequest } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

export async function approvalWorkflow(
  request: ApprovalRequest,
  deadline: Duration = '3 days',
): Promise<ApprovalStatus & { payout?: string }> {
  let decision: Decision | undefined;
  let expired = false;
  let approver = request.approver;
  // The first decision counts; later ones are ignored.
  setHandler(approve, ({ by, comment }) => void (decision ??= { approved: true, by, ...(comment ? { comment } : {}) }));
  setHandler(reject, ({ by, comment }) => void (decision ??= { approved: false, by, ...(comment ? { comment } : {}) }));
  setHandler(status, (): ApprovalStatus => {
    if (decision)
      return {
        state: decision.approved ? 'approved' : 'rejected',
        by: decision.by,
        ...(decision.comment ? { comment: decision.comment } : {}),
      };
    return expired ? { state: 'expired' } : { state: 'pending', approver };
  });
  setHandler(
    delegate,
    async ({ to }) => {
      approver = to;
      await notifyApprover({ ...request, approver: to });
      return { state: 'pending', approver };
    },
    {
      validator: ({ to }) => {
        if (decision || expired)
          throw new Error(`The request is already ${decision ? 'decided' : 'expired'}: there is nothing to delegate.`);
        if (!to.trim()) throw new Error('Say whom to delegate to.');
      },
    },
  );

  await notifyApprover(request);
  if (!(await condition(() => decision !== undefined, deadline))) {
    expired = true;
    await notifyRequester(request, 'not decided in time');
    return { state: 'expired' };
  }
  const d = decision!;
  const payout = d.approved ? await executeRequest(request) : undefined;
  await notifyRequester(request, d.approved ? `approved by ${d.by}` : `rejected by ${d.by}`);
  return {
    state: d.approved ? 'approved' : 'rejected',
    by: d.by,
    ...(d.comment ? { comment: d.comment } : {}),
    ...(payout ? { payout } : {}),
  };
}
