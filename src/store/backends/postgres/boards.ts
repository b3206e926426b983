/**
 * Leaderboards in PostgreSQL tables (created in postgres-access.ts), written by the answer
 * commit's own transaction (postgres-transactions.ts), so every process reads the same exact
 * board without scanning the records:
 * - `{table}_boards`: one row per guild, period and player with points, indexed in board order
 *   (points descending, then ids in code-unit order, the "C" collation: the in-memory Ranking's order);
 * - `{table}_board_points`: per guild and period, how many players have each number of points, so a
 *   rank (1 + the players with more points: "1, 2, 2, 4") is a sum over the distinct point values
 *   above, not a count over up to 100,000 rows.
 */
import type pg from "pg";
import { isoWeek } from "../../../engine/week.ts";
import type { Boards, LeaderboardRow, Period } from "../../boards.ts";
import { StoreUnavailableError } from "../../errors.ts";
import { type PlayerRecord, PlayerRecordSchema } from "../../records.ts";
import { valueOfPayload } from "../../transact.ts";
import { deserializeRecord, validated } from "../../validated.ts";
import { type PostgresAccess, storeError } from "./access.ts";

/** The period column's value: "all", or "week:{ISO week}". */
export function periodName(period: Period, week: string): string {
  return period === "all-time" ? "all" : `week:${week}`;
}

/** SQL for a guild's board lock id, from a namespace and a guild expression (shared by commits, exclusive by a build). */
export function boardLock(namespace: string, guild: string): string {
  return `hashtextextended('board:' || ${namespace} || ':' || ${guild}, 1)`;
}

/** The marker of a guild whose board was built from its records (and is kept by every commit since). */
const builtKey = (guildId: string) => `board-built:${guildId}`;

/** A build reads and inserts a guild's every record in one transaction: it may take longer than a query. */
const BUILD_TIMEOUT_MS = 120_000;

/** How many times a build cut short (a lost connection) is tried before the error reaches the player. */
const BUILD_ATTEMPTS = 3;

const likeEscaped = (text: string) => text.replace(/[%_\\]/g, "\\$&");

/** The leaderboards of a PostgreSQL store (see the module comment). */
export class PostgresBoards implements Boards {
  private readonly built = new Set<string>();

  constructor(
    private readonly pg: PostgresAccess,
    private readonly now: () => number,
    private readonly reportCorrupt: (key: string, problem: string, raw?: unknown) => void = () => {},
  ) {}

  async page(guildId: string, period: Period, offset: number, limit: number) {
    await this.ensureBuilt(guildId);
    const { rows } = await this.query<{ total: number; rows: [string, number, number][] }>(
      `SELECT
         (SELECT COALESCE(sum(players), 0)::int FROM ${this.pg.histogram}
           WHERE namespace = $1 AND guild = $2 AND period = $3) AS total,
         (SELECT COALESCE(json_agg(json_build_array(r.user_id, r.points, r.rank) ORDER BY r.points DESC, r.user_id), '[]'::json)
            FROM (SELECT b.user_id, b.points,
                         1 + COALESCE((SELECT sum(h.players) FROM ${this.pg.histogram} AS h
                                        WHERE h.namespace = $1 AND h.guild = $2 AND h.period = $3
                                          AND h.points > b.points), 0)::int AS rank
                    FROM ${this.pg.boards} AS b
                   WHERE b.namespace = $1 AND b.guild = $2 AND b.period = $3
                   ORDER BY b.points DESC, b.user_id
                   LIMIT $5 OFFSET $4) AS r) AS rows`,
      [this.pg.namespace, guildId, periodName(period, isoWeek(this.now())), offset, limit],
    );
    const row = rows[0];
    const page: LeaderboardRow[] = (row?.rows ?? []).map(([userId, points, rank]) => ({
      userId,
      points,
      rank,
    }));
    return { total: row?.total ?? 0, rows: page };
  }

  async rank(guildId: string, period: Period, userId: string) {
    await this.ensureBuilt(guildId);
    const { rows } = await this.query<{ points: number; rank: number }>(
      `SELECT b.points,
              1 + COALESCE((SELECT sum(h.players) FROM ${this.pg.histogram} AS h
                             WHERE h.namespace = $1 AND h.guild = $2 AND h.period = $3
                               AND h.points > b.points), 0)::int AS rank
         FROM ${this.pg.boards} AS b
        WHERE b.namespace = $1 AND b.guild = $2 AND b.period = $3 AND b.user_id = $4`,
      [this.pg.namespace, guildId, periodName(period, isoWeek(this.now())), userId],
    );
    const row = rows[0];
    return row ? { rank: row.rank, points: row.points } : undefined;
  }

  /** One query on the pool; a lost connection is the store being unavailable. */
  private async query<R extends pg.QueryResultRow>(
    text: string,
    values: unknown[],
  ): Promise<pg.QueryResult<R>> {
    try {
      return await this.pg.pool.query<R>(text, values);
    } catch (error) {
      throw storeError(error, "a leaderboard query");
    }
  }

  /** Commits write the board rows themselves, in their own transaction. */
  observe(_record: PlayerRecord): void {}

  /** Every process reads the same tables: there is nothing to restrict. */
  restrictTo(_owns: (guildId: string) => boolean): void {}

  /**
   * Builds a guild's board from its records, once for the store's life (a deployment from before
   * the boards lived in tables): in one transaction holding the guild's board lock exclusively
   * (commits hold it shared while they write board rows, so they wait for the build and then
   * apply their change on top of it), guarded by the marker, which the transaction writes.
   */
  private async ensureBuilt(guildId: string): Promise<void> {
    if (this.built.has(guildId)) return;
    await this.pg.ready().catch((error: unknown) => {
      throw storeError(error, "creating the board tables");
    });
    const marker = this.pg.rawKey(builtKey(guildId));
    const found = await this.query(`SELECT 1 FROM ${this.pg.table} WHERE key = $1`, [marker]);
    // A build cut short is rolled back whole, so it is simply run again (as a scan would be).
    for (let attempt = 1; found.rows.length === 0; attempt++) {
      try {
        await this.build(guildId, marker);
        // Fresh statistics after a bulk insert, so the planner uses the indexes from the first query.
        await this.query(`ANALYZE ${this.pg.boards}, ${this.pg.histogram}`, []).catch(() => {});
        break;
      } catch (error) {
        const failure = storeError(error, "building a leaderboard");
        if (!(failure instanceof StoreUnavailableError) || attempt >= BUILD_ATTEMPTS) throw failure;
      }
    }
    this.built.add(guildId);
  }

  private async build(guildId: string, marker: string): Promise<void> {
    const client = await this.pg.pool.connect().catch((error: unknown) => {
      throw storeError(error, "building a leaderboard");
    });
    let healthy = true;
    // pg reads a per-query `query_timeout` (its types do not list it): the pool's bound is for short queries.
    const query = (text: string, values: unknown[]) => {
      const config = { text, values, query_timeout: BUILD_TIMEOUT_MS };
      return client.query<Record<string, unknown>>(config);
    };
    try {
      await client.query("BEGIN");
      await query(`SELECT pg_advisory_xact_lock(${boardLock("$1::text", "$2::text")})`, [
        this.pg.namespace,
        guildId,
      ]);
      // Another process may have built it while this one waited for the lock.
      const done = await query(`SELECT 1 FROM ${this.pg.table} WHERE key = $1`, [marker]);
      if (done.rows.length === 0) {
        const week = isoWeek(this.now());
        const records = await query(`SELECT key, value FROM ${this.pg.table} WHERE key LIKE $1`, [
          `${likeEscaped(this.pg.rawKey(`score:${guildId}:`))}%`,
        ]);
        const periods: string[] = [];
        const users: string[] = [];
        const points: number[] = [];
        const now = Date.now();
        for (const row of records.rows as { key: string; value: string }[]) {
          const parsed = validated(valueOfPayload(row.value, now, deserializeRecord), PlayerRecordSchema);
          if (parsed.kind === "corrupt")
            // Moved aside under its own key (without keyv's prefix), as a scan of the records would.
            this.reportCorrupt(
              row.key.slice(this.pg.rawKey("").length),
              `${parsed.problem} (left off the board)`,
              parsed.raw,
            );
          if (parsed.kind !== "ok" || parsed.value.guildId !== guildId) continue;
          const record = parsed.value;
          if (record.points > 0) {
            periods.push(periodName("all-time", week));
            users.push(record.userId);
            points.push(record.points);
          }
          if (record.week === week && record.weekPoints > 0) {
            periods.push(periodName("week", week));
            users.push(record.userId);
            points.push(record.weekPoints);
          }
        }
        const built = [periodName("all-time", week), periodName("week", week)];
        for (const table of [this.pg.boards, this.pg.histogram])
          await query(
            `DELETE FROM ${table} WHERE namespace = $1 AND guild = $2 AND period = ANY($3::text[])`,
            [this.pg.namespace, guildId, built],
          );
        await query(
          `INSERT INTO ${this.pg.boards} (namespace, guild, period, user_id, points)
           SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::int[])`,
          [this.pg.namespace, guildId, periods, users, points],
        );
        await query(
          `INSERT INTO ${this.pg.histogram} (namespace, guild, period, points, players)
           SELECT namespace, guild, period, points, count(*) FROM ${this.pg.boards}
            WHERE namespace = $1 AND guild = $2 AND period = ANY($3::text[])
            GROUP BY namespace, guild, period, points`,
          [this.pg.namespace, guildId, built],
        );
        await query(
          `INSERT INTO ${this.pg.table} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
          [marker, JSON.stringify({ value: { builtAt: Date.now() } })],
        );
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        healthy = false;
      });
      throw error;
    } finally {
      client.release(!healthy);
    }
  }
}
