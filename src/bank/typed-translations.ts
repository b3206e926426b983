/**
 * Typed answers in Korean: a typed question's Korean answer and `accept:` forms (questions/ko/) are
 * accepted as its English forms are, and its Korean wrong options are refused as the options they
 * translate. Joined once, when the bank loads, so the engine judges one key per question.
 */
import { isAccepted, judgeTyped } from "../engine/typed-answer.ts";
import type { BankProblem } from "./problems.ts";
import { originFile, type Question } from "./question.ts";
import type { Translations } from "./translations.ts";

export function withTranslatedForms(questions: readonly Question[], translations: Translations): Question[] {
  return questions.map((question) => {
    const korean = translations.questions.get(question.id);
    if (!question.typed || !korean) return question;
    const accept = [...new Set([...(korean.answer ? [korean.answer] : []), ...(korean.accept ?? [])])];
    const wrong: Record<string, string> = {};
    korean.wrong?.forEach((text, i) => {
      const english = question.wrong[i];
      if (english !== undefined) wrong[text] = english;
    });
    if (accept.length === 0 && Object.keys(wrong).length === 0) return question;
    return { ...question, typed: { ...question.typed, translated: { accept, wrong } } };
  });
}

/**
 * `bank check` for the Korean forms: no Korean form may accept a wrong option, English or Korean
 * (a player typing "압록강" for the Tumen must be refused, not forgiven as a typo). The problem
 * names the Korean file, whose `answer`/`accept` the form came from.
 */
export function translatedFormProblems(questions: readonly Question[]): BankProblem[] {
  const problems: BankProblem[] = [];
  for (const question of questions) {
    const translated = question.typed?.translated;
    if (!translated) continue;
    const file = originFile(question).replace(/(^|\/)bank\//, "$1ko/");
    const wrongOptions = [...question.wrong, ...Object.keys(translated.wrong)];
    translated.accept.forEach((form, i) => {
      for (const option of wrongOptions) {
        if (!isAccepted(judgeTyped(option, { accept: [form], wrong: [] }))) continue;
        problems.push({
          file,
          questionId: question.id,
          field: `accept.${i}`,
          message: `"${form}" would accept the wrong option "${option}"`,
          hint: "a typed answer must tell the options apart",
        });
      }
    });
  }
  return problems;
}
