import type { Corpus, Source } from "./corpus.ts";
import { findGiveaways, type RevealsMap, revealsMap } from "./giveaways.ts";
import { buildConflicts, type ConflictMap } from "./groups.ts";
import type { Question } from "./question.ts";
import type { Difficulty } from "./schema.ts";
import { NO_TRANSLATIONS, type Translations } from "./translations.ts";

const NO_CONFLICTS: ReadonlySet<string> = new Set();

/** What a quiz may be drawn from; every field narrows the choice, none means all. */
export interface QuestionFilter {
  readonly source?: string | undefined;
  readonly topic?: string | undefined;
  readonly difficulty?: Difficulty | undefined;
}

/** An immutable, indexed set of checked questions with the corpus they cite. */
export class Bank {
  private readonly byId: ReadonlyMap<string, Question>;
  private readonly conflicts: ConflictMap;
  /** Found once, on first use or when openGame asks at start-up: see `revealsOf`. */
  private reveals: RevealsMap | undefined;

  /** The Korean of the shipped questions, sources and topics (questions/ko/); a bank extending another shares its. */
  readonly translations: Translations;
  private readonly base: Bank | undefined;

  /** `base`: a bank these questions extend (its reveals are kept; only pairs with the others are searched). */
  constructor(
    readonly corpus: Corpus,
    readonly questions: readonly Question[],
    options: { readonly base?: Bank; readonly translations?: Translations } = {},
  ) {
    this.base = options.base;
    this.translations = options.translations ?? options.base?.translations ?? NO_TRANSLATIONS;
    this.byId = new Map(questions.map((q) => [q.id, q]));
    this.conflicts = buildConflicts(questions);
  }

  /**
   * The ids of the questions whose answer this one's stem or reveal shows (linked ones included):
   * a quiz never asks those after it.
   */
  revealsOf(id: string): ReadonlySet<string> {
    return this.findReveals().get(id) ?? NO_CONFLICTS;
  }

  /** Works out which question shows which answer, once (`revealsOf` does on first use otherwise). */
  findReveals(): RevealsMap {
    this.reveals ??= this.base
      ? this.base.revealsWith(this.questions, this.corpus)
      : revealsMap(findGiveaways(this.questions, this.corpus));
    return this.reveals;
  }

  /** This bank's reveals plus those between its questions and the new ones among `questions`. */
  private revealsWith(questions: readonly Question[], corpus: Corpus): RevealsMap {
    const added = new Set(questions.filter((q) => !this.byId.has(q.id)).map((q) => q.id));
    const more = revealsMap(findGiveaways(questions, corpus, undefined, { involving: added }));
    const merged = new Map<string, ReadonlySet<string>>(this.findReveals());
    for (const [giver, answered] of more)
      merged.set(giver, new Set([...(merged.get(giver) ?? []), ...answered]));
    return merged;
  }

  /** The ids of the questions that must not share a quiz with this one (same fact, or excluded). */
  conflictsOf(id: string): ReadonlySet<string> {
    return this.conflicts.get(id) ?? NO_CONFLICTS;
  }

  /** The question with this id, or undefined. */
  get(id: string): Question | undefined {
    return this.byId.get(id);
  }

  /** The source a question cites (always present: checked at load). */
  sourceOf(question: Question): Source {
    const source = this.corpus.get(question.citation.source);
    if (!source) throw new Error(`question ${question.id} cites unknown source ${question.citation.source}`);
    return source;
  }

  /** The questions matching a filter, in bank order. */
  filter(filter: QuestionFilter = {}): Question[] {
    return this.questions.filter(
      (q) =>
        (filter.source === undefined || q.citation.source === filter.source) &&
        (filter.topic === undefined || q.topics.includes(filter.topic)) &&
        (filter.difficulty === undefined || q.difficulty === filter.difficulty),
    );
  }

  /** Every topic in use, sorted. */
  topics(): string[] {
    return [...new Set(this.questions.flatMap((q) => q.topics))].sort();
  }

  /** How many questions cite each source id. */
  countBySource(): Map<string, number> {
    const counts = new Map(this.corpus.ids().map((id) => [id, 0]));
    for (const q of this.questions) counts.set(q.citation.source, (counts.get(q.citation.source) ?? 0) + 1);
    return counts;
  }

  /**
   * A bank with extra questions (a server's approved ones) added after these; `corpus`, when the
   * server has sources of its own, is this bank's corpus with them added.
   */
  with(extra: readonly Question[], corpus: Corpus = this.corpus): Bank {
    if (extra.length === 0 && corpus === this.corpus) return this;
    return new Bank(corpus, [...this.questions, ...extra], { base: this });
  }
}
