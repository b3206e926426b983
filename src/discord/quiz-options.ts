import type { AutocompleteInteraction, SlashCommandSubcommandBuilder } from "discord.js";
import { z } from "zod";
import type { Bank, QuestionFilter } from "../bank/bank.ts";
import { DIFFICULTIES } from "../bank/schema.ts";
import { UserError } from "../game/errors.ts";
import { QUIZ_LIMITS } from "../game/quiz.ts";
import type { GuildCommandInteraction } from "./context.ts";
import { DISCORD_LIMITS, truncate } from "./render/text.ts";

/** Adds the options every quiz takes: questions, source, topic, difficulty. */
export function withQuizOptions(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return sub
    .addIntegerOption((o) =>
      o
        .setName("questions")
        .setDescription(`How many questions (${QUIZ_LIMITS.minQuestions}-${QUIZ_LIMITS.maxQuestions})`)
        .setMinValue(QUIZ_LIMITS.minQuestions)
        .setMaxValue(QUIZ_LIMITS.maxQuestions),
    )
    .addStringOption((o) =>
      o.setName("source").setDescription("Only questions from this source document").setAutocomplete(true),
    )
    .addStringOption((o) =>
      o.setName("topic").setDescription("Only questions on this topic").setAutocomplete(true),
    )
    .addStringOption((o) =>
      o
        .setName("difficulty")
        .setDescription("Only questions of this difficulty")
        .addChoices(...DIFFICULTIES.map((d) => ({ name: d, value: d }))),
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
  const parsed = OptionsSchema.safeParse({
    questions: interaction.options.getInteger("questions"),
    source: interaction.options.getString("source"),
    topic: interaction.options.getString("topic"),
    difficulty: interaction.options.getString("difficulty"),
  });
  if (!parsed.success) {
    throw new UserError(
      `Those options are not valid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const { source, topic, difficulty, questions } = parsed.data;
  if (source !== null && !bank.corpus.get(source)) {
    throw new UserError(
      `There is no source "${truncate(source, 50)}". Pick one from the list, or see \`/sources\`.`,
    );
  }
  if (topic !== null && !bank.topics().includes(topic)) {
    throw new UserError(`There is no topic "${truncate(topic, 50)}". Pick one from the list as you type.`);
  }
  return {
    filter: { source: source ?? undefined, topic: topic ?? undefined, difficulty: difficulty ?? undefined },
    count: questions ?? defaultCount,
  };
}

/** Sources whose id or title contains what was typed, as autocomplete choices with their question counts. */
export function sourceChoices(bank: Bank, typed: string): { name: string; value: string }[] {
  const counts = bank.countBySource();
  const needle = typed.toLowerCase();
  return bank.corpus.sources
    .filter((s) => s.id.includes(needle) || s.meta.title.toLowerCase().includes(needle))
    .map((s) => ({
      name: truncate(`${s.meta.title} (${counts.get(s.id) ?? 0} questions)`, DISCORD_LIMITS.choiceName),
      value: s.id,
    }))
    .slice(0, DISCORD_LIMITS.autocompleteChoices);
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
    choices = sourceChoices(bank, typed);
  } else if (focused.name === "topic") {
    choices = bank
      .topics()
      .filter((t) => t.includes(typed))
      .map((t) => ({ name: t, value: t }));
  }
  await interaction.respond(choices.slice(0, DISCORD_LIMITS.autocompleteChoices));
}
