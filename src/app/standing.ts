import { isoWeek } from "../engine/week.ts";
import type { Period } from "../store/leaderboards.ts";
import type { PlayerRecord } from "../store/records.ts";
import type { AppContext } from "./context.ts";

/** Rows per leaderboard page: ten lines fit an embed comfortably. */
export const LEADERBOARD_PAGE_SIZE = 10;

/** One page of a guild's leaderboard, with the caller's own rank. */
export async function leaderboardPage(
  ctx: AppContext,
  input: { guildId: string; period: Period; page: number; userId: string },
) {
  const { total } = await ctx.leaderboards.page(input.guildId, input.period, 0, 0);
  const pages = Math.max(1, Math.ceil(total / LEADERBOARD_PAGE_SIZE));
  // A page past the end (the board shrank since the button was drawn) shows the last page.
  const page = Math.min(Math.max(0, input.page), pages - 1);
  const { rows } = await ctx.leaderboards.page(
    input.guildId,
    input.period,
    page * LEADERBOARD_PAGE_SIZE,
    LEADERBOARD_PAGE_SIZE,
  );
  const own = await ctx.leaderboards.rank(input.guildId, input.period, input.userId);
  return { period: input.period, page, pages, total, rows, own };
}

/** Accuracy as a fraction, or null when nothing was answered. */
export function accuracy(correct: number, answered: number): number | null {
  return answered === 0 ? null : correct / answered;
}

/** A player's record in a guild, shaped for /stats and the terminal summary. */
export async function playerStats(ctx: AppContext, guildId: string, userId: string) {
  const record = await ctx.scores.get(guildId, userId);
  if (!record) return undefined;
  const thisWeek = isoWeek(ctx.now());
  const bySource = ctx.bank.corpus.sources
    .map(({ meta }) => {
      const tally = record.bySource[meta.id] ?? { answered: 0, correct: 0 };
      return {
        sourceId: meta.id,
        title: meta.title,
        ...tally,
        accuracy: accuracy(tally.correct, tally.answered),
      };
    })
    .filter((s) => s.answered > 0);
  return {
    points: record.points,
    answered: record.answered,
    correct: record.correct,
    accuracy: accuracy(record.correct, record.answered),
    streak: record.streak,
    bestStreak: record.bestStreak,
    weekPoints: record.week === thisWeek ? record.weekPoints : 0,
    rank: await ctx.leaderboards.rank(guildId, "all-time", userId),
    weekRank: await ctx.leaderboards.rank(guildId, "week", userId),
    bySource,
    weeks: recentWeeks(record, ctx.now()),
  };
}

/** How many weeks the points-per-week chart shows, this one included. */
export const WEEKS_SHOWN = 8;

/** A player's points in each of the last WEEKS_SHOWN ISO weeks, oldest first (0 for a week without points). */
export function recentWeeks(
  record: Pick<PlayerRecord, "week" | "weekPoints" | "pastWeeks">,
  now: number,
): { week: string; points: number }[] {
  const known = new Map((record.pastWeeks ?? []).map((w) => [w.week, w.points]));
  known.set(record.week, record.weekPoints);
  const weeks: { week: string; points: number }[] = [];
  for (let back = WEEKS_SHOWN - 1; back >= 0; back--) {
    const week = isoWeek(now - back * 7 * 24 * 3600 * 1000);
    weeks.push({ week, points: known.get(week) ?? 0 });
  }
  return weeks;
}

/** The stats of a player, as playerStats returns them. */
export type PlayerStats = NonNullable<Awaited<ReturnType<typeof playerStats>>>;

/** Keeps leaderboards only for the guilds this process owns (under sharding, its shards' guilds). */
export function rankOnlyGuilds(ctx: AppContext, owns: (guildId: string) => boolean): void {
  ctx.leaderboards.restrictTo(owns);
}
