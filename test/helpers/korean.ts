/** Reading Korean the bot showed: whether any English is left in it, and what the bank's Korean is. */
import type { Bank } from "../../src/bank/bank.ts";
import type { Question } from "../../src/bank/question.ts";

/**
 * English left in a Korean text: words of Latin letters with a lower-case letter, outside
 * parentheses and quotation marks. What a Korean text may keep in Latin letters is left out: an
 * acronym (UNHCR, USCRI), a code (P1), a name or a word in parentheses beside its Korean
 * (난민처리센터(Refugee Processing Center)), and a word the text quotes ("refoulement").
 */
export function englishIn(text: string): string[] {
  const outside = text
    .replace(/\([^()]*\)/g, " ")
    .replace(/"[^"]*"|“[^”]*”|'[^']*'|「[^」]*」|『[^』]*』/g, " ");
  return outside.match(/[A-Za-z]*[a-z][A-Za-z]*/g) ?? [];
}

/** The Korean question, options and explanation of a question, for comparing what the bot shows. */
export function koreanOf(bank: Bank, question: Question) {
  const text = bank.translations.questions.get(question.id);
  if (!text) throw new Error(`${question.id} has no Korean text`);
  return text;
}
