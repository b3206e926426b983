import { fold } from "./quote.ts";

/** A cloze passage: the quote around its blanked span, as the source words it. */
export interface ClozePassage {
  readonly before: string;
  readonly after: string;
}

/**
 * Splits a quote around its cloze span, found with the quote fold (whitespace, quote marks and
 * dashes may differ, as `bank check` allows), so the player reads the source's own words around
 * the blank. Undefined when the span is not in the quote (the checker refuses such a question).
 */
export function clozePassage(quote: string, span: string): ClozePassage | undefined {
  const folded = fold(quote);
  const needle = fold(span).text;
  const at = folded.text.indexOf(needle);
  if (at < 0 || needle.length === 0) return undefined;
  const start = folded.offsets[at] as number;
  const lastChar = folded.offsets[at + needle.length - 1] as number;
  return { before: quote.slice(0, start), after: quote.slice(lastChar + 1) };
}
