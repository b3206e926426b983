import type Keyv from "keyv";
import { isoWeek } from "../engine/week.ts";
import type { Boards, LeaderboardRow, Period } from "./boards.ts";
import { Ranking } from "./ranking.ts";
import { type PlayerRecord, PlayerRecordSchema } from "./records.ts";
import { scanPrefix, withScanRetry } from "./scan.ts";
import type { CorruptRecordReporter } from "./validated.ts";

export type { Boards, LeaderboardRow, Period } from "./boards.ts";

interface GuildBoards {
  readonly allTime: Ranking;
  readonly weekly: Ranking;
  week: string;
}

/**
 * Every guild's rankings, built by one scan of the store the first time any is needed, then kept
 * current by `observe` on each score write. Writes that land while the scan runs are replayed
 * after it, so none is missed.
 */
export class Leaderboards implements Boards {
  private readonly boards = new Map<string, GuildBoards>();
  private loading: Promise<void> | undefined;
  private duringLoad: PlayerRecord[] | null = null;
  private owns: (guildId: string) => boolean = () => true;

  constructor(
    private readonly keyv: Keyv,
    private readonly now: () => number,
    private readonly reportCorrupt: CorruptRecordReporter = () => {},
    private readonly onRetry: (error: unknown, attempt: number) => void = () => {},
  ) {}

  /**
   * Keeps rankings only for the guilds this process owns (under sharding, its shards' guilds).
   * Another process writes the other guilds' scores, and those writes never reach `observe` here,
   * so a ranking kept for them would silently go stale; none is kept, and none is asked for, since
   * a guild's interactions arrive only on its own shard. A guild's own writes all come from this
   * process, so its ranking stays exact. Rankings already built for other guilds are dropped.
   */
  restrictTo(owns: (guildId: string) => boolean): void {
    this.owns = owns;
    for (const guildId of this.boards.keys()) if (!owns(guildId)) this.boards.delete(guildId);
  }

  /** Builds the rankings from the store, once. */
  load(): Promise<void> {
    this.loading ??= this.scan();
    return this.loading;
  }

  /** Keeps the rankings current after a score write (a no-op until they are loaded). */
  observe(record: PlayerRecord): void {
    if (this.duringLoad) this.duringLoad.push(record);
    else if (this.loading) this.apply(record);
  }

  /** A page of a guild's leaderboard and the number of ranked players. */
  async page(guildId: string, period: Period, offset: number, limit: number) {
    const ranking = await this.ranking(guildId, period);
    return { total: ranking.size, rows: ranking.page(offset, limit) satisfies LeaderboardRow[] };
  }

  /** A player's rank in a guild, or undefined if they have no points in that period. */
  async rank(guildId: string, period: Period, userId: string) {
    return (await this.ranking(guildId, period)).rank(userId);
  }

  private async ranking(guildId: string, period: Period): Promise<Ranking> {
    await this.load();
    const boards = this.boardsOf(guildId);
    return period === "all-time" ? boards.allTime : boards.weekly;
  }

  private boardsOf(guildId: string): GuildBoards {
    let boards = this.boards.get(guildId);
    if (!boards) {
      boards = { allTime: new Ranking(), weekly: new Ranking(), week: isoWeek(this.now()) };
      this.boards.set(guildId, boards);
    }
    const week = isoWeek(this.now());
    if (boards.week !== week) {
      boards.weekly.clear();
      boards.week = week;
    }
    return boards;
  }

  private apply(record: PlayerRecord): void {
    if (!this.owns(record.guildId)) return;
    const boards = this.boardsOf(record.guildId);
    if (record.points > 0) boards.allTime.set(record.userId, record.points);
    if (record.week === boards.week && record.weekPoints > 0)
      boards.weekly.set(record.userId, record.weekPoints);
  }

  private async scan(): Promise<void> {
    this.duringLoad = [];
    try {
      const week = isoWeek(this.now());
      // A scan that failed part-way is read again from the start (its partial result dropped);
      // after the last attempt the error reaches the player, and the next query tries again.
      const found = await withScanRetry(
        "score:",
        () => this.gather(week),
        (error, attempt) => this.onRetry(error, attempt),
      );
      for (const [guildId, guild] of found) {
        if (!this.owns(guildId)) continue;
        const boards = this.boardsOf(guildId);
        boards.allTime.reset(guild.allTime);
        // A week that turned during the scan leaves this week's board empty, as it should be.
        boards.weekly.reset(boards.week === week ? guild.weekly : []);
      }
      for (const record of this.duringLoad) this.apply(record);
    } catch (error) {
      this.loading = undefined;
      throw error;
    } finally {
      this.duringLoad = null;
    }
  }

  /** One full scan of the scores: points per guild, all-time and for `week`. */
  private async gather(week: string) {
    // Points are gathered per guild, then each ranking is built with one sort.
    const found = new Map<string, { allTime: [string, number][]; weekly: [string, number][] }>();
    for await (const [key, value] of scanPrefix(this.keyv, "score:")) {
      // score:{guildId}:{userId}: another shard's guild is skipped before its record is parsed.
      if (!this.owns(key.split(":", 2)[1] ?? "")) continue;
      const parsed = PlayerRecordSchema.safeParse(value);
      if (!parsed.success) {
        // Moved aside; the other rows (of this guild and every other) still count.
        this.reportCorrupt(key, parsed.error.issues[0]?.message ?? "invalid record", value);
        continue;
      }
      const record = parsed.data;
      let guild = found.get(record.guildId);
      if (!guild) {
        guild = { allTime: [], weekly: [] };
        found.set(record.guildId, guild);
      }
      if (record.points > 0) guild.allTime.push([record.userId, record.points]);
      if (record.week === week && record.weekPoints > 0)
        guild.weekly.push([record.userId, record.weekPoints]);
    }
    return found;
  }
}
