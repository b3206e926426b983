import { AttachmentBuilder, InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import { accommodate } from "../src/app/lessons/assignments.ts";
import {
  answersCsv,
  askResultsReset,
  assignedRole,
  listResults,
  myResults,
  recentResults,
  resultDetail,
  studentHistory,
  studentHistoryCsv,
  studentsCsv,
} from "../src/app/lessons/results.ts";
import { serverTimeZone } from "../src/app/lessons/settings.ts";
import { questionLanguage } from "../src/bank/localize.ts";
import type { Command } from "../src/discord/context.ts";
import { resetButtonRow } from "../src/discord/features/lessons/reset.ts";
import { rosterFor, withRosterNames } from "../src/discord/features/lessons/roster.ts";
import { isQuizMaster, requireQuizMaster } from "../src/discord/interactions/access.ts";
import { described, serverLocaleOf } from "../src/discord/interactions/localize.ts";
import { chartAttachments, drawCharts } from "../src/discord/render/chart-files.ts";
import { resultCharts } from "../src/discord/render/charts.ts";
import {
  myResultsMessage,
  resultDetailMessage,
  resultsListMessage,
  studentHistoryMessage,
} from "../src/discord/render/lessons.ts";
import { DISCORD_LIMITS, truncate } from "../src/discord/render/text.ts";
import { localeOf, t } from "../src/i18n/index.ts";
import { LESSON_LIMITS } from "../src/records/lessons.ts";

/** /results list | show | student | accommodate | reset | mine: the grade book (quiz masters), or a player's own results. */
export const results = {
  data: described(new SlashCommandBuilder().setName("results"), "cmd.results")
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      described(sub.setName("list"), "cmd.results.list").addIntegerOption((o) =>
        described(o.setName("page"), "cmd.results.page").setMinValue(1).setMaxValue(100),
      ),
    )
    .addSubcommand((sub) =>
      described(sub.setName("show"), "cmd.results.show")
        .addStringOption((o) =>
          described(o.setName("result"), "cmd.results.result").setRequired(true).setAutocomplete(true),
        )
        .addRoleOption((o) => described(o.setName("role"), "cmd.results.role")),
    )
    .addSubcommand((sub) => described(sub.setName("mine"), "cmd.results.mine"))
    .addSubcommand((sub) =>
      described(sub.setName("accommodate"), "cmd.results.accommodate")
        .addStringOption((o) =>
          described(o.setName("result"), "cmd.results.result").setRequired(true).setAutocomplete(true),
        )
        .addUserOption((o) => described(o.setName("user"), "cmd.results.user").setRequired(true))
        .addIntegerOption((o) =>
          described(o.setName("attempts"), "cmd.results.accommodate.attempts", {
            max: LESSON_LIMITS.maxAttempts,
          })
            .setMinValue(1)
            .setMaxValue(LESSON_LIMITS.maxAttempts),
        )
        .addStringOption((o) => described(o.setName("due"), "cmd.results.accommodate.due").setMaxLength(60)),
    )
    .addSubcommand((sub) => described(sub.setName("reset"), "cmd.results.reset"))
    .addSubcommand((sub) =>
      described(sub.setName("student"), "cmd.results.student").addUserOption((o) =>
        described(o.setName("user"), "cmd.results.user").setRequired(true),
      ),
    )
    .toJSON(),

  async execute(interaction, bot) {
    const locale = localeOf(interaction);
    const sub = interaction.options.getSubcommand(true);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const guildId = interaction.guildId;
    if (sub === "mine") {
      await interaction.editReply(
        myResultsMessage(await myResults(bot.app, guildId, interaction.user.id), locale),
      );
      return;
    }
    // Players see only their own results (above); the grade book is for quiz masters.
    await requireQuizMaster(interaction, bot);
    if (sub === "reset") {
      // The archive first, then a button to confirm: nothing is deleted by this command itself.
      const { token, csv, count } = await askResultsReset(bot.app, guildId, interaction.user.id);
      await interaction.editReply({
        content: t(locale, "lessons.reset.ask", { count }),
        files: [
          new AttachmentBuilder(Buffer.from(csv, "utf8"), { name: `grade-book-${guildId}-archive.csv` }),
        ],
        components: [resetButtonRow(token, locale)],
        allowedMentions: { parse: [] },
      });
      return;
    }
    if (sub === "accommodate") {
      const user = interaction.options.getUser("user", true);
      const { assignment, terms } = await accommodate(bot.app, {
        guildId,
        assignmentId: interaction.options.getString("result", true),
        userId: user.id,
        attempts: interaction.options.getInteger("attempts") ?? undefined,
        due: interaction.options.getString("due") ?? undefined,
        locale,
      });
      await interaction.editReply({
        content: t(locale, "lessons.accommodated", {
          userId: user.id,
          title: assignment.title,
          attempts: terms.maxAttempts,
          due: Math.floor(terms.dueAt / 1000),
        }),
        allowedMentions: { parse: [] },
      });
      return;
    }
    if (sub === "student") {
      const user = interaction.options.getUser("user", true);
      const member = interaction.options.getMember("user");
      const name =
        member && "displayName" in member ? member.displayName : (user.globalName ?? user.username);
      const [history, zone] = await Promise.all([
        studentHistory(bot.app, guildId, user.id),
        serverTimeZone(bot.app, guildId),
      ]);
      await interaction.editReply({
        ...studentHistoryMessage({ userId: user.id, name }, history, zone, locale),
        files: [
          new AttachmentBuilder(
            Buffer.from(studentHistoryCsv({ userId: user.id, name }, history, zone), "utf8"),
            {
              name: `student-${user.id}-history.csv`,
            },
          ),
        ],
      });
      return;
    }
    if (sub === "list") {
      const page = await listResults(bot.app, guildId, interaction.options.getInteger("page") ?? 1);
      await interaction.editReply(resultsListMessage(page, locale));
      return;
    }
    const resultId = interaction.options.getString("result", true);
    const roleId =
      interaction.options.getRole("role")?.id ?? (await assignedRole(bot.app, guildId, resultId));
    const roster = await rosterFor(bot, guildId, roleId);
    const detail = await withRosterNames(
      bot,
      guildId,
      await resultDetail(bot.app, guildId, resultId, roster),
    );
    const files = [
      new AttachmentBuilder(
        Buffer.from(
          answersCsv(detail, questionLanguage(bot.app.bank, await serverLocaleOf(bot.app, interaction))),
          "utf8",
        ),
        {
          name: `result-${detail.result.id}-answers.csv`,
        },
      ),
      new AttachmentBuilder(Buffer.from(studentsCsv(detail), "utf8"), {
        name: `result-${detail.result.id}-students.csv`,
      }),
    ];
    // The class's accuracy per question and per source, drawn (a chart that fails is left out).
    // The server's bank: a question may cite one of the server's own documents.
    const { bank } = await bot.app.banks.of(guildId);
    const charts = await drawCharts(
      bot,
      resultCharts(detail, (question) => bank.sourceOf(question), locale),
      { guildId, command: "results show" },
    );
    const message = resultDetailMessage(detail, roster.from, locale);
    const [first, ...more] = charts;
    const [embed, ...rest] = message.embeds;
    await interaction.editReply({
      ...message,
      embeds: [
        ...(embed ? [{ ...embed, ...(first ? { image: { url: `attachment://${first.name}` } } : {}) }] : []),
        ...rest,
        ...more.map((c) => ({ color: embed?.color, image: { url: `attachment://${c.name}` } })),
      ],
      files: [...files, ...chartAttachments(charts)],
    });
  },

  async autocomplete(interaction, bot) {
    const guildId = interaction.guildId;
    if (!guildId || !(await isQuizMaster(interaction, bot.app))) return interaction.respond([]);
    const typed = interaction.options.getFocused().toLowerCase();
    const page = await recentResults(bot.app, guildId, 100);
    const locale = localeOf(interaction);
    const choices = page
      .map((r) => ({
        name: truncate(
          t(locale, "lessons.results.choice", {
            title: r.title ?? t(locale, "lessons.results.untitled"),
            when: new Date(r.createdAt).toISOString().slice(0, 16).replace("T", " "),
          }),
          DISCORD_LIMITS.choiceName,
        ),
        value: r.id,
      }))
      .filter((c) => c.name.toLowerCase().includes(typed) || c.value.includes(typed));
    await interaction.respond(choices.slice(0, DISCORD_LIMITS.autocompleteChoices));
  },
} satisfies Command;
