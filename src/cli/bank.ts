/**
 * The bank tool: `npm run bank -- check | stats | coverage [--html FILE] | export --json`.
 * check exits 1 on any problem and prints every one; stats counts; coverage lists the sentences
 * no question cites and writes an HTML page; export prints the bank as JSON.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { Bank } from "../bank/bank.ts";
import { Source } from "../bank/corpus.ts";
import { bankCoverage, coveragePercent } from "../bank/coverage.ts";
import { coverageHtml } from "../bank/coverage-html.ts";
import { draftsForBank, draftsYaml } from "../bank/draft-file.ts";
import { exportBankJson } from "../bank/export.ts";
import { DEFAULT_QUESTIONS_DIR, readBank } from "../bank/load.ts";
import { BankLoadError, formatProblem } from "../bank/problems.ts";
import { movedCitations } from "../bank/source-changes.ts";

const USAGE = `usage: npm run bank -- <command>
  check            check every question; print every problem and giveaway; exit 1 if any
  stats            count questions by source, topic, difficulty and type
  coverage         per source, the sentences no question cites, counts and a percentage;
                   writes an HTML page to coverage/bank-coverage.html (or --html FILE)
  export --json    print the loaded bank as JSON on stdout
  draft FILE --source ID [--limit N] [--out FILE.yaml]
                   draft questions from FILE (a source's text) for review: every quote verbatim,
                   checked as the bank is, with duplicate and giveaway warnings; YAML on stdout or --out`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      dir: { type: "string" },
      html: { type: "string", default: DEFAULT_COVERAGE_PAGE },
      source: { type: "string" },
      limit: { type: "string", default: "30" },
      out: { type: "string" },
    },
  });
  const command = positionals[0];
  const checking = command === "check";
  const report = await readBank(values.dir, { giveaways: checking, translations: checking });
  switch (command) {
    case "check": {
      const found = [...report.problems, ...report.giveaways, ...report.translationProblems];
      for (const problem of found) console.error(formatProblem(problem));
      await printSourceChanges(report, values.dir ?? DEFAULT_QUESTIONS_DIR);
      if (found.length > 0) {
        const korean =
          report.translationProblems.length > 0
            ? `, ${report.translationProblems.length} Korean translation problem(s)`
            : "";
        console.error(
          `\n${report.problems.length} problem(s) and ${report.giveaways.length} giveaway(s)${korean} in ${report.files.length} file(s).`,
        );
        return 1;
      }
      const korean = report.translations.questions.size > 0 ? ", every question in Korean" : "";
      console.log(
        `ok: ${report.questions.length} questions in ${report.files.length} files, every quote found in its source, no answer given away${korean}.`,
      );
      return 0;
    }
    case "stats": {
      if (report.problems.length > 0)
        console.error(`(${report.problems.length} problem(s): run "npm run bank -- check")`);
      printStats(new Bank(report.corpus, report.questions));
      return 0;
    }
    case "coverage": {
      if (report.problems.length > 0) {
        for (const problem of report.problems) console.error(formatProblem(problem));
        return 1;
      }
      const bank = new Bank(report.corpus, report.questions);
      const coverage = bankCoverage(bank);
      printCoverage(coverage);
      await mkdir(path.dirname(path.resolve(values.html)), { recursive: true });
      await writeFile(values.html, coverageHtml(bank, coverage));
      console.log(`\nwrote ${values.html}`);
      return 0;
    }
    case "export": {
      if (!values.json) {
        console.error("export needs --json (the only format so far)");
        return 2;
      }
      if (report.problems.length > 0) {
        for (const problem of report.problems) console.error(formatProblem(problem));
        return 1;
      }
      process.stdout.write(
        `${JSON.stringify(exportBankJson(new Bank(report.corpus, report.questions)), null, 2)}\n`,
      );
      return 0;
    }
    case "draft":
      return draft(new Bank(report.corpus, report.questions), positionals[1], values);
    default:
      console.error(USAGE);
      return 2;
  }
}

/** A file as the last commit has it, or undefined (no git, no commit, a new file). */
async function committed(dir: string, file: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)("git", ["show", `HEAD:./${file}`], {
      cwd: dir,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch {
    return undefined;
  }
}

/**
 * For each source whose text is not the one recorded in the last commit (its file and sha256
 * changed together, so loading passes): every question citing it was checked again above (a
 * quote no longer found is a problem, with the closest passage); this lists those whose passage
 * is now on another line or under another heading.
 */
async function printSourceChanges(report: Awaited<ReturnType<typeof readBank>>, dir: string): Promise<void> {
  for (const source of report.corpus.sources) {
    const old = await committed(dir, path.join("sources", source.meta.file));
    if (old === undefined || old === source.text) continue;
    const before = new Source(source.meta, old);
    const citing = report.questions.filter(
      (q) => q.citation.source === source.id || q.also.some((a) => a.source === source.id),
    );
    const lost = report.problems.filter(
      (p) =>
        p.field?.endsWith(".quote") === true && p.message.startsWith(`the quote is not in ${source.id} `),
    );
    const moved = movedCitations(before, source, citing);
    console.error(
      `\n${source.id}: the text changed since the last commit; ${citing.length + lost.length} citing question(s) checked again: ${lost.length} quote(s) no longer found (above, with the closest passage), ${moved.length} moved`,
    );
    const where = (p: { line: number; section?: string | undefined }) =>
      p.section === undefined ? `line ${p.line}` : `line ${p.line} (${p.section})`;
    for (const m of moved)
      console.error(`  moved: ${m.questionId} ${m.field}: ${where(m.from)} -> ${where(m.to)}`);
  }
}

/** `draft FILE --source ID`: the file must be the source's recorded text when the id is the bank's. */
async function draft(
  bank: Bank,
  file: string | undefined,
  values: { source?: string | undefined; limit: string; out?: string | undefined },
): Promise<number> {
  const limit = Number(values.limit);
  if (!file || !values.source || !Number.isInteger(limit) || limit < 1) {
    console.error(USAGE);
    return 2;
  }
  const text = await readFile(file, "utf8");
  const known = bank.corpus.get(values.source);
  if (known && known.text !== text) {
    console.error(`${file} is not the recorded text of ${values.source} (questions/sources.yaml)`);
    return 1;
  }
  const source =
    known ??
    new Source(
      {
        id: values.source,
        file: path.basename(file),
        sha256: createHash("sha256").update(text).digest("hex"),
        title: values.source,
        author: "unknown",
        date: "undated",
        sections: [],
        chrome: [],
      },
      text,
    );
  const reports = draftsForBank(bank, source, limit);
  const out = draftsYaml(source, reports);
  if (values.out) {
    await writeFile(values.out, out);
    console.error(`wrote ${reports.length} drafts to ${values.out}`);
  } else process.stdout.write(out);
  return 0;
}

/** Where `coverage` writes its page unless told: inside the ignored coverage/ folder. */
const DEFAULT_COVERAGE_PAGE = "coverage/bank-coverage.html";

function printCoverage(coverage: ReturnType<typeof bankCoverage>): void {
  for (const c of coverage) {
    const chrome = c.sentences.filter((s) => s.kind === "chrome");
    console.log(
      `${c.source.id}: ${c.cited} of ${c.content} content sentences cited (${coveragePercent(c)}%), ${c.content - c.cited} not cited, ${chrome.length} of page chrome`,
    );
    for (const s of c.sentences) {
      if (s.kind === "content" && s.citedBy.length === 0)
        console.log(`  not cited, line ${s.line}: ${s.text}`);
    }
    for (const s of chrome) console.log(`  chrome, line ${s.line}: ${s.text}`);
    console.log("");
  }
  const content = coverage.reduce((sum, c) => sum + c.content, 0);
  const cited = coverage.reduce((sum, c) => sum + c.cited, 0);
  console.log(
    `all sources: ${cited} of ${content} content sentences cited (${coveragePercent({ content, cited })}%)`,
  );
}

function printStats(bank: Bank): void {
  const count = (key: (q: Bank["questions"][number]) => string[]) => {
    const counts = new Map<string, number>();
    for (const q of bank.questions) for (const k of key(q)) counts.set(k, (counts.get(k) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  console.log(`${bank.questions.length} questions\n`);
  for (const [title, rows] of [
    ["by source", [...bank.countBySource().entries()]],
    ["by type", count((q) => [q.type])],
    ["by difficulty", count((q) => [q.difficulty])],
    ["by topic", count((q) => [...q.topics])],
  ] as const) {
    console.log(title);
    for (const [name, n] of rows) console.log(`  ${name.padEnd(24)} ${String(n).padStart(4)}`);
    console.log("");
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof BankLoadError) {
      for (const problem of error.problems) console.error(formatProblem(problem));
    } else {
      console.error(error);
    }
    process.exitCode = 1;
  },
);
