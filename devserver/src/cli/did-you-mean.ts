// "Did you mean …?": the known words closest to a mistyped one (a verb, a command group, a flag).
// Only suggests; what to print is the caller's. The distance is the one the server's suggestions use.
import { editDistance } from '../service/matching/closest-name';

/**
 * The candidates `input` is most likely a typo of: the closest ones within a third of their length in
 * edits (at least one), or those it is the start of (`desc` for `describe`). Empty when none is close.
 */
export function closestMatches(input: string, candidates: readonly string[]): string[] {
  const typed = input.toLowerCase();
  if (!typed) return [];
  const prefixed = typed.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(typed)) : [];
  if (prefixed.length > 0) return prefixed;
  let best = Infinity;
  let matches: string[] = [];
  for (const c of new Set(candidates)) {
    const distance = editDistance(typed, c.toLowerCase());
    if (distance > Math.max(1, Math.floor(c.length / 3))) continue;
    if (distance < best) [best, matches] = [distance, [c]];
    else if (distance === best) matches.push(c);
  }
  return matches;
}
