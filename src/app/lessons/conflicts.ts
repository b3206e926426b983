/**
 * Questions that give each other away (the bank's exclusion groups: a shared `fact`, or
 * `excludes`) should not sit in one set, and a question should not come after one whose stem or
 * reveal shows its answer. A set may still hold them (a teacher may want both), so adding one
 * names the pairs instead of refusing; playing the set orders them (see playableQuestions).
 */
import type { WithReveals } from "../../bank/order.ts";

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

/** Two questions of a set where the first's stem or reveal shows the second's answer. */
export interface RevealPair {
  readonly giver: string;
  readonly answered: string;
  /** Each shows the other's answer: no order keeps both, so the later one is left out when played. */
  readonly mutual: boolean;
}

/**
 * Every pair of the given questions where one shows another's answer, each pair once, in the
 * order given; a mutual pair is named once, with the earlier question as the giver.
 */
export function revealPairs(ids: readonly string[], bank: WithReveals): RevealPair[] {
  const pairs: RevealPair[] = [];
  ids.forEach((a, i) => {
    for (const b of ids.slice(i + 1)) {
      const aShowsB = bank.revealsOf(a).has(b);
      const bShowsA = bank.revealsOf(b).has(a);
      if (aShowsB && bShowsA) pairs.push({ giver: a, answered: b, mutual: true });
      else if (aShowsB) pairs.push({ giver: a, answered: b, mutual: false });
      else if (bShowsA) pairs.push({ giver: b, answered: a, mutual: false });
    }
  });
  return pairs;
}
