/**
 * Questions that give each other away (the bank's exclusion groups: a shared `fact`, or
 * `excludes`) should not sit in one set. A set may still hold them (a teacher may want both), so
 * adding one names the pairs instead of refusing.
 */

/** The ids a question must not share a quiz with (the bank's `conflictsOf`). */
export type ConflictsOf = (questionId: string) => ReadonlySet<string>;

/** Every pair of the given questions that conflict, each pair once, in the order given. */
export function conflictingPairs(ids: readonly string[], conflictsOf: ConflictsOf): [string, string][] {
  const pairs: [string, string][] = [];
  ids.forEach((a, i) => {
    const conflicts = conflictsOf(a);
    for (const b of ids.slice(i + 1)) if (conflicts.has(b)) pairs.push([a, b]);
  });
  return pairs;
}
