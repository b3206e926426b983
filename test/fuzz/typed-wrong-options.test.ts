/**
 * The strict half of the typed-answer matcher, over the whole shipped bank: for every
 * multiple-choice question, typing any of its wrong options, or a simple perturbation of one (the
 * slips the lenient rules forgive: case, spacing, punctuation, curly quotes, a leading article or
 * hedge, separators, one typo), is never accepted as its answer. The accepted forms are the
 * question's `typed.accept` where it has one, then its answer (as the game judges).
 */
import { describe, expect, it } from "vitest";
import type { Question } from "../../src/bank/question.ts";
import { seededRandom } from "../../src/engine/random.ts";
import { typedKeyOf } from "../../src/engine/session.ts";
import { isAccepted, judgeTyped } from "../../src/engine/typed-answer.ts";
import { shippedBankOnce } from "../helpers/bot.ts";

const SEED = process.env.FUZZ_SEED ?? "issue-28";
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/**
 * The slips of one wrong option: each is a way a player might type that option. `typos` are kept
 * apart: a typo of a wrong option can be the right answer itself ("15" swapped is "51", the answer
 * of tvedt-2018-under-reported-famine), and typing the answer is right.
 */
function perturbations(option: string, random: () => number): { slips: string[]; typos: string[] } {
  const pick = (n: number) => Math.floor(random() * n);
  const chars = [...option];
  const at = pick(Math.max(1, chars.length));
  const out = [
    option,
    option.toUpperCase(),
    option.toLowerCase(),
    `  ${option.replace(/ /g, "   ")} `,
    `${option}.`,
    `"${option}"`,
    `“${option}”`,
    `the ${option}`,
    `about ${option}`,
    option.replace(/,/g, ""),
    option.replace(/,/g, " "),
    option.replace(/-/g, " "),
  ];
  // One typo: every deletion and every swap of neighbours, and a random substitution and insertion.
  const typos = [
    ...chars.map((_, i) => [...chars.slice(0, i), ...chars.slice(i + 1)].join("")),
    ...chars
      .slice(1)
      .map((_, i) => [...chars.slice(0, i), chars[i + 1], chars[i], ...chars.slice(i + 2)].join("")),
    [...chars.slice(0, at), LETTERS[pick(26)] as string, ...chars.slice(at + 1)].join(""),
    [...chars.slice(0, at), LETTERS[pick(26)] as string, ...chars.slice(at)].join(""),
  ];
  return { slips: [...new Set(out)], typos: [...new Set(typos)] };
}

describe("typed answers never accept a wrong option (shipped bank)", () => {
  it("no wrong option, nor a slip of one, is accepted for any multiple-choice question", async () => {
    const bank = await shippedBankOnce();
    const random = seededRandom(SEED);
    const multipleChoice = bank.questions.filter((q) => q.type === "multiple-choice");
    expect(multipleChoice.length).toBeGreaterThan(100);
    const accepted: string[] = [];
    let tried = 0;
    for (const question of multipleChoice) {
      const key = keyOf(question);
      for (const option of question.wrong) {
        const { slips, typos } = perturbations(option, random);
        const isTheAnswer = (typed: string) =>
          judgeTyped(typed, { accept: key.accept, wrong: [] }).kind === "exact";
        for (const typed of [...slips, ...typos.filter((t) => !isTheAnswer(t))]) {
          tried += 1;
          const verdict = judgeTyped(typed, key);
          if (isAccepted(verdict))
            accepted.push(`${question.id}: "${typed}" (a slip of "${option}") was ${verdict.kind}`);
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(tried).toBeGreaterThan(multipleChoice.length * 10);
  });

  it("and each question's own answer is accepted, so the test above is not vacuous", async () => {
    const bank = await shippedBankOnce();
    const refused = bank.questions
      .filter((q) => q.type === "multiple-choice")
      // A typed question's canonical form (a cloze span may be shorter than the option); else the option.
      .filter((q) => !isAccepted(judgeTyped(q.typed?.accept[0] ?? q.answer, keyOf(q))))
      .map((q) => q.id);
    expect(refused).toEqual([]);
  });
});

/** The key the game judges with (the accepted forms, then the multiple-choice answer). */
function keyOf(question: Question) {
  return typedKeyOf(question);
}
