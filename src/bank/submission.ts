/**
 * A question proposed from Discord: the modal's fields, turned into the bank's own format and
 * checked by the bank's own checker (one code path), with problems named by the modal's labels.
 */

import { checkQuestions } from "../bank/check.ts";
import type { Corpus } from "../bank/corpus.ts";
import type { Question } from "../bank/question.ts";
import { type Locale, type MessageArgs, type MessageKey, t } from "../i18n/index.ts";
import type { SubmissionDraft } from "./draft.ts";
import { LIMITS } from "./schema.ts";
import { normalizeDraft, textProblems } from "./text-safety.ts";

export type { SubmissionDraft } from "./draft.ts";

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
 * A problem with a submission, named as the member sees the form: the message (and hint) as a
 * catalogue key with its parameters, in the member's language when shown; `field` is the
 * checker's dotted path, which `fieldLabel` names in the member's language.
 */
export interface SubmissionProblem {
  readonly field?: string | undefined;
  readonly message: MessageArgs;
  readonly hint?: MessageArgs | undefined;
}

/**
 * The bank checker's messages (English, as `npm run bank -- check` prints them) as catalogue
 * messages. A message not listed here is shown as the checker wrote it (a test checks that every
 * problem a form can cause is listed).
 */
const BANK_MESSAGES: readonly { pattern: RegExp; message: (m: RegExpExecArray) => MessageArgs }[] = [
  {
    pattern: /^the right answer "(.*)" is also a wrong option$/s,
    message: (m) => ["submission.check.answerIsWrong", { answer: m[1] ?? "" }],
  },
  {
    pattern: /^"(.*)" is listed twice$/s,
    message: (m) => ["submission.check.listedTwice", { option: m[1] ?? "" }],
  },
  {
    pattern: /^the quote is not in ([\w-]+) \(/,
    message: (m) => ["submission.check.quoteNotFound", { source: m[1] ?? "" }],
  },
  {
    pattern: /^the closest passage of ([\w-]+) is: "(.*)"$/s,
    message: (m) => ["submission.check.closestPassage", { source: m[1] ?? "", passage: m[2] ?? "" }],
  },
  {
    pattern: /^the quote runs into page chrome at lines (\d+)-(\d+) \((.*)\), not content$/s,
    message: (m) => ["submission.check.quoteInChrome", { from: m[1] ?? "", to: m[2] ?? "", why: m[3] ?? "" }],
  },
  { pattern: /^must not be empty$/, message: () => ["submission.check.empty"] },
  {
    pattern: /^must be at most (\d+) characters$/,
    message: (m) => ["submission.check.tooLong", { max: m[1] ?? "" }],
  },
  { pattern: /^give 1 to 3 wrong options$/, message: () => ["submission.check.wrongCount"] },
  {
    pattern: /^unknown source "(.*)"$/s,
    message: (m) => ["submission.check.unknownSource", { source: m[1] ?? "" }],
  },
];

/** A bank checker message as a catalogue message (the English text itself when it is not known). */
export function bankMessage(text: string): MessageArgs {
  for (const { pattern, message } of BANK_MESSAGES) {
    const match = pattern.exec(text);
    if (match) return message(match);
  }
  return ["submission.check.other", { message: text }];
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
  // A proposal may be written in Korean: 참 and 거짓 are true and false.
  const trueFalse = wrong.length === 0 && /^(true|false|참|거짓)$/i.test(answer);
  return {
    id,
    type: trueFalse ? "true-false" : "multiple-choice",
    difficulty: draft.difficulty,
    topics: [draft.topic],
    question: draft.question,
    answer: trueFalse ? /^(true|참)$/i.test(answer) : answer,
    ...(trueFalse ? {} : { wrong }),
    explanation: draft.explanation,
    citation: { source: draft.source, quote: draft.quote },
  };
}

/**
 * Checks a submission exactly as the shipped bank is checked (the schema, the quote found in the
 * chosen source, the answer not among the wrong options, lengths that fit Discord), after the
 * checks only typed text needs (src/community/text-safety.ts). The draft is normalised first
 * (NFKC), so a stored draft and a fresh one give the same question.
 */
export function checkSubmission(
  draft: SubmissionDraft,
  options: {
    id: string;
    corpus: Corpus;
    guildId: string;
    authorId: string;
    takenIds: ReadonlySet<string>;
    /**
     * A proposal stored before the 55-character option rule: its long options are shown in full
     * in the question instead (src/discord/render/quiz.ts), so it is not dropped for them.
     */
    stored?: boolean;
  },
): { question?: Question; problems: SubmissionProblem[] } {
  const normalized = normalizeDraft(draft);
  const unsafe = textProblems(normalized, { optionLength: options.stored !== true });
  const { questions, problems } = checkQuestions(
    [
      {
        file: "your submission",
        fallbackId: options.id,
        raw: draftToInput(normalized, options.id),
        origin: { kind: "community", guildId: options.guildId, authorId: options.authorId },
      },
    ],
    options.corpus,
    options.takenIds,
  );
  return {
    question: unsafe.length === 0 ? questions[0] : undefined,
    problems: [
      ...unsafe,
      ...problems.map((p) => ({
        field: p.field,
        message: bankMessage(p.message),
        hint: p.hint === undefined ? undefined : bankMessage(p.hint),
      })),
    ],
  };
}
