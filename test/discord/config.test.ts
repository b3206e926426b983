import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

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
});
