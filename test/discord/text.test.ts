import { describe, expect, it } from "vitest";
import { truncate } from "../../src/discord/render/text.ts";

describe("truncate", () => {
  it("leaves text that fits as it is", () => {
    expect(truncate("living in hiding", 16)).toBe("living in hiding");
  });

  it("cuts at a word boundary and marks the cut with an ellipsis", () => {
    const text = "Many refugees end up living in hiding in China for years";
    const cut = truncate(text, 37);
    expect(cut).toBe("Many refugees end up living in…");
    expect(cut.length).toBeLessThanOrEqual(37);
    expect(cut.endsWith(" …")).toBe(false);
  });

  it("keeps a whole word that ends exactly at the cut", () => {
    expect(truncate("one two three", 8)).toBe("one two…");
  });

  it("cuts inside a word only when the word alone would leave less than half the room", () => {
    expect(truncate(`a ${"x".repeat(50)}`, 20)).toBe(`a ${"x".repeat(17)}…`);
  });

  it("never splits a surrogate pair", () => {
    const cut = truncate("🏳️‍🌈🏳️‍🌈🏳️‍🌈🏳️‍🌈", 4);
    expect(cut).not.toMatch(/[\ud800-\udbff]$/);
    expect(cut.endsWith("…")).toBe(true);
  });

  it("keeps to the limit for any length", () => {
    const text = "word ".repeat(100);
    for (let max = 1; max < 120; max++) expect(truncate(text, max).length).toBeLessThanOrEqual(max);
  });
});
