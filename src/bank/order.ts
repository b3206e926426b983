/**
 * Question order: a quiz never asks a question after one whose stem or reveal showed its answer.
 * The relation "shows the answer of" is the bank's (`revealsOf`, found once at load by the
 * giveaway check, linked pairs included). A question that shows the answer of one placed after
 * it is moved behind it; two questions that show each other's answer (directly or through
 * others) cannot both be ordered, so a drawn quiz keeps only the first.
 */

/** What ordering needs of a bank: the ids whose answers a question's stem or reveal shows. */
export interface WithReveals {
  revealsOf(id: string): ReadonlySet<string>;
}

/**
 * Whether adding `candidate` to `chosen` closes a cycle of the relation: some question of the
 * set shows the candidate's answer while the candidate shows its answer (or through others),
 * so no order of the set keeps the rule.
 */
export function closesRevealCycle(
  bank: WithReveals,
  chosen: ReadonlySet<string>,
  candidate: string,
): boolean {
  const seen = new Set<string>();
  const stack = [candidate];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    for (const next of bank.revealsOf(id)) {
      if (next === candidate) return true;
      if (!chosen.has(next) || seen.has(next)) continue;
      seen.add(next);
      stack.push(next);
    }
  }
  return false;
}

/**
 * The questions in an order that asks none after one that shows its answer, keeping the given
 * order wherever the rule allows (each step takes the earliest question whose answer no
 * remaining question shows). Questions caught in a cycle keep their given order among themselves.
 */
export function inRevealOrder<Q extends { readonly id: string }>(
  bank: WithReveals,
  questions: readonly Q[],
): Q[] {
  const ids = new Set(questions.map((q) => q.id));
  // For each question, how many of the others' answers it shows: those must be asked first.
  const waitingFor = new Map<string, number>();
  for (const q of questions) {
    let count = 0;
    for (const answered of bank.revealsOf(q.id)) if (ids.has(answered) && answered !== q.id) count++;
    waitingFor.set(q.id, count);
  }
  const placed: Q[] = [];
  const remaining = [...questions];
  while (remaining.length > 0) {
    let at = remaining.findIndex((q) => waitingFor.get(q.id) === 0);
    if (at < 0) at = 0; // a cycle: nothing can go first by the rule, so the given order decides
    const [next] = remaining.splice(at, 1) as [Q];
    placed.push(next);
    for (const q of remaining) {
      if (bank.revealsOf(q.id).has(next.id)) waitingFor.set(q.id, (waitingFor.get(q.id) ?? 1) - 1);
    }
  }
  return placed;
}

/** Every pair of the questions, in the given order, where an earlier one shows a later one's answer. */
export function revealedEarlier(
  bank: WithReveals,
  ids: readonly string[],
): [giver: string, answered: string][] {
  const pairs: [string, string][] = [];
  ids.forEach((giver, i) => {
    const reveals = bank.revealsOf(giver);
    for (const later of ids.slice(i + 1)) if (reveals.has(later)) pairs.push([giver, later]);
  });
  return pairs;
}

/**
 * Keeps questions in the given order, leaving out each one that shows, and is shown, the answer
 * of one kept before it (directly or through others): what a teacher's set plays when it holds
 * such a pair (the teacher was warned when adding it).
 */
export function withoutRevealCycles<Q extends { readonly id: string }>(
  bank: WithReveals,
  questions: readonly Q[],
): { kept: Q[]; leftOut: Q[] } {
  const keptIds = new Set<string>();
  const kept: Q[] = [];
  const leftOut: Q[] = [];
  for (const q of questions) {
    if (closesRevealCycle(bank, keptIds, q.id)) {
      leftOut.push(q);
      continue;
    }
    kept.push(q);
    keptIds.add(q.id);
  }
  return { kept, leftOut };
}
