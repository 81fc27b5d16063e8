// Alert escalation: page the on-call person, wait for an acknowledgement, and page the next person
// when nobody answers in time; each round is a child workflow (its own history, retries and timeout).
import {
  condition,
  defineQuery,
  defineSignal,
  executeChild,
  proxyActivities,
  setHandler,
  workflowInfo,
  type Duration,
} from '@rewind/sdk/workflow';
import type * as activities from './activities';

export interface Alert {
  id: string;
  message: string;
}

export interface EscalationState {
  round: number;
  paged: string[];
  acknowledgedBy?: string;
}

export const acknowledge = defineSignal<[string]>('acknowledge');
export const state = defineQuery<EscalationState>('state');

const { page, notifyManagers } = proxyActivities<typeof activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', maximumAttempts: 5 },
});

/** One round: page one person (a child workflow, so each round shows up on its own). */
export async function pageRound(alert: Alert, person: string): Promise<string> {
  await page(alert, person);
  return person;
}

export async function alertEscalation(alert: Alert, onCall: string[], waitForAck: Duration = '15 minutes'): Promise<EscalationState> {
  const s: EscalationState = { round: 0, paged: [] };
  setHandler(acknowledge, (by) => void (s.acknowledgedBy ??= by), { description: 'Who acknowledges the alert: stops the escalation.' });
  setHandler(state, () => s, { description: 'The round, who was paged, who acknowledged.' });
  for (const person of onCall) {
    s.round++;
    s.paged.push(await executeChild(pageRound, { workflowId: `${workflowInfo().workflowId}-round-${s.round}`, args: [alert, person] }));
    if (await condition(() => s.acknowledgedBy !== undefined, waitForAck)) return s;
  }
  await notifyManagers(alert, s.paged);
  return s;
}
