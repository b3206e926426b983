/**
 * Damerau-Levenshtein distance (the optimal string alignment variant: insertions, deletions,
 * substitutions and swaps of two neighbours, each costing 1), over code points. A swap is one
 * typo ("recieve"), which plain Levenshtein would count as two.
 */
export function editDistance(a: string, b: string, cap = Number.POSITIVE_INFINITY): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > cap) return cap + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= s.length; i++) rows.push(new Array<number>(t.length + 1).fill(0));
  const at = (i: number, j: number) => (rows[i] as number[])[j] as number;
  for (let i = 0; i <= s.length; i++) (rows[i] as number[])[0] = i;
  for (let j = 0; j <= t.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= s.length; i++) {
    const row = rows[i] as number[];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(s.length, t.length);
}
