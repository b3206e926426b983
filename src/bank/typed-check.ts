/**
 * The `bank check` rules for typed answers (questions/README.md, "Typed answers"), with the very
 * matcher the quiz judges with, so that what the check allows is what a player is accepted for:
 * - every accepted form is supported by the quote: it occurs in it (matcher's fold, whole words),
 *   or, for a number, its value occurs there in any notation, or it is the multiple-choice answer
 *   itself (the format's "a form that is not in the quote must be justified by being the
 *   multiple-choice answer"; the answer is the bank's own, reviewed wording). A form in Korean is a translation: no English quote can hold
 *   it, so only the other rules apply to it (the Korean bank's own checks cover its wording);
 * - no accepted form would accept a wrong option of the question, typos included;
 * - the cloze span occurs in the quote (the quote fold) and is accepted, and the passage with the
 *   span blanked does not show an accepted form elsewhere;
 * - (bank-wide) no accepted form is the answer or an accepted form of another question of its fact.
 */

import { foldTyped, isAccepted, judgeTyped } from "../engine/typed-answer.ts";
import { type NumberValue, parseNumberValue, sameNumberValue } from "../engine/typed-numbers.ts";
import type { BankProblem } from "./problems.ts";
import { originFile, type Question, type TypedAnswer } from "./question.ts";
import { foldPlain } from "./quote.ts";

type Report = (field: string, message: string, hint?: string) => void;

const HANGUL = /[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]/u;

/** Whether `form` occurs in `text` as whole words, under the matcher's fold. */
function occursIn(form: string, text: string): boolean {
  const needle = foldTyped(form);
  return needle.length > 0 && ` ${foldTyped(text)} `.includes(` ${needle} `);
}

/** How many words long a number may be written ("between 30,000 and 50,000" is four). */
const LONGEST_NUMBER_WORDS = 6;

/** Every number and range the text writes, in any notation (each run of up to six words tried). */
export function numbersIn(text: string): NumberValue[] {
  const words = text
    .normalize("NFKC")
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}~-]+|[^\p{L}\p{N}%]+$/gu, ""))
    .filter((w) => w.length > 0);
  const found: NumberValue[] = [];
  for (let i = 0; i < words.length; i++) {
    for (let n = 1; n <= LONGEST_NUMBER_WORDS && i + n <= words.length; n++) {
      const value = parseNumberValue(words.slice(i, i + n).join(" "));
      if (value) found.push(value);
    }
  }
  return found;
}

/** Whether the text states this form: its words, or (for a number or range) its value. */
function states(text: string, form: string): boolean {
  if (occursIn(form, text)) return true;
  const value = parseNumberValue(form.replace(/^(?:about|approximately|around|roughly|some)\s+/i, ""));
  return value !== undefined && numbersIn(text).some((v) => sameNumberValue(v, value));
}

/** The per-question typed rules; `report` names the field (the caller adds file and id). */
export function checkTypedAnswer(
  typed: TypedAnswer,
  question: { readonly answer: string; readonly wrong: readonly string[]; readonly quote: string },
  report: Report,
): void {
  typed.accept.forEach((form, i) => {
    const field = `typed.accept.${i}`;
    // The multiple-choice answer itself (under the lenient fold, no typo) is justified by being
    // the answer: a player who types exactly the answer the bank shows is right.
    const isAnswer = judgeTyped(form, { accept: [question.answer], wrong: [] }).kind === "exact";
    if (!HANGUL.test(form) && !states(question.quote, form) && !isAnswer) {
      report(
        field,
        `"${form}" is not supported by the quote: it is not in it, nor is it the multiple-choice answer`,
        "list forms the passage states (a number in any notation counts), or the multiple-choice answer",
      );
    }
    question.wrong.forEach((option) => {
      if (isAccepted(judgeTyped(option, { accept: [form], wrong: [] }))) {
        report(
          field,
          `"${form}" would accept the wrong option "${option}"`,
          "a typed answer must tell the options apart",
        );
      }
    });
  });
  if (typed.cloze !== undefined) checkCloze(typed, question.quote, report);
}

function checkCloze(typed: TypedAnswer, quote: string, report: Report): void {
  const cloze = typed.cloze as string;
  const foldedQuote = foldPlain(quote);
  const at = foldedQuote.indexOf(foldPlain(cloze));
  if (at < 0) {
    report(
      "typed.cloze",
      `"${cloze}" is not in the quote (only whitespace, quote marks and dashes may differ)`,
    );
    return;
  }
  if (judgeTyped(cloze, { accept: typed.accept, wrong: [] }).kind !== "exact") {
    report("typed.cloze", `the blanked span "${cloze}" is not an accepted form`, "add it to typed.accept");
  }
  const shown = `${foldedQuote.slice(0, at)} ____ ${foldedQuote.slice(at + foldPlain(cloze).length)}`;
  const visible = typed.accept.find((form) => !HANGUL.test(form) && states(shown, form));
  if (visible !== undefined) {
    report("typed.cloze", `blanking "${cloze}" still shows the answer "${visible}" elsewhere in the passage`);
  }
}

/** Bank-wide: an accepted form may not be the answer (or an accepted form) of another question of its fact. */
export function checkTypedFacts(questions: readonly Question[]): BankProblem[] {
  const problems: BankProblem[] = [];
  const byFact = new Map<string, Question[]>();
  for (const q of questions) {
    if (q.fact === undefined) continue;
    byFact.set(q.fact, [...(byFact.get(q.fact) ?? []), q]);
  }
  for (const group of byFact.values()) {
    for (const q of group) {
      q.typed?.accept.forEach((form, i) => {
        for (const other of group) {
          if (other === q) continue;
          const theirs = [other.answer, ...(other.typed?.accept ?? [])];
          if (theirs.some((t) => isAccepted(judgeTyped(t, { accept: [form], wrong: [] })))) {
            problems.push({
              file: originFile(q),
              questionId: q.id,
              field: `typed.accept.${i}`,
              message: `"${form}" is also the answer of ${other.id}, which asks the same fact (${q.fact})`,
              hint: "a form accepted here must not be the other source's answer",
            });
            break;
          }
        }
      });
    }
  }
  return problems;
}
