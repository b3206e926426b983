/**
 * Coverage for authors: which sentences of each source some question cites (as its passage or
 * as an "also" citation), which none does, and which are page chrome or headings.
 */
import type { Bank } from "./bank.ts";
import type { Source } from "./corpus.ts";
import type { QuoteSpan } from "./quote.ts";

/** What a sentence of a source is, for counting: content is what questions should cover. */
export type SentenceKind = "content" | "heading" | "chrome";

/** One sentence of a source, as offsets into its exact text. */
export interface Sentence extends QuoteSpan {
  readonly kind: SentenceKind;
  /** 1-based line of its first character. */
  readonly line: number;
  /** The sentence with its whitespace runs folded to single spaces. */
  readonly text: string;
  /** Ids of the questions whose citations overlap it. */
  readonly citedBy: readonly string[];
}

/** A passage of a source cited by a question: its main citation (`index` 0) or an `also` one. */
export interface CitedSpan extends QuoteSpan {
  readonly questionId: string;
  /** 0 for the question's own passage, 1.. for its `also` citations in order. */
  readonly index: number;
}

/** One source's coverage. */
export interface SourceCoverage {
  readonly source: Source;
  readonly sentences: readonly Sentence[];
  readonly spans: readonly CitedSpan[];
  /** Content sentences (the ones counted), and how many of them some question cites. */
  readonly content: number;
  readonly cited: number;
}

/** Coverage of every source of a bank, in the corpus's order. */
export function bankCoverage(bank: Bank): SourceCoverage[] {
  return bank.corpus.sources.map((source) => sourceCoverage(bank, source));
}

/** The fraction of content sentences cited, as a percentage with one decimal ("42.5"). */
export function coveragePercent(coverage: Pick<SourceCoverage, "content" | "cited">): string {
  return coverage.content === 0 ? "100.0" : ((100 * coverage.cited) / coverage.content).toFixed(1);
}

function sourceCoverage(bank: Bank, source: Source): SourceCoverage {
  const spans: CitedSpan[] = [];
  for (const q of bank.questions) {
    [q.citation, ...q.also].forEach((citation, index) => {
      if (citation.source !== source.id) return;
      const found = source.locate(citation.quote);
      if (found) spans.push({ questionId: q.id, index, start: found.start, end: found.end });
    });
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const sentences = splitSentences(source).map((s) => {
    const citedBy = [
      ...new Set(spans.filter((c) => c.start < s.end && c.end > s.start).map((c) => c.questionId)),
    ];
    return { ...s, citedBy };
  });
  const content = sentences.filter((s) => s.kind === "content");
  return {
    source,
    sentences,
    spans,
    content: content.length,
    cited: content.filter((s) => s.citedBy.length > 0).length,
  };
}

/** Words after which a full stop does not end a sentence ("U.S. Government", "Arthur E. Dewey"). */
const ABBREVIATION = /(?:^|[\s(])(?:[A-Z]\.)+$|(?:^|[\s(])(?:U\.S\.C|Mr|Mrs|Dr|St|No|P\.L)\.$/;

/**
 * Splits a source into sentences. A sentence ends at `.`, `?` or `!` (with any closing quotes or
 * brackets) followed by whitespace and a capital, digit or opening quote, unless the full stop
 * ends an abbreviation. Headings stand alone: the first line, the metadata's sections and any
 * line in capitals (the State Department's headings run over two lines). Blank lines do not split
 * a sentence, because the State Department PDF has page breaks in mid-sentence, except after a
 * link (the entries of a reading list).
 */
export function splitSentences(source: Source): Omit<Sentence, "citedBy">[] {
  const text = source.text;
  const headingStarts = headingRanges(source);
  const sentences: Omit<Sentence, "citedBy">[] = [];
  const push = (start: number, end: number, forced?: SentenceKind) => {
    // Trim whitespace and the bullet characters of list items.
    while (start < end && /[\s•]/.test(text[start] as string)) start++;
    while (end > start && /\s/.test(text[end - 1] as string)) end--;
    if (end <= start) return;
    const line = source.lineAt(start);
    const chrome = source.chromeIn(line, source.lineAt(end - 1)) !== undefined;
    const kind: SentenceKind = forced ?? (chrome ? "chrome" : "content");
    sentences.push({ start, end, line, kind, text: text.slice(start, end).replace(/\s+/g, " ") });
  };
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const heading = headingStarts.find((h) => h.start === i);
    if (heading) {
      push(start, i);
      push(heading.start, heading.end, "heading");
      start = heading.end;
      i = heading.end;
      continue;
    }
    const c = text[i] as string;
    // A reading list's entries end in a link, not a full stop: a blank line after a URL ends one.
    if (
      c === "\n" &&
      /https?:\/\/\S+$/.test(text.slice(Math.max(start, i - 300), i)) &&
      /^\n\s*\n/.test(text.slice(i, i + 3))
    ) {
      push(start, i);
      start = i;
      i++;
      continue;
    }
    if (c === "." || c === "?" || c === "!") {
      let end = i + 1;
      while (end < text.length && /["'”’)\]]/.test(text[end] as string)) end++;
      const after = text.slice(end, end + 4);
      const endsHere = /^\s+["“‘(]?[A-Z0-9•]/.test(after) || end >= text.length || /^\s*$/.test(after);
      const before = text.slice(Math.max(0, i - 12), i + 1);
      if (endsHere && !(c === "." && ABBREVIATION.test(before))) {
        push(start, end);
        start = end;
        i = end;
        continue;
      }
    }
    i++;
  }
  push(start, text.length);
  return sentences;
}

/** The offsets of the title line, of each section heading line and of each line in capitals. */
function headingRanges(source: Source): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  const lines = source.text.split("\n");
  const titles = new Set(source.meta.sections.map((s) => s.trim()));
  let offset = 0;
  lines.forEach((line, n) => {
    const trimmed = line.trim();
    const capitals = /\p{Lu}{3}/u.test(trimmed) && !/\p{Ll}/u.test(trimmed);
    if (trimmed.length > 0 && (titles.has(trimmed) || n === 0 || capitals)) {
      ranges.push({ start: offset, end: offset + line.length });
    }
    offset += line.length + 1;
  });
  return ranges;
}
