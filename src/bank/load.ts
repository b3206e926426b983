import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { PROJECT_ROOT } from "../paths.ts";
import { Bank } from "./bank.ts";
import { type CheckResult, checkQuestions, type RawQuestion } from "./check.ts";
import { type Corpus, loadCorpus } from "./corpus.ts";
import { findGiveaways, giveawayProblems } from "./giveaways.ts";
import { buildConflicts, checkGroups, conflictsLookup } from "./groups.ts";
import { readTranslations } from "./load-translations.ts";
import { BankLoadError, type BankProblem } from "./problems.ts";
import { BankFileSchema } from "./schema.ts";
import { checkTranslations } from "./translation-check.ts";
import type { Translations } from "./translations.ts";
import { checkTypedFacts } from "./typed-check.ts";
import { translatedFormProblems, withTranslatedForms } from "./typed-translations.ts";
import { parseYaml } from "./yaml.ts";
import { zodProblems } from "./zod-problems.ts";

/** The project's questions/ folder, wherever the process was started from. */
export const DEFAULT_QUESTIONS_DIR = path.join(PROJECT_ROOT, "questions");

/** Everything read from a questions/ folder: the corpus, the good questions, every problem. */
export interface BankReport extends CheckResult {
  readonly corpus: Corpus;
  readonly files: readonly string[];
  /**
   * Questions whose answer another one (or a source's metadata) shows: errors for the checker,
   * kept apart from `problems` because they do not stop the bank loading (a quiz orders and
   * separates such questions, see Bank.revealsOf). Empty unless asked for.
   */
  readonly giveaways: readonly BankProblem[];
  /** The Korean of the bank (questions/ko/, see translations.ts); empty without that folder. */
  readonly translations: Translations;
  /**
   * Where the Korean drifts from the English (missing text, numbers, colliding options, the
   * glossary): errors for the checker that do not stop the bank loading (a field without Korean
   * is shown in English). Empty unless asked for, or when the bank has no questions/ko folder.
   */
  readonly translationProblems: readonly BankProblem[];
}

/**
 * Reads and checks the whole bank, collecting every problem rather than stopping at the first.
 * Used by the CLI checker (which also asks for the giveaways); `loadBank` is the strict form
 * everything else uses.
 */
export async function readBank(
  questionsDir: string = DEFAULT_QUESTIONS_DIR,
  options: { readonly giveaways?: boolean; readonly translations?: boolean } = {},
): Promise<BankReport> {
  const corpus = await loadCorpus(questionsDir);
  const bankDir = path.join(questionsDir, "bank");
  const names = (await readdir(bankDir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  const problems: BankProblem[] = [];
  const entries: RawQuestion[] = [];
  const files: string[] = [];
  for (const name of names) {
    const file = path.relative(process.cwd(), path.join(bankDir, name)) || name;
    files.push(file);
    let text: string;
    try {
      text = await readFile(path.join(bankDir, name), "utf8");
    } catch (error) {
      // A folder named like a bank file, or a file that cannot be read: a problem, not a crash.
      problems.push({
        file,
        message: `cannot read the file: ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    const read = parseBankFile(file, text);
    problems.push(...read.problems);
    entries.push(...read.entries);
  }
  if (names.length === 0) problems.push({ file: bankDir, message: "no .yaml bank files found" });
  const checked = checkQuestions(entries, corpus);
  const groupProblems = [...checkGroups(checked.questions), ...checkTypedFacts(checked.questions)];
  const links = { conflictsOf: conflictsLookup(buildConflicts(checked.questions)) };
  const giveaways = options.giveaways
    ? giveawayProblems(findGiveaways(checked.questions, corpus, links), checked.questions)
    : [];
  const korean = await readTranslations(questionsDir, checked.questions, corpus);
  const questions = withTranslatedForms(checked.questions, korean.translations);
  const translationProblems = options.translations
    ? [...checkTranslations(korean, checked.questions, corpus), ...translatedFormProblems(questions)]
    : [];
  return {
    corpus,
    files,
    questions,
    problems: [...problems, ...checked.problems, ...groupProblems, ...korean.problems],
    giveaways,
    translations: korean.translations,
    translationProblems,
  };
}

/** Parses one bank file's text into raw questions (checked later), or problems naming the file. */
export function parseBankFile(
  file: string,
  text: string,
): { entries: RawQuestion[]; problems: BankProblem[] } {
  const data = parseYaml(file, text);
  if ("problem" in data) return { entries: [], problems: [data.problem] };
  const parsed = BankFileSchema.safeParse(data.value);
  if (!parsed.success) return { entries: [], problems: zodProblems(parsed.error, file) };
  const entries = parsed.data.questions.map((raw, i) => ({
    file,
    fallbackId: `#${i + 1}`,
    raw,
    origin: { kind: "bank", file } as const,
  }));
  return { entries, problems: [] };
}

/** Loads the bank for use: throws BankLoadError listing every problem if anything is wrong. */
export async function loadBank(questionsDir: string = DEFAULT_QUESTIONS_DIR): Promise<Bank> {
  const report = await readBank(questionsDir);
  if (report.problems.length > 0) throw new BankLoadError(report.problems);
  return new Bank(report.corpus, report.questions, { translations: report.translations });
}
