/**
 * Transactions on PostgreSQL: pessimistic. The body's reads first take a transaction-scoped
 * advisory lock on each key (absent keys included, which a row lock could not cover), then read
 * the rows; the writes and the leaderboard rows are written in the same transaction, and COMMIT
 * releases the locks. Other processes touching the same keys wait rather than conflict, so the
 * body runs once; it runs again only if PostgreSQL reports a deadlock (two bodies reading in
 * different orders: locks in one `read` are taken in one fixed order, so that needs two reads).
 */
import type pg from "pg";
import { type PostgresAccess, storeError } from "./postgres-access.ts";
import { boardLock, periodName } from "./postgres-boards.ts";
import type { StoreWrite } from "./records.ts";
import {
  type BoardEntry,
  conflictPause,
  payloadOf,
  TRANSACTION_ATTEMPTS,
  TransactionConflictError,
  type Transactions,
  type TxDecision,
  type TxReader,
  valueOfPayload,
} from "./transact.ts";
import { deserializeRecord } from "./validated.ts";

/** SQLSTATEs after which the transaction is simply tried again: a deadlock, a serialization failure. */
const RETRYABLE = new Set(["40P01", "40001"]);

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && RETRYABLE.has(code);
}

/** Atomic read-decide-write on PostgreSQL (see the module comment). */
export class PostgresTransactions implements Transactions {
  retries = 0;

  constructor(private readonly pg: PostgresAccess) {}

  async transact<T>(body: (tx: TxReader) => Promise<TxDecision<T>>): Promise<T> {
    await this.pg.ready().catch((error: unknown) => {
      throw storeError(error, "creating the board tables");
    });
    for (let attempt = 1; ; attempt++) {
      const client = await this.pg.pool.connect().catch((error: unknown) => {
        throw storeError(error, "a transaction");
      });
      let healthy = true;
      try {
        await client.query("BEGIN");
        const decision = await body(this.reader(client));
        await this.write(client, decision.writes);
        if (decision.boards && decision.boards.length > 0) await this.updateBoards(client, decision.boards);
        await client.query("COMMIT");
        return decision.result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {
          healthy = false;
        });
        if (!isRetryable(error)) throw storeError(error, "a transaction");
        if (attempt >= TRANSACTION_ATTEMPTS) throw new TransactionConflictError(attempt);
        this.retries++;
      } finally {
        client.release(!healthy);
      }
      await conflictPause(attempt);
    }
  }

  private reader(client: pg.PoolClient): TxReader {
    const locked = new Set<string>();
    return {
      read: async (keys) => {
        const raw = keys.map((key) => this.pg.rawKey(key));
        const fresh = [...new Set(raw.filter((key) => !locked.has(key)))];
        if (fresh.length > 0) {
          // In the order of the lock ids, the one order every transaction takes them in.
          await client.query(
            `SELECT pg_advisory_xact_lock(id) FROM (
               SELECT DISTINCT hashtextextended(k, 0) AS id FROM unnest($1::text[]) AS k ORDER BY id
             ) AS ids`,
            [fresh],
          );
          for (const key of fresh) locked.add(key);
        }
        const rows = await client.query<{ key: string; value: string | null }>(
          `SELECT key, value FROM ${this.pg.table} WHERE key = ANY($1::text[])`,
          [[...new Set(raw)]],
        );
        const byKey = new Map(rows.rows.map((row) => [row.key, row.value]));
        const now = Date.now();
        const found = new Map<string, unknown>();
        keys.forEach((key, i) => {
          const value = valueOfPayload(byKey.get(raw[i] as string), now, deserializeRecord);
          if (value !== undefined) found.set(key, value);
        });
        return found;
      },
    };
  }

  /** keyv's own upsert, for all the writes at once (a key written twice keeps the last value). */
  private async write(client: pg.PoolClient, writes: readonly StoreWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const now = Date.now();
    const byKey = new Map(writes.map((write) => [this.pg.rawKey(write.key), payloadOf(write, now)]));
    await client.query(
      `INSERT INTO ${this.pg.table} (key, value) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [[...byKey.keys()], [...byKey.values()]],
    );
  }

  /**
   * Sets the players' board rows and moves them in the points histogram, in the commit's
   * transaction. A shared lock per guild lets commits run side by side, while a guild's one-time
   * build (postgres-boards.ts) takes it exclusively.
   */
  private async updateBoards(client: pg.PoolClient, entries: readonly BoardEntry[]): Promise<void> {
    const rows = new Map<string, { guild: string; period: string; userId: string; points: number }>();
    for (const entry of entries) {
      const add = (period: string, points: number) =>
        rows.set(`${entry.guildId}\n${period}\n${entry.userId}`, {
          guild: entry.guildId,
          period,
          userId: entry.userId,
          points,
        });
      if (entry.points > 0) add(periodName("all-time", entry.week), entry.points);
      if (entry.weekPoints > 0) add(periodName("week", entry.week), entry.weekPoints);
    }
    if (rows.size === 0) return;
    const guilds = [...new Set([...rows.values()].map((row) => row.guild))];
    await client.query(
      `SELECT pg_advisory_xact_lock_shared(id) FROM (
         SELECT DISTINCT ${boardLock("$1", "g")} AS id FROM unnest($2::text[]) AS g ORDER BY id
       ) AS ids`,
      [this.pg.namespace, guilds],
    );
    const list = [...rows.values()];
    const old = await client.query<{ guild: string; period: string; user_id: string; points: number }>(
      `SELECT b.guild, b.period, b.user_id, b.points FROM ${this.pg.boards} AS b
       JOIN unnest($2::text[], $3::text[], $4::text[]) AS i(guild, period, user_id)
         ON b.guild = i.guild AND b.period = i.period AND b.user_id = i.user_id
       WHERE b.namespace = $1`,
      [this.pg.namespace, list.map((r) => r.guild), list.map((r) => r.period), list.map((r) => r.userId)],
    );
    const before = new Map(old.rows.map((r) => [`${r.guild}\n${r.period}\n${r.user_id}`, r.points]));
    const changed: typeof list = [];
    // (guild, period, points) -> change in the number of players with those points.
    const moves = new Map<string, { guild: string; period: string; points: number; players: number }>();
    const move = (guild: string, period: string, points: number, players: number) => {
      const key = `${guild}\n${period}\n${points}`;
      const found = moves.get(key);
      if (found) found.players += players;
      else moves.set(key, { guild, period, points, players });
    };
    for (const [key, row] of rows) {
      const was = before.get(key);
      if (was === row.points) continue;
      changed.push(row);
      if (was !== undefined) move(row.guild, row.period, was, -1);
      move(row.guild, row.period, row.points, 1);
    }
    if (changed.length === 0) return;
    await client.query(
      `INSERT INTO ${this.pg.boards} (namespace, guild, period, user_id, points)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::int[])
       ON CONFLICT (namespace, guild, period, user_id) DO UPDATE SET points = excluded.points`,
      [
        this.pg.namespace,
        changed.map((r) => r.guild),
        changed.map((r) => r.period),
        changed.map((r) => r.userId),
        changed.map((r) => r.points),
      ],
    );
    const deltas = [...moves.values()].filter((m) => m.players !== 0);
    if (deltas.length === 0) return;
    await client.query(
      `INSERT INTO ${this.pg.histogram} AS h (namespace, guild, period, points, players)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[], $5::int[])
       ON CONFLICT (namespace, guild, period, points) DO UPDATE SET players = h.players + excluded.players`,
      [
        this.pg.namespace,
        deltas.map((d) => d.guild),
        deltas.map((d) => d.period),
        deltas.map((d) => d.points),
        deltas.map((d) => d.players),
      ],
    );
  }
}
