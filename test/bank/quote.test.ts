import { describe, expect, it } from "vitest";
import { fold, QuoteIndex } from "../../src/bank/quote.ts";

describe("fold", () => {
  it("folds whitespace runs, line breaks, curly quotes and dash variants, and nothing else", () => {
    expect(fold("  “Strike\n  Hard” – it’s\u00a0a — test ").text).toBe('"Strike Hard" - it\'s a - test');
  });

  it("maps folded characters back to original offsets", () => {
    const folded = fold("a \n b");
    expect(folded.text).toBe("a b");
    expect(folded.offsets).toEqual([0, 1, 4]);
  });
});

describe("QuoteIndex", () => {
  const source =
    "The border between China and\nNorth Korea was not  aggressively policed.\nIt’s the “boarder” typo.";
  const index = new QuoteIndex(source);

  it("finds a quote across a line break and a double space, returning original offsets", () => {
    const span = index.find("China and North Korea was not aggressively policed.");
    expect(span).toBeDefined();
    expect(source.slice(span?.start, span?.end)).toBe(
      "China and\nNorth Korea was not  aggressively policed.",
    );
  });

  it("matches straight quotes and apostrophes against curly ones", () => {
    expect(index.find(`It's the "boarder" typo.`)).toBeDefined();
  });

  it("is exact about everything else: case, typos, punctuation", () => {
    expect(index.find("the border between China")).toBeUndefined();
    expect(index.find(`It's the "border" typo.`)).toBeUndefined();
    expect(index.find("North Korea was not aggressively policed!")).toBeUndefined();
  });

  it("finds short quotes too (below the index key length)", () => {
    expect(index.find("typo.")).toBeDefined();
  });

  it("suggests the closest passage for a quote that is not there", () => {
    expect(
      index.closestPassage("the border between China and North Korea was aggressively policed"),
    ).toContain("North Korea was not aggressively");
  });
});
