import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Variables a ShardingManager sets for the processes it starts: never the operator's to set. */
const SET_BY_THE_MANAGER = new Set(["SHARDING_MANAGER", "SHARDS", "SHARD_COUNT"]);

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourcesUnder(full);
    return full.endsWith(".ts") ? [full] : [];
  });
}

/** The environment variables the code reads: zod schema keys over process.env, `env.NAME` reads and `*_ENV` constants. */
function variablesRead(): Set<string> {
  const names = new Set<string>();
  for (const file of sourcesUnder("src")) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]+)\b/g)) names.add(m[1] as string);
    for (const m of text.matchAll(/^\s+([A-Z][A-Z0-9_]+): (?:optional\(|z\.)/gm)) names.add(m[1] as string);
    // A name kept in a constant and read as process.env[NAME_ENV].
    for (const m of text.matchAll(/\b[A-Z_]+_ENV = "([A-Z][A-Z0-9_]+)"/g)) names.add(m[1] as string);
  }
  for (const name of SET_BY_THE_MANAGER) names.delete(name);
  return names;
}

describe(".env.example", () => {
  it("lists every variable the bot and its tools read, and none they do not", () => {
    const listed = new Set(
      [...readFileSync(".env.example", "utf8").matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1] as string),
    );
    const read = variablesRead();
    expect(read.size).toBeGreaterThan(20);
    expect([...read].filter((name) => !listed.has(name)).sort()).toEqual([]);
    expect([...listed].filter((name) => !read.has(name)).sort()).toEqual([]);
  });
});
