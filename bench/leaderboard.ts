/**
 * Suite 2, the leaderboard: for guilds of 1,000, 10,000 and 100,000 players in a SQLite store,
 * the cold start (a new `Leaderboards` scans the store on its first query), warm queries (top 10
 * and one player's rank) and the ranking update a score write makes. Then the boards Redis and
 * PostgreSQL keep in the database, at 100,000 players (bench/multi-process.ts).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type Keyv from "keyv";
import { loadBank } from "../src/bank/load.ts";
import { type Random, seededRandom } from "../src/engine/random.ts";
import { isoWeek } from "../src/engine/week.ts";
import { Leaderboards } from "../src/store/leaderboards.ts";
import { openKeyv } from "../src/store/open.ts";
import { keys, type PlayerRecord, type QuestionHistory } from "../src/store/records.ts";
import { sharedLeaderboardMeasurements } from "./multi-process.ts";
import type { Measurement } from "./report.ts";
import { median, percentile, round, timeAsync, timeSync } from "./stats.ts";

const SUITE = "leaderboard";
const GUILD = "bench-guild";
const SIZES = [1_000, 10_000, 100_000] as const;
/** Cold starts per size (each a full scan); the median is kept. */
const COLD_RUNS = 3;
const WARM_QUERIES = 5_000;
const UPDATES = 5_000;
/** Records per setMany: one INSERT statement, so one transaction, on SQLite. */
const SEED_BATCH = 5_000;
const NOW = Date.parse("2026-11-24T12:00:00Z");
const SOURCES = ["institute-2009", "state-dept-2005", "seymour-2005", "tvedt-2018", "uscri-2004"];

/** Warm queries must answer within this at 100,000 players (p99, ms). */
const WARM_GOAL_MS = 5;
/** Per-player cold-start cost may grow by at most this factor per tenfold size (1 is linear; the rest is noise). */
const GROWTH_GOAL = 1.5;

/**
 * A plausible player: most answered a little, a few a lot (so the records vary in size as in a
 * real guild), with their recent answer keys, per-source tallies and this or last week's points.
 */
function playerRecord(index: number, random: Random): PlayerRecord {
  const answered = 1 + Math.floor(random() ** 4 * 400);
  const correct = Math.floor(answered * (0.3 + 0.6 * random()));
  const points = correct * 20 + Math.floor(random() * 10) * 5;
  const bySource: PlayerRecord["bySource"] = {};
  for (const source of SOURCES) {
    const share = Math.floor(answered / SOURCES.length);
    if (share > 0) bySource[source] = { answered: share, correct: Math.floor(share * (correct / answered)) };
  }
  const thisWeek = random() < 0.5;
  return {
    v: 1,
    guildId: GUILD,
    userId: `user-${index}`,
    points,
    answered,
    correct,
    streak: Math.floor(random() * 5),
    bestStreak: 5 + Math.floor(random() * 10),
    bySource,
    week: isoWeek(thisWeek ? NOW : NOW - 14 * 24 * 3600 * 1000),
    weekPoints: Math.floor(points / 10),
    updatedAt: NOW,
  };
}

/** Writes a guild of `size` players through keyv, in batches. */
async function seed(keyv: Keyv, size: number): Promise<PlayerRecord[]> {
  const random = seededRandom(`leaderboard-${size}`);
  const records = Array.from({ length: size }, (_, i) => playerRecord(i, random));
  for (let at = 0; at < size; at += SEED_BATCH) {
    const batch = records.slice(at, at + SEED_BATCH);
    await keyv.setMany(batch.map((r) => ({ key: keys.score(r.guildId, r.userId), value: r })));
  }
  return records;
}

/**
 * Each player's question histories, as answering writes them (one record per question seen, up to
 * the shipped bank's 130): a hundred times more records than scores, which the scan must skip.
 */
async function seedHistories(keyv: Keyv, records: readonly PlayerRecord[]): Promise<void> {
  let batch: { key: string; value: QuestionHistory }[] = [];
  for (const r of records) {
    for (let q = 0; q < Math.min(r.answered, 130); q++) {
      batch.push({
        key: keys.history(r.guildId, r.userId, `${SOURCES[q % SOURCES.length]}-question-${q}`),
        value: {
          seen: 1,
          correct: q % 3 === 0 ? 0 : 1,
          lastCorrect: q % 3 !== 0,
          lastAt: NOW,
          answers: [[NOW, q % 3 === 0 ? 0 : 1]],
        },
      });
    }
    if (batch.length >= SEED_BATCH) {
      await keyv.setMany(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await keyv.setMany(batch);
}

/** The first query of a new process: it waits for the scan of the store, then answers. */
async function coldStart(keyv: Keyv, someone: () => string): Promise<{ ms: number; boards: Leaderboards }> {
  const boards = new Leaderboards(keyv, () => NOW);
  const ms = await timeAsync(async () => {
    const page = await boards.page(GUILD, "all-time", 0, 10);
    if (page.total === 0) throw new Error("the scan found no player");
    await boards.rank(GUILD, "all-time", someone());
  });
  return { ms, boards };
}

interface SizeResult {
  readonly size: number;
  readonly coldMs: number;
  readonly topMs: number[];
  readonly rankMs: number[];
  readonly updateMs: number[];
  /** The largest size only: a cold start once every player's history is stored too. */
  readonly coldWithHistoriesMs?: number | undefined;
}

async function measureSize(dir: string, size: number, withHistories: boolean): Promise<SizeResult> {
  const keyv = openKeyv(`sqlite://${path.join(dir, `leaderboard-${size}.sqlite`)}`);
  try {
    const records = await seed(keyv, size);
    const random = seededRandom(`queries-${size}`);
    const someone = () => `user-${Math.floor(random() * size)}`;

    const cold: number[] = [];
    let boards: Leaderboards | undefined;
    for (let run = 0; run < COLD_RUNS; run++) {
      const started = await coldStart(keyv, someone);
      cold.push(started.ms);
      boards = started.boards;
    }
    if (!boards) throw new Error("no cold start ran");

    const topMs: number[] = [];
    const rankMs: number[] = [];
    for (let q = 0; q < WARM_QUERIES; q++) {
      const warm = boards;
      topMs.push(await timeAsync(() => warm.page(GUILD, "all-time", 0, 10)));
      const userId = someone();
      rankMs.push(await timeAsync(() => warm.rank(GUILD, "all-time", userId)));
    }

    // What a score write adds: `observe` moves the player in the sorted rankings.
    const updateMs: number[] = [];
    for (let u = 0; u < UPDATES; u++) {
      const index = Math.floor(random() * size);
      const before = records[index] as PlayerRecord;
      const gained = 10 + Math.floor(random() * 40);
      const after = { ...before, points: before.points + gained, weekPoints: before.weekPoints + gained };
      records[index] = after;
      const live = boards;
      updateMs.push(timeSync(() => live.observe(after)));
    }

    let coldWithHistoriesMs: number | undefined;
    if (withHistories) {
      await seedHistories(keyv, records);
      coldWithHistoriesMs = (await coldStart(keyv, someone)).ms;
    }
    return { size, coldMs: median(cold), topMs, rankMs, updateMs, coldWithHistoriesMs };
  } finally {
    await keyv.disconnect();
  }
}

function fmt(n: number): string {
  return n.toLocaleString("en-US");
}

/** Measures cold and warm leaderboards at each size, and the ranking update at the largest. */
export async function leaderboardSuite(): Promise<Measurement[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "quiz-bench-leaderboard-"));
  try {
    const results: SizeResult[] = [];
    for (const size of SIZES) results.push(await measureSize(dir, size, size === SIZES.at(-1)));
    const out: Measurement[] = [];
    const perPlayerUs = (r: SizeResult) => (r.coldMs * 1000) / r.size;
    for (const r of results) {
      out.push({
        suite: SUITE,
        name: `cold start per player, ${fmt(r.size)} players`,
        value: perPlayerUs(r),
        unit: "µs",
        detail: `scan and first query ${round(r.coldMs)} ms (median of ${COLD_RUNS})`,
      });
    }
    for (let i = 1; i < results.length; i++) {
      const small = results[i - 1] as SizeResult;
      const large = results[i] as SizeResult;
      out.push({
        suite: SUITE,
        name: `cold start growth per player, ${fmt(small.size)} → ${fmt(large.size)}`,
        value: perPlayerUs(large) / perPlayerUs(small),
        unit: "×",
        goal: { limit: GROWTH_GOAL, inclusive: true },
        detail: `${round(perPlayerUs(small))} → ${round(perPlayerUs(large))} µs per player (1 = linear)`,
      });
    }
    const largest = results.at(-1) as SizeResult;
    const spread = (pick: (r: SizeResult) => number[]) =>
      results.map((r) => `${fmt(r.size)}: p50 ${round(median(pick(r)) * 1000)} µs`).join(", ");
    out.push({
      suite: SUITE,
      name: `warm top 10, ${fmt(largest.size)} players (p99)`,
      value: percentile(largest.topMs, 99),
      unit: "ms",
      goal: { limit: WARM_GOAL_MS },
      detail: `${spread((r) => r.topMs)}; n=${WARM_QUERIES} each`,
    });
    out.push({
      suite: SUITE,
      name: `warm rank of a player, ${fmt(largest.size)} players (p99)`,
      value: percentile(largest.rankMs, 99),
      unit: "ms",
      goal: { limit: WARM_GOAL_MS },
      detail: `${spread((r) => r.rankMs)}; n=${WARM_QUERIES} each`,
    });
    if (largest.coldWithHistoriesMs !== undefined) {
      out.push({
        suite: SUITE,
        name: `cold start with histories stored, ${fmt(largest.size)} players`,
        value: largest.coldWithHistoriesMs / largest.coldMs,
        unit: "×",
        detail:
          `${round(largest.coldWithHistoriesMs)} vs ${round(largest.coldMs)} ms: on SQLite and PostgreSQL the ` +
          "scan reads the score records only (a key-prefix query), however many question histories there are",
      });
    }
    const updates = largest.updateMs;
    out.push({
      suite: SUITE,
      name: `ranking update per score write, ${fmt(largest.size)} players (p99)`,
      value: percentile(updates, 99) * 1000,
      unit: "µs",
      detail: `p50 ${round(median(updates) * 1000)} µs; all-time and weekly rankings; n=${UPDATES}`,
    });
    // Redis and PostgreSQL keep the boards in the database (issue 16): measured beside the in-memory ranking.
    out.push(...(await sharedLeaderboardMeasurements(await loadBank(), largest.coldMs)));
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
