import type { APIEmbed } from "discord.js";
import type { Bank } from "../../bank/bank.ts";
import type { Source } from "../../bank/corpus.ts";
import { COLORS, type MessageBody, scoringRulesText } from "./quiz.ts";
import { DISCORD_LIMITS, truncate } from "./text.ts";

function dateText(source: Source): string {
  const { meta } = source;
  return meta.date === "undated" ? `undated: ${meta.dateNote ?? "no date given"}` : meta.date;
}

/** /sources: every source with its metadata and how many questions it backs. */
export function sourcesMessage(bank: Bank): MessageBody {
  const counts = bank.countBySource();
  const fields = bank.corpus.sources.map((source) => ({
    name: truncate(source.meta.title, DISCORD_LIMITS.fieldName),
    value: truncate(
      [
        source.meta.author,
        dateText(source),
        `${counts.get(source.id) ?? 0} questions · \`/sources source:${source.id}\``,
      ].join("\n"),
      DISCORD_LIMITS.fieldValue,
    ),
  }));
  return {
    embeds: [
      {
        color: COLORS.question,
        title: "The sources",
        description: "Every question cites a verbatim passage of one of these documents.",
        fields,
      },
    ],
    components: [],
  };
}

/** /sources source:<id>: one source in full detail. */
export function sourceDetailMessage(bank: Bank, source: Source): MessageBody {
  const { meta } = source;
  const count = bank.countBySource().get(source.id) ?? 0;
  const embed: APIEmbed = {
    color: COLORS.question,
    title: truncate(meta.title, DISCORD_LIMITS.embedTitle),
    url: meta.url,
    fields: [
      { name: "Author or publisher", value: truncate(meta.author, DISCORD_LIMITS.fieldValue) },
      { name: "Date", value: truncate(dateText(source), DISCORD_LIMITS.fieldValue) },
      { name: "Questions", value: `${count} question(s) cite it · \`/quiz solo source:${meta.id}\`` },
      {
        name: "Sections",
        value: truncate(
          meta.sections.length > 0 ? meta.sections.join("\n") : "none",
          DISCORD_LIMITS.fieldValue,
        ),
      },
      { name: "File", value: `\`questions/sources/${meta.file}\` (kept byte-for-byte)` },
    ],
  };
  if (meta.notes) embed.description = truncate(meta.notes, DISCORD_LIMITS.embedDescription);
  return { embeds: [embed], components: [] };
}

/** /help: how to play, how scoring works, and the commands. */
export function helpMessage(): MessageBody {
  return {
    embeds: [
      {
        color: COLORS.question,
        title: "How to play",
        description: [
          "A quiz about North Korean refugees, built from five source documents. After every answer you see the right answer, a short explanation, and the **verbatim passage** it comes from, with where to read on.",
        ].join("\n"),
        fields: [
          {
            name: "Commands",
            value: [
              "`/quiz solo`: a private quiz at your own pace",
              "`/quiz channel`: a public round; everyone answers with the buttons before time is up",
              "`/quiz stop`: end the channel's round (whoever started it, or Manage Server)",
              "`/leaderboard`: top players, all time or this week",
              "`/stats`: a player's points, accuracy and streaks, per source",
              "`/sources`: the documents the questions come from",
            ].join("\n"),
          },
          { name: "Scoring", value: scoringRulesText() },
          {
            name: "Filters",
            value:
              "`/quiz solo` and `/quiz channel` take `source`, `topic`, `difficulty` and `questions` (how many).",
          },
        ],
      },
    ],
    components: [],
  };
}
