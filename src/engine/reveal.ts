import type { Bank } from "../bank/bank.ts";
import { localizeQuestion, localizeSource, quoteTranslation } from "../bank/localize.ts";
import type { Citation, Question } from "../bank/question.ts";
import type { Locale } from "../i18n/index.ts";

/** A citation with its source's metadata: everything a reveal shows about where an answer comes from. */
export interface CitationView {
  readonly sourceId: string;
  readonly title: string;
  readonly author: string;
  /** "undated" or the date as the metadata gives it. */
  readonly date: string;
  readonly dateNote?: string | undefined;
  readonly url?: string | undefined;
  /** The passage exactly as the source has it: the evidence, never translated. */
  readonly quote: string;
  /** The passage rendered in the reader's language, shown beneath it labelled as a translation. */
  readonly quoteTranslation?: string | undefined;
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

/**
 * Builds the reveal of a question in a reader's language: the right answer, the explanation and
 * the full citation, the passage verbatim with its translation beside it.
 */
export function revealOf(bank: Bank, question: Question, locale: Locale = "en"): RevealView {
  const shown = localizeQuestion(bank, question, locale);
  return {
    questionId: question.id,
    question: shown.question,
    answer: shown.answer,
    explanation: shown.explanation,
    citation: {
      ...citationView(bank, question.citation, locale),
      quoteTranslation: quoteTranslation(bank, question, locale),
    },
    otherSources: shown.also.map((other, i) => ({
      ...citationView(bank, other, locale),
      note: other.note,
      quoteTranslation: quoteTranslation(bank, question, locale, i),
    })),
    communityAdded: question.origin.kind === "community",
  };
}

/** A verified citation with its source's metadata (in the reader's language). */
function citationView(bank: Bank, citation: Citation, locale: Locale): CitationView {
  const source = bank.corpus.get(citation.source);
  if (!source) throw new Error(`a citation names unknown source ${citation.source}`);
  const meta = localizeSource(bank, source.meta, locale);
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
