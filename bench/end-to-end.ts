/**
 * Suite 5, end to end through the fake Discord (issues 6 and 17): one channel round, N players
 * clicking at the same moment, against four arms in turn, interleaved, several runs per size:
 *
 * - the raw floor client (the fake's gateway WebSocket and REST spoken directly, a deferred update
 *   per click),
 * - the bare discord.js client (default options, the same callback as the bot: an ephemeral reply),
 * - the bot on the gateway (router, game, SQLite store; every answer stored before its reply),
 * - the same bot over HTTP (the fake signs and POSTs each click; the first response is the HTTP
 *   response; no gateway connection).
 *
 * For every click it takes the time from the fake sending the click (INTERACTION_CREATE, or the
 * signed POST) to the first response,
 * and the process's CPU time until the last first response. The fake, the client and the bot share
 * one process and one event loop, so the fake's own work is inside every figure of every arm alike.
 * Each bot burst is closed and accounted: every click scored exactly once, in the session, the
 * player's record and the tallies. Then, on the bot alone: charts on and off, and the old and new
 * SQLite drivers.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type Keyv from "keyv";
import { keyvOver } from "../src/store/open.ts";
import { startHarness, users } from "../test/helpers/bot.ts";
import { type Arm, type ArmBurst, RESPONSE_DEADLINE_MS } from "./e2e/arm.ts";
import { bareArm } from "./e2e/bare-arm.ts";
import { account, acknowledgedPrivately, botArm, closeRound, startRound } from "./e2e/bot-arm.ts";
import { burst } from "./e2e/burst.ts";
import { rawArm } from "./e2e/raw-arm.ts";
import type { Measurement } from "./report.ts";
import { installOldDriver, openOldAdapter } from "./sqlite-drivers.ts";
import { median, percentile, round } from "./stats.ts";
import { benchNamespace, portOpen } from "./stores.ts";

const SUITE = "end-to-end";
/** Simultaneous clicks per burst. */
const SIZES = [50, 200, 500] as const;
/** Runs per size and arm (medians are reported); BENCH_E2E_RUNS overrides. */
const RUNS = Number(process.env.BENCH_E2E_RUNS ?? 5);
/** Clicks of an unmeasured burst per arm first, so the measured ones run on warm code and open connections. */
const WARMUP_CLICKS = 200;
/** Issue 17's goal: the bot at most this many times the bare client, p99 and CPU per click. */
const GOAL_RATIO = 1.1;
/** Issue 6's goal for the 99th percentile of the first response at 500 clicks (Discord allows 3,000 ms). */
const GOAL_P99_MS = 250;
/** With BENCH_PROFILE, the bursts of this size are profiled (BENCH_PROFILE_CLICKS, default 500). */
const PROFILED_SIZE = Number(process.env.BENCH_PROFILE_CLICKS ?? 500);
/** The bot arm the ratios are taken for; the others are compared with it. */
const BOT = "bot (gateway)";
/** The same bot with its interactions delivered by signed HTTP POSTs (issue 17: at most the raw floor). */
const HTTP_BOT = "bot (HTTP)";
/** Issue 17's goal over HTTP: p99 and CPU per click at most the raw gateway floor's. */
const HTTP_GOAL_RATIO = 1;
const BARE = "bare discord.js";
const RAW = "raw";

/** A file-name-safe form of an arm's name ("bot (gateway)" → "bot-gateway"). */
function slug(name: string): string {
  return name.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "");
}

/** The medians of an arm's runs at one size. */
interface Summary {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** CPU time per click (ms), NaN if a run lacked a first response. */
  readonly cpuPerClick: number;
  /** Its system (kernel) part (ms). */
  readonly systemPerClick: number;
  /** CPU per click by thread name, over all runs (ms). */
  readonly threads: string;
  readonly lost: number;
  readonly duplicates: number;
  readonly problems: string[];
  readonly p99s: number[];
  readonly cpus: number[];
}

/** CPU per click by thread, summed over the runs: "main thread 0.41, V8 DefaultWorke 0.12". */
function threadsPerClick(size: number, runs: readonly ArmBurst[]): string {
  const sum = new Map<string, number>();
  for (const run of runs)
    for (const [name, ms] of run.burst.threads) sum.set(name, (sum.get(name) ?? 0) + ms);
  return [...sum]
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${(ms / (size * runs.length)).toFixed(3)}`)
    .join(", ");
}

function summarize(size: number, runs: readonly ArmBurst[]): Summary {
  const of = (p: number) =>
    median(runs.map((r) => (r.burst.delays.length ? percentile(r.burst.delays, p) : NaN)));
  const cpus = runs.map((r) => (r.burst.cpuMs === undefined ? Number.NaN : r.burst.cpuMs / size));
  return {
    p50: of(50),
    p99: of(99),
    max: of(100),
    cpuPerClick: median(cpus),
    threads: threadsPerClick(size, runs),
    systemPerClick: median(
      runs.map((r) => (r.burst.systemMs === undefined ? Number.NaN : r.burst.systemMs / size)),
    ),
    lost: runs.reduce((sum, r) => sum + r.lost, 0),
    duplicates: runs.reduce((sum, r) => sum + r.duplicates, 0),
    problems: [...new Set(runs.flatMap((r) => r.problems))],
    p99s: runs.map((r) => (r.burst.delays.length ? percentile(r.burst.delays, 99) : NaN)),
    cpus,
  };
}

/**
 * The campaign: every arm started once and warmed, then RUNS rounds of every size, the arms' order
 * rotated each run so that drift on the machine hits all alike. With BENCH_PROFILE set, every
 * 500-click burst (BENCH_PROFILE_CLICKS) is CPU-profiled (one file per arm and run; bench/profile-top.ts sums them).
 */
async function campaign(arms: readonly Arm[]): Promise<Map<string, Map<number, ArmBurst[]>>> {
  const results = new Map(
    arms.map((arm) => [arm.name, new Map(SIZES.map((size) => [size, [] as ArmBurst[]]))]),
  );
  for (const arm of arms) {
    await arm.start();
    const warm = await arm.clickBurst(WARMUP_CLICKS);
    if (warm.problems.length > 0) throw new Error(`${arm.name} warm-up: ${warm.problems.join("; ")}`);
  }
  for (let run = 0; run < RUNS; run++) {
    for (const size of SIZES) {
      for (let j = 0; j < arms.length; j++) {
        const arm = arms[(j + run) % arms.length] as Arm;
        const profileAs = size === PROFILED_SIZE ? `${slug(arm.name)}-${size}-run${run + 1}` : undefined;
        results
          .get(arm.name)
          ?.get(size)
          ?.push(await arm.clickBurst(size, profileAs));
      }
    }
  }
  return results;
}

const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : "?");

/** The rows of the campaign: each arm's figures per size, and the bot's ratios with their goals. */
function campaignRows(results: Map<string, Map<number, ArmBurst[]>>): Measurement[] {
  const rows: Measurement[] = [];
  const issueTable: string[] = [
    "| N simultaneous clicks | bot p99 first response | bare discord.js p99 | raw gateway client p99 | " +
      "bot CPU per click | bare discord.js CPU per click | raw client CPU per click | bot ÷ bare: p99 / CPU | " +
      "bot clicks lost / duplicated | bot over HTTP p99 / CPU per click | HTTP ÷ raw: p99 / CPU |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  const table: string[] = [
    "| clicks | arm | p50 | p99 | max | CPU per click | lost / duplicate |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const size of SIZES) {
    const summaries = new Map(
      [...results].map(([name, bySize]) => [name, summarize(size, bySize.get(size) ?? [])]),
    );
    for (const [name, s] of summaries) {
      table.push(
        `| ${size} | ${name} | ${s.p50} ms | ${s.p99} ms | ${s.max} ms | ${fmt(s.cpuPerClick)} ms | ${s.lost} / ${s.duplicates} |`,
      );
      rows.push({
        suite: SUITE,
        name: `first response p99, ${size} clicks, ${name}`,
        value: s.p99,
        unit: "ms",
        ...(name.startsWith("bot") && size === 500 ? { goal: { limit: GOAL_P99_MS } } : {}),
        detail:
          `median of ${RUNS} runs: p50 ${s.p50}, p99 ${s.p99} (${s.p99s.join(", ")}), max ${s.max} ms; CPU per ` +
          `click ${fmt(s.cpuPerClick, 3)} ms (${s.cpus.map((c) => fmt(c, 3)).join(", ")}), of which system ` +
          `${fmt(s.systemPerClick, 3)} ms; by thread (ms per click, all runs): ${s.threads || "?"}; lost ${s.lost}, ` +
          `duplicate ${s.duplicates}${s.problems.length ? `; ${s.problems.join("; ")}` : ""}`,
      });
      if (name.startsWith("bot")) {
        rows.push({
          suite: SUITE,
          name: `clicks lost or scored twice, ${size} clicks, ${name}`,
          value: s.lost + s.duplicates + s.problems.length,
          unit: "problems",
          goal: { limit: 0, inclusive: true },
          detail: s.problems.length
            ? s.problems.join("; ")
            : `every click of ${RUNS} runs stored and scored once`,
        });
      }
    }
    const bot = summaries.get(BOT);
    const bare = summaries.get(BARE);
    const raw = summaries.get(RAW);
    const http = summaries.get(HTTP_BOT);
    if (!bot || !bare || !raw) continue;
    // The issue's table, one row per size.
    issueTable.push(
      `| ${size} | ${bot.p99} ms | ${bare.p99} ms | ${raw.p99} ms | ${fmt(bot.cpuPerClick)} ms | ` +
        `${fmt(bare.cpuPerClick)} ms | ${fmt(raw.cpuPerClick)} ms | ${fmt(bot.p99 / Math.max(1, bare.p99))}× / ` +
        `${fmt(bot.cpuPerClick / bare.cpuPerClick)}× | ${bot.lost} / ${bot.duplicates} | ` +
        (http
          ? `${http.p99} ms / ${fmt(http.cpuPerClick)} ms | ${fmt(http.p99 / Math.max(1, raw.p99))}× / ` +
            `${fmt(http.cpuPerClick / raw.cpuPerClick)}× |`
          : "not run | |"),
    );
    if (http)
      rows.push(
        {
          suite: SUITE,
          name: `p99 ${HTTP_BOT} ÷ ${RAW}, ${size} clicks`,
          value: round(http.p99 / Math.max(1, raw.p99)),
          unit: "×",
          goal: { limit: HTTP_GOAL_RATIO, inclusive: true },
          detail: `bot over HTTP ${http.p99} ms, raw gateway floor ${raw.p99} ms, bot on the gateway ${bot.p99} ms`,
        },
        {
          suite: SUITE,
          name: `CPU per click ${HTTP_BOT} ÷ ${RAW}, ${size} clicks`,
          value: round(http.cpuPerClick / raw.cpuPerClick),
          unit: "×",
          goal: { limit: HTTP_GOAL_RATIO, inclusive: true },
          detail:
            `bot over HTTP ${fmt(http.cpuPerClick, 3)} ms, raw ${fmt(raw.cpuPerClick, 3)} ms, ` +
            `bot on the gateway ${fmt(bot.cpuPerClick, 3)} ms`,
        },
      );
    rows.push(
      {
        suite: SUITE,
        name: `p99 ${BOT} ÷ ${BARE}, ${size} clicks`,
        value: round(bot.p99 / Math.max(1, bare.p99)),
        unit: "×",
        goal: { limit: GOAL_RATIO, inclusive: true },
        detail: `bot ${bot.p99} ms, bare ${bare.p99} ms, raw ${raw.p99} ms; bot ÷ raw ${fmt(bot.p99 / Math.max(1, raw.p99))}×`,
      },
      {
        suite: SUITE,
        name: `CPU per click ${BOT} ÷ ${BARE}, ${size} clicks`,
        value: round(bot.cpuPerClick / bare.cpuPerClick),
        unit: "×",
        goal: { limit: GOAL_RATIO, inclusive: true },
        detail:
          `bot ${fmt(bot.cpuPerClick, 3)} ms, bare ${fmt(bare.cpuPerClick, 3)} ms, raw ${fmt(raw.cpuPerClick, 3)} ms; ` +
          `bot ÷ raw ${fmt(bot.cpuPerClick / raw.cpuPerClick)}×`,
      },
    );
  }
  console.log(
    `\nend-to-end, medians of ${RUNS} interleaved runs per size:\n${issueTable.join("\n")}\n\n${table.join("\n")}\n`,
  );
  return rows;
}

/**
 * One bot round of 500 clicks on a store, outside the campaign, for the comparisons below. With
 * `charts` given, a warm-up round's reveal (with its chart, when on) is drawn during the burst.
 */
async function botRound(
  profileName: string,
  storeUrl: string,
  charts?: boolean,
  /** Opens the store instead of the bot's own adapter (the old SQLite driver). */
  openStore?: (storeUrl: string) => Keyv,
) {
  const h = await startHarness({
    ...(charts === undefined ? {} : { config: { charts } }),
    ...(openStore === undefined ? {} : { openStore }),
    fake: {
      responseDeadlineMs: RESPONSE_DEADLINE_MS,
      strictMentions: true,
      guilds: [{ channels: [{ name: "warmup" }, { name: "quiz" }] }],
    },
    storeUrl,
  });
  try {
    const [warmChannel, channel] = (h.fake.guilds[0]?.channels ?? []).map((c) => c.id);
    if (!warmChannel || !channel) throw new Error("the fake has no channels");
    const warm = await startRound(h, warmChannel);
    await burst({
      fake: h.fake,
      message: warm.question,
      players: users(h.fake, 50, "warm"),
      customIdFor: warm.customIdFor,
      settled: acknowledgedPrivately,
    });
    const revealDuringBurst = charts !== undefined;
    if (!revealDuringBurst) await closeRound(h, warm.question, warm.sessionId);
    const round = await startRound(h, channel);
    const players = users(h.fake, 500);
    const clicks = burst({
      fake: h.fake,
      client: h.running.client,
      message: round.question,
      players,
      customIdFor: round.customIdFor,
      settled: acknowledgedPrivately,
      profileAs: process.env.BENCH_PROFILE_ALL ? profileName : undefined,
    });
    if (revealDuringBurst) await closeRound(h, warm.question, warm.sessionId);
    const measured = await clicks;
    const revealLine = await closeRound(h, round.question, round.sessionId);
    return await account(h, round.sessionId, players, measured, revealLine);
  } finally {
    await h.close();
  }
}

/** Rounds per setting in the charts on/off comparison, alternated so that drift on the machine hits both alike. */
const CHARTS_ROUNDS = 3;

/**
 * The 500-click burst with charts on and with CHARTS=off, on SQLite, while another channel's
 * reveal (with its chart, when on) is drawn: the median p99 of each, as a ratio.
 */
async function chartsOnOff(dir: string): Promise<Measurement> {
  const p99s: Record<"on" | "off", number[]> = { on: [], off: [] };
  for (let i = 0; i < CHARTS_ROUNDS; i++) {
    const order: ("on" | "off")[] = i % 2 === 0 ? ["on", "off"] : ["off", "on"];
    for (const setting of order) {
      const url = `sqlite://${path.join(dir, `charts-${setting}-${i}.sqlite`)}`;
      const { burst: b, problems } = await botRound(`charts-${setting}-${i}`, url, setting === "on");
      if (problems.length > 0) throw new Error(`charts ${setting}: ${problems.join("; ")}`);
      p99s[setting].push(percentile(b.delays, 99));
    }
  }
  const on = median(p99s.on);
  const off = median(p99s.off);
  return {
    suite: SUITE,
    name: "first response p99, charts on ÷ CHARTS=off, 500 clicks, SQLite",
    value: round(on / Math.max(1, off)),
    unit: "×",
    goal: { limit: 1.2, inclusive: true },
    detail:
      `median p99 of ${CHARTS_ROUNDS} rounds each, alternated: on ${round(on)} ms (${p99s.on.join(", ")}), ` +
      `off ${round(off)} ms (${p99s.off.join(", ")}); during each burst another channel's reveal is posted, ` +
      "with its picks chart drawn when charts are on",
  };
}

/** Rounds per driver in the old/new SQLite comparison, alternated like the charts comparison. */
const DRIVER_ROUNDS = 2;

/**
 * The 500-click burst on the old SQLite store (sqlite3 through @keyv/sqlite 4, installed on
 * demand outside the repository) and on the new one (better-sqlite3, WAL, synchronous=FULL),
 * alternated: the median p99 of each, as a ratio. Skipped, with the reason, when the old driver
 * cannot be installed.
 */
async function sqliteDriversBurst(dir: string): Promise<Measurement> {
  const name = "first response p99, new ÷ old SQLite store, 500 clicks";
  const failure = await installOldDriver();
  if (failure) return { suite: SUITE, name, value: Number.NaN, unit: "×", detail: `skipped: ${failure}` };
  const p99s: Record<"old" | "new", number[]> = { old: [], new: [] };
  for (let i = 0; i < DRIVER_ROUNDS; i++) {
    const order: ("old" | "new")[] = i % 2 === 0 ? ["old", "new"] : ["new", "old"];
    for (const driver of order) {
      const file = path.join(dir, `driver-${driver}-${i}.sqlite`);
      const adapter = driver === "old" ? await openOldAdapter(file) : undefined;
      const { burst: b, problems } = await botRound(
        `sqlite-${driver}-${i}`,
        `sqlite://${file}`,
        undefined,
        adapter ? () => keyvOver(adapter) : undefined,
      );
      if (problems.length > 0) throw new Error(`${driver} SQLite store: ${problems.join("; ")}`);
      p99s[driver].push(percentile(b.delays, 99));
    }
  }
  const [oldP99, newP99] = [median(p99s.old), median(p99s.new)];
  return {
    suite: SUITE,
    name,
    value: round(newP99 / Math.max(1, oldP99)),
    unit: "×",
    detail:
      `median p99 of ${DRIVER_ROUNDS} rounds each, alternated: new ${round(newP99)} ms (${p99s.new.join(", ")}), ` +
      `old ${round(oldP99)} ms (${p99s.old.join(", ")})`,
  };
}

/**
 * The arms of the campaign, in their first run's order. The bot runs on SQLite (the default store,
 * synchronous=FULL: each answer fsynced before its reply) and, when it answers on 127.0.0.1:6379,
 * on Redis too. Another transport is one more entry here.
 */
async function arms(dir: string): Promise<{ arms: Arm[]; redisNamespace: string | undefined }> {
  const list: Arm[] = [
    rawArm(),
    bareArm(),
    botArm({ name: BOT, storeUrl: `sqlite://${path.join(dir, "quiz.sqlite")}` }),
    botArm({ name: HTTP_BOT, storeUrl: `sqlite://${path.join(dir, "quiz-http.sqlite")}`, transport: "http" }),
  ];
  // For diagnosis only (BENCH_E2E_MEMORY=1): the bot on an in-memory store, not durable, shows
  // how much of the bot's cost is the store's writes.
  if (process.env.BENCH_E2E_MEMORY === "1")
    list.push(botArm({ name: `${BOT}, memory store`, storeUrl: "memory://" }));
  let redisNamespace: string | undefined;
  if (process.env.BENCH_E2E_REDIS !== "off" && (await portOpen(6379))) {
    redisNamespace = benchNamespace();
    list.push(
      botArm({ name: `${BOT}, Redis`, storeUrl: "redis://127.0.0.1:6379", namespace: redisNamespace }),
    );
  }
  return { arms: list, redisNamespace };
}

/** The campaign, then the charts and SQLite-driver comparisons (BENCH_E2E_ONLY=campaign skips those). */
export async function endToEndSuite(): Promise<Measurement[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "quiz-bench-e2e-"));
  const { arms: list } = await arms(dir);
  try {
    const results: Measurement[] = campaignRows(await campaign(list));
    if (process.env.BENCH_E2E_ONLY !== "campaign") {
      results.push(await chartsOnOff(dir));
      results.push(await sqliteDriversBurst(dir));
    }
    return results;
  } finally {
    for (const arm of list)
      await arm.stop().catch((error: unknown) => console.warn(`  ${arm.name}: ${error}`));
    await rm(dir, { recursive: true, force: true });
  }
}
