/**
 * What a proposal's text must not carry before it is shown to other members: characters that
 * hide or reorder text (controls, bidirectional overrides), options that look different but are
 * the same once invisible characters are removed, options too long to read on a button. The
 * bank's own checker (src/bank/check.ts) runs after these; this is what only typed text needs.
 */

import type { MessageArgs } from "../i18n/index.ts";
import type { SubmissionDraft } from "./draft.ts";
import { LIMITS } from "./schema.ts";

/**
 * The longest option a proposal may have. Discord accepts 80 characters on a button, but cuts the
 * label visually much earlier on phones; 55 (with "A. " before it) is read whole on every client.
 */
export const OPTION_READABLE_MAX = 55;

/** A problem found in a field of the draft (the checker's dotted field path, as the bank names it). */
export interface TextProblem {
  readonly field: string;
  readonly message: MessageArgs;
}

/**
 * The draft with every field a member writes freely in NFKC (full-width and compatibility forms
 * folded, so "ｓｔａｔｅ" is "state") and line breaks as "\n". The quote is only NFC: it must
 * match its source, and NFKC would turn the source's own "…" into "...".
 */
export function normalizeDraft(draft: SubmissionDraft): SubmissionDraft {
  const free = (text: string) => text.normalize("NFKC").replace(/\r\n?/g, "\n");
  return {
    ...draft,
    question: free(draft.question),
    answer: free(draft.answer),
    wrong: free(draft.wrong),
    explanation: free(draft.explanation),
    quote: draft.quote.normalize("NFC").replace(/\r\n?/g, "\n"),
  };
}

/** Bidirectional embeddings, overrides and isolates: they reorder the text after them, even the bot's own. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;
/** C0 and C1 controls, DEL, and the line and paragraph separators (line breaks and tabs are allowed where lines are). */
const CONTROL = /(?![\n\t])[\p{Cc}\u2028\u2029]/u;
/** In a one-line value, a line break or a tab is a control too. */
const CONTROL_ONE_LINE = /[\p{Cc}\u2028\u2029]/u;
/** Half of a surrogate pair with no other half: not text at all. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Characters that render as nothing (zero-width space and joiners, BOM, soft hyphen, ...). */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}]/gu;

/** U+202E, as a problem message names a character. */
function codePointName(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

function characterProblem(field: string, text: string, oneLine: boolean): TextProblem | undefined {
  const bidi = BIDI_CONTROL.exec(text);
  if (bidi) return { field, message: ["submission.check.bidi", { char: codePointName(bidi[0]) }] };
  const control = (oneLine ? CONTROL_ONE_LINE : CONTROL).exec(text);
  if (control) return { field, message: ["submission.check.control", { char: codePointName(control[0]) }] };
  if (LONE_SURROGATE.test(text)) return { field, message: ["submission.check.brokenCharacter"] };
  return undefined;
}

/**
 * The first character of a text that hides or reorders what follows it (a bidirectional control,
 * a control character, half a surrogate pair), named as U+XXXX, or undefined: the proposals' rule,
 * for texts that are not proposals (a server source's document and what was typed about it).
 */
export function hostileCharacter(text: string, oneLine: boolean): string | undefined {
  const problem = characterProblem("text", text, oneLine);
  if (!problem) return undefined;
  const params = problem.message[1] as { char?: string } | undefined;
  return params?.char ?? "U+D800-U+DFFF";
}

/** An option as a reader sees it: invisible characters removed, spaces collapsed, case folded. */
export function visibleKey(option: string): string {
  return option.replace(INVISIBLE, "").trim().replace(/\s+/g, " ").toLowerCase();
}

/** As the bank's checker compares options (so that a plain duplicate is reported once, by it). */
function plainKey(option: string): string {
  return option.trim().replace(/\s+/g, " ").toLowerCase();
}

/** The wrong options of a draft, one per non-empty line, as draftToInput reads them. */
function wrongLines(draft: SubmissionDraft): string[] {
  return draft.wrong
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/**
 * Every problem of a (normalised) draft's text: forbidden characters in any field, options that are
 * empty or equal once invisible characters are removed, and options too long to read on a button.
 */
export function textProblems(
  draft: SubmissionDraft,
  rules: { optionLength: boolean } = { optionLength: true },
): TextProblem[] {
  const problems: TextProblem[] = [];
  const push = (problem: TextProblem | undefined) => {
    if (problem) problems.push(problem);
  };
  push(characterProblem("question", draft.question, false));
  push(characterProblem("explanation", draft.explanation, false));
  push(characterProblem("citation.quote", draft.quote, false));
  push(characterProblem("answer", draft.answer, true));
  const wrong = wrongLines(draft);
  wrong.forEach((option, i) => {
    push(characterProblem(`wrong.${i}`, option, true));
  });

  const options = [
    { field: "answer", text: draft.answer.trim() },
    ...wrong.map((text, i) => ({ field: `wrong.${i}`, text })),
  ];
  const seen = new Map<string, string>();
  for (const { field, text } of options) {
    if (text.length === 0) continue; // an empty answer is the schema's "must not be empty"
    const key = visibleKey(text);
    if (key.length === 0) {
      problems.push({ field, message: ["submission.check.invisibleOnly"] });
      continue;
    }
    const earlier = seen.get(key);
    if (earlier !== undefined && plainKey(earlier) !== plainKey(text)) {
      problems.push({ field, message: ["submission.check.invisiblySame", { option: visibleOf(earlier) }] });
    }
    if (earlier === undefined) seen.set(key, text);
    const length = [...text].length;
    // Beyond the bank's own limit (80, Discord's) the bank's checker reports it: once is enough.
    if (rules.optionLength && length > OPTION_READABLE_MAX && length <= LIMITS.option) {
      problems.push({
        field,
        message: ["submission.check.optionTooLong", { length, max: OPTION_READABLE_MAX }],
      });
    }
  }
  return problems;
}

/** An option with its invisible characters removed, to name it in a message. */
function visibleOf(option: string): string {
  return option.replace(INVISIBLE, "");
}
