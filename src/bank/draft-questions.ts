/**
 * Drafting questions from a document, with no language model and no network: each sentence that
 * carries a figure, a date, an organisation, a place, a law or a term it defines becomes one
 * question whose right answer is that span of the sentence and whose wrong options are other
 * values of the same kind from the same document, never one the sentence itself contains. A
 * definition becomes a question ("what is X called?"); the others a gap to fill in the sentence
 * (a cloze), multiple choice. The sentence is the quote, verbatim, so the checker verifies it
 * exactly as any question's. Drafts are proposals: a teacher approves, edits or rejects each.
 */
import type { Source } from "./corpus.ts";
import type { SubmissionDraft } from "./draft.ts";
import { readSentences, type Sentence, type Span, type SpanKind } from "./draft-spans.ts";
import { foldPlain } from "./quote.ts";
import { LIMITS } from "./schema.ts";
import { OPTION_READABLE_MAX } from "./text-safety.ts";

/** A drafted question: what a member would have typed, and how it was made (for the reviewer and the measure). */
export interface DraftedQuestion {
  readonly draft: SubmissionDraft;
  readonly kind: SpanKind;
  /** "question" (a definition asked as a question) or "cloze" (a gap in the sentence). */
  readonly form: "question" | "cloze";
  /** Whether the sentence draws a contrast (its wording matters more: a reviewer should read it whole). */
  readonly contrast: boolean;
  /** The 1-based line the passage starts on. */
  readonly line: number;
}

/** The topic a draft of each kind is filed under (existing topics of the bank, so `/quiz topic:` finds them). */
const TOPIC_OF: Readonly<Record<SpanKind, string>> = {
  figure: "figures",
  date: "dates",
  organisation: "organisations",
  place: "places",
  law: "law",
  term: "community",
};

/** How many drafts of one source may have the same right answer. */
const MAX_SAME_ANSWER = 2;

/** How much a span of each kind is worth asking (definitions and laws are rarer and richer than places). */
const WEIGHT: Readonly<Record<SpanKind, number>> = {
  term: 6,
  law: 5,
  figure: 4,
  date: 4,
  organisation: 3,
  place: 2,
};

const KIND_WORD: Readonly<Record<SpanKind, string>> = {
  figure: "figure",
  date: "date",
  organisation: "organisation",
  place: "place",
  law: "law",
  term: "term",
};

/** Options compare as the checker compares them, and as a reader would (spacing, case, quote marks). */
function optionKey(text: string): string {
  return foldPlain(text).toLowerCase();
}

/**
 * Up to three other values of the span's kind (and shape, for figures and dates) from the
 * document, none of which the sentence contains: for figures, those closest in size first.
 */
function wrongOptionsFor(
  span: Span,
  sentence: Sentence,
  pool: readonly Span[],
  acronyms: ReadonlyMap<string, { kind: SpanKind; name: string }>,
): string[] {
  const inSentence = optionKey(sentence.shown);
  const seen = new Set([optionKey(span.text)]);
  // A defined term's wrong options are other terms, and (for a name) other names of the document.
  const name = /^[A-Z]/.test(span.text);
  const kinds = span.kind === "term" ? (name ? ["term", "organisation", "place"] : ["term"]) : [span.kind];
  const candidates = pool.filter((other) => {
    if (!kinds.includes(other.kind)) return false;
    if ((span.kind === "figure" || span.kind === "date") && other.shape !== span.shape) return false;
    const key = optionKey(other.text);
    if (seen.has(key) || inSentence.includes(key) || key.includes(optionKey(span.text))) return false;
    if (sameThing(span.text, other.text, acronyms)) return false;
    if ([...other.text].length > OPTION_READABLE_MAX) return false;
    if (span.kind === "figure" && other.value !== undefined && other.value === span.value) return false;
    seen.add(key);
    return true;
  });
  if (span.value !== undefined) {
    const size = (v: number | undefined) =>
      Math.abs(Math.log10(Math.max(1, v ?? 1)) - Math.log10(Math.max(1, span.value ?? 1)));
    candidates.sort((a, b) => size(a.value) - size(b.value));
  }
  return candidates.slice(0, 3).map((c) => c.text);
}

/** The sentence with every occurrence of the answer blanked out. */
function withGap(shown: string, answer: string): string {
  const escaped = answer.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // Whole words only: "North Korea" is not blanked inside "North Koreans".
  return shown.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "gu"), "_____");
}

function explanationLead(span: Span): string {
  return span.kind === "term"
    ? `The passage calls ${span.defines ?? "it"}`
    : `The passage gives the ${KIND_WORD[span.kind]}:`;
}

function stemOf(
  span: Span,
  sentence: Sentence,
  title: string,
): { question: string; form: "question" | "cloze" } {
  if (span.kind === "term" && span.defines) {
    const plural = /\b(?:are|were|have been)\b/.test(
      sentence.shown.slice(0, sentence.shown.indexOf(span.text)),
    );
    return {
      form: "question",
      question: `According to "${title}", what ${plural ? "are" : "is"} ${span.defines} called?`,
    };
  }
  return {
    form: "cloze",
    question: `According to "${title}", which ${KIND_WORD[span.kind]} fills the gap?\n"${withGap(sentence.shown, span.text)}"`,
  };
}

/**
 * The acronyms a document spells out ("the High Commissioner for Refugees (UNHCR)", "the North
 * Korean Human Rights Act of 2004 (NKHRA)"), with the kind of what they stand for: an acronym
 * otherwise may be anything (DPRK, PTSD, ATM) and would make a nonsense organisation.
 */
function definedAcronyms(text: string): Map<string, { kind: SpanKind; name: string }> {
  const found = new Map<string, { kind: SpanKind; name: string }>();
  const oneLine = text.replace(/\s+/g, " ");
  const spelledOut =
    /((?:(?:[A-Z][\w'’-]*|\d{4})\s+(?:(?:of|for|on|and|the|in|to)\s+)*){1,9})\(([A-Z]{3,6})\)/g;
  for (const m of oneLine.matchAll(spelledOut)) {
    // The name, from the start of its own sentence at the earliest.
    const name = (m[1] ?? "").split(/[.!?]\s/).at(-1) ?? "";
    const kind = readSentences(`${name.trim()}.`)[0]?.spans.find(
      (span) => span.kind === "organisation" || span.kind === "law",
    )?.kind;
    if (kind) found.set(m[2] ?? "", { kind, name: name.trim() });
  }
  return found;
}

/** Names that are one thing under two names, so never a wrong option for each other. */
const SAME_THING: readonly (readonly string[])[] = [
  ["North Korea", "Pyongyang", "DPRK"],
  ["South Korea", "Seoul", "Republic of Korea", "ROK"],
  ["China", "Beijing", "PRC"],
  ["United States", "Washington", "U.S."],
  ["Japan", "Tokyo"],
  ["Russia", "Moscow"],
];

/**
 * Whether two values name the same thing: an acronym and what the document spells it out as,
 * a capital and its country, or two names of the refugee Convention (any two that say "Convention").
 */
function sameThing(
  a: string,
  b: string,
  acronyms: ReadonlyMap<string, { kind: SpanKind; name: string }>,
): boolean {
  const key = (text: string) => optionKey(text).replace(/^the /, "");
  const [ka, kb] = [key(a), key(b)];
  for (const [acronym, { name }] of acronyms) {
    const [short, long] = [key(acronym), key(name)];
    if ((ka === short && long.includes(kb)) || (kb === short && long.includes(ka))) return true;
  }
  if (SAME_THING.some((group) => group.some((n) => key(n) === ka) && group.some((n) => key(n) === kb)))
    return true;
  return /\bconvention\b/.test(ka) && /\bconvention\b/.test(kb);
}

/** Acronym spans kept only where the document spells them out, as the kind they stand for. */
function withAcronymsResolved(
  sentences: readonly Sentence[],
  acronyms: ReadonlyMap<string, { kind: SpanKind; name: string }>,
): Sentence[] {
  return sentences.map((sentence) => ({
    ...sentence,
    spans: sentence.spans.flatMap((span) => {
      if (span.shape !== "acronym") return [span];
      const kind = acronyms.get(span.text)?.kind;
      return kind ? [{ ...span, kind, shape: kind }] : [];
    }),
  }));
}

/**
 * Drafts up to `limit` questions from a source, the best sentences first, at most one per
 * sentence, kinds taken in turn so one kind does not fill the list. Sentences in the source's page
 * chrome, too short or too long to quote, are skipped; so is a span with fewer than two wrong options.
 */
export function draftQuestions(source: Source, options: { limit: number }): DraftedQuestion[] {
  const acronyms = definedAcronyms(source.text);
  const sentences = withAcronymsResolved(readSentences(source.text), acronyms).filter((s) => {
    const words = s.shown.split(" ").length;
    if (words < 6 || words > 70 || s.text.length > LIMITS.quote) return false;
    // A heading or a label ("Publisher ...", "Printed for Room 12") does not end as a sentence does,
    // and the rest of a sentence cut by a page break does not start as one does.
    if (!/[.!?]["'”’)]?$/.test(s.shown) || /^[a-z]/.test(s.shown)) return false;
    return !source.chromeIn(source.lineAt(s.start), source.lineAt(s.start + s.text.length - 1));
  });
  const pool = sentences.flatMap((s) => s.spans);
  const title = source.meta.title;
  // Every askable span of every sentence, scored; then chosen one sentence at a time.
  const bySentence: { drafted: DraftedQuestion; score: number }[][] = [];
  for (const sentence of sentences) {
    const options: { drafted: DraftedQuestion; score: number }[] = [];
    for (const span of sentence.spans) {
      if ([...span.text].length > OPTION_READABLE_MAX) continue;
      const wrong = wrongOptionsFor(span, sentence, pool, acronyms);
      if (wrong.length < 2) continue;
      const { question, form } = stemOf(span, sentence, title);
      if (question.length > LIMITS.question) continue;
      const score =
        WEIGHT[span.kind] + wrong.length + (sentence.contrast ? 1 : 0) - sentence.shown.length / 200;
      options.push({
        score,
        drafted: {
          kind: span.kind,
          form,
          contrast: sentence.contrast,
          line: source.lineAt(sentence.start),
          draft: {
            source: source.id,
            difficulty: span.kind === "term" || span.kind === "place" ? "easy" : "medium",
            topic: TOPIC_OF[span.kind],
            question,
            answer: span.text,
            wrong: wrong.join("\n"),
            quote: sentence.text,
            explanation: `${explanationLead(span)} ${span.text}.`,
          },
        },
      });
    }
    if (options.length > 0) bySentence.push(options.sort((a, b) => b.score - a.score));
  }
  // Greedy: the best remaining (sentence, span), a kind already chosen often counting for less so
  // the kinds mix, and one answer at most twice ("China" fills many gaps, and ten questions
  // answered "China" teach one thing).
  const chosen: DraftedQuestion[] = [];
  const answered = new Map<string, number>();
  const ofKind = new Map<SpanKind, number>();
  const open = new Set(bySentence.keys());
  while (chosen.length < options.limit && open.size > 0) {
    let pick: { at: number; drafted: DraftedQuestion; value: number } | undefined;
    for (const at of open) {
      const usable = bySentence[at]?.find(
        (o) => (answered.get(optionKey(o.drafted.draft.answer)) ?? 0) < MAX_SAME_ANSWER,
      );
      if (!usable) continue;
      const value = usable.score - 1.5 * (ofKind.get(usable.drafted.kind) ?? 0);
      if (!pick || value > pick.value || (value === pick.value && usable.drafted.line < pick.drafted.line))
        pick = { at, drafted: usable.drafted, value };
    }
    if (!pick) break;
    open.delete(pick.at);
    const key = optionKey(pick.drafted.draft.answer);
    answered.set(key, (answered.get(key) ?? 0) + 1);
    ofKind.set(pick.drafted.kind, (ofKind.get(pick.drafted.kind) ?? 0) + 1);
    chosen.push(pick.drafted);
  }
  return chosen.sort((a, b) => a.line - b.line);
}
