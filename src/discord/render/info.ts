import type { APIEmbed } from "discord.js";
import type { ServerScoring } from "../../app/scoring.ts";
import type { Bank } from "../../bank/bank.ts";
import type { Source } from "../../bank/corpus.ts";
import { localizeSource } from "../../bank/localize.ts";
import type { SourceMeta } from "../../bank/schema.ts";
import type { StartLimits } from "../../engine/limits.ts";
import { type Locale, type MessageKey, t } from "../../i18n/index.ts";
import { COLORS, type MessageBody, scoringRulesText } from "./quiz.ts";
import { DISCORD_LIMITS, escapeMarkdown, truncate } from "./text.ts";

/** The source's date, or why there is none (the note is the source's metadata, in the reader's language). */
function dateText(meta: SourceMeta, locale: Locale): string {
  return meta.date === "undated"
    ? t(locale, "sources.undatedWithNote", { note: meta.dateNote ?? t(locale, "sources.noDateGiven") })
    : meta.date;
}

/** /sources: every source with its metadata and how many questions it backs. */
export function sourcesMessage(bank: Bank, locale: Locale): MessageBody {
  const counts = bank.countBySource();
  const fields = bank.corpus.sources.map((source) => {
    const meta = localizeSource(bank, source.meta, locale);
    return {
      name: truncate(meta.title, DISCORD_LIMITS.fieldName),
      value: truncate(
        [
          meta.author,
          dateText(meta, locale),
          t(locale, "sources.count", { count: counts.get(source.id) ?? 0, sourceId: source.id }),
        ].join("\n"),
        DISCORD_LIMITS.fieldValue,
      ),
    };
  });
  return {
    embeds: [
      {
        color: COLORS.question,
        title: t(locale, "sources.title"),
        description: t(locale, "sources.description"),
        fields,
      },
    ],
    components: [],
  };
}

/** /sources source:<id>: one source in full detail. */
export function sourceDetailMessage(bank: Bank, source: Source, locale: Locale): MessageBody {
  const meta = localizeSource(bank, source.meta, locale);
  const count = bank.countBySource().get(source.id) ?? 0;
  const embed: APIEmbed = {
    color: COLORS.question,
    title: truncate(meta.title, DISCORD_LIMITS.embedTitle),
    url: meta.url,
    fields: [
      {
        name: t(locale, "sources.field.author"),
        value: truncate(meta.author, DISCORD_LIMITS.fieldValue),
      },
      {
        name: t(locale, "sources.field.date"),
        value: truncate(dateText(meta, locale), DISCORD_LIMITS.fieldValue),
      },
      {
        name: t(locale, "sources.field.questions"),
        value: t(locale, "sources.questionsValue", { count, sourceId: meta.id }),
      },
      {
        name: t(locale, "sources.field.sections"),
        value: truncate(
          meta.sections.length > 0 ? meta.sections.join("\n") : t(locale, "sources.noSections"),
          DISCORD_LIMITS.fieldValue,
        ),
      },
      {
        name: t(locale, "sources.field.file"),
        value: meta.file.startsWith("upload:")
          ? t(locale, "source.uploadedFile", { file: escapeMarkdown(meta.file.slice("upload:".length)) })
          : t(locale, "sources.fileValue", { file: meta.file }),
      },
    ],
  };
  if (meta.notes) embed.description = truncate(meta.notes, DISCORD_LIMITS.embedDescription);
  return { embeds: [embed], components: [] };
}

/** /help: how to play, how scoring works, and the commands. */
const HELP_COMMANDS = [
  "help.command.solo",
  "help.command.channel",
  "help.command.stop",
  "help.command.leaderboard",
  "help.command.stats",
  "help.command.sources",
] as const satisfies readonly MessageKey[];

export function helpMessage(locale: Locale, limits: StartLimits, scoring?: ServerScoring): MessageBody {
  return {
    embeds: [
      {
        color: COLORS.question,
        title: t(locale, "help.title"),
        description: t(locale, "help.description"),
        fields: [
          {
            name: t(locale, "help.commands"),
            value: HELP_COMMANDS.map((key) => t(locale, key)).join("\n"),
          },
          {
            name: t(locale, "help.scoring"),
            // Live rounds' own scoring choices and controls, under the rules they change.
            value: `${scoringRulesText(locale, scoring)}\n\n**${t(locale, "help.live")}**: ${t(locale, "help.liveValue")}`,
          },
          { name: t(locale, "help.filters"), value: t(locale, "help.filtersValue") },
          { name: t(locale, "help.limits"), value: t(locale, "help.limitsValue", limits) },
          // Who may use what, and how a server makes someone a quiz master.
          { name: t(locale, "help.who.players"), value: t(locale, "help.who.players.value") },
          { name: t(locale, "help.who.masters"), value: t(locale, "help.who.masters.value") },
          { name: t(locale, "help.who.admins"), value: t(locale, "help.who.admins.value") },
        ],
      },
    ],
    components: [],
  };
}
