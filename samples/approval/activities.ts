// The approval sample's activities: telling people (here, a log line) and carrying out the request.
import { activityInfo } from '@rewind/sdk/activity';
import type { ApprovalRequest } from './workflows';

export async function notifyApprover(request: ApprovalRequest): Promise<void> {
  console.log(`[approval] ${request.approver}: please approve ${request.id} (${request.amount} for ${request.requester})`);
}

export async function notifyRequester(request: ApprovalRequest, outcome: string): Promise<void> {
  console.log(`[approval] ${request.requester}: your request ${request.id} was ${outcome}`);
}

export async function executeRequest(request: ApprovalRequest): Promise<string> {
  console.log(`[approval] paying out ${request.amount} for ${request.id} (attempt ${activityInfo().attempt})`);
  return `payout-${request.id}`;
}
