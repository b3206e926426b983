/**
 * Suite 3, the bank: loading and verifying every quote of 100, 1,000 and 10,000 questions. The
 * shipped bank is scaled up with copies of its questions under new ids, in temporary questions/
 * folders that reuse the real sources.yaml and source texts, so every quote is really located.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import yaml from "js-yaml";
import { findGiveaways } from "../src/bank/giveaways.ts";
import { buildConflicts, conflictsLookup } from "../src/bank/groups.ts";
import { DEFAULT_QUESTIONS_DIR, loadBank, parseBankFile, readBank } from "../src/bank/load.ts";
import type { Measurement } from "./report.ts";
import { median, round, timeAsync, timeSync } from "./stats.ts";

const SUITE = "bank";
const SIZES = [100, 1_000, 10_000] as const;
/** Loads per size; the median is kept. */
const RUNS = 3;
/** Questions per generated bank file, about as many as the largest shipped file holds. */
const PER_FILE = 500;
/** 10,000 questions must load and verify within this (ms). */
const LOAD_GOAL_MS = 1000;
/** Per-question cost may grow by at most this factor per tenfold size (1 is linear; the rest is noise). */
const GROWTH_GOAL = 1.5;

type RawQuestion = Record<string, unknown> & { id: string };

/** Every question of the shipped bank, as written (raw YAML data). */
async function shippedQuestions(): Promise<RawQuestion[]> {
  const bankDir = path.join(DEFAULT_QUESTIONS_DIR, "bank");
  const names = (await readdir(bankDir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  const questions: RawQuestion[] = [];
  for (const name of names) {
    const file = yaml.load(await readFile(path.join(bankDir, name), "utf8")) as { questions: RawQuestion[] };
    questions.push(...file.questions);
  }
  return questions;
}

/** A questions/ folder of `size` questions: the shipped ones again and again, each copy with a new id. */
async function scaledBank(root: string, shipped: readonly RawQuestion[], size: number): Promise<string> {
  const dir = path.join(root, `bank-${size}`);
  await mkdir(path.join(dir, "bank"), { recursive: true });
  await cp(path.join(DEFAULT_QUESTIONS_DIR, "sources.yaml"), path.join(dir, "sources.yaml"));
  await cp(path.join(DEFAULT_QUESTIONS_DIR, "sources"), path.join(dir, "sources"), { recursive: true });
  const questions = Array.from({ length: size }, (_, i) => {
    const original = shipped[i % shipped.length] as RawQuestion;
    // Without `fact` and `excludes`: a cut-off or copied group would break the group rules
    // (a key used once, one fact asked twice from a source, an id that has no copy).
    const { fact: _fact, excludes: _excludes, ...rest } = original;
    return { ...rest, id: `${original.id}-v${Math.floor(i / shipped.length)}` };
  });
  for (let at = 0; at < size; at += PER_FILE) {
    const file = path.join(dir, "bank", `part-${String(at / PER_FILE).padStart(3, "0")}.yaml`);
    // Copies share their nested objects: without this, YAML would write them as anchors and aliases,
    // which no hand-written bank has (and which the parser resolves slowly).
    const text = yaml.dump({ questions: questions.slice(at, at + PER_FILE) }, { noRefs: true });
    await writeFile(file, text);
  }
  return dir;
}

interface SizeResult {
  readonly size: number;
  /** Loading the bank: reading, parsing, validating and locating every quote (median). */
  readonly ms: number;
  /** Parsing its YAML files alone, as the loader does (median). */
  readonly yamlMs: number;
}

/** How long the loader's YAML step takes on a folder's bank files (already read into memory). */
async function yamlParsingMs(dir: string): Promise<number> {
  const bankDir = path.join(dir, "bank");
  const names = (await readdir(bankDir)).sort();
  const texts = await Promise.all(names.map((name) => readFile(path.join(bankDir, name), "utf8")));
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    times.push(
      timeSync(() => {
        texts.forEach((text, i) => {
          if (parseBankFile(names[i] as string, text).problems.length > 0) throw new Error("bad bank file");
        });
      }),
    );
  }
  return median(times);
}

/** The giveaway check must take well under this on a bank of the shipped size or ten times it (ms). */
const GIVEAWAY_GOAL_MS = 1000;

/**
 * Times the giveaway check (every question's answer looked for in what every other shows, and in
 * the sources' metadata) on the shipped bank and on 1,000 questions. The copies show each other's
 * answers by construction, so the larger bank has far more giveaways than a real one would.
 */
async function giveawayCheck(root: string, shipped: readonly RawQuestion[]): Promise<Measurement[]> {
  const out: Measurement[] = [];
  for (const dir of [DEFAULT_QUESTIONS_DIR, await scaledBank(root, shipped, 1_000)]) {
    const report = await readBank(dir);
    const links = { conflictsOf: conflictsLookup(buildConflicts(report.questions)) };
    let found = 0;
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      times.push(timeSync(() => (found = findGiveaways(report.questions, report.corpus, links).length)));
    }
    out.push({
      suite: SUITE,
      name: `giveaway check, ${report.questions.length.toLocaleString("en-US")} questions`,
      value: median(times),
      unit: "ms",
      goal: { limit: GIVEAWAY_GOAL_MS },
      detail: `${found.toLocaleString("en-US")} giveaways found (median of ${RUNS}; the first run tokenises, later ones reuse it)`,
    });
  }
  return out;
}

/** Times loading (reading, validating, locating every quote) each scaled bank. */
export async function bankSuite(): Promise<Measurement[]> {
  const root = await mkdtemp(path.join(os.tmpdir(), "quiz-bench-bank-"));
  try {
    const shipped = await shippedQuestions();
    // One untimed load first, so the first size does not pay for compiling the loader.
    await loadBank();
    const results: SizeResult[] = [];
    for (const size of SIZES) {
      const dir = await scaledBank(root, shipped, size);
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        times.push(
          await timeAsync(async () => {
            const bank = await loadBank(dir);
            if (bank.questions.length !== size) throw new Error(`loaded ${bank.questions.length} of ${size}`);
          }),
        );
      }
      results.push({ size, ms: median(times), yamlMs: await yamlParsingMs(dir) });
    }
    const perQuestionUs = (r: SizeResult) => (r.ms * 1000) / r.size;
    const out: Measurement[] = results.map((r) => ({
      suite: SUITE,
      name: `load per question, ${r.size.toLocaleString("en-US")} questions`,
      value: perQuestionUs(r),
      unit: "µs",
      detail: `${round(r.ms)} ms in all (median of ${RUNS})`,
    }));
    const largest = results.at(-1) as SizeResult;
    out.push({
      suite: SUITE,
      name: `load and verify ${largest.size.toLocaleString("en-US")} questions`,
      value: largest.ms,
      unit: "ms",
      goal: { limit: LOAD_GOAL_MS },
      detail: `${shipped.length} shipped questions copied under new ids; ${round(perQuestionUs(largest))} µs per question`,
    });
    out.push({
      suite: SUITE,
      name: `YAML parsing share of the load, ${largest.size.toLocaleString("en-US")} questions`,
      value: largest.yamlMs / largest.ms,
      unit: "×",
      detail:
        `parsing the bank files alone (js-yaml) takes ${round(largest.yamlMs)} ms; ` +
        `the rest (schemas, quote look-ups, corpus) ${round(largest.ms - largest.yamlMs)} ms`,
    });
    out.push(...(await giveawayCheck(root, shipped)));
    for (let i = 1; i < results.length; i++) {
      const small = results[i - 1] as SizeResult;
      const large = results[i] as SizeResult;
      out.push({
        suite: SUITE,
        name: `load growth per question, ${small.size.toLocaleString("en-US")} → ${large.size.toLocaleString("en-US")}`,
        value: perQuestionUs(large) / perQuestionUs(small),
        unit: "×",
        goal: { limit: GROWTH_GOAL, inclusive: true },
        detail: `${round(perQuestionUs(small))} → ${round(perQuestionUs(large))} µs per question (1 = linear)`,
      });
    }
    return out;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
