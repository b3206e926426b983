import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { idOf } from "./check.ts";
import type { Corpus } from "./corpus.ts";
import { type Glossary, GlossaryFileSchema } from "./glossary.ts";
import type { BankProblem } from "./problems.ts";
import type { Question } from "./question.ts";
import {
  NO_TRANSLATIONS,
  type QuestionText,
  QuestionTextSchema,
  type SourceText,
  SourceTextsFileSchema,
  TranslationFileSchema,
  type Translations,
} from "./translations.ts";
import { parseYaml } from "./yaml.ts";
import { zodProblems } from "./zod-problems.ts";

/** The Korean of the bank as read, with what stops it loading (`problems`). */
export interface TranslationRead {
  /** False when the bank has no questions/ko folder at all: then it has no Korean to check. */
  readonly present: boolean;
  readonly translations: Translations;
  readonly glossary: Glossary;
  /** Where a file or an entry cannot be read or matched to the English: the bank does not load. */
  readonly problems: BankProblem[];
  /** Each file read, relative to the working directory (for messages). */
  readonly files: { readonly sources: string; readonly glossary: string; readonly dir: string };
}

const relative = (file: string): string => path.relative(process.cwd(), file) || file;

/**
 * Reads questions/ko/*.yaml, questions/ko/sources.yaml and questions/glossary.yaml against the
 * checked English questions: every file named after a bank file, every entry named by an id of
 * the English file of the same name, shaped as that question is (options and `also` entries in
 * the same count, notes where the English has them, no options for a true/false question).
 */
export async function readTranslations(
  questionsDir: string,
  questions: readonly Question[],
  corpus: Corpus,
): Promise<TranslationRead> {
  const dir = path.join(questionsDir, "ko");
  const files = {
    dir: relative(dir),
    sources: relative(path.join(dir, "sources.yaml")),
    glossary: relative(path.join(questionsDir, "glossary.yaml")),
  };
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch {
    return { present: false, translations: NO_TRANSLATIONS, glossary: [], problems: [], files };
  }
  const problems: BankProblem[] = [];
  const byFile = new Map<string, Map<string, Question>>();
  for (const q of questions) {
    if (q.origin.kind !== "bank") continue;
    const name = path.basename(q.origin.file);
    const ids = byFile.get(name) ?? new Map<string, Question>();
    ids.set(q.id, q);
    byFile.set(name, ids);
  }
  const texts = new Map<string, QuestionText>();
  for (const name of names.filter((n) => n !== "sources.yaml")) {
    const file = relative(path.join(dir, name));
    const english = byFile.get(name.replace(/\.yml$/, ".yaml"));
    if (!english) {
      problems.push({
        file,
        message: `there is no English bank file questions/bank/${name}`,
        hint: "name each Korean file after the bank file whose questions it translates",
      });
      continue;
    }
    const read = await readYamlFile(file, path.join(dir, name), TranslationFileSchema);
    if ("problems" in read) {
      problems.push(...read.problems);
      continue;
    }
    read.value.questions.forEach((raw, i) => {
      const id = idOf(raw) ?? `#${i + 1}`;
      const parsed = QuestionTextSchema.safeParse(raw);
      if (!parsed.success) {
        problems.push(...zodProblems(parsed.error, file, id));
        return;
      }
      const entry = parsed.data;
      const question = english.get(entry.id);
      if (!question) {
        problems.push({
          file,
          questionId: entry.id,
          field: "id",
          message: `no question ${entry.id} in questions/bank/${name}`,
          hint: "each entry translates a question of the English file of the same name",
        });
        return;
      }
      if (texts.has(entry.id)) {
        problems.push({ file, questionId: entry.id, field: "id", message: "translated twice in this file" });
        return;
      }
      const mismatches = shapeProblems(entry, question);
      for (const [field, message] of mismatches)
        problems.push({ file, questionId: entry.id, field, message });
      if (mismatches.length === 0) texts.set(entry.id, entry);
    });
  }
  const sources = await readSourceTexts(files.sources, path.join(dir, "sources.yaml"), corpus, problems);
  const glossary = await readGlossary(files.glossary, path.join(questionsDir, "glossary.yaml"), problems);
  return {
    present: true,
    translations: { questions: texts, sources: sources.sources, topics: sources.topics },
    glossary,
    problems,
    files,
  };
}

/**
 * Where an entry is not shaped like its English question: the Korean options map onto the
 * English ones by position, so their count must match, and so must the `also` entries'.
 */
function shapeProblems(entry: QuestionText, question: Question): [string, string][] {
  const problems: [string, string][] = [];
  if (question.type === "true-false") {
    if (entry.answer !== undefined)
      problems.push(["answer", "a true/false question has no answer text in Korean (the bot says 참/거짓)"]);
    if (entry.wrong !== undefined) problems.push(["wrong", "a true/false question has no wrong options"]);
  } else if (entry.wrong !== undefined && entry.wrong.length !== question.wrong.length) {
    problems.push([
      "wrong",
      `give ${question.wrong.length} wrong option(s), in the order of the English (it has ${question.wrong.length})`,
    ]);
  }
  if (entry.also.length > question.also.length)
    problems.push([
      "also",
      `the English has ${question.also.length} also: entr(ies); this has ${entry.also.length}`,
    ]);
  entry.also.forEach((other, i) => {
    if (other.note !== undefined && question.also[i]?.note === undefined)
      problems.push([`also.${i}.note`, "the English entry has no note to translate"]);
  });
  return problems;
}

async function readSourceTexts(
  file: string,
  full: string,
  corpus: Corpus,
  problems: BankProblem[],
): Promise<{ sources: Map<string, SourceText>; topics: Map<string, string> }> {
  const sources = new Map<string, SourceText>();
  const topics = new Map<string, string>();
  const read = await readYamlFile(file, full, SourceTextsFileSchema);
  if ("problems" in read) {
    problems.push(...read.problems);
    return { sources, topics };
  }
  for (const [id, text] of Object.entries(read.value.sources)) {
    const source = corpus.get(id);
    if (!source) {
      problems.push({
        file,
        field: `sources.${id}`,
        message: `unknown source "${id}"`,
        hint: `known: ${corpus.ids().join(", ")}`,
      });
      continue;
    }
    if (text.dateNote !== undefined && source.meta.dateNote === undefined) {
      problems.push({
        file,
        field: `sources.${id}.dateNote`,
        message: "the English metadata has no dateNote to translate",
      });
      continue;
    }
    sources.set(id, text);
  }
  for (const [topic, name] of Object.entries(read.value.topics)) topics.set(topic, name);
  return { sources, topics };
}

async function readGlossary(file: string, full: string, problems: BankProblem[]): Promise<Glossary> {
  const read = await readYamlFile(file, full, GlossaryFileSchema);
  if ("problems" in read) {
    problems.push(...read.problems);
    return [];
  }
  return read.value.terms;
}

/** Reads and parses one YAML file against a schema, or the problems naming the file. */
async function readYamlFile<T>(
  file: string,
  full: string,
  schema: {
    safeParse(value: unknown): { success: true; data: T } | { success: false; error: import("zod").ZodError };
  },
): Promise<{ value: T } | { problems: BankProblem[] }> {
  let text: string;
  try {
    text = await readFile(full, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    return {
      problems: [
        { file, message: missing ? "the file is missing" : `cannot read the file: ${String(error)}` },
      ],
    };
  }
  const data = parseYaml(file, text);
  if ("problem" in data) return { problems: [data.problem] };
  const parsed = schema.safeParse(data.value);
  return parsed.success ? { value: parsed.data } : { problems: zodProblems(parsed.error, file) };
}
