import {
  AttachmentBuilder,
  type AutocompleteInteraction,
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
  type SlashCommandSubcommandBuilder,
} from "discord.js";
import { UserError } from "../src/app/errors.ts";
import { openAssignmentsAsking } from "../src/app/lessons/assignments.ts";
import type { RevealPair } from "../src/app/lessons/conflicts.ts";
import { startRecordedChannel } from "../src/app/lessons/results.ts";
import { readSetFile, SET_FILE_LIMITS, setFileFormat, setYaml } from "../src/app/lessons/set-files.ts";
import {
  addMatching,
  addToSet,
  createSet,
  deleteSet,
  importSet,
  listSets,
  moveInSet,
  playableQuestions,
  removeFromSet,
  renameSet,
  requireSet,
  revealWarnings,
  searchQuestions,
  setCsv,
  setEntries,
} from "../src/app/lessons/sets.ts";
import { QUIZ_LIMITS, roundView, sessionNow, startSoloWith } from "../src/app/quiz.ts";
import { questionLanguage } from "../src/bank/localize.ts";
import type { BotContext, Command, GuildCommandInteraction } from "../src/discord/context.ts";
import {
  AttachmentSchema,
  DISCORD_ATTACHMENT_ORIGINS,
  readAttachmentText,
} from "../src/discord/features/lessons/attachment.ts";
import { readLiveOptions, withLiveOptions } from "../src/discord/features/quiz/live-options.ts";
import {
  answerModeChoices,
  autocompleteQuizOption,
  difficultyChoices,
  readAnswerMode,
  readQuizOptions,
} from "../src/discord/features/quiz/quiz-options.ts";
import { isQuizMaster, requireQuizMaster } from "../src/discord/interactions/access.ts";
import { choice, described, serverLocaleOf } from "../src/discord/interactions/localize.ts";
import { requirePostPermissions, requireStartSlot } from "../src/discord/interactions/posting.ts";
import { setMessage, setsListMessage } from "../src/discord/render/lessons.ts";
import { askMessage } from "../src/discord/render/quiz.ts";
import { DISCORD_LIMITS, truncate } from "../src/discord/render/text.ts";
import { type Locale, localeOf, t } from "../src/i18n/index.ts";
import { LESSON_LIMITS } from "../src/records/lessons.ts";

const withSet = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) =>
    described(o.setName("set"), "cmd.set.set").setRequired(true).setAutocomplete(true),
  );
const withQuestion = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) =>
    described(o.setName("question"), "cmd.set.question").setRequired(true).setAutocomplete(true),
  );

/** How long an import waits for Discord's CDN: the reply is deferred, so well under 15 minutes. */
const ATTACHMENT_TIMEOUT_MS = 10_000;

/** /set create | add | add-matching | remove | move | rename | delete | show | export | import | list | play */
export const set = {
  data: described(new SlashCommandBuilder().setName("set"), "cmd.set")
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      described(sub.setName("create"), "cmd.set.create").addStringOption((o) =>
        described(o.setName("name"), "cmd.set.name")
          .setRequired(true)
          .setMaxLength(LESSON_LIMITS.setNameLength),
      ),
    )
    .addSubcommand((sub) => withQuestion(withSet(described(sub.setName("add"), "cmd.set.add"))))
    .addSubcommand((sub) =>
      // The filters of a quiz, without a count: every match is added.
      withSet(described(sub.setName("add-matching"), "cmd.set.addMatching"))
        .addStringOption((o) => described(o.setName("source"), "cmd.quiz.source").setAutocomplete(true))
        .addStringOption((o) => described(o.setName("topic"), "cmd.quiz.topic").setAutocomplete(true))
        .addStringOption((o) =>
          described(o.setName("difficulty"), "cmd.quiz.difficulty").addChoices(...difficultyChoices()),
        ),
    )
    .addSubcommand((sub) => withQuestion(withSet(described(sub.setName("remove"), "cmd.set.remove"))))
    .addSubcommand((sub) =>
      withQuestion(withSet(described(sub.setName("move"), "cmd.set.move"))).addIntegerOption((o) =>
        described(o.setName("position"), "cmd.set.position")
          .setRequired(true)
          .setMinValue(1)
          .setMaxValue(LESSON_LIMITS.questionsPerSet),
      ),
    )
    .addSubcommand((sub) =>
      withSet(described(sub.setName("rename"), "cmd.set.rename")).addStringOption((o) =>
        described(o.setName("name"), "cmd.set.name")
          .setRequired(true)
          .setMaxLength(LESSON_LIMITS.setNameLength),
      ),
    )
    .addSubcommand((sub) => withSet(described(sub.setName("delete"), "cmd.set.delete")))
    .addSubcommand((sub) => withSet(described(sub.setName("show"), "cmd.set.show")))
    .addSubcommand((sub) =>
      withSet(described(sub.setName("export"), "cmd.set.export")).addStringOption((o) =>
        described(o.setName("format"), "cmd.set.format").addChoices(
          choice("lessons.choice.csv", "csv"),
          choice("lessons.choice.yaml", "yaml"),
        ),
      ),
    )
    .addSubcommand((sub) =>
      described(sub.setName("import"), "cmd.set.import")
        .addAttachmentOption((o) => described(o.setName("file"), "cmd.set.file").setRequired(true))
        .addStringOption((o) =>
          described(o.setName("name"), "cmd.set.importName").setMaxLength(LESSON_LIMITS.setNameLength),
        ),
    )
    .addSubcommand((sub) => described(sub.setName("list"), "cmd.set.list"))
    .addSubcommand((sub) =>
      withLiveOptions(
        withSet(described(sub.setName("play"), "cmd.set.play"))
          .addStringOption((o) =>
            described(o.setName("mode"), "cmd.set.mode").addChoices(
              choice("lessons.choice.channel", "channel"),
              choice("lessons.choice.solo", "solo"),
            ),
          )
          .addStringOption((o) =>
            described(o.setName("order"), "cmd.set.order").addChoices(
              choice("lessons.choice.inOrder", "in-order"),
              choice("lessons.choice.shuffled", "shuffled"),
            ),
          )
          .addIntegerOption((o) =>
            described(o.setName("seconds"), "cmd.quiz.channel.seconds", {
              min: QUIZ_LIMITS.minSeconds,
              max: QUIZ_LIMITS.maxSeconds,
            })
              .setMinValue(QUIZ_LIMITS.minSeconds)
              .setMaxValue(QUIZ_LIMITS.maxSeconds),
          )
          .addStringOption((o) =>
            described(o.setName("answers"), "cmd.quiz.answers").addChoices(...answerModeChoices()),
          ),
      ),
    )
    .toJSON(),

  async execute(interaction, bot) {
    const sub = interaction.options.getSubcommand(true);
    const locale = localeOf(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    if (sub === "list") {
      await interaction.editReply(setsListMessage(await listSets(bot.app, interaction.guildId), locale));
      return;
    }
    if (sub === "play") return play(interaction, bot, locale);
    if (sub === "show") {
      const found = await requireSet(
        bot.app,
        interaction.guildId,
        interaction.options.getString("set", true),
      );
      // While the set is assigned and open, students see its size, not its questions (the key).
      const [open] = (await isQuizMaster(interaction, bot.app))
        ? []
        : await openAssignmentsAsking(bot.app, interaction.guildId, found.questionIds);
      const entries = open ? [] : await setEntries(bot.app, interaction.guildId, found.questionIds);
      const hidden = open
        ? t(locale, "lessons.set.keyHidden", { due: Math.floor(open.dueAt / 1000) })
        : undefined;
      await interaction.editReply(setMessage(found, entries, locale, undefined, hidden));
      return;
    }
    // Building and changing sets is for quiz masters.
    await requireQuizMaster(interaction, bot);
    return manage(interaction, bot, sub, locale);
  },

  async autocomplete(interaction, bot) {
    return autocompleteSetOption(interaction, bot);
  },
} satisfies Command;

async function manage(interaction: GuildCommandInteraction, bot: BotContext, sub: string, locale: Locale) {
  const guildId = interaction.guildId;
  const scope = { guildId, userId: interaction.user.id };
  if (sub === "create") {
    const made = await createSet(bot.app, scope, interaction.options.getString("name", true));
    await interaction.editReply(
      setMessage(made, [], locale, t(locale, "lessons.set.created", { name: made.name })),
    );
    return;
  }
  if (sub === "import") return importFromFile(interaction, bot, locale);
  const target = await requireSet(bot.app, guildId, interaction.options.getString("set", true));
  if (sub === "export") {
    const entries = await setEntries(bot.app, guildId, target.questionIds);
    const yaml = interaction.options.getString("format") === "yaml";
    const file = yaml
      ? setYaml(target.name, entries)
      : setCsv(entries, questionLanguage(bot.app.bank, await serverLocaleOf(bot.app, interaction)));
    await interaction.editReply({
      content: t(locale, "lessons.set.exported", { name: target.name, count: entries.length }),
      files: [
        new AttachmentBuilder(Buffer.from(file, "utf8"), {
          name: `set-${target.id}.${yaml ? "yaml" : "csv"}`,
        }),
      ],
      allowedMentions: { parse: [] },
    });
    return;
  }
  let changed = target;
  let note: string;
  switch (sub) {
    case "add":
    case "add-matching": {
      const outcome =
        sub === "add"
          ? await addToSet(bot.app, guildId, target.id, [interaction.options.getString("question", true)])
          : await addMatching(
              bot.app,
              guildId,
              target.id,
              readQuizOptions(interaction, (await bot.app.banks.of(guildId)).bank, 1).filter,
            );
      changed = outcome.set;
      const parts = [t(locale, "lessons.set.added", { count: outcome.added.length, name: target.name })];
      if (outcome.alreadyIn > 0) parts.push(t(locale, "lessons.set.alreadyIn", { count: outcome.alreadyIn }));
      if (outcome.full > 0)
        parts.push(
          t(locale, "lessons.set.full", { count: outcome.full, max: LESSON_LIMITS.questionsPerSet }),
        );
      // A pair whose reveals show answers is named by what playing does with it; other linked pairs as before.
      const revealing = new Set(outcome.reveals.map((p) => [p.giver, p.answered].sort().join(" ")));
      for (const [a, b] of outcome.conflicts) {
        if (!revealing.has([a, b].sort().join(" "))) parts.push(t(locale, "lessons.set.conflict", { a, b }));
      }
      parts.push(...revealNotes(outcome.reveals, locale));
      note = parts.join("\n");
      break;
    }
    case "remove":
      changed = await removeFromSet(
        bot.app,
        guildId,
        target.id,
        interaction.options.getString("question", true),
      );
      note = t(locale, "lessons.set.removedOne", { name: target.name });
      break;
    case "move":
      changed = await moveInSet(
        bot.app,
        guildId,
        target.id,
        interaction.options.getString("question", true),
        interaction.options.getInteger("position", true),
      );
      note = [
        t(locale, "lessons.set.moved", { name: target.name }),
        ...revealNotes(await revealWarnings(bot.app, guildId, changed.questionIds), locale),
      ].join("\n");
      break;
    case "rename":
      changed = await renameSet(bot.app, guildId, target.id, interaction.options.getString("name", true));
      note = t(locale, "lessons.set.renamed", { from: target.name, name: changed.name });
      break;
    default: {
      const gone = await deleteSet(bot.app, guildId, target.id);
      await interaction.editReply({
        content: t(locale, "lessons.set.deleted", { name: gone.name }),
        allowedMentions: { parse: [] },
      });
      return;
    }
  }
  const entries = await setEntries(bot.app, guildId, changed.questionIds);
  await interaction.editReply(setMessage(changed, entries, locale, note));
}

/** A set made from an attached export (CSV or bank YAML) of this or another server. */
async function importFromFile(interaction: GuildCommandInteraction, bot: BotContext, locale: Locale) {
  const attachment = AttachmentSchema.safeParse(interaction.options.getAttachment("file", true));
  if (!attachment.success) throw new UserError("lessons.import.unreadable");
  const file = attachment.data;
  const format = setFileFormat(file.name, file.contentType ?? undefined);
  if (!format) throw new UserError("lessons.import.wrongType");
  const text = await readAttachmentText(file, {
    origins: bot.config.attachmentOrigins ?? DISCORD_ATTACHMENT_ORIGINS,
    maxBytes: SET_FILE_LIMITS.maxBytes,
    timeoutMs: ATTACHMENT_TIMEOUT_MS,
  });
  const ids = readSetFile(format, text);
  const name = interaction.options.getString("name") ?? file.name.replace(/\.[^.]*$/, "");
  const { set: made, unknown } = await importSet(
    bot.app,
    { guildId: interaction.guildId, userId: interaction.user.id },
    name,
    ids,
  );
  const notes = [t(locale, "lessons.import.done", { name: made.name, count: made.questionIds.length })];
  if (unknown.length > 0) notes.push(unknownNote(unknown, locale));
  notes.push(...revealNotes(await revealWarnings(bot.app, interaction.guildId, made.questionIds), locale));
  const entries = await setEntries(bot.app, interaction.guildId, made.questionIds);
  await interaction.editReply(setMessage(made, entries, locale, notes.join("\n")));
}

/** The ids an import skipped, named (as many as a message holds), so nothing is dropped silently. */
function unknownNote(unknown: readonly string[], locale: Locale): string {
  const shown = unknown.slice(0, 20).map((id) => `\`${truncate(id.replace(/`/g, "'"), 80)}\``);
  const more = unknown.length - shown.length;
  return t(locale, "lessons.import.unknown", {
    count: unknown.length,
    ids: more > 0 ? `${shown.join(", ")} (+${more})` : shown.join(", "),
  });
}

async function play(interaction: GuildCommandInteraction, bot: BotContext, locale: Locale) {
  const guildId = interaction.guildId;
  const target = await requireSet(bot.app, guildId, interaction.options.getString("set", true));
  const order = interaction.options.getString("order") === "shuffled" ? "shuffled" : "in-order";
  const { questions, skipped, leftOut } = await playableQuestions(
    bot.app,
    guildId,
    target.questionIds,
    order,
  );
  const skippedNote =
    [
      skipped.length > 0 ? t(locale, "lessons.set.skipped", { count: skipped.length }) : undefined,
      leftOut.length > 0 ? t(locale, "lessons.set.leftOut", { count: leftOut.length }) : undefined,
    ]
      .filter((note) => note !== undefined)
      .join("\n") || undefined;
  const request = {
    guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    filter: {},
    count: questions.length,
    locale,
    mode: readAnswerMode(interaction),
  };
  if (interaction.options.getString("mode") === "solo") {
    await requireStartSlot(interaction, bot, { public: false });
    const state = await startSoloWith(bot.app, request, questions);
    await interaction.editReply(askMessage(await roundView(bot.app, state, locale), skippedNote, locale));
    return;
  }
  requirePostPermissions(interaction);
  const { live, scoring } = readLiveOptions(interaction, locale);
  await requireStartSlot(interaction, bot, { public: true });
  const seconds = interaction.options.getInteger("seconds") ?? bot.config.defaultSeconds;
  const result = await startRecordedChannel(
    bot.app,
    {
      ...request,
      // The round is posted for everyone: in the server's language, not the quiz master's.
      locale: await serverLocaleOf(bot.app, interaction),
      live,
      scoring,
      questions,
      seconds: Math.min(QUIZ_LIMITS.maxSeconds, Math.max(QUIZ_LIMITS.minSeconds, seconds)),
    },
    target.name,
    await isQuizMaster(interaction, bot.app),
  );
  if (!result.started) {
    await interaction.editReply({
      content: t(locale, "quiz.alreadyRunning", { ownerId: result.holder.ownerId }),
      allowedMentions: { parse: [] },
    });
    return;
  }
  await bot.rounds.postQuestion(result.state);
  const posted = await sessionNow(bot.app, result.state.id);
  const started =
    posted?.phase === "finished"
      ? t(locale, "quiz.couldNotPost")
      : t(locale, "quiz.roundStarted", { count: result.state.questionIds.length });
  await interaction.editReply([started, skippedNote].filter(Boolean).join("\n"));
}

/** One warning per pair of a set where a question shows another's answer, saying what playing does. */
function revealNotes(pairs: readonly RevealPair[], locale: Locale): string[] {
  return pairs.map((p) =>
    p.mutual
      ? t(locale, "lessons.set.revealsMutual", { a: p.giver, b: p.answered })
      : t(locale, "lessons.set.reveals", { giver: p.giver, answered: p.answered }),
  );
}

/** Autocomplete for a set (by name), a question (by id or text), and the quiz filters. */
export async function autocompleteSetOption(interaction: AutocompleteInteraction, bot: BotContext) {
  const guildId = interaction.guildId;
  if (!guildId) return interaction.respond([]);
  const focused = interaction.options.getFocused(true);
  const limit = DISCORD_LIMITS.autocompleteChoices;
  if (focused.name === "set") {
    const typed = focused.value.toLowerCase();
    const sets = (await listSets(bot.app, guildId)).filter((s) => s.name.toLowerCase().includes(typed));
    return interaction.respond(
      sets.slice(0, limit).map((s) => ({ name: truncate(s.name, DISCORD_LIMITS.choiceName), value: s.id })),
    );
  }
  if (focused.name === "question") {
    // Removing or moving: the set's own questions; adding: the server's bank.
    const sub = interaction.options.getSubcommand(false);
    const setId = interaction.options.getString("set");
    const found = setId ? (await listSets(bot.app, guildId)).find((s) => s.id === setId) : undefined;
    let questions = await searchQuestions(bot.app, guildId, focused.value, sub === "add" ? limit : 1000);
    if (sub !== "add" && found) questions = questions.filter((q) => found.questionIds.includes(q.id));
    return interaction.respond(
      questions.slice(0, limit).map((q) => ({
        name: truncate(`${q.question} (${q.id})`, DISCORD_LIMITS.choiceName),
        value: q.id,
      })),
    );
  }
  await autocompleteQuizOption(interaction, (await bot.app.banks.of(guildId)).bank);
}
