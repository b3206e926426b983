/**
 * Existing data opens unchanged: a SQLite file written the way every earlier version wrote it
 * (@keyv/sqlite 4's table, keys `{namespace}:{key}`, payloads `{"value":…,"expires":…}`), made
 * here with plain SQL rather than with the bot's code, is read, ranked, scanned and updated by
 * the stores on the new backend layer.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { emptyRecord } from "../../src/engine/player.ts";
import { openKeyv } from "../../src/store/open.ts";
import { createStores } from "../../src/store/stores.ts";
import { silentLogger } from "../helpers/game.ts";

const dir = mkdtempSync(path.join(tmpdir(), "quiz-legacy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("reads, ranks and updates a SQLite store written with the old key layout", async () => {
  const file = path.join(dir, "old.sqlite");
  const now = Date.now();
  const old = new Database(file);
  old.exec("CREATE TABLE IF NOT EXISTS keyv(key VARCHAR(255) PRIMARY KEY, value TEXT )");
  const insert = old.prepare("INSERT INTO keyv (key, value) VALUES (?, ?)");
  const amy = { ...emptyRecord("g", "amy", now), points: 40, answered: 4, correct: 4 };
  const bob = { ...emptyRecord("g", "bob", now), points: 20, answered: 2, correct: 2 };
  insert.run("quiz:score:g:amy", JSON.stringify({ value: amy }));
  insert.run("quiz:score:g:bob", JSON.stringify({ value: bob }));
  insert.run(
    "quiz:settings:g",
    JSON.stringify({ value: { v: 1, quizMasterRoleId: "r1", disabledQuestions: ["q9"] } }),
  );
  old.close();

  const keyv = openKeyv(`sqlite://${file}`);
  try {
    const stores = createStores(keyv, { now: () => now, logger: silentLogger });
    expect((await stores.scores.get("g", "amy"))?.points).toBe(40);
    expect(await stores.scores.playerIds("g", 10)).toEqual(["amy", "bob"]);
    expect((await stores.leaderboards.page("g", "all-time", 0, 10)).rows.map((r) => r.userId)).toEqual([
      "amy",
      "bob",
    ]);
    // A transaction reads the old payload and writes it back in the same layout.
    const settings = await stores.community.updateSettings("g", (s) => ({ ...s, quizMasterRoleId: "r2" }));
    expect(settings.disabledQuestions).toEqual(["q9"]);
  } finally {
    await keyv.disconnect();
  }
  const reread = new Database(file, { readonly: true });
  const row = reread.prepare("SELECT value FROM keyv WHERE key = ?").get("quiz:settings:g") as {
    value: string;
  };
  reread.close();
  expect(JSON.parse(row.value)).toEqual({
    value: { v: 1, quizMasterRoleId: "r2", disabledQuestions: ["q9"] },
  });
});
