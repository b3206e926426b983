import { ButtonStyle, ComponentType } from "discord.js";
import type { mastery } from "../../game/learning.ts";
import type { leaderboardPage, PlayerStats } from "../../game/standing.ts";
import { encodeButton } from "../custom-id.ts";
import { COLORS, type MessageBody } from "./quiz.ts";
import { DISCORD_LIMITS, percent, truncate, userMention } from "./text.ts";

type LeaderboardPage = Awaited<ReturnType<typeof leaderboardPage>>;
type Mastery = Awaited<ReturnType<typeof mastery>>;

/** The leaderboard: a page of players, the viewer's own rank, and paging buttons. */
export function leaderboardMessage(page: LeaderboardPage, viewerId: string): MessageBody {
  const title = page.period === "week" ? "Leaderboard: this week" : "Leaderboard: all time";
  const lines = page.rows.map((row) => `**${row.rank}.** ${userMention(row.userId)}: ${row.points} points`);
  const own = page.own
    ? `You are **#${page.own.rank}** with ${page.own.points} points.`
    : "You have no points yet here.";
  const button = (label: string, target: number, disabled: boolean) => ({
    type: ComponentType.Button as const,
    custom_id: encodeButton({ kind: "lb", period: page.period, page: target, ownerId: viewerId }),
    label,
    style: ButtonStyle.Secondary as const,
    disabled,
  });
  return {
    embeds: [
      {
        color: COLORS.question,
        title,
        description: truncate(
          [
            lines.length > 0 ? lines.join("\n") : "Nobody has scored yet. Start with `/quiz solo`!",
            "",
            own,
          ].join("\n"),
          DISCORD_LIMITS.embedDescription,
        ),
        footer: { text: `Page ${page.page + 1} of ${page.pages} · ${page.total} ranked player(s)` },
      },
    ],
    components:
      page.pages > 1
        ? [
            {
              type: ComponentType.ActionRow,
              components: [
                // The two buttons must differ in custom_id even when both point at page 0.
                button("◀ Previous", Math.max(0, page.page - 1), page.page === 0),
                button("Next ▶", Math.min(page.pages - 1, page.page + 1), page.page >= page.pages - 1),
              ].filter((b, i, all) => i === 0 || b.custom_id !== all[0]?.custom_id),
            },
          ]
        : [],
    allowed_mentions: { parse: [] },
  };
}

/** A player's record: points, accuracy, streaks, accuracy per source and per section (weakest named). */
export function statsMessage(userId: string, stats: PlayerStats | undefined, learned?: Mastery): MessageBody {
  if (!stats) {
    return {
      embeds: [
        {
          color: COLORS.neutral,
          title: "No answers yet",
          description: `${userMention(userId)} has not answered any question in this server. \`/quiz solo\` is a good start.`,
        },
      ],
      components: [],
      allowed_mentions: { parse: [] },
    };
  }
  const bySource = stats.bySource
    .map((s) => `**${truncate(s.title, 70)}**: ${percent(s.accuracy)} (${s.correct}/${s.answered})`)
    .join("\n");
  const fields = [
    { name: "Points", value: `${stats.points} all time\n${stats.weekPoints} this week`, inline: true },
    {
      name: "Rank",
      value: `${stats.rank ? `#${stats.rank.rank}` : "-"} all time\n${stats.weekRank ? `#${stats.weekRank.rank}` : "-"} this week`,
      inline: true,
    },
    {
      name: "Accuracy",
      value: `${percent(stats.accuracy)} (${stats.correct}/${stats.answered})`,
      inline: true,
    },
    { name: "Streak", value: `${stats.streak} now, best ${stats.bestStreak}`, inline: true },
    { name: "By source", value: truncate(bySource || "-", DISCORD_LIMITS.fieldValue) },
  ];
  const sections = (learned?.sections ?? [])
    .sort((a, b) => (a.accuracy ?? 1) - (b.accuracy ?? 1))
    .map(
      (s) =>
        `${percent(s.accuracy)} · ${truncate(s.section, 60)} (${s.sourceId}, ${s.correct}/${s.answered})`,
    );
  if (sections.length > 0) {
    fields.push({
      name: "By section, weakest first",
      value: truncate(sections.join("\n"), DISCORD_LIMITS.fieldValue),
    });
  }
  const weakest = learned?.weakest;
  if (weakest && (learned?.sources.length ?? 0) > 1) {
    fields.push({
      name: "To practise",
      value: truncate(
        `Your weakest source is **${weakest.title}** (${percent(weakest.accuracy)}): \`/quiz solo source:${weakest.sourceId}\``,
        DISCORD_LIMITS.fieldValue,
      ),
    });
  }
  return {
    embeds: [{ color: COLORS.question, title: "Quiz record", description: userMention(userId), fields }],
    components: [],
    allowed_mentions: { parse: [] },
  };
}
