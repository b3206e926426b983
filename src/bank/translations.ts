/**
 * Korean text of the bank (questions/ko/*.yaml, questions/ko/sources.yaml): the schemas of the
 * files, and what the loader makes of them. The English bank files stay as they are; each
 * questions/ko/<name>.yaml gives the Korean of the questions of questions/bank/<name>.yaml.
 */
import { z } from "zod";
import { LIMITS, slug, text } from "./schema.ts";

/** The Korean of one `also` entry: the note (where the English has one) and the passage rendered. */
const OtherTextSchema = z.strictObject({
  note: text(200).optional(),
  quote: text(LIMITS.quote),
});

/** One question's Korean, as written in questions/ko/<name>.yaml. */
export const QuestionTextSchema = z.strictObject({
  id: slug,
  question: text(LIMITS.question),
  /** Multiple-choice only: the Korean of `answer` and of each `wrong`, in the English order. */
  answer: text(LIMITS.option).optional(),
  wrong: z.array(text(LIMITS.option)).min(1).max(3).optional(),
  explanation: text(LIMITS.explanation),
  /** A Korean rendering of citation.quote, shown under the original as a translation. */
  quote: text(LIMITS.quote),
  also: z.array(OtherTextSchema).max(4).default([]),
  /** Korean forms a player may type, for questions with `typed:` in English (see TYPED-FORMAT.md). */
  accept: z.array(text(LIMITS.option)).max(20).optional(),
});
export type QuestionText = z.infer<typeof QuestionTextSchema>;

/** A questions/ko/<name>.yaml file: its entries are parsed one by one, for precise errors. */
export const TranslationFileSchema = z.strictObject({
  questions: z.array(z.unknown()).min(1, "no questions"),
});

/** A source's metadata in Korean. */
export const SourceTextSchema = z.strictObject({
  title: text(256),
  author: text(256),
  /** Only where the English metadata has a dateNote. */
  dateNote: text(500).optional(),
  /** A short Korean description of the document (the English metadata has none to match). */
  description: text(1000).optional(),
});
export type SourceText = z.infer<typeof SourceTextSchema>;

/** questions/ko/sources.yaml: every source's metadata and every topic's name, in Korean. */
export const SourceTextsFileSchema = z.strictObject({
  sources: z.record(slug, SourceTextSchema),
  topics: z.record(slug, text(40)),
});

/** The Korean of the bank, by question id, source id and topic; empty where there is none. */
export interface Translations {
  readonly questions: ReadonlyMap<string, QuestionText>;
  readonly sources: ReadonlyMap<string, SourceText>;
  readonly topics: ReadonlyMap<string, string>;
}

export const NO_TRANSLATIONS: Translations = {
  questions: new Map(),
  sources: new Map(),
  topics: new Map(),
};
