import type { Corpus } from "./corpus.ts";
import type { BankProblem } from "./problems.ts";
import type { Question, QuestionOrigin } from "./question.ts";
import { QuestionInputSchema } from "./schema.ts";
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
  const rawId = idOf(entry.raw) ?? entry.fallbackId;
  const parsed = QuestionInputSchema.safeParse(entry.raw);
  if (!parsed.success) return { problems: zodProblems(parsed.error, entry.file, rawId) };
  const input = parsed.data;
  const problems: BankProblem[] = [];
  const problem = (field: string, message: string, hint?: string) =>
    problems.push({ file: entry.file, questionId: input.id, field, message, hint });

  const answer = input.type === "true-false" ? (input.answer ? "True" : "False") : input.answer;
  const wrong = input.type === "true-false" ? [input.answer ? "False" : "True"] : input.wrong;
  if (input.type === "multiple-choice") {
    const answerKey = optionKey(answer);
    wrong.forEach((option, i) => {
      if (optionKey(option) === answerKey)
        problem(`wrong.${i}`, `the right answer "${answer}" is also a wrong option`);
    });
    const seen = new Set<string>();
    wrong.forEach((option, i) => {
      const key = optionKey(option);
      if (seen.has(key)) problem(`wrong.${i}`, `"${option}" is listed twice`);
      seen.add(key);
    });
  }

  const source = corpus.get(input.citation.source);
  if (!source) {
    problem(
      "citation.source",
      `unknown source "${input.citation.source}"`,
      `known sources: ${corpus.ids().join(", ")}`,
    );
    return { problems };
  }
  const found = source.locate(input.citation.quote);
  if (!found) {
    const closest = source.closestPassage(input.citation.quote);
    problem(
      "citation.quote",
      `the quote is not in ${source.id} (only whitespace, quote marks and dashes may differ)`,
      closest === undefined ? undefined : `the closest passage of ${source.id} is: "${closest}"`,
    );
    return { problems };
  }
  const chrome = source.chromeIn(found.line, found.endLine);
  if (chrome) {
    const where = `lines ${chrome.from}-${chrome.to}`;
    problem("citation.quote", `the quote runs into page chrome at ${where} (${chrome.why}), not content`);
  }
  if (problems.length > 0) return { problems };

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
      source: source.id,
      quote: input.citation.quote,
      line: found.line,
      endLine: found.endLine,
      section: found.section,
    },
    origin: entry.origin,
  };
  return { question, problems };
}

/** Options compare equal ignoring case and surrounding or repeated whitespace. */
function optionKey(option: string): string {
  return option.trim().replace(/\s+/g, " ").toLowerCase();
}

function idOf(raw: unknown): string | undefined {
  if (typeof raw !== "object" || raw === null || !("id" in raw)) return undefined;
  return typeof raw.id === "string" && raw.id.length > 0 ? raw.id : undefined;
}
