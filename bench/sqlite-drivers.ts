/**
 * Suite: the old SQLite store against the new one on the answer path's write, in one run. An
 * answer ends in one atomic setMany of three records (the session, the player's record, the
 * question's history entry). The old store is the one the bot ran on until issue 11: sqlite3
 * through @keyv/sqlite 4 in SQLite's default rollback journal, its setMany one multi-row INSERT
 * (as src/store/open.ts had it). The new one is src/store/backends/sqlite/adapter.ts: better-sqlite3 12, WAL,
 * synchronous=FULL, setMany one transaction. Both sit behind the same keyv.
 *
 * The old driver is no dependency any more: the suite installs it on demand into a scratch
 * folder outside the repository (compiled from source, a minute or more the first time) and
 * imports it from there. If that fails, it says why and skips the comparison.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import Keyv, { type KeyvStoreAdapter } from "keyv";
import { KeyvBetterSqlite } from "../src/store/backends/sqlite/adapter.ts";
import type { Measurement } from "./report.ts";
import { interleaved, median, percentile, round } from "./stats.ts";

const SUITE = "sqlite drivers";
/** Where the old driver is installed (kept between runs: compiling it takes a while). */
const OLD_DRIVER_DIR = path.join(os.tmpdir(), "quiz-bench-old-sqlite");
const OLD_PACKAGES = ["@keyv/sqlite@4", "sqlite3@5"];
const ITERATIONS = 1_000;
/** Players taking turns, so each write replaces rows another write just left. */
const PLAYERS = 4;

/** Record sizes close to the bot's at the steady state (bench/answer-path.ts prints them). */
const SIZES = { session: 1_200, record: 2_500, history: 300 };

/** Installs the old driver if it is not there yet; the reason it could not be, if it failed. */
export async function installOldDriver(): Promise<string | undefined> {
  const entry = path.join(OLD_DRIVER_DIR, "node_modules", "@keyv", "sqlite", "dist", "index.js");
  const binding = path.join(
    OLD_DRIVER_DIR,
    "node_modules",
    "sqlite3",
    "build",
    "Release",
    "node_sqlite3.node",
  );
  if (existsSync(entry) && existsSync(binding)) return undefined;
  console.log(
    `  installing ${OLD_PACKAGES.join(" ")} into ${OLD_DRIVER_DIR} (compiles sqlite3: a minute or two)...`,
  );
  try {
    await promisify(execFile)(
      "npm",
      ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", OLD_DRIVER_DIR, ...OLD_PACKAGES],
      {
        env: { ...process.env, npm_config_build_from_source: "true" },
        timeout: 600_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    return `installing the old driver failed: ${(stderr || message).trim().split("\n").slice(-3).join(" ")}`;
  }
  if (!existsSync(entry) || !existsSync(binding))
    return "the old driver installed without its native binding";
  return undefined;
}

type OldAdapter = KeyvStoreAdapter & {
  query: (sql: string, ...parameters: unknown[]) => Promise<unknown>;
  opts: { table: string };
};

/** The old adapter as the bot had it: @keyv/sqlite 4 with a setMany of one multi-row INSERT. */
export async function openOldAdapter(file: string): Promise<KeyvStoreAdapter> {
  const entry = path.join(OLD_DRIVER_DIR, "node_modules", "@keyv", "sqlite", "dist", "index.js");
  const { default: KeyvSqlite } = (await import(pathToFileURL(entry).href)) as {
    default: new (options: object) => OldAdapter;
  };
  const store = new KeyvSqlite({ uri: `sqlite://${file}`, table: "keyv", busyTimeout: 10_000 });
  Object.assign(store, {
    async setMany(entries: { key: string; value: unknown }[]) {
      const rows = entries.map(() => "(?, ?)").join(", ");
      await store.query(
        `INSERT INTO ${store.opts.table} (key, value) VALUES ${rows} ON CONFLICT(key) DO UPDATE SET value=excluded.value`,
        entries.flatMap((e) => [e.key, e.value]),
      );
    },
  });
  return store;
}

/** The old store for the write benchmark: the old adapter behind a plain keyv. */
async function openOldStore(file: string): Promise<Keyv> {
  return new Keyv({ store: await openOldAdapter(file), namespace: "quiz" });
}

function openNewStore(file: string): Keyv {
  return new Keyv({ store: new KeyvBetterSqlite(file) as unknown as KeyvStoreAdapter, namespace: "quiz" });
}

/** The three records of one answer, each changed (a write that changes nothing skips the sync). */
function answerWrite(i: number) {
  const player = i % PLAYERS;
  const pad = (n: number) => "x".repeat(n);
  return [
    { key: `session:bench:${player}`, value: { round: i, pad: pad(SIZES.session) } },
    { key: `player:bench-guild:${player}`, value: { updatedAt: i, pad: pad(SIZES.record) } },
    { key: `history:bench-guild:${player}:q${i % 50}`, value: { seen: i, pad: pad(SIZES.history) } },
  ];
}

function skipped(reason: string): Measurement[] {
  return [
    {
      suite: SUITE,
      name: "answer write upserts/s, new ÷ old SQLite store",
      value: Number.NaN,
      unit: "×",
      detail: `skipped: ${reason}`,
    },
  ];
}

/** Old vs. new SQLite store: one three-record setMany per answer, timed alternately. */
export async function sqliteDriversSuite(): Promise<Measurement[]> {
  const failure = await installOldDriver();
  if (failure) {
    console.log(`  ${failure}`);
    return skipped(failure);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "quiz-bench-drivers-"));
  let oldStore: Keyv | undefined;
  let newStore: Keyv | undefined;
  try {
    try {
      oldStore = await openOldStore(path.join(dir, "old.sqlite"));
      await oldStore.get("warm-up");
    } catch (error) {
      return skipped(`the old driver would not open a store: ${String(error)}`);
    }
    newStore = openNewStore(path.join(dir, "new.sqlite"));
    const [older, newer] = [oldStore, newStore];
    // Warm up both: the rows exist, so every measured write is an update, as an answer's mostly are.
    for (let i = 0; i < 100; i++) {
      await older.setMany(answerWrite(i));
      await newer.setMany(answerWrite(i));
    }
    const times = await interleaved(
      ITERATIONS,
      (i) => older.setMany(answerWrite(i)),
      (i) => newer.setMany(answerWrite(i)),
    );
    const oldMs = median(times.a);
    const newMs = median(times.b);
    const perSecond = (ms: number) => 1000 / ms;
    const detail = (ms: number[]) =>
      `median ${round(median(ms))} ms, p90 ${round(percentile(ms, 90))} ms; n=${ITERATIONS}`;
    return [
      {
        suite: SUITE,
        name: "answer write upserts/s, old: sqlite3 + @keyv/sqlite 4, rollback journal",
        value: perSecond(oldMs),
        unit: "/s",
        detail: `one setMany of 3 records (${SIZES.session + SIZES.record + SIZES.history} bytes of padding); ${detail(times.a)}`,
      },
      {
        suite: SUITE,
        name: "answer write upserts/s, new: better-sqlite3 12, WAL, synchronous=FULL",
        value: perSecond(newMs),
        unit: "/s",
        detail: `the same write; ${detail(times.b)}`,
      },
      {
        suite: SUITE,
        name: "answer write upserts/s, new ÷ old SQLite store",
        value: oldMs / newMs,
        unit: "×",
        detail: `${round(perSecond(newMs))} vs ${round(perSecond(oldMs))} upserts/s (from the medians); above 1: the new store is faster`,
      },
    ];
  } finally {
    await oldStore?.disconnect();
    await newStore?.disconnect();
    await rm(dir, { recursive: true, force: true });
  }
}
