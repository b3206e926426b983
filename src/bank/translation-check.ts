/**
 * The rules that keep the Korean bank from drifting from the English (`bank check`): every
 * shipped question, source and topic has its Korean, every field the English has; the numbers
 * of each field agree in any notation; the Korean options stay distinct; the glossary's
 * renderings are used. (Lengths are the schema's: translations.ts.)
 */
import path from "node:path";
import type { Corpus } from "./corpus.ts";
import { glossaryProblems } from "./glossary.ts";
import type { TranslationRead } from "./load-translations.ts";
import { numberDrift } from "./numbers.ts";
import type { BankProblem } from "./problems.ts";
import type { Question } from "./question.ts";
import type { QuestionText } from "./translations.ts";

/** Every problem of the Korean against the English questions, corpus and topics. */
export function checkTranslations(
  read: TranslationRead,
  questions: readonly Question[],
  corpus: Corpus,
): BankProblem[] {
  if (!read.present) return [];
  const problems: BankProblem[] = [];
  for (const question of questions) {
    if (question.origin.kind !== "bank") continue;
    const file = path.join(read.files.dir, path.basename(question.origin.file));
    const text = read.translations.questions.get(question.id);
    if (!text) {
      problems.push({
        file,
        questionId: question.id,
        message: "no Korean text for this shipped question",
        hint: `add an entry with id ${question.id} to this file`,
      });
      continue;
    }
    for (const [field, message] of questionProblems(question, text, read))
      problems.push({ file, questionId: question.id, field, message });
  }
  problems.push(...sourceProblems(read, corpus, questions));
  return problems;
}

/** [field, message] for each thing wrong with one question's Korean. */
export function questionProblems(
  question: Question,
  text: QuestionText,
  read: Pick<TranslationRead, "glossary">,
): [string, string][] {
  const problems: [string, string][] = [];
  const pairs: [string, string, string | undefined][] = [
    ["question", question.question, text.question],
    ["explanation", question.explanation, text.explanation],
    ["quote", question.citation.quote, text.quote],
  ];
  if (question.type === "multiple-choice") {
    pairs.push(["answer", question.answer, text.answer]);
    question.wrong.forEach((wrong, i) => {
      pairs.push([`wrong.${i}`, wrong, text.wrong?.[i]]);
    });
  }
  question.also.forEach((other, i) => {
    const korean = text.also[i];
    pairs.push([`also.${i}.quote`, other.quote, korean?.quote]);
    if (other.note !== undefined) pairs.push([`also.${i}.note`, other.note, korean?.note]);
  });
  for (const [field, english, korean] of pairs)
    for (const message of fieldProblems(english, korean, read)) problems.push([field, message]);
  if (question.type === "multiple-choice" && text.answer !== undefined && text.wrong !== undefined)
    problems.push(...collisions([text.answer, ...text.wrong]));
  return problems;
}

/** What is wrong with the Korean of one field: missing, numbers that differ, the glossary not followed. */
function fieldProblems(
  english: string,
  korean: string | undefined,
  read: Pick<TranslationRead, "glossary">,
): string[] {
  if (korean === undefined) return [`no Korean for this field: the English has "${shorten(english)}"`];
  const drift = numberDrift(english, korean);
  return [
    ...(drift.missing.length > 0
      ? [`the Korean lacks the number(s) ${drift.missing.join(", ")} of the English`]
      : []),
    ...(drift.extra.length > 0
      ? [`the Korean has the number(s) ${drift.extra.join(", ")}, which the English lacks`]
      : []),
    ...glossaryProblems(english, korean, read.glossary),
  ];
}

/** Options that read the same once case, spaces and punctuation are set aside. */
function collisions(options: readonly string[]): [string, string][] {
  const seen = new Map<string, number>();
  const problems: [string, string][] = [];
  options.forEach((option, i) => {
    const key = optionKey(option);
    const earlier = seen.get(key);
    const field = i === 0 ? "answer" : `wrong.${i - 1}`;
    if (earlier !== undefined)
      problems.push([
        field,
        `"${option}" reads the same as ${earlier === 0 ? "the answer" : `wrong.${earlier - 1}`} "${options[earlier]}"`,
      ]);
    else seen.set(key, i);
  });
  return problems;
}

/** An option as compared: Unicode-normalised, lower case, without spaces or punctuation. */
export function optionKey(option: string): string {
  return option
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, "");
}

/** Every source with its Korean title and author (and date note), every topic in use with a name. */
function sourceProblems(
  read: TranslationRead,
  corpus: Corpus,
  questions: readonly Question[],
): BankProblem[] {
  const file = read.files.sources;
  const problems: BankProblem[] = [];
  for (const id of corpus.ids()) {
    const meta = corpus.get(id)?.meta;
    const korean = read.translations.sources.get(id);
    if (!meta) continue;
    if (!korean) {
      problems.push({ file, field: `sources.${id}`, message: `no Korean title and author for source ${id}` });
      continue;
    }
    const fields: [string, string, string | undefined][] = [
      ["title", meta.title, korean.title],
      ["author", meta.author, korean.author],
    ];
    if (meta.dateNote !== undefined) fields.push(["dateNote", meta.dateNote, korean.dateNote]);
    for (const [name, english, text] of fields)
      for (const message of fieldProblems(english, text, read))
        problems.push({ file, field: `sources.${id}.${name}`, message });
  }
  const inUse = new Set(questions.flatMap((q) => q.topics));
  for (const topic of [...inUse].sort()) {
    if (!read.translations.topics.has(topic))
      problems.push({ file, field: `topics.${topic}`, message: `no Korean name for the topic "${topic}"` });
  }
  for (const topic of read.translations.topics.keys()) {
    if (!inUse.has(topic))
      problems.push({ file, field: `topics.${topic}`, message: `"${topic}" is not a topic of any question` });
  }
  return problems;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
