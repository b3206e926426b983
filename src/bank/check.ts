import type { Corpus } from "./corpus.ts";
import type { BankProblem } from "./problems.ts";
import type { OtherCitation, Question, QuestionOrigin, WrongNote } from "./question.ts";
import { type QuestionInput, QuestionInputSchema } from "./schema.ts";
import { checkTypedAnswer } from "./typed-check.ts";
import { zodProblems } from "./zod-problems.ts";

/** One question as read from a file or a form, before checking. */
export interface RawQuestion {
  /** Where it came from, for error messages: a file path or a label such as "your submission". */
  readonly file: string;
  /** A label for the question when its id is missing, such as "#3". */
  readonly fallbackId: string;
  readonly raw: unknown;
  readonly origin: QuestionOrigin;
}

/** The outcome of checking some questions: the good ones, and every problem found. */
export interface CheckResult {
  readonly questions: Question[];
  readonly problems: BankProblem[];
}

/**
 * Checks questions exactly as the shipped bank is checked (one code path for the bank files,
 * the CLI and submissions from Discord): the schema, the source, the quote found in the source
 * and not in its page chrome, the answer not among the wrong options, no duplicate options,
 * and ids unique across `questions` plus `takenIds`.
 */
export function checkQuestions(
  entries: readonly RawQuestion[],
  corpus: Corpus,
  takenIds: ReadonlySet<string> = new Set(),
): CheckResult {
  const questions: Question[] = [];
  const problems: BankProblem[] = [];
  const firstFileOfId = new Map<string, string>();
  for (const entry of entries) {
    const result = checkOne(entry, corpus);
    problems.push(...result.problems);
    if (!result.question) continue;
    const { id } = result.question;
    const earlier = firstFileOfId.get(id);
    if (earlier !== undefined || takenIds.has(id)) {
      problems.push({
        file: entry.file,
        questionId: id,
        field: "id",
        message: `duplicate id: already used ${earlier === undefined ? "by another question" : `in ${earlier}`}`,
        hint: "ids must be unique across the whole bank",
      });
      continue;
    }
    firstFileOfId.set(id, entry.file);
    questions.push(result.question);
  }
  return { questions, problems };
}

function checkOne(entry: RawQuestion, corpus: Corpus): { question?: Question; problems: BankProblem[] } {
  const questionId = idOf(entry.raw) ?? entry.fallbackId;
  const parsed = QuestionInputSchema.safeParse(entry.raw);
  const problems: BankProblem[] = parsed.success ? [] : zodProblems(parsed.error, entry.file, questionId);
  const problem = (field: string, message: string, hint?: string) =>
    problems.push({ file: entry.file, questionId, field, message, hint });

  // The checks below also run on a question that failed the schema, on whatever fields are
  // readable, so that every problem is reported in one run.
  const loose = looseFields(entry.raw);
  if (loose.type !== "true-false" && typeof loose.answer === "string" && loose.wrong) {
    checkOptions(loose.answer, loose.wrong, problem);
  }
  const found =
    loose.source !== undefined && loose.quote !== undefined
      ? locateQuote(corpus, loose.source, loose.quote, problem, "citation")
      : undefined;
  const also = checkOtherCitations(corpus, loose.source, loose.also, problem);
  if (!parsed.success || !found || problems.length > 0) return { problems };

  const input = parsed.data;
  const wrongNotes = input.type === "multiple-choice" ? checkWrongNotes(corpus, input, problem) : [];
  if (input.type === "multiple-choice" && input.typed) {
    checkTypedAnswer(
      input.typed,
      { answer: input.answer, wrong: input.wrong, quote: input.citation.quote },
      problem,
    );
  }
  if (problems.length > 0) return { problems };
  const answer = input.type === "true-false" ? (input.answer ? "True" : "False") : input.answer;
  const wrong = input.type === "true-false" ? [input.answer ? "False" : "True"] : input.wrong;
  const question: Question = {
    id: input.id,
    type: input.type,
    difficulty: input.difficulty,
    topics: input.topics,
    question: input.question,
    answer,
    wrong,
    explanation: input.explanation,
    citation: {
      source: found.sourceId,
      quote: input.citation.quote,
      line: found.line,
      endLine: found.endLine,
      section: found.section,
    },
    also: also.map((other, i) => ({ ...other, note: input.also[i]?.note })),
    fact: input.fact,
    excludes: input.excludes,
    origin: entry.origin,
    ...(input.type === "multiple-choice" && input.typed ? { typed: input.typed } : {}),
    ...(wrongNotes.length > 0 ? { wrongNotes } : {}),
  };
  return { question, problems };
}

/** Each note names one of the wrong options, and its quote is found in its source like any citation. */
function checkWrongNotes(
  corpus: Corpus,
  input: Extract<QuestionInput, { type: "multiple-choice" }>,
  problem: Report,
): WrongNote[] {
  const notes: WrongNote[] = [];
  const named = new Set<string>();
  input.wrong_notes.forEach((entry, i) => {
    const field = `wrong_notes.${i}`;
    const key = optionKey(entry.option);
    if (!input.wrong.some((w) => optionKey(w) === key)) {
      problem(
        `${field}.option`,
        `"${entry.option}" is not one of the wrong options`,
        `wrong: ${input.wrong.join(" | ")}`,
      );
      return;
    }
    if (named.has(key)) {
      problem(`${field}.option`, `"${entry.option}" has a note already`);
      return;
    }
    named.add(key);
    const at = locateQuote(corpus, entry.source, entry.quote, problem, field);
    if (!at) return;
    const { sourceId, line, endLine, section } = at;
    notes.push({
      option: entry.option,
      note: entry.note,
      citation: { source: sourceId, quote: entry.quote, line, endLine, section },
    });
  });
  return notes;
}

type Report = (field: string, message: string, hint?: string) => void;

/** The answer must not be a wrong option too, and no option may be listed twice. */
function checkOptions(answer: string, wrong: readonly string[], problem: Report): void {
  const answerKey = optionKey(answer);
  const seen = new Set<string>();
  wrong.forEach((option, i) => {
    const key = optionKey(option);
    if (key === answerKey) problem(`wrong.${i}`, `the right answer "${answer}" is also a wrong option`);
    else if (seen.has(key)) problem(`wrong.${i}`, `"${option}" is listed twice`);
    seen.add(key);
  });
}

/**
 * Locates each `also` citation exactly as the main one (same fold, same chrome rule). An `also`
 * backs a claim about another source, so citing the question's own source there is refused.
 */
function checkOtherCitations(
  corpus: Corpus,
  ownSource: string | undefined,
  entries: readonly { source?: string; quote?: string }[],
  problem: Report,
): OtherCitation[] {
  const found: OtherCitation[] = [];
  entries.forEach((entry, i) => {
    const field = `also.${i}`;
    if (entry.source === undefined || entry.quote === undefined) return; // the schema reports it
    if (entry.source === ownSource) {
      problem(
        `${field}.source`,
        `cites the question's own source "${entry.source}"`,
        "an also: entry backs a claim about another source; quote this source in citation",
      );
      return;
    }
    const at = locateQuote(corpus, entry.source, entry.quote, problem, field);
    if (at) {
      const { sourceId, line, endLine, section } = at;
      found.push({ source: sourceId, quote: entry.quote, line, endLine, section });
    }
  });
  return found;
}

/** Finds a quote in its source, outside page chrome, or reports why not (with the closest passage). */
function locateQuote(corpus: Corpus, sourceId: string, quote: string, problem: Report, field: string) {
  const source = corpus.get(sourceId);
  if (!source) {
    problem(`${field}.source`, `unknown source "${sourceId}"`, `known sources: ${corpus.ids().join(", ")}`);
    return undefined;
  }
  const found = source.locate(quote);
  if (!found) {
    const closest = source.closestPassage(quote);
    problem(
      `${field}.quote`,
      `the quote is not in ${source.id} (only whitespace, quote marks and dashes may differ)`,
      closest === undefined ? undefined : `the closest passage of ${source.id} is: "${closest}"`,
    );
    return undefined;
  }
  const chrome = source.chromeIn(found.line, found.endLine);
  if (chrome) {
    const where = `lines ${chrome.from}-${chrome.to}`;
    problem(`${field}.quote`, `the quote runs into page chrome at ${where} (${chrome.why}), not content`);
    return undefined;
  }
  return { ...found, sourceId: source.id };
}

/** The fields the cross-checks need, read defensively from raw input that may not fit the schema. */
function looseFields(raw: unknown): {
  type?: unknown;
  answer?: unknown;
  wrong?: string[];
  source?: string;
  quote?: string;
  also: { source?: string; quote?: string }[];
} {
  if (typeof raw !== "object" || raw === null) return { also: [] };
  const record = raw as Record<string, unknown>;
  const citation =
    typeof record.citation === "object" && record.citation !== null
      ? (record.citation as Record<string, unknown>)
      : {};
  const text = (value: unknown) =>
    typeof value === "string" && value.trim().length > 0 ? value.trim() : undefined;
  return {
    type: record.type,
    answer: typeof record.answer === "string" ? record.answer.trim() : record.answer,
    wrong: Array.isArray(record.wrong)
      ? record.wrong.filter((w): w is string => typeof w === "string")
      : undefined,
    source: text(citation.source),
    quote: text(citation.quote),
    also: Array.isArray(record.also)
      ? record.also.map((other: unknown) => {
          if (typeof other !== "object" || other === null) return {};
          const fields = other as Record<string, unknown>;
          return { source: text(fields.source), quote: text(fields.quote) };
        })
      : [],
  };
}

/** Options compare equal ignoring case and surrounding or repeated whitespace. */
function optionKey(option: string): string {
  return option.trim().replace(/\s+/g, " ").toLowerCase();
}

export function idOf(raw: unknown): string | undefined {
  if (typeof raw !== "object" || raw === null || !("id" in raw)) return undefined;
  if (typeof raw.id !== "string" || raw.id.length === 0) return undefined;
  // It names every problem of the question: an id far too long (refused by the schema) is cut.
  return raw.id.length > 80 ? `${raw.id.slice(0, 80)}…` : raw.id;
}
