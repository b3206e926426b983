/**
 * Giveaways: where what a player sees of one question (its stem, and its reveal: answer,
 * explanation, passage, other sources' passages and notes, and the source's title, byline, date
 * and section heading) prints the answer of another question that may come later in the same
 * quiz. Found by comparing content tokens (see answer-tokens.ts), so "about 100,000 people" gives
 * away "100,000" whatever the notation.
 *
 * What counts as "the answer":
 * - multiple choice: the right option's content tokens, found close together in the other text
 *   (all of them for an answer of up to three tokens, three in four for a longer one);
 * - true/false: "True" or "False" says nothing by itself; what decides the statement is the
 *   cited passage, so a text that prints five of the passage's words that are not common, close
 *   together, gives the answer away (it quotes or paraphrases the passage).
 * Wrong options are not counted: a player sees them before answering, marked as wrong for that
 * question, and distractors are meant to be other sources' figures.
 */
import { type AnswerToken, answerTokens } from "./answer-tokens.ts";
import type { Corpus } from "./corpus.ts";
import type { BankProblem } from "./problems.ts";
import { originFile, type Question } from "./question.ts";

/** Which part of what a player sees gives the answer away. */
export type GiveawayKind = "stem" | "answer" | "explanation" | "quote" | "also" | "metadata";

/** One answer found where a player can read it before the question is asked. */
export interface Giveaway {
  /** The question whose answer is given away. */
  readonly askedId: string;
  /** What prints it: another question (the pair), or a source's metadata (every reveal citing it). */
  readonly by: { readonly questionId: string } | { readonly sourceId: string };
  readonly kind: GiveawayKind;
  /** A dotted path to the field that prints it (`explanation`, `also.1.quote`, `author`, ...). */
  readonly field: string;
  /** The words of that field that give the answer. */
  readonly excerpt: string;
}

/** How many of a true/false passage's words that are not common, within PASSAGE_WINDOW tokens, give its answer away. */
export const PASSAGE_WORDS = 5;
export const PASSAGE_WINDOW = 10;

/**
 * A word the corpus uses in at least this many sources is common ("North Korean", "refugee",
 * "China", "South Korea"): an answer made only of common words gives nothing away, since a player
 * meets it in every question, and a run of a passage counts only its other words.
 */
export const COMMON_IN_SOURCES = 4;

/** A lone number below this is a count, a list number or a day, met everywhere: never a giveaway alone. */
export const SMALL_NUMBER = 100;

/** A text a player sees, tokenised once. */
interface VisibleText {
  readonly field: string;
  readonly kind: GiveawayKind;
  readonly original: string;
  readonly tokens: readonly AnswerToken[];
  readonly tokenSet: ReadonlySet<string>;
}

/** One way an option's answer shows in a text: enough of these words, and every one of these numbers. */
interface OptionRule {
  readonly words: readonly string[];
  readonly requiredWords: number;
  /** Figures decide an answer: every number of the answer must be found, exactly. */
  readonly numbers: readonly string[];
}

/** What identifies a question's answer in another text. */
export type AnswerKey =
  | {
      readonly mode: "option";
      /** The answer shows when any rule holds in a window of `width` tokens. */
      readonly rules: readonly OptionRule[];
      readonly width: number;
      readonly common: ReadonlySet<string>;
    }
  | {
      readonly mode: "passage";
      /** The passage's words that are not common, and how many of them give it away. */
      readonly rare: ReadonlySet<string>;
      readonly need: number;
    };

/**
 * The key of a question's answer, or undefined when its answer cannot give anything away: no
 * content word at all, only words common to the corpus, or a lone small number.
 */
export function answerKeyOf(question: Question, common: ReadonlySet<string>): AnswerKey | undefined {
  if (question.type === "true-false") {
    const rare = new Set(answerTokens(question.citation.quote).map((t) => t.token));
    for (const token of rare) if (common.has(token)) rare.delete(token);
    return rare.size > 0 ? { mode: "passage", rare, need: Math.min(PASSAGE_WORDS, rare.size) } : undefined;
  }
  const all = [...new Set(answerTokens(question.answer).map((t) => t.token))];
  if (all.every((t) => common.has(t))) return undefined;
  const lone = all.length === 1 && isNumber(all[0] as string);
  if (lone && Number(all[0]) < SMALL_NUMBER) return undefined;
  const decisive = decisiveTokens(question, all);
  // Most of the answer's words ("torture, forced labor" for "forced labor, torture").
  const numbers = decisive.filter(isNumber);
  const words = decisive.filter((t) => !isNumber(t));
  const mostOf = decisive.length <= 3 ? decisive.length : Math.ceil(decisive.length * 0.75);
  const rules: OptionRule[] = [{ words, requiredWords: mostOf - numbers.length, numbers }];
  // Or most of its rare words, the ones that name it ("USCRI 2009" for "USCRI's World Refugee
  // Survey 2009"), when there are two words or more besides numbers ("past five years" must not
  // give away "Five years of labor correction").
  const rareWords = words.filter((t) => !common.has(t));
  if (rareWords.length >= 2 && rareWords.length < words.length) {
    const required = rareWords.length === 2 ? 2 : Math.ceil((rareWords.length * 2) / 3);
    rules.push({ words: rareWords, requiredWords: required, numbers });
  }
  return { mode: "option", rules, width: all.length + 3, common };
}

/**
 * The words of an answer that tell it from the other options: not those every wrong option
 * shares ("Article" in "Article 33" against "Article 32") nor those the stem already prints;
 * numbers always. All of them when nothing would be left.
 */
function decisiveTokens(question: Question, tokens: readonly string[]): string[] {
  const stem = new Set(answerTokens(question.question).map((t) => t.token));
  const wrong = question.wrong.map((option) => new Set(answerTokens(option).map((t) => t.token)));
  // A number always decides: "Question 1?" does not make the 1 of "right 1" a stem word.
  const decisive = tokens.filter(
    (t) => isNumber(t) || (!stem.has(t) && !(wrong.length > 0 && wrong.every((w) => w.has(t)))),
  );
  return decisive.length > 0 ? decisive : [...tokens];
}

function isNumber(token: string): boolean {
  return /^\d/.test(token);
}

const commonByCorpus = new WeakMap<Corpus, ReadonlySet<string>>();

/** The words the corpus uses in COMMON_IN_SOURCES sources or more (worked out once per corpus). */
export function commonTokens(corpus: Corpus): ReadonlySet<string> {
  const cached = commonByCorpus.get(corpus);
  if (cached) return cached;
  const sources = new Map<string, number>();
  for (const id of corpus.ids()) {
    const source = corpus.get(id);
    if (!source) continue;
    for (const token of new Set(answerTokens(source.text).map((t) => t.token))) {
      sources.set(token, (sources.get(token) ?? 0) + 1);
    }
  }
  const common = new Set([...sources].filter(([, n]) => n >= COMMON_IN_SOURCES).map(([token]) => token));
  commonByCorpus.set(corpus, common);
  return common;
}

function visible(field: string, kind: GiveawayKind, original: string): VisibleText {
  const tokens = answerTokens(original);
  return { field, kind, original, tokens, tokenSet: new Set(tokens.map((t) => t.token)) };
}

const textsByQuestion = new WeakMap<Question, readonly VisibleText[]>();

/**
 * Everything of a question a player has seen once it is revealed, except the source metadata
 * (tokenised once per question: a server's bank is rebuilt from the same question objects).
 */
export function visibleTextsOf(question: Question): readonly VisibleText[] {
  const cached = textsByQuestion.get(question);
  if (cached) return cached;
  const texts = [visible("question", "stem", question.question)];
  // A true/false reveal prints only "True" or "False": the stem already holds its words.
  if (question.type === "multiple-choice") texts.push(visible("answer", "answer", question.answer));
  texts.push(visible("explanation", "explanation", question.explanation));
  texts.push(visible("citation.quote", "quote", question.citation.quote));
  question.also.forEach((other, i) => {
    texts.push(visible(`also.${i}.quote`, "also", other.quote));
    if (other.note !== undefined) texts.push(visible(`also.${i}.note`, "also", other.note));
  });
  textsByQuestion.set(question, texts);
  return texts;
}

/** Where a key is found in a text: the span of original text that holds it, or undefined. */
export function findAnswer(key: AnswerKey, text: VisibleText): string | undefined {
  const span = key.mode === "option" ? findOption(key, text) : findPassage(key, text);
  if (!span) return undefined;
  return excerptOf(text.original, span.start, span.end);
}

/**
 * The option's words close together: a window of the text no wider than the answer plus three
 * tokens holding what one of its rules asks, in any order ("torture, forced labor" gives away
 * "forced labor, torture"), always with a word that is not common.
 */
function findOption(
  key: Extract<AnswerKey, { mode: "option" }>,
  text: VisibleText,
): { start: number; end: number } | undefined {
  for (const rule of key.rules) {
    const span = findRule(rule, key, text);
    if (span) return span;
  }
  return undefined;
}

function findRule(
  rule: OptionRule,
  key: Extract<AnswerKey, { mode: "option" }>,
  text: VisibleText,
): { start: number; end: number } | undefined {
  if (!rule.numbers.every((n) => text.tokenSet.has(n))) return undefined;
  let present = 0;
  for (const word of rule.words) if (text.tokenSet.has(word)) present++;
  if (present < rule.requiredWords) return undefined;
  const wanted = new Set([...rule.words, ...rule.numbers]);
  const { tokens } = text;
  for (let at = 0; at < tokens.length; at++) {
    if (!wanted.has((tokens[at] as AnswerToken).token)) continue;
    const seen = new Set<string>();
    let seenWords = 0;
    let last = at;
    for (let k = at; k < Math.min(tokens.length, at + key.width); k++) {
      const token = (tokens[k] as AnswerToken).token;
      if (wanted.has(token)) {
        if (!seen.has(token) && !isNumber(token)) seenWords++;
        seen.add(token);
        last = k;
      }
      if (
        seenWords >= rule.requiredWords &&
        rule.numbers.every((n) => seen.has(n)) &&
        [...seen].some((t) => !key.common.has(t))
      ) {
        return { start: (tokens[at] as AnswerToken).start, end: (tokens[last] as AnswerToken).end };
      }
    }
  }
  return undefined;
}

/**
 * The passage's words close together: a window of PASSAGE_WINDOW tokens of the text holding at
 * least PASSAGE_WORDS of the passage's words that are not common (all of them, for a passage with
 * fewer), in any order: a paraphrase that keeps the passage's words states what it states.
 */
function findPassage(
  key: Extract<AnswerKey, { mode: "passage" }>,
  text: VisibleText,
): { start: number; end: number } | undefined {
  const { rare: wanted, need } = key;
  let present = 0;
  for (const token of text.tokenSet) if (wanted.has(token)) present++;
  if (present < need) return undefined;
  const width = PASSAGE_WINDOW;
  const { tokens } = text;
  for (let at = 0; at < tokens.length; at++) {
    if (!wanted.has((tokens[at] as AnswerToken).token)) continue;
    const seen = new Set<string>();
    for (let k = at; k < Math.min(tokens.length, at + width); k++) {
      const token = (tokens[k] as AnswerToken).token;
      if (wanted.has(token)) seen.add(token);
      if (seen.size >= need)
        return { start: (tokens[at] as AnswerToken).start, end: (tokens[k] as AnswerToken).end };
    }
  }
  return undefined;
}

const EXCERPT_MAX = 160;

/** The original words of a span, with a little context, cut to a readable length. */
function excerptOf(original: string, start: number, end: number): string {
  const from = Math.max(0, original.lastIndexOf(" ", Math.max(0, start - 20)) + 1);
  const toSpace = original.indexOf(" ", Math.min(original.length, end + 20));
  const to = toSpace < 0 ? original.length : toSpace;
  const text = original.slice(from, to).replace(/\s+/g, " ").trim();
  const cut = text.length > EXCERPT_MAX ? `${text.slice(0, EXCERPT_MAX - 1)}…` : text;
  return `${from > 0 ? "…" : ""}${cut}${to < original.length && !cut.endsWith("…") ? "…" : ""}`;
}

/** A source's metadata as a reveal prints it, with the questions whose reveal prints each part. */
interface MetadataText extends VisibleText {
  readonly sourceId: string;
  /** The questions whose reveal shows this text (their citation or an `also` cites the source). */
  readonly printedBy: ReadonlySet<string>;
}

/**
 * Every piece of source metadata some reveal prints: the title, the byline, the date (or, for an
 * undated source, the date note), and each section heading a cited passage falls under.
 */
function metadataTexts(questions: readonly Question[], corpus: Corpus): MetadataText[] {
  const texts: MetadataText[] = [];
  for (const id of corpus.ids()) {
    const source = corpus.get(id);
    if (!source) continue;
    const { meta } = source;
    const citing = new Set(
      questions
        .filter((q) => q.citation.source === id || q.also.some((other) => other.source === id))
        .map((q) => q.id),
    );
    if (citing.size === 0) continue;
    const parts: [string, string | undefined][] = [
      ["title", meta.title],
      ["author", meta.author],
      meta.date === "undated" ? ["dateNote", meta.dateNote] : ["date", meta.date],
    ];
    for (const [field, value] of parts) {
      if (value !== undefined)
        texts.push({ ...visible(field, "metadata", value), sourceId: id, printedBy: citing });
    }
    const bySection = new Map<string, Set<string>>();
    for (const q of questions) {
      for (const citation of [q.citation, ...q.also]) {
        if (citation.source !== id || citation.section === undefined) continue;
        const ids = bySection.get(citation.section) ?? new Set<string>();
        ids.add(q.id);
        bySection.set(citation.section, ids);
      }
    }
    for (const [heading, ids] of bySection) {
      texts.push({ ...visible(`section "${heading}"`, "metadata", heading), sourceId: id, printedBy: ids });
    }
  }
  return texts;
}

/** Which questions must never share a quiz (linked by `fact` or `excludes`, either side). */
interface Links {
  conflictsOf(id: string): ReadonlySet<string>;
}

/** The options of a scan: which questions' answers to look for (default: all). */
export interface GiveawayScan {
  /** Only look for the answers of these questions, and only in what these show (default: all). */
  readonly involving?: ReadonlySet<string>;
}

/**
 * Every giveaway among `questions`: each pair (giver, asked) where the giver shows the asked
 * question's answer (and, when `links` is given, the two are not linked), and each answer
 * printed by source metadata.
 * A pair's direction matters: the giver must not come before the asked question in a quiz.
 * Answers too common to give anything away are skipped (see `answerKeyOf`).
 */
export function findGiveaways(
  questions: readonly Question[],
  corpus: Corpus,
  links?: Links,
  scan: GiveawayScan = {},
): Giveaway[] {
  const index = new TextIndex(questions);
  const metadata = metadataTexts(questions, corpus);
  const common = commonTokens(corpus);
  const found: Giveaway[] = [];
  for (const asked of questions) {
    const key = cachedKeyOf(asked, common);
    if (!key) continue;
    const askedInvolved = scan.involving === undefined || scan.involving.has(asked.id);
    for (const { giver, text } of index.candidates(key)) {
      if (giver.id === asked.id) continue;
      if (!askedInvolved && !scan.involving?.has(giver.id)) continue;
      if (links?.conflictsOf(asked.id).has(giver.id)) continue;
      const excerpt = findAnswer(key, text);
      if (excerpt === undefined) continue;
      found.push({
        askedId: asked.id,
        by: { questionId: giver.id },
        kind: text.kind,
        field: text.field,
        excerpt,
      });
    }
    if (!askedInvolved) continue;
    for (const text of metadata) {
      const shownToOthers = [...text.printedBy].some((id) => id !== asked.id);
      if (!shownToOthers) continue;
      const excerpt = findAnswer(key, text);
      if (excerpt === undefined) continue;
      found.push({
        askedId: asked.id,
        by: { sourceId: text.sourceId },
        kind: "metadata",
        field: text.field,
        excerpt,
      });
    }
  }
  return found;
}

/**
 * Every visible text of some questions, indexed by token, so that looking for an answer visits
 * only the texts that hold a token every match must hold, not every text of the bank: the check
 * grows with the number of giveaways, not with questions times questions.
 */
class TextIndex {
  private readonly texts: { readonly giver: Question; readonly text: VisibleText }[] = [];
  private readonly postings = new Map<string, number[]>();

  constructor(questions: readonly Question[]) {
    for (const giver of questions) {
      for (const text of visibleTextsOf(giver)) {
        const at = this.texts.length;
        this.texts.push({ giver, text });
        for (const token of text.tokenSet) {
          const list = this.postings.get(token);
          if (list) list.push(at);
          else this.postings.set(token, [at]);
        }
      }
    }
  }

  /** The texts that may hold the key, in question order (then field order). */
  candidates(key: AnswerKey): { readonly giver: Question; readonly text: VisibleText }[] {
    const at = new Set<number>();
    for (const token of this.anchors(key)) for (const i of this.postings.get(token) ?? []) at.add(i);
    return [...at].sort((a, b) => a - b).map((i) => this.texts[i] as (typeof this.texts)[number]);
  }

  /**
   * Tokens of which every match holds at least one: a number of the answer (all are needed), or
   * else, of words of which `required` are needed, the rarest `words - required + 1` (a match
   * missing all of those would hold too few).
   */
  private anchors(key: AnswerKey): string[] {
    const rarest = (tokens: Iterable<string>, count: number) =>
      [...tokens]
        .sort((a, b) => (this.postings.get(a)?.length ?? 0) - (this.postings.get(b)?.length ?? 0))
        .slice(0, Math.max(1, count));
    if (key.mode === "passage") return rarest(key.rare, key.rare.size - key.need + 1);
    // A text matches by any rule: the union of each rule's anchors.
    return key.rules.flatMap((rule) => {
      const [number] = rule.numbers;
      if (number !== undefined) return [number];
      return rarest(rule.words, rule.words.length - rule.requiredWords + 1);
    });
  }
}

const keysByQuestion = new WeakMap<Question, { common: ReadonlySet<string>; key: AnswerKey | undefined }>();

/** A question's answer key, worked out once per question and corpus. */
function cachedKeyOf(question: Question, common: ReadonlySet<string>): AnswerKey | undefined {
  const cached = keysByQuestion.get(question);
  if (cached?.common === common) return cached.key;
  const key = answerKeyOf(question, common);
  keysByQuestion.set(question, { common, key });
  return key;
}

/**
 * The directed relation "shows the answer of", from giver id to the ids whose answers it shows:
 * what a quiz must respect in its order (a question never after one that answers it).
 */
export type RevealsMap = ReadonlyMap<string, ReadonlySet<string>>;

/** Builds the reveals relation from the giveaways found between questions (metadata ones have no giver). */
export function revealsMap(giveaways: readonly Giveaway[]): RevealsMap {
  const map = new Map<string, Set<string>>();
  for (const g of giveaways) {
    if (!("questionId" in g.by)) continue;
    const set = map.get(g.by.questionId);
    if (set) set.add(g.askedId);
    else map.set(g.by.questionId, new Set([g.askedId]));
  }
  return map;
}

/** What the check says of giveaways: one problem per pair of questions, and one per metadata field. */
export function giveawayProblems(
  giveaways: readonly Giveaway[],
  questions: readonly Question[],
): BankProblem[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const byPair = new Map<string, Giveaway[]>();
  for (const g of giveaways) {
    const by = "questionId" in g.by ? `question:${g.by.questionId}` : `source:${g.by.sourceId}:${g.field}`;
    const key = `${g.askedId}\u0000${by}`;
    const list = byPair.get(key);
    if (list) list.push(g);
    else byPair.set(key, [g]);
  }
  const problems: BankProblem[] = [];
  for (const found of byPair.values()) {
    const first = found[0] as Giveaway;
    const asked = byId.get(first.askedId);
    if (!asked) continue;
    const answer = asked.type === "true-false" ? `${asked.answer} (its passage)` : `"${asked.answer}"`;
    if ("sourceId" in first.by) {
      problems.push({
        file: originFile(asked),
        questionId: asked.id,
        field: "answer",
        message: `giveaway (metadata): its answer ${answer} is printed by the ${first.field} of ${first.by.sourceId}, which every reveal citing that source shows: "${first.excerpt}"`,
        hint: "no link can allow this: ask something the citation does not print, or drop the question",
      });
      continue;
    }
    const giverId = first.by.questionId;
    const where = found.map((g) => `${g.field}: "${g.excerpt}"`).join("; ");
    problems.push({
      file: originFile(asked),
      questionId: asked.id,
      field: "answer",
      message: `giveaway (${[...new Set(found.map((g) => g.kind))].join(", ")}): its answer ${answer} is shown by ${giverId} in ${where}`,
      hint: `reword ${giverId} so it does not give the answer, or link the two (excludes: [${giverId}], or a shared fact:) so they never meet in one quiz`,
    });
  }
  return problems;
}

/**
 * The giveaways a new question (a community proposal) would bring to a bank: where the bank's
 * questions show its answer, where it shows theirs, and where a source's metadata prints it.
 */
export function giveawaysOfNewQuestion(
  question: Question,
  bank: { readonly questions: readonly Question[]; readonly corpus: Corpus },
): Giveaway[] {
  const others = bank.questions.filter((q) => q.id !== question.id);
  return findGiveaways([...others, question], bank.corpus, undefined, {
    involving: new Set([question.id]),
  }).filter((g) => g.askedId === question.id || ("questionId" in g.by && g.by.questionId === question.id));
}
