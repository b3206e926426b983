import { describe, expect, it } from "vitest";
import { loadBank } from "../../src/bank/load.ts";
import { matchingCount, shortQuizNotice, topicsFor } from "../../src/discord/features/quiz/quiz-options.ts";

describe("topic autocomplete", () => {
  it("offers only the topics the chosen source has questions for", async () => {
    const bank = await loadBank();
    for (const source of bank.corpus.ids()) {
      const topics = topicsFor(bank, source);
      expect(topics.length).toBeGreaterThan(0);
      for (const topic of topics)
        expect(bank.filter({ source, topic }).length, `${source} ${topic}`).toBeGreaterThan(0);
    }
    // A single source does not cover every topic of the bank.
    expect(topicsFor(bank, "seymour-2005")).not.toEqual(bank.topics());
    expect(topicsFor(bank, null)).toEqual(bank.topics());
    expect(topicsFor(bank, "no-such-source")).toEqual(bank.topics());
  });
});

describe("a quiz shorter than asked", () => {
  it("says how many match and how many are played, in both languages", () => {
    expect(shortQuizNotice(20, 4, 4, "en")).toBe("Only 4 questions match; playing 4.");
    expect(shortQuizNotice(20, 4, 4, "ko")).toBe("조건에 맞는 문제가 4개뿐이라 4개로 진행해요.");
    expect(shortQuizNotice(20, 9, 12, "en")).toBe(
      "12 questions match, but some give each other's answers away; playing 9.",
    );
    expect(shortQuizNotice(5, 5, 40, "en")).toBeUndefined();
  });

  it("counts the matching questions a server has not disabled", async () => {
    const bank = await loadBank();
    const all = bank.filter({ source: "uscri-2004", difficulty: "hard" }).length;
    expect(matchingCount(bank, new Set(), { source: "uscri-2004", difficulty: "hard" })).toBe(all);
    const one = bank.filter({ source: "uscri-2004", difficulty: "hard" })[0]?.id ?? "";
    expect(matchingCount(bank, new Set([one]), { source: "uscri-2004", difficulty: "hard" })).toBe(all - 1);
  });
});
