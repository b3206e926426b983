/**
 * A question proposed from Discord: the modal's fields, turned into the bank's own format and
 * checked by the bank's own checker (one code path), with problems named by the modal's labels.
 */

import { checkQuestions } from "../bank/check.ts";
import type { Corpus } from "../bank/corpus.ts";
import type { Question } from "../bank/question.ts";
import { type Difficulty, LIMITS } from "../bank/schema.ts";

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

/** The modal's text inputs: custom_id, label, style and the longest value Discord should accept. */
export const SUBMISSION_FIELDS = [
  { id: "question", label: "Question", paragraph: true, max: LIMITS.question, required: true },
  {
    id: "answer",
    label: "Right answer (or true / false)",
    paragraph: false,
    max: LIMITS.option,
    required: true,
  },
  {
    id: "wrong",
    label: "Wrong options, one per line",
    paragraph: true,
    max: 3 * (LIMITS.option + 1),
    required: false,
  },
  {
    id: "quote",
    label: "Supporting quote, copied exactly",
    paragraph: true,
    max: LIMITS.quote,
    required: true,
  },
  { id: "explanation", label: "Short explanation", paragraph: true, max: LIMITS.explanation, required: true },
] as const;

export type SubmissionFieldId = (typeof SUBMISSION_FIELDS)[number]["id"];

/** A problem with a submission, named as the member sees the form. */
export interface SubmissionProblem {
  readonly field: string;
  readonly message: string;
  readonly hint?: string | undefined;
}

const LABEL_OF: Record<string, string> = {
  question: "Question",
  answer: "Right answer",
  wrong: "Wrong options",
  explanation: "Short explanation",
  "citation.quote": "Supporting quote",
  "citation.source": "Source",
  difficulty: "Difficulty",
  topics: "Topic",
  id: "Question id",
};

function labelOf(field: string | undefined): string {
  if (field === undefined) return "Submission";
  const wrongLine = /^wrong\.(\d+)$/.exec(field);
  if (wrongLine) return `Wrong options, line ${Number(wrongLine[1]) + 1}`;
  return LABEL_OF[field] ?? LABEL_OF[field.split(".")[0] ?? ""] ?? field;
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
    problems: problems.map((p) => ({ field: labelOf(p.field), message: p.message, hint: p.hint })),
  };
}
