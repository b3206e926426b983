import type { Bank } from "../bank/bank.ts";
import type { Question } from "../bank/question.ts";

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

/** What a reveal shows for one question. */
export interface RevealView {
  readonly questionId: string;
  readonly question: string;
  readonly answer: string;
  readonly explanation: string;
  readonly citation: CitationView;
  /** Added by a server's members rather than shipped with the bot. */
  readonly communityAdded: boolean;
}

/** Builds the reveal of a question: the right answer, the explanation and the full citation. */
export function revealOf(bank: Bank, question: Question): RevealView {
  const { meta } = bank.sourceOf(question);
  return {
    questionId: question.id,
    question: question.question,
    answer: question.answer,
    explanation: question.explanation,
    citation: {
      sourceId: meta.id,
      title: meta.title,
      author: meta.author,
      date: meta.date,
      dateNote: meta.dateNote,
      url: meta.url,
      quote: question.citation.quote,
      line: question.citation.line,
      endLine: question.citation.endLine,
      section: question.citation.section,
    },
    communityAdded: question.origin.kind === "community",
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
