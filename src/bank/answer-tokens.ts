/**
 * Text reduced to what carries an answer: lowercase content words and numbers, each with where
 * it sits in the original text. "About 100,000 people", "100000" and "100 000" all reduce to the
 * token 100000; "10.5 million" to 10500000; "Five" to 5; curly quotes, dashes, case, plurals and
 * possessives stop mattering; words that carry no answer ("about", "the", "between") are dropped.
 * The giveaway check compares these tokens, never raw text.
 */

/** One content token and the span of the original text it came from. */
export interface AnswerToken {
  readonly token: string;
  /** Offset of its first character in the original text. */
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

/**
 * Words that never decide an answer: articles, prepositions, conjunctions, auxiliaries, and the
 * hedges that wrap a figure ("about", "nearly", "between ... and", "an estimated", "up to").
 */
const STOPWORDS = new Set(
  (
    "a an the and or nor but of to in on at by for from with without into onto via per as is are was were be been being " +
    "it its it's their they them this that these those which who whom whose what when where why how than then there here " +
    "do does did done has have had having would will shall should can could may might must " +
    "about approximately approx nearly almost around roughly some estimated estimate circa ca over under up just only even " +
    "also more less most least very such each every any all other others another between among " +
    "i we you he she his her our your my me us him so if not no yes"
  ).split(" "),
);

/** Number words read as digits, so "five" meets "5" and "one to two months" meets "1 to 2 months". */
const NUMBER_WORDS = new Map<string, number>(
  [
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty",
  ]
    .flatMap((list) => list.split(" "))
    .map((word, i) => [word, i] as const),
);

/** Words that multiply the number before them: "10.5 million" is 10500000. */
const MULTIPLIERS = new Map<string, number>([
  ["thousand", 1e3],
  ["k", 1e3],
  ["million", 1e6],
  ["m", 1e6],
  ["billion", 1e9],
  ["bn", 1e9],
]);

/** What each quote mark and dash folds to before tokenising (the same set quote matching folds). */
const FOLD = /[\u2018\u2019\u201a\u201b\u2032\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2010-\u2015\u2212]/g;

/**
 * A number in any common notation (thousands grouped by commas, spaces of any width, or
 * several dot groups; a decimal part; a leading currency sign), or a run of letters and digits.
 * Apostrophes inside a word are kept so that possessives can be stripped whole.
 */
const RAW_TOKEN =
  /(?<!\d)\d{1,3}(?:(?:,| |\u00a0|\u202f|\u2009)\d{3})+(?:\.\d+)?(?!\d)|(?<!\d)\d{1,3}(?:\.\d{3}){2,}(?!\d)|\d+(?:\.\d+)?|[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;

/** Reduces a text to its content tokens, in order. */
export function answerTokens(text: string): AnswerToken[] {
  const folded = text.normalize("NFKC").replace(FOLD, (c) => (/[\u2010-\u2015\u2212]/.test(c) ? "-" : "'"));
  // NFKC can change lengths (ligatures); offsets refer to the folded text, which for the texts
  // of this bank is the original one character for one character.
  const raw: { text: string; start: number; end: number }[] = [];
  for (const match of folded.matchAll(RAW_TOKEN)) {
    raw.push({ text: match[0].toLowerCase(), start: match.index, end: match.index + match[0].length });
  }
  const tokens: AnswerToken[] = [];
  for (let i = 0; i < raw.length; i++) {
    const { text: word, start, end } = raw[i] as (typeof raw)[number];
    const number = numberValue(word);
    if (number !== undefined) {
      const next = raw[i + 1];
      const multiplier = next ? MULTIPLIERS.get(next.text) : undefined;
      if (next && multiplier !== undefined) {
        tokens.push({ token: numberToken(number * multiplier), start, end: next.end });
        i++;
      } else {
        tokens.push({ token: numberToken(number), start, end });
      }
      continue;
    }
    const stem = stemOf(word);
    if (stem.length === 0 || STOPWORDS.has(stem) || STOPWORDS.has(word)) continue;
    tokens.push({ token: stem, start, end });
  }
  return tokens;
}

/** The content tokens of a text without their places. */
export function tokenKeys(text: string): string[] {
  return answerTokens(text).map((t) => t.token);
}

/** The value of a digit string (commas, spaces and thousands dots removed) or number word. */
function numberValue(word: string): number | undefined {
  const named = NUMBER_WORDS.get(word);
  if (named !== undefined) return named;
  if (!/^\d/.test(word)) return undefined;
  const digits = /^\d{1,3}(?:\.\d{3}){2,}$/.test(word)
    ? word.replaceAll(".", "")
    : word.replace(/[, \u00a0\u202f\u2009]/g, "");
  const value = Number(digits);
  return Number.isFinite(value) ? value : undefined;
}

/** A number as one canonical token: no grouping, no trailing ".0". */
function numberToken(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/**
 * A light stem: possessive "'s" and plural endings go ("countries" meets "country", "USCRI's"
 * meets "USCRI"), so an answer in the singular is found in a text in the plural.
 */
function stemOf(word: string): string {
  let w = word.replace(/'s$/, "").replace(/'$/, "").replaceAll("'", "");
  if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  return w;
}
