/**
 * Exclusion groups: questions that must never meet in one quiz, because one gives the other's
 * answer away. Two questions conflict when they share a `fact:` key, or when either names the
 * other in `excludes:`.
 */
import { closesRevealCycle, inRevealOrder, type WithReveals } from "./order.ts";
import type { BankProblem } from "./problems.ts";
import { originFile, type Question } from "./question.ts";

/** What the conflict helpers need of a bank (the Bank itself, without importing it: no cycle). */
interface WithConflicts {
  conflictsOf(id: string): ReadonlySet<string>;
}

/** What drawing a quiz needs of a bank: its groups, and which answers each question shows. */
interface WithConflictsAndReveals extends WithConflicts, WithReveals {}

/** Which questions each question conflicts with, by id (symmetric; absent means none). */
export type ConflictMap = ReadonlyMap<string, ReadonlySet<string>>;

/** Builds the conflict map of a set of questions from their `fact` keys and `excludes` lists. */
export function buildConflicts(questions: readonly Question[]): ConflictMap {
  const conflicts = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (a === b) return;
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const set = conflicts.get(from);
      if (set) set.add(to);
      else conflicts.set(from, new Set([to]));
    }
  };
  const byFact = new Map<string, string[]>();
  for (const q of questions) {
    for (const other of q.excludes) link(q.id, other);
    if (q.fact === undefined) continue;
    const ids = byFact.get(q.fact);
    if (ids) ids.push(q.id);
    else byFact.set(q.fact, [q.id]);
  }
  for (const ids of byFact.values()) for (const a of ids) for (const b of ids) link(a, b);
  return conflicts;
}

const NO_CONFLICTS: ReadonlySet<string> = new Set();

/** A conflict map as the function the conflict helpers ask ("which ids conflict with this one?"). */
export function conflictsLookup(conflicts: ConflictMap): (id: string) => ReadonlySet<string> {
  return (id) => conflicts.get(id) ?? NO_CONFLICTS;
}

/**
 * Checks the bank-wide group rules, which need every question at once: each id in `excludes`
 * exists (and is not the question itself), each `fact` key is shared by at least two questions
 * (a key used once is a typo), and no two questions of one fact cite the same source (ask a
 * fact once per source; say "according to" for each source that states it).
 */
export function checkGroups(questions: readonly Question[]): BankProblem[] {
  const problems: BankProblem[] = [];
  const ids = new Set(questions.map((q) => q.id));
  const byFact = new Map<string, Question[]>();
  for (const q of questions) {
    const file = originFile(q);
    q.excludes.forEach((other, i) => {
      if (other === q.id) {
        problems.push({
          file,
          questionId: q.id,
          field: `excludes.${i}`,
          message: "a question cannot exclude itself",
        });
      } else if (!ids.has(other)) {
        problems.push({
          file,
          questionId: q.id,
          field: `excludes.${i}`,
          message: `no question has the id "${other}"`,
          hint: "name the id of a question in questions/bank/",
        });
      }
    });
    if (q.fact !== undefined) byFact.set(q.fact, [...(byFact.get(q.fact) ?? []), q]);
  }
  for (const [fact, group] of byFact) {
    if (group.length === 1) {
      const [only] = group as [Question];
      problems.push({
        file: originFile(only),
        questionId: only.id,
        field: "fact",
        message: `no other question has fact "${fact}"`,
        hint: "a fact key groups the questions that ask one fact; check its spelling or remove it",
      });
      continue;
    }
    const firstBySource = new Map<string, Question>();
    for (const q of group) {
      const earlier = firstBySource.get(q.citation.source);
      if (earlier) {
        problems.push({
          file: originFile(q),
          questionId: q.id,
          field: "fact",
          message: `fact "${fact}" is already asked from ${q.citation.source} by ${earlier.id}`,
          hint: "ask each fact once per source: merge the two questions or give them different facts",
        });
      } else {
        firstBySource.set(q.citation.source, q);
      }
    }
  }
  return problems;
}

/**
 * The ids of every question that conflicts with any of `ids`: what a quiz (or a question set, or
 * an assignment) already holding `ids` must not add. The ids themselves are not included unless
 * two of them conflict with each other.
 */
export function conflictsWith(bank: WithConflicts, ids: Iterable<string>): Set<string> {
  const found = new Set<string>();
  for (const id of ids) for (const other of bank.conflictsOf(id)) found.add(other);
  return found;
}

/**
 * Draws a quiz from candidates in the order given: drops each one that conflicts with one kept
 * before it (so the result never holds two questions of one group) or that shows, and is shown,
 * an answer of those kept (no order could keep both), then orders the kept ones so that none
 * comes after one whose stem or reveal shows its answer, moving as few as it can. Pass
 * `alreadyChosen` when adding to a quiz, set or assignment that has questions already (those are
 * neither repeated nor joined by one of their groups, nor by a question whose answer they show:
 * it would come after them). Stops once `limit` questions are kept.
 */
export function withoutConflicts<Q extends { readonly id: string }>(
  bank: WithConflictsAndReveals,
  questions: Iterable<Q>,
  options: { readonly limit?: number; readonly alreadyChosen?: Iterable<string> } = {},
): Q[] {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const chosen = new Set(options.alreadyChosen ?? []);
  // Nothing already chosen is added again, nor anything in a group with it.
  const blocked = new Set([...chosen, ...conflictsWith(bank, chosen)]);
  const alreadyShown = new Set([...chosen].flatMap((id) => [...bank.revealsOf(id)]));
  const keptIds = new Set<string>();
  const kept: Q[] = [];
  for (const q of questions) {
    if (kept.length >= limit) break;
    if (blocked.has(q.id) || alreadyShown.has(q.id) || closesRevealCycle(bank, keptIds, q.id)) continue;
    kept.push(q);
    keptIds.add(q.id);
    for (const other of bank.conflictsOf(q.id)) blocked.add(other);
  }
  return inRevealOrder(bank, kept);
}
