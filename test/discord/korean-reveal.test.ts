import { describe, expect, it } from "vitest";
import { loadBank } from "../../src/bank/load.ts";
import { questionDetailEmbed } from "../../src/discord/render/community.ts";
import { embedLength, revealEmbed } from "../../src/discord/render/quiz.ts";
import { blockQuote } from "../../src/discord/render/text.ts";
import type { RevealView } from "../../src/engine/reveal.ts";
import { revealOf } from "../../src/engine/reveal.ts";

const bank = await loadBank();

/** A reveal at every limit the bank allows: 1,000-character texts, four other sources, all translated. */
function longestReveal(): RevealView {
  const quote = `${"The passage as the source has it. ".repeat(29)}END`.slice(0, 1000);
  const translation = "출처의 문장을 옮긴 번역입니다. ".repeat(60).slice(0, 1000);
  const citation = {
    sourceId: "state-dept-2005",
    title: "북한 비호 신청자의 현황과 이들에 대한 미국 정부의 정책",
    author: "미국 국무부 (2004년 「북한인권법」(P.L. 108-333) 제301조에 따른 의회 보고서)",
    date: "undated",
    dateNote: "2004 회계연도 수치와 2005년 1월 31일~2월 4일의 현지 방문을 보고하므로 2005년",
    quote,
    quoteTranslation: translation,
    line: 10,
    endLine: 20,
    section: "SECTION 301(B)(1) – ASSESSMENT OF CIRCUMSTANCES",
  };
  return {
    questionId: "q",
    question: "가".repeat(1000),
    answer: "나".repeat(80),
    explanation: "다".repeat(1000),
    citation,
    otherSources: Array.from({ length: 4 }, () => ({ ...citation, note: "라".repeat(200) })),
    communityAdded: false,
  };
}

describe("the Korean reveal", () => {
  it("puts the translation under 번역, beneath the verbatim passage, for every translated question", () => {
    let translated = 0;
    for (const question of bank.questions) {
      const text = bank.translations.questions.get(question.id);
      if (!text) continue;
      translated++;
      const embed = revealEmbed(revealOf(bank, question, "ko"), undefined, "ko");
      const names = embed.fields?.map((f) => f.name) ?? [];
      expect(names.slice(0, 4)).toEqual(["출처", "원문", "번역", "더 읽을 곳"]);
      expect(embed.fields?.[1]?.value).toBe(blockQuote(question.citation.quote));
      expect(embed.fields?.[2]?.value).toBe(text.quote);
      // English readers see no translation at all.
      const english = revealEmbed(revealOf(bank, question, "en"), undefined, "en");
      expect(english.fields?.map((f) => f.name)).not.toContain("Translation");
      expect(english.description).toBe(question.explanation);
    }
    expect(translated).toBeGreaterThanOrEqual(16);
  });

  it("cuts the translation, never the passage, to stay within 6,000 characters and 1,024 per field", () => {
    const reveal = longestReveal();
    // The message's other embed (the question with four long options) and a channel round's
    // fields leave this reveal about 3,000 characters.
    const reserved = 3000;
    const embed = revealEmbed(reveal, undefined, "ko", { reserved });
    expect(embedLength(embed) + reserved).toBeLessThanOrEqual(6000);
    const fields = embed.fields ?? [];
    for (const field of fields) expect(field.value.length).toBeLessThanOrEqual(1024);
    // The passage whole; its translation present but cut short; no room left for other sources.
    expect(fields[1]?.value).toBe(blockQuote(reveal.citation.quote));
    const translation = fields.find((f) => f.name === "번역")?.value ?? "";
    expect(translation.length).toBeGreaterThan(20);
    expect(translation.length).toBeLessThan(reveal.citation.quoteTranslation?.length ?? 0);
    expect(translation.endsWith("…")).toBe(true);
    // With room, the same translation is shown whole.
    const roomy = revealEmbed({ ...reveal, otherSources: [] }, undefined, "ko");
    expect(roomy.fields?.find((f) => f.name === "번역")?.value).toBe(reveal.citation.quoteTranslation);
  });

  it("within an other source's field, gives the passage its room before the translation's", () => {
    const reveal = { ...longestReveal(), explanation: "짧은 설명이에요." };
    const embed = revealEmbed({ ...reveal, otherSources: reveal.otherSources.slice(0, 1) }, undefined, "ko");
    const other = embed.fields?.find((f) => f.name.startsWith("다른 출처: "))?.value ?? "";
    // The note, then as much of the passage as fits, then the translation only if room is left.
    expect(other.startsWith(`*${"라".repeat(200)}*\n> The passage as the source has it.`)).toBe(true);
    expect(other.length).toBeLessThanOrEqual(1024);
    const passageShown = other.split("\n").find((line) => line.startsWith("> "))?.length ?? 0;
    expect(passageShown).toBeGreaterThan(500);
    expect(other).not.toContain(`번역: ${reveal.citation.quoteTranslation}`);
  });

  it("shows a quiz master's detail of a shipped question in Korean, the passage verbatim", () => {
    const question = bank.get("institute-2009-unhcr-cases");
    const text = question && bank.translations.questions.get(question.id);
    if (!question || !text) throw new Error("no translated question");
    const embed = questionDetailEmbed(bank, question, "문제", "ko");
    expect(embed.description).toBe(text.question);
    expect(embed.fields?.[0]?.value).toBe(
      ["✅ 1,195건", ...(text.wrong ?? []).map((w) => `✗ ${w}`)].join("\n"),
    );
    expect(embed.fields?.[1]?.value).toBe(text.explanation);
    expect(embed.fields?.find((f) => f.name === "원문")?.value).toBe(blockQuote(question.citation.quote));
    expect(embed.footer?.text).toBe("institute-2009-unhcr-cases · 어려움 · 유엔, 수치");
  });
});
