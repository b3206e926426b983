/**
 * Suite 5, memory: resident memory of a clean process (bench/memory-child.ts, run with
 * --expose-gc so a forced GC comes before each reading) at idle with the bank loaded, and with
 * 1,000 solo sessions running on a SQLite store.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { buildBot, idleBotRssMb } from "./memory-bot.ts";
import type { Measurement } from "./report.ts";
import { median, round } from "./stats.ts";

const SUITE = "memory";
/** Resident memory at idle must stay under this (MB). */
const IDLE_GOAL_MB = 150;
const PROJECT = path.resolve(import.meta.dirname, "..");
/** Bot processes started each way, alternating, for the compiled vs. tsx comparison. */
const BOT_ROUNDS = 2;
/** The compiled bot must use less resident memory at idle than the same bot through tsx. */
const COMPILED_GOAL = 1;

interface Reading {
  readonly rssMb: number;
  readonly heapMb: number;
}

interface ChildReport {
  readonly idle: Reading;
  readonly withDiscord: Reading;
  readonly started: Reading;
  readonly answered: Reading;
  readonly sessions: number;
}

/** Runs the measured process and reads its report. */
async function measureInChild(dir: string): Promise<ChildReport> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--expose-gc", "--import", "tsx", path.join("bench", "memory-child.ts"), dir],
    { cwd: PROJECT, timeout: 120_000 },
  );
  const last = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as ChildReport;
}

/** The whole bot at idle, compiled vs. through tsx, in alternating processes. */
async function compiledVsTsx(dir: string): Promise<Measurement> {
  await buildBot();
  const compiled: number[] = [];
  const tsx: number[] = [];
  for (let i = 0; i < BOT_ROUNDS; i++) {
    // Alternating the order, so a load that comes and goes on the machine weighs on both.
    const order = i % 2 === 0 ? (["compiled", "tsx"] as const) : (["tsx", "compiled"] as const);
    for (const runtime of order) {
      const rss = await idleBotRssMb(runtime, path.join(dir, `bot-${runtime}-${i}.sqlite`));
      (runtime === "compiled" ? compiled : tsx).push(rss);
    }
  }
  const compiledMb = median(compiled);
  const tsxMb = median(tsx);
  return {
    suite: SUITE,
    name: "resident memory of the bot at idle, compiled ÷ tsx",
    value: compiledMb / tsxMb,
    unit: "×",
    goal: { limit: COMPILED_GOAL },
    detail:
      `${round(compiledMb)} MB \`node dist/src/main.js\` vs ${round(tsxMb)} MB \`node --import tsx src/main.ts\`; ` +
      `logged in to the fake Discord, READY, idle; median of ${BOT_ROUNDS} processes each`,
  };
}

/** Measures idle memory and the memory per running solo session. */
export async function memorySuite(): Promise<Measurement[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "quiz-bench-memory-"));
  try {
    const report = await measureInChild(dir);
    const bot = await compiledVsTsx(dir);
    // Sessions are counted from the reading before them, with discord.js loaded.
    const from = report.withDiscord;
    const perSessionKb = (to: Reading) => ((to.rssMb - from.rssMb) * 1024) / report.sessions;
    const heapPerSessionKb = (to: Reading) => ((to.heapMb - from.heapMb) * 1024) / report.sessions;
    return [
      {
        suite: SUITE,
        name: "resident memory at idle, bank loaded",
        value: report.idle.rssMb,
        unit: "MB",
        goal: { limit: IDLE_GOAL_MB },
        detail: `heap ${round(report.idle.heapMb)} MB; store open; after forced GCs, in a process of its own under tsx`,
      },
      {
        suite: SUITE,
        name: "resident memory at idle, discord.js loaded too",
        value: report.withDiscord.rssMb,
        unit: "MB",
        detail: `heap ${round(report.withDiscord.heapMb)} MB; the library imported, no client connected`,
      },
      {
        suite: SUITE,
        name: `resident memory, ${report.sessions.toLocaleString("en-US")} solo sessions started`,
        value: report.started.rssMb,
        unit: "MB",
        detail: `${round(perSessionKb(report.started))} kB per session (heap ${round(heapPerSessionKb(report.started))} kB)`,
      },
      {
        suite: SUITE,
        name: `resident memory, ${report.sessions.toLocaleString("en-US")} solo sessions answered once`,
        value: report.answered.rssMb,
        unit: "MB",
        detail:
          `${round(perSessionKb(report.answered))} kB per session and player (heap ` +
          `${round(heapPerSessionKb(report.answered))} kB), the players' records now cached`,
      },
      bot,
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
