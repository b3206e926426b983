import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { approvedAsBankFile } from "../../src/app/community/questions.ts";
import { loadBank } from "../../src/bank/load.ts";
import { checkSubmission, draftToInput } from "../../src/bank/submission.ts";
import type { CommunityQuestion } from "../../src/records/community.ts";

const QUOTE = "An estimated 100,000 North Korean asylum seekers live in hiding in China.";

function approved(id: string, draft: Partial<CommunityQuestion["draft"]>): CommunityQuestion {
  return {
    v: 1,
    id,
    guildId: "g",
    authorId: "a",
    status: "approved",
    draft: {
      source: "uscri-2004",
      difficulty: "easy",
      topic: "community",
      question: "How many North Korean asylum seekers hid in China, according to USCRI?",
      answer: "100,000",
      wrong: "11,000\n7,800",
      quote: QUOTE,
      explanation: "USCRI estimated 100,000.",
      ...draft,
    },
    createdAt: 0,
    reviewerId: "r",
    reviewedAt: 1,
    reason: null,
    locale: "ko",
  };
}

describe("community proposals written in Korean", () => {
  it("take 참 and 거짓 as true and false", () => {
    const draft = approved("c1", { question: "USCRI는 10만 명으로 봤어요.", answer: "참", wrong: "" }).draft;
    expect(draftToInput(draft, "c1")).toMatchObject({ type: "true-false", answer: true });
    expect(draftToInput({ ...draft, answer: "거짓" }, "c1")).toMatchObject({
      type: "true-false",
      answer: false,
    });
  });

  it("pass the checker as an English proposal does, the quote still verbatim; a translated quote is refused", async () => {
    const { corpus } = await loadBank();
    const korean = approved("c-ko", {
      question: "USCRI의 2004년 조사에 따르면, 중국에 숨어 지내는 북한 비호 신청자는 몇 명인가요?",
      answer: "10만 명",
      wrong: "1만 1,000명\n7,800명",
      explanation: "USCRI는 10만 명으로 추정했어요.",
    }).draft;
    const options = { id: "c-ko", corpus, guildId: "g", authorId: "a", takenIds: new Set<string>() };
    expect(checkSubmission(korean, options).problems).toEqual([]);
    const translatedQuote = {
      ...korean,
      quote: "약 10만 명의 북한 비호 신청자가 중국에서 숨어 지내는 것으로 추정된다.",
    };
    expect(checkSubmission(translatedQuote, options).problems.map((p) => p.field)).toContain(
      "citation.quote",
    );
  });

  it("are exported with their Korean text in the Korean fields, the quote verbatim from the source", () => {
    const file = approvedAsBankFile("g", [
      approved("c-en", {}),
      approved("c-ko", {
        question: "USCRI의 2004년 조사에 따르면, 중국에 숨어 지내는 북한 비호 신청자는 몇 명인가요?",
        answer: "10만 명",
        wrong: "1만 1,000명\n7,800명",
        explanation: "USCRI는 10만 명으로 추정했어요.",
      }),
    ]);
    // The bank file itself: both proposals, each with its verbatim quote.
    const bankFile = yaml.load(file) as { questions: { id: string; citation: { quote: string } }[] };
    expect(bankFile.questions.map((q) => [q.id, q.citation.quote])).toEqual([
      ["c-en", QUOTE],
      ["c-ko", QUOTE],
    ]);
    // Below it, commented out for questions/ko/: the Korean proposal's Korean fields, and only those.
    const koreanBlock = file
      .split("\n")
      .filter(
        (line) => line.startsWith("# ") && !line.startsWith("# Community") && !line.startsWith("# Copy"),
      )
      .filter((line) => !/^# (Written|this file|Korean rendering)/.test(line))
      .map((line) => line.slice(2))
      .join("\n");
    expect(yaml.load(koreanBlock)).toEqual({
      questions: [
        {
          id: "c-ko",
          question: "USCRI의 2004년 조사에 따르면, 중국에 숨어 지내는 북한 비호 신청자는 몇 명인가요?",
          answer: "10만 명",
          wrong: ["1만 1,000명", "7,800명"],
          explanation: "USCRI는 10만 명으로 추정했어요.",
        },
      ],
    });
    // An export of English proposals only has no Korean block.
    expect(approvedAsBankFile("g", [approved("c-en", {})])).not.toContain("Written in Korean");
  });
});
