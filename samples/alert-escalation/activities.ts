// The alert-escalation sample's activities: paging a person, and telling the managers. Here they
// log, and record what they did (the test reads it).
import type { Alert } from './workflows';

export const pages: string[] = [];

export async function page(alert: Alert, person: string): Promise<void> {
  pages.push(`${person}: ${alert.message}`);
  console.log(`[alert] paging ${person}: ${alert.message}`);
}

export async function notifyManagers(alert: Alert, tried: string[]): Promise<void> {
  pages.push(`managers: ${alert.message} (nobody of ${tried.join(', ')} answered)`);
  console.log(`[alert] nobody acknowledged ${alert.id}; telling the managers`);
}
