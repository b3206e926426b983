import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { shardLabel } from "../../src/log.ts";

describe("configuration", () => {
  it("applies defaults and treats blank values as unset", () => {
    const config = loadConfig({ DISCORD_TOKEN: "", STORE_URL: "", QUIZ_DEFAULT_SECONDS: "" });
    expect(config).toMatchObject({
      discordToken: undefined,
      storeUrl: "sqlite://data/quiz.sqlite",
      defaultSeconds: 30,
    });
  });

  it("names every invalid variable and what to fix", () => {
    try {
      loadConfig({ DISCORD_CLIENT_ID: "abc", STORE_URL: "mongodb://x", QUIZ_DEFAULT_SECONDS: "5" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain("DISCORD_CLIENT_ID");
      expect(message).toContain("STORE_URL");
      expect(message).toContain("QUIZ_DEFAULT_SECONDS");
    }
  });

  it("reads the shards a host runs from SHARD_LIST (lists and ranges) of TOTAL_SHARDS", () => {
    expect(loadConfig({}).shards).toBeUndefined();
    expect(loadConfig({ SHARD_LIST: "0-2,5, 4", TOTAL_SHARDS: "6" }).shards).toEqual({
      ids: [0, 1, 2, 4, 5],
      total: 6,
    });
    expect(loadConfig({ TOTAL_SHARDS: "3" }).shards).toEqual({ ids: [0, 1, 2], total: 3 });
    // Under the ShardingManager, the manager's SHARDS decide (it reads TOTAL_SHARDS itself).
    expect(loadConfig({ TOTAL_SHARDS: "3", SHARDING_MANAGER: "true" }).shards).toBeUndefined();
  });

  it("refuses a SHARD_LIST without TOTAL_SHARDS, a shard past the count, or a malformed list", () => {
    expect(() => loadConfig({ SHARD_LIST: "0,1" })).toThrow("set TOTAL_SHARDS too");
    expect(() => loadConfig({ SHARD_LIST: "2", TOTAL_SHARDS: "2" })).toThrow(
      "shard 2 does not exist with TOTAL_SHARDS=2",
    );
    expect(() => loadConfig({ SHARD_LIST: "a,b", TOTAL_SHARDS: "2" })).toThrow(
      "must be shard ids such as 0,1 or 0-3",
    );
  });

  it("labels logs and metrics with the host's SHARD_LIST, or the manager's SHARDS", () => {
    expect(shardLabel({})).toBe("0");
    expect(shardLabel({ SHARD_LIST: "0-2, 5", TOTAL_SHARDS: "6" })).toBe("0-2,5");
    expect(shardLabel({ SHARDS: "[1]", SHARD_LIST: "0", SHARDING_MANAGER: "true" })).toBe("1");
  });
});
