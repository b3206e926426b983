import type { Bank } from "../bank/bank.ts";
import type { Citation, Question } from "../bank/question.ts";

/** A citation with its source's metadata: everything a reveal shows about where an answer comes from. */
export interface CitationView {
  readonly sourceId: string;
  readonly title: string;
  readonly author: string;
  /** "undated" or the date as the metadata gives it. */
  readonly date: string;
  readonly dateNote?: string | undefined;
  readonly url?: string | undefined;
  readonly quote: string;
  readonly line: number;
  readonly endLine: number;
  readonly section?: string | undefined;
}

/** A citation of another source that backs a claim of the explanation. */
export interface OtherSourceView extends CitationView {
  /** What the passage backs, in the author's words. */
  readonly note?: string | undefined;
}

/** What a reveal shows for one question. */
export interface RevealView {
  readonly questionId: string;
  readonly question: string;
  readonly answer: string;
  readonly explanation: string;
  readonly citation: CitationView;
  /** The passages of other sources the explanation draws on ("Other sources"). */
  readonly otherSources: readonly OtherSourceView[];
  /** Added by a server's members rather than shipped with the bot. */
  readonly communityAdded: boolean;
}

/** Builds the reveal of a question: the right answer, the explanation and the full citation. */
export function revealOf(bank: Bank, question: Question): RevealView {
  return {
    questionId: question.id,
    question: question.question,
    answer: question.answer,
    explanation: question.explanation,
    citation: citationView(bank, question.citation),
    otherSources: question.also.map((other) => ({ ...citationView(bank, other), note: other.note })),
    communityAdded: question.origin.kind === "community",
  };
}

/** A verified citation with its source's metadata. */
function citationView(bank: Bank, citation: Citation): CitationView {
  const source = bank.corpus.get(citation.source);
  if (!source) throw new Error(`a citation names unknown source ${citation.source}`);
  const { meta } = source;
  return {
    sourceId: meta.id,
    title: meta.title,
    author: meta.author,
    date: meta.date,
    dateNote: meta.dateNote,
    url: meta.url,
    quote: citation.quote,
    line: citation.line,
    endLine: citation.endLine,
    section: citation.section,
  };
}

/** "lines 59-62, section "..."": where to read on in the source. */
export function locationText(citation: CitationView): string {
  const lines =
    citation.line === citation.endLine
      ? `line ${citation.line}`
      : `lines ${citation.line}-${citation.endLine}`;
  return citation.section ? `${lines}, under "${citation.section}"` : lines;
}
