/**
 * A server's team leaderboard: `team-board:{guildId}`, one small record per server. Each team
 * (by role, or by a random split's name) has the sum of its round scores (a round score is the
 * mean of its members' points), all-time and for the current ISO week. A round is added once:
 * the record keeps the ids of the last rounds added, so adding a round again (a retried end) is
 * a no-op. The read-modify-write is a store transaction (`transact`), so rounds ended by several
 * processes each count once.
 */
import type Keyv from "keyv";
import { z } from "zod";
import { isoWeek } from "../engine/week.ts";
import type { Transactions } from "./transact.ts";
import { type CorruptRecordReporter, validated } from "./validated.ts";

const TeamStandingSchema = z.object({
  name: z.string().min(1).max(100),
  points: z.number().nonnegative(),
  rounds: z.number().int().nonnegative(),
  week: z.string(),
  weekPoints: z.number().nonnegative(),
  weekRounds: z.number().int().nonnegative(),
});

const TeamBoardSchema = z.object({
  v: z.literal(1),
  teams: z.record(z.string(), TeamStandingSchema),
  /** The rounds already added, newest last (the last ROUNDS_REMEMBERED). */
  added: z.array(z.string()).max(200),
});
type TeamBoard = z.infer<typeof TeamBoardSchema>;

/** How many added rounds a board remembers (to add each once). */
const ROUNDS_REMEMBERED = 200;

/** One team's score in one round. */
export interface TeamRoundScore {
  /** Stable across rounds: `role:{roleId}` or `name:{name}`. */
  readonly key: string;
  readonly name: string;
  readonly score: number;
}

/** A row of the team leaderboard. */
export interface TeamStanding {
  readonly name: string;
  readonly points: number;
  readonly rounds: number;
}

const boardKey = (guildId: string) => `team-board:${guildId}`;

export class TeamBoards {
  constructor(
    private readonly keyv: Keyv,
    private readonly reportCorrupt: CorruptRecordReporter,
    private readonly transactions: Transactions,
  ) {}

  /** Adds a round's team scores to its server's board, once per round. */
  async addRound(
    guildId: string,
    roundId: string,
    scores: readonly TeamRoundScore[],
    now: number,
  ): Promise<void> {
    const key = boardKey(guildId);
    const change = (raw: unknown): TeamBoard | undefined => {
      const board = this.parse(key, raw);
      if (board.added.includes(roundId)) return undefined;
      const week = isoWeek(now);
      const teams = { ...board.teams };
      for (const s of scores) {
        const before = teams[s.key] ?? {
          name: s.name,
          points: 0,
          rounds: 0,
          week,
          weekPoints: 0,
          weekRounds: 0,
        };
        const sameWeek = before.week === week;
        teams[s.key] = {
          name: s.name,
          points: round1(before.points + s.score),
          rounds: before.rounds + 1,
          week,
          weekPoints: round1((sameWeek ? before.weekPoints : 0) + s.score),
          weekRounds: (sameWeek ? before.weekRounds : 0) + 1,
        };
      }
      return { v: 1, teams, added: [...board.added, roundId].slice(-ROUNDS_REMEMBERED) };
    };
    await this.transactions.transact(async (tx) => {
      const next = change((await tx.read([key])).get(key));
      return { writes: next ? [{ key, value: next }] : [], result: undefined };
    });
  }

  /** A server's teams, best first: all-time, or this ISO week's (teams that played this week). */
  async standings(guildId: string, period: "all-time" | "week", now: number): Promise<TeamStanding[]> {
    const key = boardKey(guildId);
    const board = this.parse(key, await this.keyv.get(key));
    const week = isoWeek(now);
    return Object.values(board.teams)
      .flatMap((team) => {
        if (period === "all-time") return [{ name: team.name, points: team.points, rounds: team.rounds }];
        return team.week === week
          ? [{ name: team.name, points: team.weekPoints, rounds: team.weekRounds }]
          : [];
      })
      .sort((a, b) => b.points - a.points || a.name.localeCompare(b.name));
  }

  /** The stored board, or an empty one (a corrupt record is reported and starts afresh). */
  private parse(key: string, raw: unknown): TeamBoard {
    const read = validated(raw, TeamBoardSchema);
    if (read.kind === "corrupt") this.reportCorrupt(key, read.problem, read.raw);
    return read.kind === "ok" ? read.value : { v: 1, teams: {}, added: [] };
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
