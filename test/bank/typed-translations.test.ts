import { describe, expect, it } from "vitest";
import type { Question } from "../../src/bank/question.ts";
import type { QuestionText, Translations } from "../../src/bank/translations.ts";
import { translatedFormProblems, withTranslatedForms } from "../../src/bank/typed-translations.ts";
import { makeTestBank } from "../helpers/game.ts";

const base = makeTestBank(1).questions[0] as Question;
const typed: Question = {
  ...base,
  answer: "100,000",
  wrong: ["11,000", "7,800"],
  typed: { accept: ["100,000"] },
};

function koreanOf(text: Partial<QuestionText>): Translations {
  const entry = {
    id: typed.id,
    question: "?",
    explanation: "…",
    quote: "…",
    also: [],
    ...text,
  } as QuestionText;
  return { questions: new Map([[typed.id, entry]]), sources: new Map(), topics: new Map() };
}

describe("Korean forms of a typed question", () => {
  it("joins the Korean answer and accept: forms, and maps each Korean wrong option to its English one", () => {
    const [joined] = withTranslatedForms(
      [typed],
      koreanOf({ answer: "10만 명", wrong: ["1만 1천 명", "7,800명"], accept: ["십만"] }),
    );
    expect(joined?.typed?.translated).toEqual({
      accept: ["10만 명", "십만"],
      wrong: { "1만 1천 명": "11,000", "7,800명": "7,800" },
    });
    // The English canonical form stays first: "Accepted: 100,000" is what a near miss is told.
    expect(joined?.typed?.accept).toEqual(["100,000"]);
  });

  it("leaves a question without typed: or without Korean as it is", () => {
    const plain = { ...typed, typed: undefined };
    expect(withTranslatedForms([plain], koreanOf({ accept: ["십만"] }))[0]).toBe(plain);
    expect(withTranslatedForms([typed], koreanOf({}))[0]).toBe(typed);
  });

  it("refuses a Korean form that would accept a wrong option, naming the Korean file and field", () => {
    const questions = withTranslatedForms(
      [typed],
      koreanOf({ accept: ["만 천"], wrong: ["만 천", "7,800명"] }),
    );
    const problems = translatedFormProblems(questions);
    // "만 천" is 11,000: it accepts the English wrong option and its Korean text alike.
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ["accept.0", '"만 천" would accept the wrong option "11,000"'],
      ["accept.0", '"만 천" would accept the wrong option "만 천"'],
    ]);
    expect(problems[0]).toMatchObject({ questionId: typed.id });
  });
});
