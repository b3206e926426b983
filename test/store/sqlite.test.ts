import { readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { backupSqlite } from "../../src/store/backends/sqlite/adapter.ts";
import { openKeyv, sqliteFileOf } from "../../src/store/open.ts";
import { scanPrefix } from "../../src/store/scan.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const tempFile = (name: string) => path.join(tempDir("quiz-sqlite-"), name);

/**
 * A store written by the previous driver (@keyv/sqlite 4 on sqlite3, rollback journal): the
 * `.dump` of a file that the old code made by playing three solo answers (scores, histories,
 * sessions). Loading the dump rebuilds that file's table byte for byte in its old layout.
 */
/** When the legacy fixture was written: its sessions' `expires` (1796228432393) less their 24 h TTL. */
const LEGACY_WRITTEN_AT = 1796228432393 - 24 * 60 * 60 * 1000;

function legacyStore(): { file: string; rows: { key: string; value: string }[] } {
  const file = tempFile("legacy.sqlite");
  const db = new Database(file);
  db.exec(readFileSync(path.join(import.meta.dirname, "fixtures", "legacy-keyv-sqlite.sql"), "utf8"));
  const rows = db.prepare<[], { key: string; value: string }>("SELECT key, value FROM keyv").all();
  expect(db.pragma("journal_mode", { simple: true })).toBe("delete");
  db.close();
  return { file, rows };
}

describe("the SQLite store on better-sqlite3", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("opens a file written by the old @keyv/sqlite adapter and finds every record", async () => {
    // The fixture's sessions carry a 24 h TTL from the moment it was written: read it on that day
    // (an hour after writing), so the test means the same on any date it runs.
    vi.useFakeTimers({ toFake: ["Date"], now: LEGACY_WRITTEN_AT + 60 * 60 * 1000 });
    const { file, rows } = legacyStore();
    expect(rows.length).toBe(9);
    const keyv = openKeyv(`sqlite://${file}`);
    for (const row of rows) {
      const key = row.key.replace(/^quiz:/, "");
      expect(await keyv.get(key)).toEqual(JSON.parse(row.value).value);
    }
    const scores = [];
    for await (const [key] of scanPrefix(keyv, "score:")) scores.push(key);
    expect(scores.sort()).toEqual(["score:g1:p1", "score:g1:p2", "score:g1:p3"]);
    // New writes go on in the same table, and the file is now in WAL mode.
    await keyv.set("score:g1:p4", { points: 1 });
    await keyv.disconnect();
    const db = new Database(file);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.prepare("SELECT count(*) AS n FROM keyv").get()).toEqual({ n: 10 });
    db.close();
  });

  it("runs in WAL mode with synchronous=FULL, so a committed answer survives a machine crash", async () => {
    const file = tempFile("pragmas.sqlite");
    const keyv = openKeyv(`sqlite://${file}`);
    await keyv.set("a", 1);
    const store = keyv.store as { db: Database.Database };
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
    // 2 is FULL.
    expect(store.db.pragma("synchronous", { simple: true })).toBe(2);
    await keyv.disconnect();
  });

  it("writes setMany in one transaction: a failing entry leaves none written", async () => {
    const file = tempFile("many.sqlite");
    const keyv = openKeyv(`sqlite://${file}`);
    const store = keyv.store as { setMany(entries: { key: string; value: unknown }[]): Promise<void> };
    // A value SQLite cannot bind (an object) fails the whole batch.
    await expect(
      store.setMany([
        { key: "quiz:x1", value: "1" },
        { key: "quiz:x2", value: { not: "bindable" } },
      ]),
    ).rejects.toThrow();
    expect(await keyv.get("x1")).toBeUndefined();
    await keyv.disconnect();
  });

  it("refuses a STORE_URL that names no file (scores would be gone at the next start)", () => {
    for (const url of ["sqlite://", "sqlite://:memory:", "SQLITE://  "]) {
      expect(() => sqliteFileOf(url)).toThrow(/names no file/);
      expect(() => openKeyv(url)).toThrow(/names no file/);
      expect(() => loadConfig({ STORE_URL: url })).toThrow(/STORE_URL: .*names no file/);
    }
    expect(sqliteFileOf("sqlite://data/quiz.sqlite")).toBe("data/quiz.sqlite");
  });

  it("backs up a store that another connection is writing to, into a file that opens", async () => {
    const file = tempFile("live.sqlite");
    const keyv = openKeyv(`sqlite://${file}`);
    await keyv.setMany(
      Array.from({ length: 500 }, (_, i) => ({ key: `score:g:p${i}`, value: { points: i } })),
    );
    // Writes keep coming while the backup runs; every one committed before it started is in it.
    let writing = true;
    const writer = (async () => {
      for (let i = 500; writing; i++) {
        await keyv.set(`score:g:p${i}`, { points: i });
        // Yield to the event loop as the bot does between interactions (the driver is synchronous).
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const out = tempFile("backup.sqlite");
    const pages = await backupSqlite(file, out);
    writing = false;
    await writer;
    expect(pages).toBeGreaterThan(0);
    const copy = openKeyv(`sqlite://${out}`);
    for (let i = 0; i < 500; i++) expect(await copy.get(`score:g:p${i}`)).toEqual({ points: i });
    await copy.disconnect();
    await keyv.disconnect();
  });
});
