/**
 * Questions that give each other away should not sit in one set. The bank does not yet say which
 * questions these are ("exclusion groups", being added to src/bank): `groupOf` is where it will
 * answer, and until it does it knows no group, so no pair is reported.
 */

/** Which exclusion group a question belongs to, if any. */
export type ExclusionGroupOf = (questionId: string) => string | undefined;

/** The bank's exclusion groups: none are defined yet (the seam for src/bank to fill). */
export const bankExclusionGroup: ExclusionGroupOf = () => undefined;

/** Every pair of the given questions that share an exclusion group, in the order given. */
export function conflictingPairs(
  ids: readonly string[],
  groupOf: ExclusionGroupOf = bankExclusionGroup,
): [string, string][] {
  const pairs: [string, string][] = [];
  ids.forEach((a, i) => {
    const group = groupOf(a);
    if (group === undefined) return;
    for (const b of ids.slice(i + 1)) if (groupOf(b) === group) pairs.push([a, b]);
  });
  return pairs;
}
