import type { Bank, QuestionFilter } from "../bank/bank.ts";
import { withoutConflicts } from "../bank/groups.ts";
import type { Question } from "../bank/question.ts";
import { type Random, shuffled } from "./random.ts";

/** What a player has done with a question before, for preferring new and missed questions. */
export interface QuestionHistoryEntry {
  readonly seen: number;
  readonly lastCorrect: boolean;
}

/** How to choose a quiz's questions. */
export interface SelectionRequest extends QuestionFilter {
  readonly count: number;
  /** The player's history by question id (solo quizzes); omitted for channel rounds. */
  readonly history?: ReadonlyMap<string, QuestionHistoryEntry> | undefined;
  /** Questions never to draw (disabled in a server after a report). */
  readonly exclude?: ReadonlySet<string> | undefined;
}

/**
 * Draws up to `count` distinct questions matching the filter, in random order, never two of one
 * exclusion group (see src/bank/groups.ts). With a history, questions the player has never seen
 * come first, then those they last got wrong, then the rest.
 */
export function selectQuestions(bank: Bank, request: SelectionRequest, random: Random): Question[] {
  const exclude = request.exclude;
  const pool = shuffled(
    bank.filter(request).filter((q) => !exclude?.has(q.id)),
    random,
  );
  const history = request.history;
  if (!history) return withoutConflicts(bank, pool, { limit: request.count });
  const tier = (q: Question) => {
    const entry = history.get(q.id);
    if (!entry) return 0;
    return entry.lastCorrect ? 2 : 1;
  };
  // A stable sort keeps the shuffled order inside each tier.
  const ordered = pool.sort((a, b) => tier(a) - tier(b));
  return withoutConflicts(bank, ordered, { limit: request.count });
}
