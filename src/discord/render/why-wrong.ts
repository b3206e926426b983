import type { APIEmbed } from "discord.js";
import type { Question } from "../../bank/question.ts";
import { type Locale, t } from "../../i18n/index.ts";
import { COLORS } from "./quiz.ts";
import { wrongNoteField } from "./typed.ts";

/**
 * The private answer to "Why was I wrong?": the note on the member's wrong option with its
 * verified quote, or (no note for that option) a line saying the explanation is all there is.
 */
export function whyWrongReply(
  question: Question,
  option: string,
  sourceTitle: (sourceId: string) => string,
  locale: Locale,
): { content?: string; embeds?: APIEmbed[] } {
  const field = wrongNoteField(question, option, sourceTitle, locale);
  if (!field) return { content: t(locale, "typed.why.noNote", { option }) };
  return { embeds: [{ color: COLORS.wrong, fields: [field] }] };
}
