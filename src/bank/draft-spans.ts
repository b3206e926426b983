/**
 * What `draftQuestions` (draft.ts) reads a document for, with no language model and no network:
 * its sentences (with their lines), and in each sentence the spans that make a fair question:
 * figures, dates, organisations, places and laws, terms a sentence defines ("X is called Y"), and
 * whether the sentence draws a contrast. Patterns, not understanding: a teacher reviews every draft.
 */

/** The kinds of span a question can ask for; its wrong options are other spans of the same kind. */
export const SPAN_KINDS = ["figure", "date", "organisation", "place", "law", "term"] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

/** A span of a sentence that a question can ask for. */
export interface Span {
  readonly kind: SpanKind;
  /** The text as the sentence has it (what a cloze blanks out, and the right option). */
  readonly text: string;
  /** Figures and dates of one shape compare (a percentage with percentages, a year with years). */
  readonly shape: string;
  /** For a figure, its value (for choosing wrong options of a like size). */
  readonly value?: number | undefined;
  /** For a term, what the sentence says it names ("the sentence for defection"). */
  readonly defines?: string | undefined;
}

/** One sentence of a document: its exact text (the quote), where it starts and its spans. */
export interface Sentence {
  readonly text: string;
  readonly start: number;
  /** The sentence on one line (line breaks as spaces), as a stem shows it; spans are read from it. */
  readonly shown: string;
  readonly spans: readonly Span[];
  /** "but", "however", "whereas", "unlike", "rather than", ...: the sentence sets two things apart. */
  readonly contrast: boolean;
}

const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December";
/** Words after which a full stop does not end a sentence. */
const ABBREVIATIONS =
  /(?:\b(?:Mr|Mrs|Ms|Dr|St|No|Nos|Art|Sec|Vol|pp|p|e\.g|i\.e|etc|vs|cf|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Ltd|Co|Gov|Rep|Sen)|\b[A-Z](?:\.[A-Z])*)\.$/;

/** Splits a text into sentences at ., ! or ? before a capital, a digit or a quote, and at blank lines. */
export function sentencesOf(text: string): { text: string; start: number }[] {
  const found: { text: string; start: number }[] = [];
  const push = (from: number, to: number) => {
    const raw = text.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body.length > 0) found.push({ text: body, start: from + lead });
  };
  let start = 0;
  const boundary = /([.!?]["'”’)]?)(\s+)(?=["'“‘(]?[A-Z0-9])|\n[ \t]*\n/g;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    if (m[1] !== undefined) {
      const end = m.index + m[1].length;
      if (ABBREVIATIONS.test(text.slice(Math.max(start, m.index - 12), m.index + 1))) continue;
      push(start, end);
      start = end;
    } else {
      push(start, m.index);
      start = m.index + m[0].length;
    }
  }
  push(start, text.length);
  return found;
}

const SCALE = /^(?:million|billion|thousand|hundred)$/i;

function figureValue(text: string): number | undefined {
  const m = /(\d[\d,]*(?:\.\d+)?)\s*(million|billion|thousand)?/i.exec(text);
  if (!m?.[1]) return undefined;
  const base = Number(m[1].replace(/,/g, ""));
  const scale = { million: 1e6, billion: 1e9, thousand: 1e3 }[(m[2] ?? "").toLowerCase()] ?? 1;
  return Number.isFinite(base) ? base * scale : undefined;
}

/** Figures: counts (with thousands separators or a scale word), percentages, money; not years, not section numbers. */
function figures(sentence: string): Span[] {
  const spans: Span[] = [];
  const pattern =
    /(?<![\w.,:-])(\$|US\$|€|£)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?(%|percent|per cent)|\s(million|billion|thousand))?(?![\w,]*\d)(?![-–]\d)/g;
  for (const m of sentence.matchAll(pattern)) {
    const text = m[0].trim();
    const before = sentence.slice(Math.max(0, (m.index ?? 0) - 12), m.index);
    // A section, article, law or page number is a reference, not a figure to learn.
    if (/(?:section|article|no\.|p\.l\.|u\.s\.c\.|chapter|page|paragraph|resolution|§)\s*$/i.test(before))
      continue;
    const digits = m[2] ?? "";
    const plainYear = /^(1[6-9]\d\d|20\d\d)$/.test(digits) && !m[3] && !m[4] && !m[1];
    if (plainYear) continue;
    const value = figureValue(text);
    const percent = m[3] !== undefined;
    if (!percent && !m[1] && !m[4] && (value ?? 0) < 10) continue; // "2 of them": too small to ask
    const shape = percent ? "percent" : m[1] ? "money" : m[4] && SCALE.test(m[4]) ? "scaled" : "count";
    spans.push({ kind: "figure", text, shape, value });
  }
  return spans;
}

/** Dates: "25 May 2004", "May 2004", "May 25, 2004", and years after in/since/by/until/from/during/of. */
function dates(sentence: string): Span[] {
  const spans: Span[] = [];
  const full = new RegExp(
    `\\b(?:\\d{1,2} (?:${MONTHS}) \\d{4}|(?:${MONTHS}) \\d{1,2}, \\d{4}|(?:${MONTHS}) \\d{4})\\b`,
    "g",
  );
  const taken: [number, number][] = [];
  for (const m of sentence.matchAll(full)) {
    const shape = /^\d/.test(m[0]) || /\d, \d/.test(m[0]) ? "day" : "month";
    spans.push({ kind: "date", text: m[0], shape });
    taken.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  }
  for (const m of sentence.matchAll(
    /\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Dd]uring|[Oo]f|[Bb]efore|[Aa]fter) ((?:1[7-9]|20)\d\d)(?!\s*[-–]\d)\b/g,
  )) {
    const year = m[1] ?? "";
    const at = (m.index ?? 0) + m[0].length - year.length;
    if (taken.some(([from, to]) => at >= from && at < to)) continue;
    spans.push({ kind: "date", text: year, shape: "year", value: Number(year) });
  }
  return spans;
}

const LAW_WORDS = "Act|Law|Convention|Protocol|Treaty|Code|Covenant|Agreement|Charter|Declaration";
const ORG_WORDS =
  "Committee|Commission|Council|Office|Ministry|Department|Agency|Organization|Organisation|Institute|Association|Bureau|Court|Party|Programme|Program|Fund|Foundation|Service|Services|Church|University|Union|Nations|Network|Center|Centre|Assembly|Congress|Parliament|Government|Administration|Embassy|Consulate|Police|Army|Bank|Corporation|Group|Alliance|Society|Coalition|Watch|Forum|Federation|Authority|Secretariat|Tribunal|Mission|Survey";
/** A run of capitalised words, with the small words a name may hold inside it ("of", "for", "the", "on", "and"). */
const NAME_RUN =
  "(?:[A-Z][\\w'’.-]*|U\\.S\\.)(?:\\s+(?:(?:of|for|on|and|the|in|to)\\s+)*[A-Z][\\w'’.-]*)*(?:\\s+of\\s+\\d{4})?";

function laws(sentence: string): Span[] {
  const spans: Span[] = [];
  const pattern = new RegExp(`(?:the\\s+)?(${NAME_RUN})`, "g");
  for (const m of sentence.matchAll(pattern)) {
    const name = trimName(m[1] ?? "");
    const words = name.split(/\s+/).length;
    if (!new RegExp(`\\b(?:${LAW_WORDS})\\b`).test(name) || words < 2 || words > 9) continue;
    spans.push({ kind: "law", text: name, shape: "law" });
  }
  return spans;
}

function organisations(sentence: string): Span[] {
  const spans: Span[] = [];
  for (const m of sentence.matchAll(new RegExp(NAME_RUN, "g"))) {
    const name = trimName(m[0]);
    const words = name.split(/\s+/);
    if (
      words.length >= 2 &&
      words.length <= 9 &&
      new RegExp(`\\b(?:${ORG_WORDS})\\b`).test(name) &&
      !new RegExp(`\\b(?:${LAW_WORDS})\\b`).test(name)
    )
      spans.push({ kind: "organisation", text: name, shape: "organisation" });
  }
  // Acronyms of organisations (UNHCR, USCRI, IOM): three to six capitals, not a Roman numeral.
  for (const m of sentence.matchAll(/\b[A-Z]{3,6}\b/g)) {
    if (/^[IVXLCDM]+$/.test(m[0]) || /^(?:NGO|USG|FY|THE|AND)$/.test(m[0])) continue;
    spans.push({ kind: "organisation", text: m[0], shape: "acronym" });
  }
  return spans;
}

/** Places named often in reports on refugees, and the words that make a name a place. */
const PLACES = [
  "Afghanistan",
  "Australia",
  "Bangladesh",
  "Beijing",
  "Burma",
  "Cambodia",
  "Canada",
  "China",
  "Dandong",
  "France",
  "Geneva",
  "Germany",
  "Hamgyong",
  "Hong Kong",
  "India",
  "Indonesia",
  "Iran",
  "Iraq",
  "Japan",
  "Jilin",
  "Kaesong",
  "Laos",
  "Liaoning",
  "Malaysia",
  "Manchuria",
  "Mongolia",
  "Myanmar",
  "Nepal",
  "New York",
  "North Korea",
  "Norway",
  "Pakistan",
  "Philippines",
  "Pyongyang",
  "Russia",
  "Seoul",
  "Shenyang",
  "Singapore",
  "South Korea",
  "Sudan",
  "Syria",
  "Taiwan",
  "Thailand",
  "Tokyo",
  "Tumen",
  "Turkey",
  "Ukraine",
  "United Kingdom",
  "United States",
  "Vietnam",
  "Washington",
  "Yalu",
  "Yanbian",
  "Yemen",
  "Europe",
  "Asia",
  "Africa",
];
const PLACE_PATTERN = new RegExp(
  `\\b(?:${PLACES.map((p) => p.replace(/ /g, "\\s+")).join("|")})\\b(?!['’]s\\b)(?![a-z])(?!\\s+[A-Z][a-z])|\\b[A-Z][a-z]+\\s+(?:Province|River|Prefecture|County|City|Region|Mountains)\\b`,
  "g",
);

function places(sentence: string): Span[] {
  return [...sentence.matchAll(PLACE_PATTERN)].map((m) => ({
    kind: "place" as const,
    text: m[0].replace(/\s+/g, " "),
    shape: "place",
  }));
}

/** "X is called Y", "X, known as Y", "X is referred to as Y", "X is defined as Y". */
function terms(sentence: string): Span[] {
  const m =
    /^(?:(?:In|At|For|Under) [^,]{1,60}, )?(.{3,120}?),? (?:is|are|was|were|has been|have been) (?:commonly |often |also |officially )?(?:called|known as|referred to as|termed|defined as|dubbed) ["“]?([^,.;:"”()]{2,60})["”]?/.exec(
      sentence,
    ) ?? /^(.{3,120}?), (?:known|called|referred to) as ["“]?([^,.;:"”()]{2,60})["”]?,/.exec(sentence);
  if (!m?.[1] || !m[2]) return [];
  const defines = m[1].replace(/^(?:The|A|An)\s/, (w) => w.toLowerCase()).trim();
  const text = m[2].trim();
  if (text.split(/\s+/).length > 8) return [];
  return [{ kind: "term", text, shape: "term", defines }];
}

/** A name run cut back to its last capitalised word (no trailing "of the"). */
function trimName(name: string): string {
  return (
    name
      .replace(/[.,;:]+$/, "")
      .replace(/(?:\s+(?:of|for|on|and|the|in|to))+$/, "")
      .replace(
        /^(?:According to(?: the)?|The|In|On|At|By|From|For|Under|Since|During|And|But|However|While)\s+/,
        "",
      )
      // A report's number is not part of its author's name ("... Committee Report No. 108-478").
      .replace(/\s+(?:Report\s+)?No\.?$/, "")
      .trim()
  );
}

const CONTRAST =
  /\b(?:but|however|whereas|while|although|though|unlike|rather than|instead of|despite|in contrast|on the other hand|yet)\b/i;

/** The spans of one sentence, longest first where two overlap (an organisation over its acronym, a date over its year). */
export function spansOf(sentence: string): Span[] {
  const all = [
    ...terms(sentence),
    ...laws(sentence),
    ...dates(sentence),
    ...figures(sentence),
    ...organisations(sentence),
    ...places(sentence),
  ];
  const kept: Span[] = [];
  for (const span of all) {
    if (kept.some((k) => k.text.includes(span.text) || span.text.includes(k.text))) continue;
    kept.push(span);
  }
  return kept;
}

/** A heading or a label line in capitals ("SECTION 301(B)(1) – ASSESSMENT"): not a sentence to ask about. */
function isShouting(text: string): boolean {
  const letters = text.replace(/[^A-Za-z]/g, "");
  return letters.length > 0 && letters.replace(/[^A-Z]/g, "").length / letters.length > 0.6;
}

/**
 * The document's sentences with their spans (read from the sentence with its line breaks as
 * spaces, as a player sees it) and whether each draws a contrast. Headings in capitals have none.
 */
export function readSentences(text: string): Sentence[] {
  return sentencesOf(text).map((s) => {
    const shown = oneLine(s.text);
    return {
      ...s,
      shown,
      spans: isShouting(shown) ? [] : spansOf(shown),
      contrast: CONTRAST.test(shown),
    };
  });
}

/** A text with its line breaks and whitespace runs as single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
