/**
 * The shared-store benchmarks (issue 16): the answer path and the leaderboard on Redis and
 * PostgreSQL with one bot process and with three real child processes (bench/store-child.ts)
 * sharing one store, and the cold start of a new process's first leaderboard at 100,000 players.
 * Each comparison is measured within one run, alternating the arms.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import pino from "pino";
import { z } from "zod";
import { type AppContext, createAppContext } from "../src/app/context.ts";
import { startChannel } from "../src/app/quiz.ts";
import type { Bank } from "../src/bank/bank.ts";
import { isoWeek } from "../src/engine/week.ts";
import { openKeyv } from "../src/store/open.ts";
import { keys, type PlayerRecord } from "../src/store/records.ts";
import type { Measurement } from "./report.ts";
import { median, percentile, round, timeAsync } from "./stats.ts";
import { benchNamespace, portOpen } from "./stores.ts";

/** A store several processes can share. */
interface SharedBackend {
  readonly name: string;
  readonly url: string;
  readonly table?: string;
}

/** Redis and PostgreSQL where they answer on loopback (SQLite has one writer process: no arm of three). */
export async function sharedBackends(): Promise<{ backends: SharedBackend[]; skipped: string[] }> {
  const backends: SharedBackend[] = [];
  const skipped: string[] = [];
  if (await portOpen(6379)) backends.push({ name: "Redis", url: "redis://127.0.0.1:6379" });
  else skipped.push("Redis");
  if (await portOpen(5432))
    backends.push({
      name: "PostgreSQL",
      url: "postgres://postgres@127.0.0.1:5432/test",
      table: "keyv_bench",
    });
  else skipped.push("PostgreSQL");
  return { backends, skipped };
}

/** What a child (bench/store-child.ts) prints when done. */
const ChildResultSchema = z.object({
  latenciesMs: z.array(z.number()),
  wallMs: z.number(),
  retries: z.number(),
  outcomes: z.record(z.string(), z.number()),
});

type ChildResult = z.infer<typeof ChildResultSchema>;

/** Starts one child per job, lets them all go at once when every one is ready, and collects their results. */
async function runChildren(jobs: readonly object[]): Promise<ChildResult[]> {
  const children = jobs.map((job) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "store-child.ts"), JSON.stringify(job)],
      { stdio: ["pipe", "pipe", "inherit"] },
    );
    const lines = createInterface({ input: child.stdout });
    const ready = new Promise<void>((resolve, reject) => {
      lines.once("line", (line) => (line === "ready" ? resolve() : reject(new Error(`child said ${line}`))));
      child.once("exit", (code) => reject(new Error(`child exited with ${code} before it was ready`)));
    });
    const result = ready.then(
      () =>
        new Promise<ChildResult>((resolve, reject) => {
          lines.once("line", (line) => resolve(ChildResultSchema.parse(JSON.parse(line))));
          child.once("exit", (code) => reject(new Error(`child exited with ${code} before its result`)));
        }),
    );
    return { child, ready, result };
  });
  await Promise.all(children.map((c) => c.ready));
  for (const { child } of children) child.stdin.write("go\n");
  return Promise.all(children.map((c) => c.result));
}

const silent = pino({ level: "silent" });
const GUILD = "bench-shared";
/** Channel rounds per run, and players clicking in each (split between the processes). */
const ROUNDS = 12;
const CLICKERS = 150;
/** Runs per arm (1 process, 3 processes), alternated. */
const RUNS = 2;

/** One run of the answer burst with `processes` children: every click once, on its own process. */
async function answerRun(backend: SharedBackend, bank: Bank, processes: number) {
  const namespace = benchNamespace();
  const keyv = openKeyv(backend.url, { namespace, ...(backend.table ? { table: backend.table } : {}) });
  const ctx: AppContext = createAppContext({ bank, keyv, logger: silent });
  try {
    const sessions: string[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const started = await startChannel(ctx, {
        guildId: GUILD,
        channelId: `c${r}`,
        userId: "host",
        filter: {},
        count: 1,
        seconds: 3_600,
      });
      if (!started.started) throw new Error("round not started");
      sessions.push(started.state.id);
    }
    const users = Array.from({ length: CLICKERS }, (_, u) => `${100_000 + u}`);
    const jobs = Array.from({ length: processes }, (_, p) => ({
      url: backend.url,
      namespace,
      table: backend.table,
      mode: "answers",
      guildId: GUILD,
      sessions,
      users: users.filter((_, u) => u % processes === p),
    }));
    const results = await runChildren(jobs);
    // Exactly once: every click taken, every player's record counting every round.
    let taken = 0;
    for (const r of results) taken += r.outcomes.taken ?? 0;
    if (process.env.BENCH_DEBUG)
      console.log(
        processes,
        results.map((r) => r.outcomes),
      );
    let answered = 0;
    for (const userId of users) answered += (await ctx.scores.get(GUILD, userId))?.answered ?? 0;
    return {
      latencies: results.flatMap((r) => r.latenciesMs),
      wallMs: Math.max(...results.map((r) => r.wallMs)),
      retries: results.reduce((sum, r) => sum + r.retries, 0),
      lost: ROUNDS * CLICKERS - answered,
      notTaken: ROUNDS * CLICKERS - taken,
    };
  } finally {
    await keyv.clear().catch(() => {});
    await keyv.disconnect();
  }
}

/** The answer burst on Redis and PostgreSQL, one process against three, alternated. */
export async function sharedAnswerMeasurements(bank: Bank): Promise<Measurement[]> {
  const suite = "answer path";
  const { backends, skipped } = await sharedBackends();
  const out: Measurement[] = [];
  for (const backend of backends) {
    const arms: Record<1 | 3, Awaited<ReturnType<typeof answerRun>>[]> = { 1: [], 3: [] };
    for (let run = 0; run < RUNS; run++)
      for (const processes of run % 2 === 0 ? ([1, 3] as const) : ([3, 1] as const))
        arms[processes].push(await answerRun(backend, bank, processes));
    const summary = (runs: Awaited<ReturnType<typeof answerRun>>[]) => {
      const latencies = runs.flatMap((r) => r.latencies);
      return {
        clicksPerSecond: median(runs.map((r) => (ROUNDS * CLICKERS * 1000) / r.wallMs)),
        p50: median(latencies),
        p99: percentile(latencies, 99),
        retries: runs.reduce((sum, r) => sum + r.retries, 0) / runs.length,
        lost: runs.reduce((sum, r) => sum + r.lost, 0),
        notTaken: runs.reduce((sum, r) => sum + r.notTaken, 0),
      };
    };
    const one = summary(arms[1]);
    const three = summary(arms[3]);
    const describe = (s: typeof one) =>
      `${Math.round(s.clicksPerSecond)} clicks/s, p50 ${round(s.p50)} ms, p99 ${round(s.p99)} ms, ` +
      `${round(s.retries)} retried commits per run, ${s.lost} lost, ${s.notTaken} not taken`;
    out.push({
      suite,
      name: `channel-round burst, 1 process, ${backend.name} (p99)`,
      value: one.p99,
      unit: "ms",
      detail: `${describe(one)}; ${ROUNDS} rounds × ${CLICKERS} players clicking at once; median of ${RUNS} runs`,
    });
    out.push({
      suite,
      name: `channel-round burst, 3 processes, ${backend.name} (p99)`,
      value: three.p99,
      unit: "ms",
      detail: `${describe(three)}; the same clicks split between 3 child processes on one store`,
    });
    out.push({
      suite,
      name: `burst throughput, 3 processes ÷ 1, ${backend.name}`,
      value: three.clicksPerSecond / one.clicksPerSecond,
      unit: "×",
      detail: `p99 ${round(three.p99 / one.p99)}×; every click scored once in both (lost ${one.lost + three.lost}, not taken ${one.notTaken + three.notTaken})`,
    });
    if (one.lost + three.lost + one.notTaken + three.notTaken > 0)
      throw new Error(
        `${backend.name}: clicks were lost or refused in the multi-process burst: ${JSON.stringify({ one, three })}`,
      );
  }
  for (const name of skipped)
    out.push({
      suite,
      name: `channel-round burst, ${name}`,
      value: Number.NaN,
      unit: "ms",
      detail: "not reachable: skipped",
    });
  return out;
}

const BOARD_PLAYERS = 100_000;
const SEED_BATCH = 5_000;
const WARM_QUERIES = 3_000;
const COLD_RUNS = 3;

/** A guild of 100,000 players written straight to keyv, as a deployment from before the boards were in the database. */
async function seedGuild(backend: SharedBackend, namespace: string, now: number): Promise<string[]> {
  const keyv = openKeyv(backend.url, { namespace, ...(backend.table ? { table: backend.table } : {}) });
  try {
    const users: string[] = [];
    for (let at = 0; at < BOARD_PLAYERS; at += SEED_BATCH) {
      const batch: { key: string; value: PlayerRecord }[] = [];
      for (let i = at; i < Math.min(BOARD_PLAYERS, at + SEED_BATCH); i++) {
        const userId = `${1_000_000 + i}`;
        users.push(userId);
        // Points in steps of 5 up to ~8,000: many ties, as in a real guild.
        const points = ((i * 7919) % 1_600) * 5;
        batch.push({
          key: keys.score(GUILD, userId),
          value: {
            v: 1,
            guildId: GUILD,
            userId,
            points,
            answered: points / 5,
            correct: points / 20,
            streak: 0,
            bestStreak: 3,
            bySource: {},
            week: isoWeek(now),
            weekPoints: Math.floor(points / 10),
            updatedAt: now,
          },
        });
      }
      await keyv.setMany(batch);
    }
    return users;
  } finally {
    await keyv.disconnect();
  }
}

/** A new process's first leaderboard: connect, wire the stores, one top-10 page and one rank. */
async function firstLeaderboard(backend: SharedBackend, bank: Bank, namespace: string, userId: string) {
  const keyv = openKeyv(backend.url, { namespace, ...(backend.table ? { table: backend.table } : {}) });
  try {
    let ctx: AppContext | undefined;
    const ms = await timeAsync(async () => {
      ctx = createAppContext({ bank, keyv, logger: silent });
      const page = await ctx.leaderboards.page(GUILD, "all-time", 0, 10);
      if (page.total === 0) throw new Error("no player ranked");
      await ctx.leaderboards.rank(GUILD, "all-time", userId);
    });
    return { ms, keyv, ctx: ctx as unknown as AppContext };
  } catch (error) {
    await keyv.disconnect();
    throw error;
  }
}

/**
 * The leaderboard in the database at 100,000 players: the one-time build from the records, the
 * cold start of a new process once it is built, warm top-10 and rank queries in one process and
 * in three at once. `sqliteColdMs` is the in-memory ranking's cold start (a scan) at the same
 * size, measured in the same run by the SQLite part of the suite.
 */
export async function sharedLeaderboardMeasurements(
  bank: Bank,
  sqliteColdMs: number,
): Promise<Measurement[]> {
  const suite = "leaderboard";
  const { backends, skipped } = await sharedBackends();
  const out: Measurement[] = [];
  for (const backend of backends) {
    const namespace = benchNamespace();
    const users = await seedGuild(backend, namespace, Date.now());
    const someone = (i: number) => users[(i * 104_729) % users.length] as string;
    try {
      const build = await firstLeaderboard(backend, bank, namespace, someone(0));
      await build.keyv.disconnect();
      const cold: number[] = [];
      let warmCtx: { keyv: { disconnect(): Promise<unknown> }; ctx: AppContext } | undefined;
      for (let run = 0; run < COLD_RUNS; run++) {
        const started = await firstLeaderboard(backend, bank, namespace, someone(run + 1));
        cold.push(started.ms);
        if (warmCtx) await warmCtx.keyv.disconnect();
        warmCtx = started;
      }
      if (!warmCtx) throw new Error("no cold start ran");
      const top: number[] = [];
      const rank: number[] = [];
      for (let q = 0; q < WARM_QUERIES; q++) {
        const ctx = warmCtx.ctx;
        top.push(await timeAsync(() => ctx.leaderboards.page(GUILD, "all-time", 0, 10)));
        rank.push(await timeAsync(() => ctx.leaderboards.rank(GUILD, "all-time", someone(q))));
      }
      await warmCtx.keyv.disconnect();
      const three = await runChildren(
        Array.from({ length: 3 }, (_, p) => ({
          url: backend.url,
          namespace,
          table: backend.table,
          mode: "leaderboard",
          guildId: GUILD,
          users: users.filter((_, u) => u % 97 === p),
          queries: WARM_QUERIES / 3,
        })),
      );
      const threeLatencies = three.flatMap((r) => r.latenciesMs);
      const coldMs = median(cold);
      out.push({
        suite,
        name: `${backend.name}: first build of a guild's board from its records, 100,000 players`,
        value: build.ms,
        unit: "ms",
        detail:
          "once per guild for the store's life (a marker records it); connect, build, first page and rank",
      });
      out.push({
        suite,
        name: `${backend.name}: cold start of a new process, first leaderboard, 100,000 players`,
        value: coldMs,
        unit: "ms",
        detail: `connect, wire the stores, first top-10 page and rank; median of ${COLD_RUNS}; ${Math.round(sqliteColdMs / coldMs)}× faster than the in-memory ranking's scan on SQLite in this run (${round(sqliteColdMs)} ms)`,
      });
      out.push({
        suite,
        name: `${backend.name}: warm top 10, 100,000 players (p99)`,
        value: percentile(top, 99),
        unit: "ms",
        goal: { limit: 5 },
        detail: `p50 ${round(median(top))} ms; n=${WARM_QUERIES}; one process`,
      });
      out.push({
        suite,
        name: `${backend.name}: warm rank of a player, 100,000 players (p99)`,
        value: percentile(rank, 99),
        unit: "ms",
        goal: { limit: 5 },
        detail: `p50 ${round(median(rank))} ms; n=${WARM_QUERIES}; one process`,
      });
      out.push({
        suite,
        name: `${backend.name}: warm top 10 and rank, 3 processes at once, 100,000 players (p99)`,
        value: percentile(threeLatencies, 99),
        unit: "ms",
        goal: { limit: 5 },
        detail: `p50 ${round(median(threeLatencies))} ms; ${threeLatencies.length} queries from 3 child processes; ${round(percentile(threeLatencies, 99) / percentile([...top, ...rank], 99))}× the one-process p99`,
      });
    } finally {
      const keyv = openKeyv(backend.url, { namespace, ...(backend.table ? { table: backend.table } : {}) });
      await keyv.clear().catch(() => {});
      await keyv.disconnect();
    }
  }
  for (const name of skipped)
    out.push({
      suite,
      name: `${name}: leaderboard`,
      value: Number.NaN,
      unit: "ms",
      detail: "not reachable: skipped",
    });
  return out;
}
