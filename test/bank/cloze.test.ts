import { describe, expect, it } from "vitest";
import { clozePassage } from "../../src/bank/cloze.ts";

describe("cloze passages", () => {
  it("blanks the span in the quote's own words, found across line breaks and curly quotes", () => {
    expect(
      clozePassage("An estimated 100,000 North Korean asylum seekers live in hiding.", "100,000"),
    ).toEqual({
      before: "An estimated ",
      after: " North Korean asylum seekers live in hiding.",
    });
    expect(clozePassage("The “Strike Hard”\ncampaign returned many.", '"Strike Hard" campaign')).toEqual({
      before: "The ",
      after: " returned many.",
    });
  });

  it("gives nothing for a span the quote does not hold", () => {
    expect(clozePassage("An estimated 100,000 people.", "200,000")).toBeUndefined();
    expect(clozePassage("An estimated 100,000 people.", "   ")).toBeUndefined();
  });
});
