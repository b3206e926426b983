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

/** How many forms one typed answer may list, and how long a wrong note may be. */
export const TYPED_LIMITS = { accept: 10, note: 200 } as const;

/**
 * A question that can be answered by typing (see questions/README.md): the accepted forms, the
 * canonical one first; optionally the span of the quote a cloze prompt blanks, and a stem worded
 * for typing. `bank check` ties each form to the quote (src/bank/typed-check.ts).
 */
const TypedSchema = z.strictObject({
  accept: z
    .array(option)
    .min(1, "list at least one accepted form (the canonical one first)")
    .max(TYPED_LIMITS.accept, `list at most ${TYPED_LIMITS.accept} forms`),
  cloze: text(LIMITS.quote).optional(),
  prompt: text(LIMITS.question).optional(),
});
export type TypedInput = z.infer<typeof TypedSchema>;

/** Why one wrong option is wrong, with its own verified quote. */
const WrongNoteSchema = z.strictObject({
  option,
  note: text(TYPED_LIMITS.note),
  source: slug,
  quote: text(LIMITS.quote),
});

/** One question as an author writes it in a bank file (or a modal submission). */
export const QuestionInputSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("multiple-choice"),
    ...common,
    answer: option,
    wrong: z.array(option).min(1, "give 1 to 3 wrong options").max(3, "give 1 to 3 wrong options"),
    typed: TypedSchema.optional(),
    wrong_notes: z.array(WrongNoteSchema).max(3, "give at most one note per wrong option").default([]),
  }),
  z.strictObject({
    type: z.literal("true-false"),
    ...common,
    answer: z.boolean({ error: "must be true or false" }),
    typed: z.undefined({ error: "true-false questions cannot be typed" }).optional(),
  }),
]);
export type QuestionInput = z.infer<typeof QuestionInputSchema>;
/** A question as written in a file: defaulted fields (such as `wrong_notes`) may be left out. */
export type QuestionInputWritten = z.input<typeof QuestionInputSchema>;

/** A bank file: a YAML document with a list of questions (each parsed on its own, for precise errors). */
export const BankFileSchema = z.strictObject({ questions: z.array(z.unknown()).min(1, "no questions") });
