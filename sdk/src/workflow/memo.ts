// upsertMemo(): the workflow changes its run's memo (Temporal's `upsertMemo`, its ModifyWorkflowProperties command).
import { toPayload } from '../common/payloads';
import type { Memo } from '../protocol';
import { getActivator } from './current-activator';

/**
 * Sets keys of this run's memo, as Temporal's `upsertMemo`: each value (JSON) replaces the key's value, a
 * key set to `null` or `undefined` is removed, and keys not named are kept. `describe()` and `list()` show
 * the merged memo, and `workflowInfo().memo` has it at once. Recorded in history (WorkflowPropertiesModified).
 *
 * ```ts
 * upsertMemo({ stage: 'shipped', draft: null }); // sets stage, removes draft
 * ```
 *
 * @param memo the keys to set, or to remove with `null`.
 * @throws TypeError if `memo` is not an object or names no key; ValueError if a value cannot travel as JSON.
 */
export function upsertMemo(memo: Record<string, unknown>): void {
  if (memo === null || typeof memo !== 'object' || Array.isArray(memo)) throw new TypeError('upsertMemo takes an object of memo keys');
  const keys = Object.keys(memo);
  if (keys.length === 0) throw new TypeError('upsertMemo needs at least one key (set one to null to remove it)');
  const activator = getActivator();
  const upserted: Memo = {};
  // null travels: it tells the server to remove the key (undefined would vanish on the way).
  for (const key of keys) upserted[key] = toPayload(memo[key], `memo ${key}`) ?? null;
  activator.pushCommand({ type: 'ModifyWorkflowProperties', upsertedMemo: upserted });
  // What Temporal's SDK shows the workflow: the merged memo without the removed keys (an empty one stays).
  const merged = Object.entries({ ...activator.info.memo, ...upserted }).filter(([, value]) => value !== null && value !== undefined);
  activator.info = { ...activator.info, memo: Object.fromEntries(merged) };
}
