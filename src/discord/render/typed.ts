/**
 * What typed answers look like: the typed prompt (or the cloze passage), the answer form, the
 * verdict and "why not" notes in a reveal, the channel reveal's typed statistics, hints, and the
 * "Redo my mistakes" button. The rules are the engine's; these only word and lay them out.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbedField,
  type APIModalInteractionResponseCallbackData,
  ButtonStyle,
  ComponentType,
  TextInputStyle,
} from "discord.js";
import type { RoundView } from "../../app/quiz.ts";
import { clozePassage } from "../../bank/cloze.ts";
import type { Question } from "../../bank/question.ts";
import { TYPED_ANSWER_MAX } from "../../engine/limits.ts";
import type { Hint, SessionState } from "../../engine/session.ts";
import { foldTyped, type TypedVerdict } from "../../engine/typed-answer.ts";
import { type Locale, t } from "../../i18n/index.ts";
import { encodeButton, encodeModal } from "../interactions/custom-id.ts";
import { blockQuote, DISCORD_LIMITS, truncate } from "./text.ts";

const LETTERS = ["A", "B", "C", "D"];
/** Discord's limits for a modal: a text input's label, and what we let a player type. */
export const TYPED_INPUT = { labelMax: 45, answerMax: TYPED_ANSWER_MAX, id: "answer" } as const;
/** How many distinct wrong answers a channel reveal lists. */
const WRONG_ANSWERS_SHOWN = 3;

/** The body of a typed round's question: the typing stem, or the passage with the span blanked. */
export function typedQuestionLines(question: Question, locale: Locale): string[] {
  const typed = question.typed;
  if (!typed) return [question.question];
  const passage = typed.cloze === undefined ? undefined : clozePassage(question.citation.quote, typed.cloze);
  if (passage) {
    const blank = "\\_\\_\\_\\_\\_\\_";
    return [
      typed.prompt ?? question.question,
      "",
      t(locale, "typed.ask.cloze"),
      blockQuote(`${passage.before}${blank}${passage.after}`),
    ];
  }
  return [typed.prompt ?? question.question, "", t(locale, "typed.ask.typeIt")];
}

/** The buttons of a round still asking: "Type my answer" on a typed round, and the hint where hints are on. */
export function typedRoundButtons(
  view: RoundView,
  locale: Locale,
  withHint: boolean | "taken",
): APIActionRowComponent<APIButtonComponent> {
  const components: APIButtonComponent[] = [];
  if (view.typed) {
    components.push({
      type: ComponentType.Button,
      custom_id: encodeButton({ kind: "typ", sessionId: view.sessionId, round: view.round }),
      label: t(locale, "typed.button.answer"),
      style: ButtonStyle.Primary,
    });
  }
  if (withHint) components.push({ ...hintButton(view, locale), disabled: withHint === "taken" });
  return { type: ComponentType.ActionRow, components };
}

function hintButton(view: RoundView, locale: Locale): APIButtonComponent {
  return {
    type: ComponentType.Button,
    custom_id: encodeButton({ kind: "hint", sessionId: view.sessionId, round: view.round }),
    label: t(locale, "typed.button.hint"),
    style: ButtonStyle.Secondary,
  };
}

/** The answer form: one short text input, its label within Discord's 45 characters. */
export function typedAnswerModal(view: RoundView, locale: Locale): APIModalInteractionResponseCallbackData {
  return {
    custom_id: encodeModal({ kind: "mtyp", sessionId: view.sessionId, round: view.round }),
    title: truncate(t(locale, "typed.modal.title"), 45),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: TYPED_INPUT.id,
            label: truncate(t(locale, "typed.modal.label"), TYPED_INPUT.labelMax),
            style: TextInputStyle.Short,
            required: true,
            min_length: 1,
            max_length: TYPED_INPUT.answerMax,
            placeholder: truncate(t(locale, "typed.modal.placeholder"), 100),
          },
        ],
      },
    ],
  };
}

/** The reveal fields of a typed verdict: what was typed, and what was accepted (or which option it was). */
export function typedVerdictField(typed: string, verdict: TypedVerdict, locale: Locale): APIEmbedField {
  const value =
    verdict.kind === "near-miss"
      ? t(locale, "typed.reveal.nearMiss", { accepted: verdict.accepted })
      : verdict.kind === "wrong-option"
        ? t(locale, "typed.reveal.wrongOption", { option: verdict.option })
        : t(locale, "typed.reveal.accepted", { accepted: verdict.accepted });
  return {
    name: truncate(t(locale, "typed.reveal.youTyped", { typed }), DISCORD_LIMITS.fieldName),
    value: truncate(value, DISCORD_LIMITS.fieldValue),
  };
}

/** "Why not X": the note on the wrong option a player picked or typed, with its verified quote. */
export function wrongNoteField(
  question: Question,
  option: string | undefined,
  sourceTitle: (sourceId: string) => string,
  locale: Locale,
): APIEmbedField | undefined {
  const note = option === undefined ? undefined : question.wrongNotes?.find((n) => n.option === option);
  if (!note) return undefined;
  return {
    name: truncate(t(locale, "typed.reveal.whyNot", { option: note.option }), DISCORD_LIMITS.fieldName),
    value: truncate(
      t(locale, "typed.reveal.whyNotValue", {
        note: note.note,
        quote: blockQuote(note.citation.quote, 600),
        source: sourceTitle(note.citation.source),
      }),
      DISCORD_LIMITS.fieldValue,
    ),
  };
}

/** A channel reveal's typed statistics: how many typed it right, and the most common wrong answers (no names). */
export function typedStatsField(
  state: SessionState,
  options: readonly string[],
  locale: Locale,
): APIEmbedField | undefined {
  const typed = Object.values(state.answers).filter((a) => a.typed !== undefined);
  if (typed.length === 0) return undefined;
  const right = typed.filter((a) => a.correct).length;
  const wrongCounts = new Map<string, { shown: string; count: number }>();
  for (const a of typed) {
    if (a.correct || a.typed === undefined) continue;
    // A wrong option counts as that option however it was typed ("30000-50000" is "30,000 to 50,000").
    const option = a.match === "wrong-option" ? options[a.choice] : undefined;
    const key = option === undefined ? `typed:${foldTyped(a.typed)}` : `option:${option}`;
    const entry = wrongCounts.get(key) ?? { shown: option ?? a.typed.trim(), count: 0 };
    entry.count += 1;
    wrongCounts.set(key, entry);
  }
  const common = [...wrongCounts.values()]
    .sort((a, b) => b.count - a.count || a.shown.localeCompare(b.shown))
    .slice(0, WRONG_ANSWERS_SHOWN)
    .map((w) => t(locale, "typed.channel.statsWrongRow", { answer: truncate(w.shown, 60), count: w.count }));
  const lines = [t(locale, "typed.channel.statsRight", { right, total: typed.length })];
  if (common.length > 0) lines.push(t(locale, "typed.channel.statsWrong", { answers: common.join(", ") }));
  return {
    name: t(locale, "typed.channel.stats"),
    value: truncate(lines.join("\n"), DISCORD_LIMITS.fieldValue),
  };
}

/** A hint in words, with what it costs. */
export function hintText(hint: Hint, cost: number, locale: Locale, optionsShown: readonly string[]): string {
  if (hint.kind === "typed")
    return t(locale, "typed.hint.typed", { first: hint.first, words: hint.words, cost });
  if (hint.removed.length === 0) return t(locale, "typed.hint.none");
  // Named in full: in a channel round this private reply is the only place the player sees them.
  const options = hint.removed
    .map((i) => t(locale, "typed.hint.option", { letter: LETTERS[i] ?? "?", option: optionsShown[i] ?? "" }))
    .join(", ");
  return t(locale, "typed.hint.choice", { options, cost });
}

/** The line a choice hint adds to the player's own question message, whose options it disables. */
export function hintInPlaceText(cost: number, locale: Locale): string {
  return t(locale, "typed.hint.inPlace", { cost });
}

/**
 * "Why was I wrong?", under a channel round's reveal whose question has notes on its wrong
 * options: the public message cannot show each member's own note, so a click asks for it privately.
 */
export function whyWrongButton(sessionId: string, round: number, locale: Locale): APIButtonComponent {
  return {
    type: ComponentType.Button,
    custom_id: encodeButton({ kind: "why", sessionId, round }),
    label: t(locale, "typed.why.button"),
    style: ButtonStyle.Secondary,
  };
}

/** "Redo my mistakes", under a solo summary with questions missed. */
export function redoButton(sessionId: string, locale: Locale): APIButtonComponent {
  return {
    type: ComponentType.Button,
    custom_id: encodeButton({ kind: "redo", sessionId }),
    label: t(locale, "typed.button.redo"),
    style: ButtonStyle.Primary,
  };
}
