// "Did you mean …?": the known words closest to a mistyped one (a verb, a command group, a flag).
// Only suggests; what to print is the caller's.

/**
 * Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment),
 * so that `strat` is one edit from `start`.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

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
