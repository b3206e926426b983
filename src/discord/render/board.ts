import { ButtonStyle, ComponentType } from "discord.js";
import type { mastery } from "../../app/mastery.ts";
import type { leaderboardPage, PlayerStats } from "../../app/standing.ts";
import { type Locale, t } from "../../i18n/index.ts";
import { encodeButton } from "../interactions/custom-id.ts";
import { COLORS, type MessageBody } from "./quiz.ts";
import { DISCORD_LIMITS, percent, truncate, userMention } from "./text.ts";

type LeaderboardPage = Awaited<ReturnType<typeof leaderboardPage>>;
type Mastery = Awaited<ReturnType<typeof mastery>>;

/** The leaderboard: a page of players, the viewer's own rank, and paging buttons. */
export function leaderboardMessage(
  page: LeaderboardPage,
  viewerId: string,
  locale: Locale,
  /** The attached card of the top ten, when it was drawn. */
  card?: string,
): MessageBody {
  const title = t(locale, page.period === "week" ? "board.titleWeek" : "board.titleAllTime");
  const lines = page.rows.map((row) =>
    t(locale, "board.row", { rank: row.rank, user: userMention(row.userId), points: row.points }),
  );
  const own = page.own
    ? t(locale, "board.own", { rank: page.own.rank, points: page.own.points })
    : t(locale, "board.noOwn");
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
          [lines.length > 0 ? lines.join("\n") : t(locale, "board.empty"), "", own].join("\n"),
          DISCORD_LIMITS.embedDescription,
        ),
        footer: {
          text: t(locale, "board.footer", { page: page.page + 1, pages: page.pages, total: page.total }),
        },
        ...(card ? { image: { url: `attachment://${card}` } } : {}),
      },
    ],
    components:
      page.pages > 1
        ? [
            {
              type: ComponentType.ActionRow,
              components: [
                // The two buttons must differ in custom_id even when both point at page 0.
                button(t(locale, "board.previous"), Math.max(0, page.page - 1), page.page === 0),
                button(
                  t(locale, "board.next"),
                  Math.min(page.pages - 1, page.page + 1),
                  page.page >= page.pages - 1,
                ),
              ].filter((b, i, all) => i === 0 || b.custom_id !== all[0]?.custom_id),
            },
          ]
        : [],
    allowed_mentions: { parse: [] },
  };
}

/** A player's record: points, accuracy, streaks, accuracy per source and per section (weakest named). */
export function statsMessage(
  userId: string,
  stats: PlayerStats | undefined,
  learned: Mastery | undefined,
  locale: Locale,
  /** The attached charts (accuracy, then points per week), when they were drawn. */
  charts: readonly string[] = [],
  /** Whether the viewer is looking at their own record (else the text speaks about the member). */
  own = true,
): MessageBody {
  if (!stats) {
    return {
      embeds: [
        {
          color: COLORS.neutral,
          title: t(locale, "stats.noAnswersTitle"),
          description: t(locale, "stats.noAnswers", { user: userMention(userId) }),
        },
      ],
      components: [],
      allowed_mentions: { parse: [] },
    };
  }
  const bySource = stats.bySource
    .map((s) => `**${truncate(s.title, 70)}**: ${percent(s.accuracy)} (${s.correct}/${s.answered})`)
    .join("\n");
  const rank = (r: { rank: number } | null | undefined) =>
    r ? t(locale, "stats.rankNumber", { rank: r.rank }) : "-";
  const fields = [
    {
      name: t(locale, "stats.points"),
      value: t(locale, "stats.pointsValue", { points: stats.points, weekPoints: stats.weekPoints }),
      inline: true,
    },
    {
      name: t(locale, "stats.rank"),
      value: t(locale, "stats.rankValue", { rank: rank(stats.rank), weekRank: rank(stats.weekRank) }),
      inline: true,
    },
    {
      name: t(locale, "stats.accuracy"),
      value: `${percent(stats.accuracy)} (${stats.correct}/${stats.answered})`,
      inline: true,
    },
    {
      name: t(locale, "stats.streak"),
      value: t(locale, "stats.streakValue", { streak: stats.streak, best: stats.bestStreak }),
      inline: true,
    },
    { name: t(locale, "stats.bySource"), value: truncate(bySource || "-", DISCORD_LIMITS.fieldValue) },
  ];
  const sections = (learned?.sections ?? [])
    .sort((a, b) => (a.accuracy ?? 1) - (b.accuracy ?? 1))
    .map(
      (s) =>
        `${percent(s.accuracy)} · ${truncate(s.section, 60)} (${s.sourceId}, ${s.correct}/${s.answered})`,
    );
  if (sections.length > 0) {
    fields.push({
      name: t(locale, "stats.bySection"),
      value: truncate(sections.join("\n"), DISCORD_LIMITS.fieldValue),
    });
  }
  const weakest = learned?.weakest;
  if (weakest && (learned?.sources.length ?? 0) > 1) {
    const about = { title: weakest.title, accuracy: percent(weakest.accuracy) };
    fields.push({
      name: t(locale, "stats.toPractise"),
      value: truncate(
        own
          ? t(locale, "stats.weakest", { ...about, sourceId: weakest.sourceId })
          : t(locale, "stats.theirWeakest", about),
        DISCORD_LIMITS.fieldValue,
      ),
    });
  }
  const [first, ...more] = charts;
  return {
    embeds: [
      {
        color: COLORS.question,
        title: t(locale, "stats.title"),
        description: userMention(userId),
        fields,
        ...(first ? { image: { url: `attachment://${first}` } } : {}),
      },
      ...more.map((name) => ({ color: COLORS.question, image: { url: `attachment://${name}` } })),
    ],
    components: [],
    allowed_mentions: { parse: [] },
  };
}
