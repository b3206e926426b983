/**
 * The terminal quiz's typed answers (`npm run play -- --typed`): the same prompt as the bot's (the
 * cited passage with the answer's span blanked, or the typed prompt) and the same verdict lines
 * ("Close enough (a typo). Accepted: …"), in plain text. The judging is the engine's, as in Discord.
 */
import { clozePassage } from "../bank/cloze.ts";
import type { Question } from "../bank/question.ts";
import type { TypedVerdict } from "../engine/typed-answer.ts";
import { t } from "../i18n/index.ts";

/** The blank a terminal shows where the answer's span was. */
export const TERMINAL_BLANK = "______";

/** What a typed round prints before reading the answer. */
export function typedPromptLines(question: Question): string[] {
  const typed = question.typed;
  if (!typed) return [question.question];
  const passage = typed.cloze === undefined ? undefined : clozePassage(question.citation.quote, typed.cloze);
  const prompt = typed.prompt ?? question.question;
  if (!passage) return [prompt, "Type the answer (a typed answer scores more than a pick)."];
  return [
    prompt,
    t("en", "typed.ask.cloze"),
    `  "${passage.before}${TERMINAL_BLANK}${passage.after}"`,
    "Type the missing words.",
  ];
}

/**
 * What the terminal prints about a typed answer after the verdict: what was accepted for a near
 * miss, which option a wrong-option answer was, and the note on that option where the bank has one.
 */
export function typedVerdictLines(
  verdict: TypedVerdict,
  question: Question,
  sourceTitle: (sourceId: string) => string,
): string[] {
  if (verdict.kind === "near-miss") return [t("en", "typed.reveal.nearMiss", { accepted: verdict.accepted })];
  if (verdict.kind !== "wrong-option") return [];
  const lines = [t("en", "typed.reveal.wrongOption", { option: verdict.option })];
  const note = question.wrongNotes?.find((n) => n.option === verdict.option);
  if (note) {
    lines.push(
      t("en", "typed.reveal.whyNot", { option: note.option }),
      `  ${note.note}`,
      `  "${note.citation.quote}" (${sourceTitle(note.citation.source)})`,
    );
  }
  return lines;
}
