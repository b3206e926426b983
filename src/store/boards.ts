/** The leaderboards as the application asks for them, whichever backend keeps them. */
import type { PlayerRecord } from "./records.ts";

export type Period = "all-time" | "week";

/** One row of a leaderboard page. */
export interface LeaderboardRow {
  readonly rank: number;
  readonly userId: string;
  readonly points: number;
}

/** What the application asks of the leaderboards, whichever backend keeps them. */
export interface Boards {
  /** A page of a guild's leaderboard and the number of ranked players. */
  page(
    guildId: string,
    period: Period,
    offset: number,
    limit: number,
  ): Promise<{ total: number; rows: LeaderboardRow[] }>;
  /** A player's rank in a guild, or undefined if they have no points in that period. */
  rank(
    guildId: string,
    period: Period,
    userId: string,
  ): Promise<{ rank: number; points: number } | undefined>;
  /** Hears a score written by this process (the in-memory rankings follow it; the database's need not). */
  observe(record: PlayerRecord): void;
  /** Keeps rankings only for the guilds this process owns (meaningful only for rankings in memory). */
  restrictTo(owns: (guildId: string) => boolean): void;
}
