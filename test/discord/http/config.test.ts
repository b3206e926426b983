import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.ts";

const KEY = "ab".repeat(32);

describe("the HTTP transport's configuration", () => {
  it("is off unless INTERACTIONS_PORT is set", () => {
    expect(loadConfig({ DISCORD_PUBLIC_KEY: KEY }).interactions).toBeUndefined();
    expect(loadConfig({ INTERACTIONS_PORT: "" }).interactions).toBeUndefined();
  });

  it("listens on 127.0.0.1 at /interactions by default, with the key in lower case", () => {
    expect(
      loadConfig({ INTERACTIONS_PORT: "8443", DISCORD_PUBLIC_KEY: KEY.toUpperCase() }).interactions,
    ).toEqual({
      port: 8443,
      host: "127.0.0.1",
      path: "/interactions",
      publicKey: KEY,
    });
  });

  it("refuses a port without a public key, and a key that is not 64 hex digits", () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
      } catch (error) {
        if (error instanceof ConfigError) return error.message;
      }
      return "";
    };
    expect(problems({ INTERACTIONS_PORT: "8443" })).toMatch(
      /DISCORD_PUBLIC_KEY: is required with INTERACTIONS_PORT/,
    );
    expect(problems({ INTERACTIONS_PORT: "8443", DISCORD_PUBLIC_KEY: "abc" })).toMatch(
      /DISCORD_PUBLIC_KEY: must be/,
    );
    expect(
      problems({ INTERACTIONS_PORT: "8443", DISCORD_PUBLIC_KEY: KEY, INTERACTIONS_PATH: "no-slash" }),
    ).toMatch(/INTERACTIONS_PATH/);
  });
});
