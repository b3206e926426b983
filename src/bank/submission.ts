/**
 * A question proposed from Discord: the modal's fields, turned into the bank's own format and
 * checked by the bank's own checker (one code path), with problems named by the modal's labels.
 */

import { checkQuestions } from "../bank/check.ts";
import type { Corpus } from "../bank/corpus.ts";
import type { Question } from "../bank/question.ts";
import { type Difficulty, LIMITS } from "../bank/schema.ts";
import { type Locale, type MessageKey, t } from "../i18n/index.ts";

/** What a member typed, plus the options of `/question add`: kept so a bad submission loses nothing. */
export interface SubmissionDraft {
  readonly source: string;
  readonly difficulty: Difficulty;
  readonly topic: string;
  readonly question: string;
  readonly answer: string;
  /** One wrong option per line; none (with an answer of true or false) makes a true/false question. */
  readonly wrong: string;
  readonly quote: string;
  readonly explanation: string;
}

/**
 * The modal's text inputs: custom_id, style and the longest value Discord should accept. Each
 * input's label is the message `submission.field.{id}` (src/i18n), in the member's language.
 */
export const SUBMISSION_FIELDS = [
  { id: "question", paragraph: true, max: LIMITS.question, required: true },
  { id: "answer", paragraph: false, max: LIMITS.option, required: true },
  { id: "wrong", paragraph: true, max: 3 * (LIMITS.option + 1), required: false },
  { id: "quote", paragraph: true, max: LIMITS.quote, required: true },
  { id: "explanation", paragraph: true, max: LIMITS.explanation, required: true },
] as const;

export type SubmissionFieldId = (typeof SUBMISSION_FIELDS)[number]["id"];

/**
 * A problem with a submission, named as the member sees the form. The message and hint are the
 * bank checker's own (English, as `npm run bank -- check` prints them); `field` is the checker's
 * dotted path, which `fieldLabel` names in the member's language.
 */
export interface SubmissionProblem {
  readonly field?: string | undefined;
  readonly message: string;
  readonly hint?: string | undefined;
}

const LABEL_KEYS = {
  question: "submission.problem.question",
  answer: "submission.problem.answer",
  wrong: "submission.problem.wrong",
  explanation: "submission.problem.explanation",
  "citation.quote": "submission.problem.quote",
  "citation.source": "submission.problem.source",
  difficulty: "submission.problem.difficulty",
  topics: "submission.problem.topics",
  id: "submission.problem.id",
} as const satisfies Readonly<Record<string, MessageKey>>;
const LABEL_OF: Readonly<Record<string, (typeof LABEL_KEYS)[keyof typeof LABEL_KEYS] | undefined>> =
  LABEL_KEYS;

/** The name of a problem's field as the form shows it ("Wrong options, line 2"), in a locale. */
export function fieldLabel(field: string | undefined, locale: Locale): string {
  if (field === undefined) return t(locale, "submission.problem.submission");
  const wrongLine = /^wrong\.(\d+)$/.exec(field);
  if (wrongLine) return t(locale, "submission.problem.wrongLine", { line: Number(wrongLine[1]) + 1 });
  const key = LABEL_OF[field] ?? LABEL_OF[field.split(".")[0] ?? ""];
  return key ? t(locale, key) : field;
}

/** The draft in the bank's format (as a bank file would hold it). */
export function draftToInput(draft: SubmissionDraft, id: string): Record<string, unknown> {
  const wrong = draft.wrong
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const answer = draft.answer.trim();
  const trueFalse = wrong.length === 0 && /^(true|false)$/i.test(answer);
  return {
    id,
    type: trueFalse ? "true-false" : "multiple-choice",
    difficulty: draft.difficulty,
    topics: [draft.topic],
    question: draft.question,
    answer: trueFalse ? answer.toLowerCase() === "true" : answer,
    ...(trueFalse ? {} : { wrong }),
    explanation: draft.explanation,
    citation: { source: draft.source, quote: draft.quote },
  };
}

/**
 * Checks a submission exactly as the shipped bank is checked: the schema, the quote found in the
 * chosen source, the answer not among the wrong options, lengths that fit Discord.
 */
export function checkSubmission(
  draft: SubmissionDraft,
  options: { id: string; corpus: Corpus; guildId: string; authorId: string; takenIds: ReadonlySet<string> },
): { question?: Question; problems: SubmissionProblem[] } {
  const { questions, problems } = checkQuestions(
    [
      {
        file: "your submission",
        fallbackId: options.id,
        raw: draftToInput(draft, options.id),
        origin: { kind: "community", guildId: options.guildId, authorId: options.authorId },
      },
    ],
    options.corpus,
    options.takenIds,
  );
  return {
    question: questions[0],
    problems: problems.map((p) => ({ field: p.field, message: p.message, hint: p.hint })),
  };
}
