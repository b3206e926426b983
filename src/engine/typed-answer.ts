/**
 * Judges a typed answer against a question's accepted forms and its wrong options. Lenient where
 * typing differs without meaning anything (case, punctuation, spacing, curly quotes, dashes,
 * number notation, a leading article or hedge, a small typo), strict where it must be: no
 * substring matching, no typo in a number, and an answer that is (or is nearest to) a wrong
 * option of the question is never accepted. Pure, and imports nothing of the bank, so the bank
 * checker uses the very same rules.
 */
import { editDistance } from "./edit-distance.ts";
import { type NumberValue, parseNumberValue, sameNumberValue } from "./typed-numbers.ts";

/** What a question offers the matcher: the accepted forms (canonical first) and the wrong options. */
export interface TypedKey {
  readonly accept: readonly string[];
  readonly wrong: readonly string[];
}

/**
 * The verdict on one typed answer. `exact`: it is an accepted form once the lenient rules are
 * applied; `near-miss`: accepted with a typo (show `accepted`); `wrong-option`: it is one of the
 * question's wrong options; `wrong`: anything else. `accepted` is always the canonical form.
 */
export type TypedVerdict =
  | { readonly kind: "exact"; readonly accepted: string }
  | { readonly kind: "near-miss"; readonly accepted: string; readonly typos: number }
  | { readonly kind: "wrong-option"; readonly option: string; readonly accepted: string }
  | { readonly kind: "wrong"; readonly accepted: string };

/** Whether a verdict scores as right. */
export function isAccepted(verdict: TypedVerdict): boolean {
  return verdict.kind === "exact" || verdict.kind === "near-miss";
}

/** A form prepared for comparison: its folded text, its number value if it is wholly a number. */
interface Prepared {
  readonly original: string;
  readonly text: string;
  readonly number: NumberValue | undefined;
  readonly korean: boolean;
}

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/u;

/** Leading words that add nothing to an answer: articles and hedges ("about 100,000", "약 10만"). */
const LEADING_FILLER =
  /^(?:(?:the|a|an|about|approximately|approx|around|roughly|some|an estimated|estimated|circa|ca|약|대략)\s+)+/u;
/** Trailing Korean hedges ("10만 정도", "10만쯤"). */
const TRAILING_FILLER = /\s*(?:정도|쯤|가량)$/u;

const NUMBER_WORDS: Readonly<Record<string, string>> = {
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  ten: "10",
  eleven: "11",
  twelve: "12",
};

/** Strips the leading articles and hedges, and Korean trailing hedges. */
function withoutFiller(text: string): string {
  return text.replace(LEADING_FILLER, "").replace(TRAILING_FILLER, "").trim();
}

/**
 * Folds a form for text comparison: NFKC (full-width letters, composed Hangul), lower case,
 * apostrophes dropped, every other punctuation mark and symbol a space, one space per run,
 * thousands separators dropped, small number words as digits ("one to two months" = "1 to 2
 * months"), a time unit after a number singular ("2 months" = "2 month": the plural -s there is
 * grammar, not a typo, and the source may write either); Korean without spaces at all (spacing in Korean varies freely).
 */
export function foldTyped(text: string): string {
  let t = text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/['\u2018\u2019\u02bc`´]/g, "")
    .replace(/(\d),(?=\d{3}\b)/g, "$1")
    .replace(/[\p{P}\p{S}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  t = withoutFiller(t);
  t = t
    .split(" ")
    .map((word) => NUMBER_WORDS[word] ?? word)
    .join(" ")
    .replace(/\b(\d+) (second|minute|hour|day|week|month|year)s\b/g, "$1 $2");
  return HANGUL.test(t) ? t.replace(/ /g, "") : t;
}

function prepare(form: string): Prepared {
  const text = foldTyped(form);
  const korean = HANGUL.test(text);
  const bare = withoutFiller(form.normalize("NFKC").toLowerCase().trim());
  return { original: form, text, number: parseNumberValue(bare), korean };
}

/**
 * How many typos a form of this length tolerates: none up to 4 characters (a short answer is
 * one typo away from another word: "air"/"chair"), then one per about 7 characters, at most 3.
 * Korean is measured and compared in jamo (a Hangul syllable is 2-3 keystrokes).
 */
export function typoAllowance(length: number): number {
  if (length <= 4) return 0;
  if (length <= 8) return 1;
  if (length <= 15) return 2;
  return 3;
}

/** The string typos are counted on: Korean decomposed into jamo (NFD), the rest as folded. */
function typoText(form: Prepared): string {
  return form.korean ? form.text.normalize("NFD") : form.text;
}

/** The digits of a text in order: a typo may not touch them ("7,800" vs "7,300" is not a typo). */
function digitsOf(text: string): string {
  return text.replace(/\D+/g, " ").trim();
}

/** Whether `input` is the same as `form` without typos: same text, or the same number or range. */
function sameForm(input: Prepared, form: Prepared): boolean {
  if (form.number && input.number) return sameNumberValue(form.number, input.number);
  return input.text.length > 0 && input.text === form.text;
}

/**
 * Typos from `input` to `form` if within the form's allowance, else undefined. Numbers allow
 * none. When both have the same words, each word must be within its own allowance too, so a typo
 * never turns one short word into another ("nearly half" is not a typo of "nearly all", though
 * the two are only 2 edits apart in 11 characters).
 */
function typosTo(input: Prepared, form: Prepared): number | undefined {
  if (form.number || input.number) return undefined;
  if (input.text.length === 0 || digitsOf(input.text) !== digitsOf(form.text)) return undefined;
  const target = typoText(form);
  const allowance = typoAllowance([...target].length);
  if (allowance === 0) return undefined;
  const distance = editDistance(typoText(input), target, allowance);
  if (distance > allowance) return undefined;
  const inputWords = input.text.split(" ");
  const formWords = form.text.split(" ");
  // Korean is compared without spaces, as one word, in jamo: the whole-string allowance is the rule.
  if (!form.korean && inputWords.length === formWords.length) {
    const wordOk = formWords.every((word, i) => {
      const typed = inputWords[i] as string;
      return typed === word || editDistance(typed, word, 3) <= typoAllowance([...word].length);
    });
    if (!wordOk) return undefined;
  }
  return distance;
}

/** Judges one typed answer. */
export function judgeTyped(typed: string, key: TypedKey): TypedVerdict {
  const canonical = key.accept[0];
  if (canonical === undefined) throw new Error("a typed question needs at least one accepted form");
  const input = prepare(typed);
  const accepted = key.accept.map(prepare);
  const wrong = key.wrong.map(prepare);

  // A wrong option, matched leniently, is refused first: "strict where it must be".
  const wrongExact = wrong.find((w) => sameForm(input, w));
  if (wrongExact) return { kind: "wrong-option", option: wrongExact.original, accepted: canonical };
  if (accepted.some((a) => sameForm(input, a))) return { kind: "exact", accepted: canonical };

  // A typo is forgiven only when the answer is strictly nearer an accepted form than any wrong option.
  const nearest = (forms: readonly Prepared[]) =>
    forms
      .map((form) => ({ form, typos: typosTo(input, form) }))
      .filter((x): x is { form: Prepared; typos: number } => x.typos !== undefined)
      .sort((x, y) => x.typos - y.typos)[0];
  const nearAccepted = nearest(accepted);
  const nearWrong = nearest(wrong);
  if (nearWrong && (!nearAccepted || nearWrong.typos <= nearAccepted.typos)) {
    return { kind: "wrong-option", option: nearWrong.form.original, accepted: canonical };
  }
  if (nearAccepted) return { kind: "near-miss", accepted: canonical, typos: nearAccepted.typos };
  return { kind: "wrong", accepted: canonical };
}

/** Whether two forms are the same answer under the lenient rules, typos included (for bank checks). */
export function formsMatch(a: string, b: string): boolean {
  return isAccepted(judgeTyped(a, { accept: [b], wrong: [] }));
}
