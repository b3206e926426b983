/**
 * A set as a file a colleague in another server can read and import: the CSV `/set export` writes
 * (its `question_id` column counts), or the bank's YAML (a `questions:` list whose entries' `id`s
 * count). Only ids travel: the importing server plays its own copy of each question.
 */
import { parse as parseCsv } from "csv-parse/sync";
import yaml from "js-yaml";
import { z } from "zod";
import { asBankInput } from "../../bank/export.ts";
import { LESSON_LIMITS } from "../../records/lessons.ts";
import { UserError } from "../errors.ts";
import type { SetEntry } from "./sets.ts";

/** What an import reads at most: a full set's CSV with long questions is about 30 KiB. */
export const SET_FILE_LIMITS = { maxBytes: 64 * 1024 } as const;

export type SetFileFormat = "csv" | "yaml";

const questionId = z
  .string()
  .trim()
  // A CSV cell written formula-safe may start with `'`; ids never do.
  .transform((id) => id.replace(/^'/, ""))
  .pipe(z.string().min(1).max(200));

const BankFileSchema = z.object({
  questions: z.array(z.looseObject({ id: questionId })).min(1, "the `questions:` list is empty"),
});

const CsvRowsSchema = z.array(z.looseObject({ question_id: questionId }));

/** The format a file's name (and, failing that, its content type) says it is in. */
export function setFileFormat(name: string, contentType: string | undefined): SetFileFormat | undefined {
  const extension = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (extension === "csv") return "csv";
  if (extension === "yaml" || extension === "yml") return "yaml";
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  if (type === "text/csv") return "csv";
  if (type === "application/yaml" || type === "text/yaml" || type === "application/x-yaml") return "yaml";
  return undefined;
}

/**
 * The question ids of a set file, in order, each once (a UserError saying what is wrong with the
 * file otherwise). More than a set holds is refused, not cut: the teacher decides what to leave out.
 */
export function readSetFile(format: SetFileFormat, text: string): string[] {
  const ids = format === "csv" ? csvIds(text) : yamlIds(text);
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new UserError("lessons.import.noIds");
  if (unique.length > LESSON_LIMITS.questionsPerSet)
    throw new UserError("lessons.import.tooMany", {
      count: unique.length,
      max: LESSON_LIMITS.questionsPerSet,
    });
  return unique;
}

function csvIds(text: string): string[] {
  let rows: unknown;
  try {
    rows = parseCsv(text, { bom: true, columns: true, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    throw new UserError("lessons.import.badCsv", { reason: reasonOf(error) });
  }
  const parsed = CsvRowsSchema.safeParse(rows);
  if (!parsed.success) throw new UserError("lessons.import.noIdColumn");
  return parsed.data.map((row) => row.question_id);
}

function yamlIds(text: string): string[] {
  let value: unknown;
  try {
    // The default schema's aliases are shared references, so an alias "bomb" costs nothing here.
    value = yaml.load(text);
  } catch (error) {
    throw new UserError("lessons.import.badYaml", { reason: reasonOf(error) });
  }
  const parsed = BankFileSchema.safeParse(value);
  if (!parsed.success) throw new UserError("lessons.import.notBankYaml");
  return parsed.data.questions.map((q) => q.id);
}

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]?.slice(0, 200) ?? "";
}

/**
 * A set as a bank file: each question in the bank's format, in the set's order, so a colleague
 * reads the full text (with the answer key) and an import takes the ids back. Questions no longer
 * in the bank keep only their id.
 */
export function setYaml(name: string, entries: readonly SetEntry[]): string {
  const questions = entries.map(({ id, question }) => (question ? asBankInput(question) : { id }));
  return [
    `# The set "${name.replace(/[\r\n]/g, " ")}": its questions in order, with the answer key.`,
    "# Import it in another server with /set import (only the ids are read).",
    yaml.dump({ questions }, { lineWidth: 100, noRefs: true }),
  ].join("\n");
}
