/**
 * Reading a question the bot showed in a reader's language: which bank question it is, which
 * button is right, and whether any English is left in text meant to be Korean.
 */
import type { APIMessage } from "discord.js";
import type { Bank } from "../../src/bank/bank.ts";
import { localizeQuestion } from "../../src/bank/localize.ts";
import type { Question } from "../../src/bank/question.ts";
import type { Locale } from "../../src/i18n/index.ts";
import { answerButtons } from "./bot.ts";

/**
 * The bank question a message asks, as shown in `locale` (`shown`), and its right button. Like
 * rightButton (helpers/bot.ts), but a question in Korean is found by its Korean text.
 */
export function rightButtonIn(message: APIMessage | undefined, bank: Bank, locale: Locale) {
  const text = message?.embeds[0]?.description ?? "";
  for (const question of bank.questions) {
    const shown = localizeQuestion(bank, question, locale);
    if (text !== shown.question && !text.startsWith(`${shown.question}\n`)) continue;
    const button = answerButtons(message).find((b) => b.label.slice(3) === shown.answer);
    if (!button) throw new Error(`no button for "${shown.answer}" (${question.id})`);
    return { button, question, shown };
  }
  throw new Error(`no bank question matches "${text.slice(0, 60)}" in ${locale}`);
}

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
