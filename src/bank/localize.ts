/**
 * A question, source or topic in a reader's language, from the bank's translations (questions/ko/).
 * Only what a player reads changes: the question, its options, the explanation, `also` notes,
 * source titles and topic names. The quote is never replaced: it is the evidence, shown as the
 * source has it; its Korean rendering travels beside it (`quoteTranslation`) to be labelled as a
 * translation. A field without Korean stays in English.
 */
import { type Locale, t } from "../i18n/index.ts";
import type { Bank } from "./bank.ts";
import type { Question } from "./question.ts";
import type { SourceMeta } from "./schema.ts";
import type { QuestionText } from "./translations.ts";

/** The Korean of a question, when the reader reads Korean and the bank has it. */
function textOf(bank: Bank, question: Question, locale: Locale): QuestionText | undefined {
  return locale === "ko" ? bank.translations.questions.get(question.id) : undefined;
}

/** A true/false option ("True", "False") in the reader's words (참, 거짓). */
function truthLabel(option: string, locale: Locale): string {
  return t(locale, option === "True" ? "quiz.option.true" : "quiz.option.false");
}

/**
 * The options of a question in a language, in the English order (answer first). The Korean
 * options replace the English ones together or not at all, so a player never sees a mix.
 */
function optionsIn(
  bank: Bank,
  question: Question,
  locale: Locale,
): { answer: string; wrong: readonly string[] } {
  if (question.type === "true-false")
    return {
      answer: truthLabel(question.answer, locale),
      wrong: question.wrong.map((w) => truthLabel(w, locale)),
    };
  const text = textOf(bank, question, locale);
  if (text?.answer !== undefined && text.wrong !== undefined && text.wrong.length === question.wrong.length)
    return { answer: text.answer, wrong: text.wrong };
  return { answer: question.answer, wrong: question.wrong };
}

/** A question as a reader of `locale` sees it: same id, type, options order and citation. */
export function localizeQuestion(bank: Bank, question: Question, locale: Locale): Question {
  const text = textOf(bank, question, locale);
  const options = optionsIn(bank, question, locale);
  if (!text && question.type !== "true-false") return question;
  return {
    ...question,
    question: text?.question ?? question.question,
    explanation: text?.explanation ?? question.explanation,
    ...options,
    also: question.also.map((other, i) => ({
      ...other,
      note: (other.note && text?.also[i]?.note) ?? other.note,
    })),
  };
}

/** An option as shown (an English option of the question) in the reader's language. */
export function localizeOption(bank: Bank, question: Question, option: string, locale: Locale): string {
  const english = [question.answer, ...question.wrong];
  const shown = optionsIn(bank, question, locale);
  const index = english.indexOf(option);
  if (index < 0) return option;
  return index === 0 ? shown.answer : (shown.wrong[index - 1] ?? option);
}

/** The Korean rendering of a question's passage (index -1) or of its `also` passage i, if any. */
export function quoteTranslation(
  bank: Bank,
  question: Question,
  locale: Locale,
  also = -1,
): string | undefined {
  const text = textOf(bank, question, locale);
  return also < 0 ? text?.quote : text?.also[also]?.quote;
}

/** A source's title, author and date note in the reader's language (each falls back to English). */
export function localizeSource(bank: Bank, meta: SourceMeta, locale: Locale): SourceMeta {
  const text = locale === "ko" ? bank.translations.sources.get(meta.id) : undefined;
  if (!text) return meta;
  return {
    ...meta,
    title: text.title,
    author: text.author,
    dateNote: meta.dateNote === undefined ? undefined : (text.dateNote ?? meta.dateNote),
    notes: text.description ?? meta.notes,
  };
}

/** A topic's name in the reader's language ("treatment" is 처우), or the topic itself. */
export function topicName(bank: Bank, topic: string, locale: Locale): string {
  return (locale === "ko" ? bank.translations.topics.get(topic) : undefined) ?? topic;
}

/** How questions read in one language: for code that shows many (CSV files), without the bank at hand. */
export interface QuestionLanguage {
  /** The question as shown in the language (see localizeQuestion). */
  question(question: Question): Question;
  /** An English option of the question (such as a recorded choice) as shown in the language. */
  option(question: Question, option: string): string;
}

/** Questions as the bank writes them (English). */
export const AS_WRITTEN: QuestionLanguage = { question: (q) => q, option: (_, option) => option };

/** Questions in a language, from a bank's translations. */
export function questionLanguage(bank: Bank, locale: Locale): QuestionLanguage {
  return {
    question: (question) => localizeQuestion(bank, question, locale),
    option: (question, option) => localizeOption(bank, question, option, locale),
  };
}
