import {
  type AutocompleteInteraction,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from "discord.js";
import { z } from "zod";
import { UserError } from "../src/app/errors.ts";
import { setCasualRoundsKept, setServerTimeZone, timeZoneChoicesFor } from "../src/app/lessons/settings.ts";
import { setServerPrivacy } from "../src/app/privacy.ts";
import { setServerScoring } from "../src/app/scoring.ts";
import { setQuizMasterRole, setServerLanguage } from "../src/app/settings.ts";
import type { BotContext, Command, GuildCommandInteraction } from "../src/discord/context.ts";
import { choice, described } from "../src/discord/interactions/localize.ts";
import { localeOf, SERVER_LANGUAGES, serverLocale, t } from "../src/i18n/index.ts";
import { LESSON_LIMITS } from "../src/records/lessons.ts";

/** `/settings language`: the language of this server's channel rounds (or "auto": Discord's). */
async function setLanguage(interaction: GuildCommandInteraction, bot: BotContext) {
  const parsed = z.enum(SERVER_LANGUAGES).safeParse(interaction.options.getString("language", true));
  if (!parsed.success) throw new UserError("error.pickLanguage");
  const language = parsed.data;
  await setServerLanguage(bot.app, interaction.guildId, language);
  const locale = localeOf(interaction);
  // For "auto", the language Discord's server setting resolves to now (not the word "auto" again).
  const resolved = serverLocale(language, interaction.guildLocale);
  await interaction.editReply({
    content: t(locale, language === "auto" ? "settings.languageAuto" : "settings.languageSet", {
      language: t(locale, `settings.language.${resolved}`),
    }),
    allowedMentions: { parse: [] },
  });
}

/** `/settings scoring`: the live rounds' bonuses and how assignments are marked; with no option, shows them. */
async function scoring(interaction: GuildCommandInteraction, bot: BotContext) {
  const marks = z.enum(["points", "accuracy"]).nullable().parse(interaction.options.getString("marks"));
  const now = await setServerScoring(bot.app, interaction.guildId, {
    speed: interaction.options.getBoolean("speed") ?? undefined,
    streak: interaction.options.getBoolean("streak") ?? undefined,
    marks: marks ?? undefined,
  });
  const locale = localeOf(interaction);
  const onOff = (on: boolean) => t(locale, on ? "settings.on" : "settings.off");
  await interaction.editReply(
    t(locale, "settings.scoringSet", {
      speed: onOff(now.speed),
      streak: onOff(now.streak),
      marks: t(locale, `settings.marks.${now.marks}`),
    }),
  );
}

/** `/settings privacy`: who sees others' stats and whether the leaderboard is shown; with no option, shows them. */
async function privacy(interaction: GuildCommandInteraction, bot: BotContext) {
  const stats = z.enum(["everyone", "quiz-masters"]).nullable().parse(interaction.options.getString("stats"));
  const now = await setServerPrivacy(bot.app, interaction.guildId, {
    stats: stats ?? undefined,
    leaderboard: interaction.options.getBoolean("leaderboard") ?? undefined,
  });
  const locale = localeOf(interaction);
  await interaction.editReply(
    t(locale, "settings.privacySet", {
      stats: t(
        locale,
        now.stats === "everyone" ? "settings.privacy.everyone" : "settings.privacy.quizMasters",
      ),
      leaderboard: t(locale, now.leaderboard ? "settings.shown" : "settings.hidden"),
    }),
  );
}

/** /settings quiz-master-role | language | scoring | privacy | retention | time-zone */
export const settings = {
  data: described(new SlashCommandBuilder().setName("settings"), "cmd.settings")
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((sub) =>
      described(sub.setName("quiz-master-role"), "cmd.settings.quizMasterRole").addRoleOption((o) =>
        described(o.setName("role"), "cmd.settings.quizMasterRole.role"),
      ),
    )
    .addSubcommand((sub) =>
      described(sub.setName("language"), "cmd.settings.language").addStringOption((o) =>
        described(o.setName("language"), "cmd.settings.language.language")
          .setRequired(true)
          .addChoices(
            choice("cmd.settings.language.auto", "auto"),
            choice("cmd.settings.language.en", "en"),
            choice("cmd.settings.language.ko", "ko"),
          ),
      ),
    )
    .addSubcommand((sub) =>
      described(sub.setName("scoring"), "cmd.settings.scoring")
        .addBooleanOption((o) => described(o.setName("speed"), "cmd.settings.scoring.speed"))
        .addBooleanOption((o) => described(o.setName("streak"), "cmd.settings.scoring.streak"))
        .addStringOption((o) =>
          described(o.setName("marks"), "cmd.settings.scoring.marks").addChoices(
            choice("cmd.settings.marks.points", "points"),
            choice("cmd.settings.marks.accuracy", "accuracy"),
          ),
        ),
    )
    .addSubcommand((sub) =>
      described(sub.setName("privacy"), "cmd.settings.privacy")
        .addStringOption((o) =>
          described(o.setName("stats"), "cmd.settings.privacy.stats").addChoices(
            choice("cmd.settings.privacy.stats.everyone", "everyone"),
            choice("cmd.settings.privacy.stats.quizMasters", "quiz-masters"),
          ),
        )
        .addBooleanOption((o) => described(o.setName("leaderboard"), "cmd.settings.privacy.leaderboard")),
    )
    .addSubcommand((sub) =>
      described(sub.setName("retention"), "cmd.settings.retention").addIntegerOption((o) =>
        described(o.setName("casual-rounds"), "cmd.settings.retention.casualRounds", {
          min: LESSON_LIMITS.casualRoundsMin,
          max: LESSON_LIMITS.casualRoundsMax,
        })
          .setRequired(true)
          .setMinValue(LESSON_LIMITS.casualRoundsMin)
          .setMaxValue(LESSON_LIMITS.casualRoundsMax),
      ),
    )
    .addSubcommand((sub) =>
      described(sub.setName("time-zone"), "cmd.settings.timeZone").addStringOption((o) =>
        described(o.setName("zone"), "cmd.settings.timeZone.zone").setRequired(true).setAutocomplete(true),
      ),
    )
    .toJSON(),

  async execute(interaction, bot) {
    // Default permissions hide the command, but a server can change who sees it: check again.
    if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
      throw new UserError("error.settingsNeedManageServer");
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    if (interaction.options.getSubcommand(false) === "language") return setLanguage(interaction, bot);
    if (interaction.options.getSubcommand(false) === "time-zone") return timeZone(interaction, bot);
    if (interaction.options.getSubcommand(false) === "scoring") return scoring(interaction, bot);
    if (interaction.options.getSubcommand(false) === "privacy") return privacy(interaction, bot);
    if (interaction.options.getSubcommand(false) === "retention") {
      const kept = await setCasualRoundsKept(
        bot.app,
        interaction.guildId,
        interaction.options.getInteger("casual-rounds", true),
      );
      await interaction.editReply(t(localeOf(interaction), "settings.retentionSet", { count: kept }));
      return;
    }
    const role = interaction.options.getRole("role");
    await setQuizMasterRole(bot.app, interaction.guildId, role?.id ?? null);
    await interaction.editReply({
      content: role
        ? t(localeOf(interaction), "settings.roleSet", { roleId: role.id })
        : t(localeOf(interaction), "settings.roleCleared"),
      allowedMentions: { parse: [] },
    });
  },

  async autocomplete(interaction: AutocompleteInteraction) {
    await interaction.respond(timeZoneChoicesFor(interaction.options.getFocused()));
  },
} satisfies Command;

async function timeZone(interaction: GuildCommandInteraction, bot: BotContext) {
  const { zone, now } = await setServerTimeZone(
    bot.app,
    interaction.guildId,
    interaction.options.getString("zone", true),
  );
  await interaction.editReply(t(localeOf(interaction), "lessons.settings.zoneSet", { zone, now }));
}
