import { beforeAll, describe, expect, it } from "vitest";
import type { Bank } from "../../src/bank/bank.ts";
import { foldQuestionText, nearDuplicates } from "../../src/bank/duplicates.ts";
import type { Question } from "../../src/bank/question.ts";
import { checkSubmission, type SubmissionDraft, type SubmissionProblem } from "../../src/bank/submission.ts";
import { normalizeDraft, OPTION_READABLE_MAX } from "../../src/bank/text-safety.ts";
import { submissionProblemsMessage } from "../../src/discord/render/community.ts";
import { HOSTILE_PIECES } from "../fuzz/hostile.ts";
import { shippedBankOnce } from "../helpers/bot.ts";

let bank: Bank;
let shipped: Question;
beforeAll(async () => {
  bank = await shippedBankOnce();
  shipped = bank.get("uscri-2004-hiding-in-china") as Question;
});

/** A draft that passes every check (quote from the shipped question, new question text). */
function goodDraft(overrides: Partial<SubmissionDraft> = {}): SubmissionDraft {
  return {
    source: shipped.citation.source,
    difficulty: "easy",
    topic: "community",
    question: "Which number did the survey give for asylum seekers hiding in China?",
    answer: "100,000",
    wrong: "5,000\n9,000",
    quote: shipped.citation.quote,
    explanation: "The survey gave 100,000.",
    ...overrides,
  };
}

function check(draft: SubmissionDraft) {
  return checkSubmission(draft, {
    id: "community-test",
    corpus: bank.corpus,
    guildId: "g1",
    authorId: "u1",
    takenIds: new Set(),
  });
}

const keys = (problems: readonly SubmissionProblem[]) => problems.map((p) => `${p.field}:${p.message[0]}`);

describe("the proposal checker against hostile text", () => {
  it("accepts a good draft", () => {
    const { question, problems } = check(goodDraft());
    expect(problems).toEqual([]);
    expect(question?.id).toBe("community-test");
  });

  it("normalises full-width and compatibility forms (NFKC), but keeps the quote as its source has it", () => {
    const draft = normalizeDraft(goodDraft({ answer: "ｓｔａｔｅ", quote: "a…b" }));
    expect(draft.answer).toBe("state");
    expect(draft.quote).toBe("a…b");
  });

  it.each([
    ["NUL", "\u0000"],
    ["BEL", "\u0007"],
    ["ESC", "\u001b[31mred\u001b[0m"],
    ["DEL", "\u007f"],
    ["NEL", "\u0085"],
    ["line separator", "\u2028"],
  ])("refuses the control character %s in the question and in an option", (_, piece) => {
    const { question, problems } = check(
      goodDraft({ question: `Which ${piece} number?`, wrong: `5,${piece}000\n9,000` }),
    );
    expect(question).toBeUndefined();
    expect(keys(problems)).toContain("question:submission.check.control");
    expect(keys(problems)).toContain("wrong.0:submission.check.control");
  });

  it.each(["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u202a"])(
    "refuses the bidirectional control %j anywhere, even in the explanation",
    (piece) => {
      const { problems } = check(goodDraft({ explanation: `${piece}The survey gave 100,000.` }));
      expect(keys(problems)).toEqual(["explanation:submission.check.bidi"]);
    },
  );

  it("refuses half of a surrogate pair", () => {
    expect(keys(check(goodDraft({ answer: "100\ud800" })).problems)).toContain(
      "answer:submission.check.brokenCharacter",
    );
  });

  it("refuses options equal once zero-width characters are removed, and options that are only invisible", () => {
    const same = check(goodDraft({ wrong: "100,\u200b000\n9,000" }));
    expect(keys(same.problems)).toEqual(["wrong.0:submission.check.invisiblySame"]);
    expect(same.problems[0]?.message[1]).toEqual({ option: "100,000" });
    const only = check(goodDraft({ wrong: "\u200b\u200d\ufeff\n9,000" }));
    expect(keys(only.problems)).toEqual(["wrong.0:submission.check.invisibleOnly"]);
    // A plain duplicate is reported once, by the bank's own check.
    expect(keys(check(goodDraft({ wrong: "100,000\n9,000" })).problems)).toEqual([
      "wrong.0:submission.check.answerIsWrong",
    ]);
  });

  it(`refuses options longer than ${OPTION_READABLE_MAX} characters, which a button would cut`, () => {
    const long = "x".repeat(OPTION_READABLE_MAX + 1);
    expect(keys(check(goodDraft({ wrong: `${long}\n9,000` })).problems)).toEqual([
      "wrong.0:submission.check.optionTooLong",
    ]);
    expect(check(goodDraft({ wrong: `${"x".repeat(OPTION_READABLE_MAX)}\n9,000` })).problems).toEqual([]);
  });

  it("never accepts a hostile piece carrying a control or bidi character, in any field", () => {
    const forbidden = HOSTILE_PIECES.filter((p) =>
      /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u.test(p.replace(/[\n\t\r]/g, "")),
    );
    expect(forbidden.length).toBeGreaterThan(5);
    for (const piece of forbidden) {
      for (const field of ["question", "answer", "explanation"] as const) {
        const { question } = check(goodDraft({ [field]: `${goodDraft()[field]} ${piece}` }));
        expect(question, `${field} ${JSON.stringify(piece)}`).toBeUndefined();
      }
    }
  });

  it("names every problem in the member's language, the bank's own checks included", () => {
    const draft = goodDraft({ wrong: "100,000\n\u202eevil", quote: "not in the source at all, surely" });
    const { problems } = check(draft);
    expect(problems.map((p) => p.message[0])).not.toContain("submission.check.other");
    const ko = JSON.stringify(submissionProblemsMessage(problems, "ko"));
    expect(ko).toContain("오답 보기에 정답(");
    expect(ko).toContain("인용문이");
    expect(ko).not.toContain("is also a wrong option");
  });

  it("shows the member's own text in problems as typed, not as Markdown", () => {
    const { problems } = check(goodDraft({ answer: "```js", wrong: "```js\n9,000" }));
    const shown = JSON.stringify(submissionProblemsMessage(problems, "en"));
    expect(shown).not.toMatch(/[^\\]```/);
  });
});

describe("near-duplicates", () => {
  it("finds a copy of a shipped question by its quote, and by its text folded for case, punctuation and spacing", () => {
    const copy = check(goodDraft({ question: shipped.question })).question as Question;
    expect(nearDuplicates(copy, bank.questions).map((d) => d.id)).toContain(shipped.id);
    const sameText = {
      id: "x",
      question: `  ${shipped.question.toUpperCase().replace(/\?$/, "!!")}`,
      citation: { source: "other", quote: "q" },
    };
    expect(nearDuplicates(sameText, bank.questions)).toEqual([{ id: shipped.id, reason: "question" }]);
    expect(foldQuestionText("Hello, World?")).toBe(foldQuestionText("hello world"));
  });

  it("finds nothing for a new question with a new quote", () => {
    const fresh = {
      id: "x",
      question: "An entirely new question?",
      citation: { source: "uscri-2004", quote: "nothing like it" },
    };
    expect(nearDuplicates(fresh, bank.questions)).toEqual([]);
  });
});

describe("proposals stored before the option-length rule", () => {
  it("still load, their long options shown in full in the question instead", () => {
    const draft = goodDraft({ wrong: `${"x".repeat(OPTION_READABLE_MAX + 5)}\n9,000` });
    const options = {
      id: "community-old",
      corpus: bank.corpus,
      guildId: "g1",
      authorId: "u1",
      takenIds: new Set<string>(),
    };
    expect(checkSubmission(draft, options).question).toBeUndefined();
    expect(checkSubmission(draft, { ...options, stored: true }).question?.id).toBe("community-old");
    // Hidden characters are refused even then: they would be shown to every player.
    expect(
      checkSubmission(goodDraft({ answer: "1\u202e00,000" }), { ...options, stored: true }).question,
    ).toBeUndefined();
  });
});
