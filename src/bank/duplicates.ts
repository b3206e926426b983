/**
 * Near-duplicates of a proposal among the questions a server already asks (shipped and
 * approved): the same quote, or a question that differs only in case, punctuation and spacing.
 * A warning, not a refusal: two questions may rightly cite one passage.
 */
import { foldPlain } from "./quote.ts";

/** What is compared: a question's text and its quote. */
export interface Comparable {
  readonly id: string;
  readonly question: string;
  readonly citation: { readonly source: string; readonly quote: string };
}

/** Why a question is a near-duplicate. */
export type DuplicateReason = "quote" | "question";

/** An existing question that a proposal nearly repeats. */
export interface NearDuplicate {
  readonly id: string;
  readonly reason: DuplicateReason;
}

/** A question's text with case, punctuation, symbols and spacing folded away. */
export function foldQuestionText(text: string): string {
  return text
    .normalize("NFKC")
    .toLocaleLowerCase("en")
    .replace(/[\p{P}\p{S}\p{White_Space}\p{Default_Ignorable_Code_Point}]/gu, "");
}

/** A quote as the bank matches it (whitespace, quote marks and dashes folded), case folded too. */
function foldQuote(source: string, quote: string): string {
  return `${source}\u0000${foldPlain(quote.normalize("NFC")).trim().toLowerCase()}`;
}

/** The questions of `existing` that `proposal` nearly repeats (itself excluded), quote matches first. */
export function nearDuplicates(proposal: Comparable, existing: readonly Comparable[]): NearDuplicate[] {
  const quote = foldQuote(proposal.citation.source, proposal.citation.quote);
  const text = foldQuestionText(proposal.question);
  const found: NearDuplicate[] = [];
  for (const other of existing) {
    if (other.id === proposal.id) continue;
    if (foldQuote(other.citation.source, other.citation.quote) === quote)
      found.push({ id: other.id, reason: "quote" });
    else if (text.length > 0 && foldQuestionText(other.question) === text)
      found.push({ id: other.id, reason: "question" });
  }
  return found;
}
