/**
 * Quote matching: a quote matches its source when the two are equal after folding only what a
 * copy cannot see: whitespace runs and line breaks, curly vs straight quotes and apostrophes,
 * and dash variants. Nothing else is fuzzy (case, typos and punctuation must match).
 */

/** What each foldable character folds to: curly and other quote marks, and dash variants. */
const FOLDED_CHAR = new Map<number, string>([
  ...[0x201c, 0x201d, 0x201e, 0x201f, 0x2033, 0x00ab, 0x00bb].map((c) => [c, '"'] as const),
  ...[0x2018, 0x2019, 0x201a, 0x201b, 0x2032].map((c) => [c, "'"] as const),
  ...[0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212].map((c) => [c, "-"] as const),
]);

/** The characters JavaScript's `\s` matches, tested by code (this runs for every character of the corpus and bank). */
function isWhitespace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Text folded for matching, with a map from each folded character back to its original offset. */
export interface FoldedText {
  readonly text: string;
  /** `offsets[i]` is the offset in the original string of folded character `i`. */
  readonly offsets: readonly number[];
}

/** Folds a text for matching: one space per whitespace run, straight quotes, hyphen-minus dashes. */
export function fold(original: string): FoldedText {
  const parts: string[] = [];
  const offsets: number[] = [];
  let pendingSpaceAt = -1;
  for (let i = 0; i < original.length; i++) {
    const code = original.charCodeAt(i);
    if (isWhitespace(code)) {
      if (pendingSpaceAt < 0) pendingSpaceAt = i;
      continue;
    }
    if (pendingSpaceAt >= 0 && parts.length > 0) {
      parts.push(" ");
      offsets.push(pendingSpaceAt);
    }
    pendingSpaceAt = -1;
    parts.push(FOLDED_CHAR.get(code) ?? (original[i] as string));
    offsets.push(i);
  }
  return { text: parts.join(""), offsets };
}

/** Folds a text for matching when no offsets are needed (quotes). */
export function foldPlain(original: string): string {
  return fold(original).text;
}

/** Where a quote was found, as offsets into the original source text. */
export interface QuoteSpan {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

const INDEX_KEY_LENGTH = 12;

/**
 * A source text prepared for many quote look-ups. Candidate positions are indexed by their first
 * characters, so checking a quote costs about its own length, not the source's: verifying a
 * large bank grows with the number of questions, not questions times source length.
 */
export class QuoteIndex {
  private readonly folded: FoldedText;
  private readonly byPrefix = new Map<string, number[]>();

  constructor(readonly original: string) {
    this.folded = fold(original);
    const { text } = this.folded;
    for (let i = 0; i + INDEX_KEY_LENGTH <= text.length; i++) {
      const key = text.slice(i, i + INDEX_KEY_LENGTH);
      const positions = this.byPrefix.get(key);
      if (positions) positions.push(i);
      else this.byPrefix.set(key, [i]);
    }
  }

  /** Finds the first occurrence of `quote` (folded) in the source, or undefined. */
  find(quote: string): QuoteSpan | undefined {
    const needle = foldPlain(quote);
    if (needle.length === 0) return undefined;
    const at = this.indexOf(needle);
    if (at < 0) return undefined;
    const start = this.folded.offsets[at] as number;
    const end = (this.folded.offsets[at + needle.length - 1] as number) + 1;
    return { start, end };
  }

  private indexOf(needle: string): number {
    const { text } = this.folded;
    if (needle.length < INDEX_KEY_LENGTH) return text.indexOf(needle);
    const candidates = this.byPrefix.get(needle.slice(0, INDEX_KEY_LENGTH)) ?? [];
    for (const at of candidates) {
      if (text.startsWith(needle, at)) return at;
    }
    return -1;
  }

  /**
   * The passage of the source most like `quote`, for a "did you mean" hint when a quote is not
   * found: the window of the same number of words that shares the most word pairs with it.
   */
  closestPassage(quote: string): string | undefined {
    const quoteWords = wordsOf(foldPlain(quote)).map(wordKey);
    const shownWords = wordsOf(this.folded.text);
    const sourceWords = shownWords.map(wordKey);
    if (quoteWords.length === 0 || sourceWords.length === 0) return undefined;
    // Shared word pairs count most (they keep word order); shared words break ties.
    const wantedPairs = new Set(pairsOf(quoteWords));
    const wantedWords = new Set(quoteWords);
    const width = Math.min(quoteWords.length, sourceWords.length);
    let bestScore = 0;
    let bestAt = -1;
    for (let at = 0; at + width <= sourceWords.length; at++) {
      let score = 0;
      for (let k = at; k < at + width; k++) {
        if (wantedWords.has(sourceWords[k] as string)) score += 1;
        if (k + 1 < at + width && wantedPairs.has(`${sourceWords[k]} ${sourceWords[k + 1]}`)) score += 2;
      }
      // Between windows that share as much, prefer the one aligned with the quote's first word.
      if (sourceWords[at] === quoteWords[0]) score += 1;
      if (score > bestScore) {
        bestScore = score;
        bestAt = at;
      }
    }
    if (bestAt < 0) return undefined;
    return shownWords.slice(bestAt, bestAt + width).join(" ");
  }
}

function wordsOf(text: string): string[] {
  return text.split(" ").filter((w) => w.length > 0);
}

/** Words compare ignoring case and punctuation, so "night." still meets "night". */
function wordKey(word: string): string {
  return word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

function pairsOf(words: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let k = 0; k + 1 < words.length; k++) pairs.push(`${words[k]} ${words[k + 1]}`);
  return pairs;
}
