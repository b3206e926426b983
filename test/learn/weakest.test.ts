import { describe, expect, it } from "vitest";
import { weakestOf } from "../../src/app/mastery.ts";

const source = (sourceId: string, accuracy: number | null, answered = 4) => ({
  sourceId,
  accuracy,
  answered,
});

describe("the weakest source in /stats", () => {
  it("is the lowest accuracy when it is below another source", () => {
    expect(weakestOf([source("a", 1), source("b", 0.5), source("c", 0.75)])?.sourceId).toBe("b");
  });

  it("is never a source at 100%, even when others are unanswered", () => {
    expect(weakestOf([source("a", 1), source("b", 1)])).toBeUndefined();
    expect(weakestOf([source("a", 1), source("b", null, 0)])).toBeUndefined();
  });

  it("is not named when every source is level", () => {
    expect(weakestOf([source("a", 0.5), source("b", 0.5)])).toBeUndefined();
  });
});
