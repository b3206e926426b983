import type { AutocompleteInteraction, SlashCommandSubcommandBuilder } from "discord.js";
import { z } from "zod";
import { UserError } from "../../../app/errors.ts";
import { QUIZ_LIMITS } from "../../../app/quiz.ts";
import type { Bank, QuestionFilter } from "../../../bank/bank.ts";
import { localizeSource, topicName } from "../../../bank/localize.ts";
import { DIFFICULTIES } from "../../../bank/schema.ts";
import type { QuizMode } from "../../../engine/session.ts";
import { type Locale, localeOf, t } from "../../../i18n/index.ts";
import type { GuildCommandInteraction } from "../../context.ts";
import { choice, described } from "../../interactions/localize.ts";
import { DISCORD_LIMITS, truncate } from "../../render/text.ts";

/** The difficulty choices, named in the user's language. */
export const difficultyChoices = () => DIFFICULTIES.map((d) => choice(`difficulty.${d}`, d));

/** Adds the options every quiz takes: questions, source, topic, difficulty. */
export function withQuizOptions(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return sub
    .addIntegerOption((o) =>
      described(o.setName("questions"), "cmd.quiz.questions", {
        min: QUIZ_LIMITS.minQuestions,
        max: QUIZ_LIMITS.maxQuestions,
      })
        .setMinValue(QUIZ_LIMITS.minQuestions)
        .setMaxValue(QUIZ_LIMITS.maxQuestions),
    )
    .addStringOption((o) => described(o.setName("source"), "cmd.quiz.source").setAutocomplete(true))
    .addStringOption((o) => described(o.setName("topic"), "cmd.quiz.topic").setAutocomplete(true))
    .addStringOption((o) =>
      described(o.setName("difficulty"), "cmd.quiz.difficulty").addChoices(...difficultyChoices()),
    );
}

const OptionsSchema = z.object({
  questions: z.number().int().min(QUIZ_LIMITS.minQuestions).max(QUIZ_LIMITS.maxQuestions).nullable(),
  source: z.string().max(100).nullable(),
  topic: z.string().max(100).nullable(),
  difficulty: z.enum(DIFFICULTIES).nullable(),
});

/**
 * Reads a quiz's options. Discord input is a claim: autocomplete fields are free text, so the
 * source and topic are checked against the bank, with a message that says what to pick.
 */
export function readQuizOptions(
  interaction: GuildCommandInteraction,
  bank: Bank,
  defaultCount: number,
): { filter: QuestionFilter; count: number } {
  // Thrown as UserErrors: the error boundary words them in the interaction's language.
  const parsed = OptionsSchema.safeParse({
    questions: interaction.options.getInteger("questions"),
    source: interaction.options.getString("source"),
    topic: interaction.options.getString("topic"),
    difficulty: interaction.options.getString("difficulty"),
  });
  if (!parsed.success) {
    throw new UserError("error.invalidOptions", {
      issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    });
  }
  const { source, topic, difficulty, questions } = parsed.data;
  if (source !== null && !bank.corpus.get(source)) {
    throw new UserError("error.noSource", { source: truncate(source, 50) });
  }
  if (topic !== null && !bank.topics().includes(topic)) {
    throw new UserError("error.noTopic", { topic: truncate(topic, 50) });
  }
  return {
    filter: { source: source ?? undefined, topic: topic ?? undefined, difficulty: difficulty ?? undefined },
    count: questions ?? defaultCount,
  };
}

/** Sources whose id or title contains what was typed, as autocomplete choices with their question counts. */
export function sourceChoices(bank: Bank, typed: string, locale: Locale): { name: string; value: string }[] {
  const counts = bank.countBySource();
  const needle = typed.toLowerCase();
  return bank.corpus.sources
    .map((s) => ({ id: s.id, english: s.meta.title, title: localizeSource(bank, s.meta, locale).title }))
    .filter((s) => [s.id, s.english.toLowerCase(), s.title.toLowerCase()].some((key) => key.includes(needle)))
    .map((s) => ({
      name: truncate(
        t(locale, "sources.choice", { title: s.title, count: counts.get(s.id) ?? 0 }),
        DISCORD_LIMITS.choiceName,
      ),
      value: s.id,
    }))
    .slice(0, DISCORD_LIMITS.autocompleteChoices);
}

/**
 * The topics worth offering: those of the chosen source's questions when a known source is
 * chosen (so a pick never matches nothing), else every topic of the bank.
 */
export function topicsFor(bank: Bank, source: string | null): string[] {
  if (source === null || !bank.corpus.get(source)) return bank.topics();
  return [...new Set(bank.filter({ source }).flatMap((q) => q.topics))].sort();
}

/**
 * The notice for a quiz shorter than asked ("Only 4 questions match; playing 4."), or undefined
 * when it has what was asked. `matching` counts the questions the filter matches; `playing` may
 * be fewer, as questions that give each other away are never drawn together.
 */
export function shortQuizNotice(
  asked: number,
  playing: number,
  matching: number,
  locale: Locale,
): string | undefined {
  if (playing >= asked) return undefined;
  return matching > playing
    ? t(locale, "quiz.fewerPlayable", { matching, count: playing })
    : t(locale, "quiz.fewerMatch", { matching, count: playing });
}

/** How many questions of a server's bank a filter matches, leaving out those disabled there. */
export function matchingCount(bank: Bank, disabled: ReadonlySet<string>, filter: QuestionFilter): number {
  return bank.filter(filter).filter((q) => !disabled.has(q.id)).length;
}

/** Autocomplete for `source` (by id or title) and `topic`, at most 25 choices as Discord allows. */
export async function autocompleteQuizOption(
  interaction: AutocompleteInteraction,
  bank: Bank,
): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const typed = focused.value.toLowerCase();
  let choices: { name: string; value: string }[] = [];
  if (focused.name === "source") {
    choices = sourceChoices(bank, typed, localeOf(interaction));
  } else if (focused.name === "topic") {
    // Shown by name in the member's language (처우), typed either way; the value stays the topic.
    const locale = localeOf(interaction);
    choices = topicsFor(bank, interaction.options.getString("source"))
      .map((topic) => ({ name: topicName(bank, topic, locale), value: topic }))
      .filter((c) => c.value.includes(typed) || c.name.toLowerCase().includes(typed));
  }
  await interaction.respond(choices.slice(0, DISCORD_LIMITS.autocompleteChoices));
}

/** The answer modes a quiz can be started in (the engine's QuizMode). */
const ANSWER_MODES = ["choice", "typed"] as const;

/** Adds the `answers:` option: pick from options (the default) or type where a question allows it. */
export function withAnswerMode(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return sub.addStringOption((o) =>
    described(o.setName("answers"), "cmd.quiz.answers").addChoices(...answerModeChoices()),
  );
}

/** The `answers:` choices, named in the user's language. */
export const answerModeChoices = () => [
  choice("typed.mode.choice", "choice"),
  choice("typed.mode.typed", "typed"),
];

/** Reads `answers:` (a claim: checked against the modes); absent when not given. */
export function readAnswerMode(interaction: Pick<GuildCommandInteraction, "options">): QuizMode | undefined {
  const parsed = z.enum(ANSWER_MODES).nullable().safeParse(interaction.options.getString("answers"));
  if (!parsed.success) throw new UserError("error.invalidOptions", { issues: "answers: choice or typed" });
  return parsed.data ?? undefined;
}
