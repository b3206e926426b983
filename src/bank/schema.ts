import { z } from "zod";

/** Discord's limits that a question must fit: a button label, and what we allow in embed fields. */
export const LIMITS = {
  option: 80,
  question: 1000,
  explanation: 1000,
  quote: 1000,
} as const;

export const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "use lowercase letters, digits and single dashes (like-this)");

export const text = (max: number) =>
  z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

/** A line range of a source that is page furniture, not content. */
const ChromeRangeSchema = z.object({
  from: z.number().int().positive(),
  to: z.number().int().positive(),
  why: z.string().min(1),
});

/** One source document's metadata, as written in questions/sources.yaml. */
export const SourceMetaSchema = z.strictObject({
  id: slug,
  file: z.string().regex(/^[\w.-]+\.txt$/, "a .txt file name in questions/sources/"),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "a lowercase hex SHA-256"),
  title: text(256),
  author: text(256),
  date: z.union([
    z.literal("undated"),
    z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "YYYY, YYYY-MM or YYYY-MM-DD"),
  ]),
  dateNote: text(500).optional(),
  url: z.url().optional(),
  notes: text(1000).optional(),
  sections: z.array(z.string().min(1)).default([]),
  chrome: z.array(ChromeRangeSchema).default([]),
});
export type SourceMeta = z.infer<typeof SourceMetaSchema>;

/** The whole of questions/sources.yaml. */
export const SourcesFileSchema = z.strictObject({ sources: z.array(SourceMetaSchema).min(1) });

export const DIFFICULTIES = ["easy", "medium", "hard"] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];
export const QUESTION_TYPES = ["multiple-choice", "true-false"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** How many "Other sources" citations one explanation may carry: one per other source (each is an embed field). */
export const MAX_OTHER_SOURCES = 4;

/** A citation for a claim an explanation makes about another source. */
const OtherCitationSchema = z.strictObject({
  source: slug,
  quote: text(LIMITS.quote),
  note: text(200).optional(),
});

const common = {
  id: slug.max(64, "must be at most 64 characters"),
  difficulty: z.enum(DIFFICULTIES),
  topics: z.array(slug).min(1, "give at least one topic"),
  question: text(LIMITS.question),
  explanation: text(LIMITS.explanation),
  citation: z.strictObject({ source: slug, quote: text(LIMITS.quote) }),
  /** A key shared by the questions that ask one fact: no quiz draws two of them. */
  fact: slug.max(64, "must be at most 64 characters").optional(),
  /** Questions never drawn in the same quiz as this one (its stem gives their answer, or theirs its). */
  excludes: z.array(slug).max(20, "name at most 20 questions").default([]),
  /** Citations backing what the explanation says about other sources, shown as "Other sources". */
  also: z.array(OtherCitationSchema).max(MAX_OTHER_SOURCES, `give at most ${MAX_OTHER_SOURCES}`).default([]),
};

const option = text(LIMITS.option);

/** One question as an author writes it in a bank file (or a modal submission). */
export const QuestionInputSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("multiple-choice"),
    ...common,
    answer: option,
    wrong: z.array(option).min(1, "give 1 to 3 wrong options").max(3, "give 1 to 3 wrong options"),
  }),
  z.strictObject({
    type: z.literal("true-false"),
    ...common,
    answer: z.boolean({ error: "must be true or false" }),
  }),
]);
export type QuestionInput = z.infer<typeof QuestionInputSchema>;

/** A bank file: a YAML document with a list of questions (each parsed on its own, for precise errors). */
export const BankFileSchema = z.strictObject({ questions: z.array(z.unknown()).min(1, "no questions") });
