/**
 * Transactions on PostgreSQL: pessimistic. The body's reads first take a transaction-scoped
 * advisory lock on each key (absent keys included, which a row lock could not cover), then read
 * the rows; the writes and the leaderboard rows are written in the same transaction, and COMMIT
 * releases the locks. Other processes touching the same keys wait rather than conflict, so the
 * body runs once; it runs again only if PostgreSQL reports a deadlock (two bodies reading in
 * different orders: locks in one `read` are taken in one fixed order, so that needs two reads).
 */
import type pg from "pg";
import type { StoreWrite } from "../../records.ts";
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
} from "../../transact.ts";
import { deserializeRecord } from "../../validated.ts";
import { type PostgresAccess, storeError } from "./access.ts";
import { boardLock, periodName } from "./boards.ts";

/** SQLSTATEs after which the transaction is simply tried again: a deadlock, a serialization failure. */
const RETRYABLE = new Set(["40P01", "40001"]);

/** What a transaction holds so far: whether it has begun, and the locks its reads took. */
interface Held {
  begun: boolean;
  readonly keys: Set<string>;
  readonly boards: Set<string>;
}

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && RETRYABLE.has(code);
}

/** Atomic read-decide-write on PostgreSQL (see the module comment). */
export class PostgresTransactions implements Transactions {
  retries = 0;
  readonly readsLock = true;

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
        const held: Held = { begun: false, keys: new Set(), boards: new Set() };
        const decision = await body(this.reader(client, held));
        if (!held.begun) await client.query("BEGIN");
        await this.writeWithBoards(client, decision.writes, decision.boards ?? [], held.boards);
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

  /**
   * Reads that lock first: one round trip per read, as one simple query of several statements
   * (BEGIN on the first; the keys' advisory locks in lock-id order, the one order every
   * transaction takes them in, and any shared board locks; then the rows). Each statement of a
   * simple query reads a snapshot taken when it starts, so the rows are read after the locks are
   * held. Keys are sent as quoted literals (escapeLiteral), since a simple query has no parameters.
   */
  private reader(client: pg.PoolClient, held: Held): TxReader {
    return {
      read: async (keys, options) => {
        const raw = keys.map((key) => this.pg.rawKey(key));
        const literal = (text: string) => client.escapeLiteral(text);
        const fresh = [...new Set(raw.filter((key) => !held.keys.has(key)))];
        const boards = [...new Set(options?.boardsOf ?? [])].filter((guild) => !held.boards.has(guild));
        const statements: string[] = [];
        if (!held.begun) statements.push("BEGIN");
        if (fresh.length > 0)
          statements.push(
            `SELECT pg_advisory_xact_lock(id) FROM (
               SELECT DISTINCT hashtextextended(k, 0) AS id FROM unnest(ARRAY[${fresh.map(literal).join(", ")}]::text[]) AS k ORDER BY id
             ) AS ids`,
          );
        if (boards.length > 0)
          statements.push(
            `SELECT pg_advisory_xact_lock_shared(id) FROM (
               SELECT DISTINCT ${boardLock(literal(this.pg.namespace), "g")} AS id
                 FROM unnest(ARRAY[${boards.map(literal).join(", ")}]::text[]) AS g ORDER BY id
             ) AS ids`,
          );
        const unique = [...new Set(raw)];
        statements.push(
          unique.length === 0
            ? "SELECT NULL::text AS key, NULL::text AS value WHERE false"
            : `SELECT key, value FROM ${this.pg.table} WHERE key = ANY(ARRAY[${unique.map(literal).join(", ")}]::text[])`,
        );
        const results = await client.query(statements.join(";\n"));
        held.begun = true;
        for (const key of fresh) held.keys.add(key);
        for (const guild of boards) held.boards.add(guild);
        // Several statements answer with one result each: the rows are the last one's.
        const last = Array.isArray(results) ? (results.at(-1) as pg.QueryResult) : results;
        const byKey = new Map(
          (last.rows as { key: string; value: string | null }[]).map((r) => [r.key, r.value]),
        );
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
    const [keys, payloads] = this.payloads(writes);
    await client.query(
      `INSERT INTO ${this.pg.table} (key, value) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [keys, payloads],
    );
  }

  /** The writes as keyv's rows: raw keys and payloads, the last write of a key kept. */
  private payloads(writes: readonly StoreWrite[]): [string[], string[]] {
    const now = Date.now();
    const byKey = new Map(writes.map((write) => [this.pg.rawKey(write.key), payloadOf(write, now)]));
    return [[...byKey.keys()], [...byKey.values()]];
  }

  /**
   * Writes the records, sets the players' board rows and moves them in the points histogram, in
   * one statement of the commit's transaction (two round trips with the lock, where one query per
   * table took five). A shared lock per guild lets commits run side by side, while a guild's
   * one-time build (postgres-boards.ts) takes it exclusively. The board rows read for the old
   * points cannot change under this statement: their players' keys are locked by this transaction.
   */
  private async writeWithBoards(
    client: pg.PoolClient,
    writes: readonly StoreWrite[],
    entries: readonly BoardEntry[],
    boardsHeld: ReadonlySet<string>,
  ): Promise<void> {
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
    if (rows.size === 0) return this.write(client, writes);
    const list = [...rows.values()];
    const guilds = [...new Set(list.map((row) => row.guild))].filter((guild) => !boardsHeld.has(guild));
    if (guilds.length > 0)
      await client.query(
        `SELECT pg_advisory_xact_lock_shared(id) FROM (
         SELECT DISTINCT ${boardLock("$1", "g")} AS id FROM unnest($2::text[]) AS g ORDER BY id
       ) AS ids`,
        [this.pg.namespace, guilds],
      );
    const [keys, payloads] = this.payloads(writes);
    // Data-modifying CTEs all run, once, on the snapshot from before the statement: `old` holds
    // the board rows as they were, and the histogram moves each changed player from there.
    await client.query(
      `WITH kv AS (
         INSERT INTO ${this.pg.table} (key, value) SELECT * FROM unnest($6::text[], $7::text[])
         ON CONFLICT (key) DO UPDATE SET value = excluded.value
       ),
       input AS (
         SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::int[]) AS i(guild, period, user_id, points)
       ),
       changed AS (
         SELECT i.guild, i.period, i.user_id, i.points AS now, b.points AS was
           FROM input AS i
           LEFT JOIN ${this.pg.boards} AS b
             ON b.namespace = $1 AND b.guild = i.guild AND b.period = i.period AND b.user_id = i.user_id
          WHERE b.points IS DISTINCT FROM i.points
       ),
       up AS (
         INSERT INTO ${this.pg.boards} (namespace, guild, period, user_id, points)
         SELECT $1, guild, period, user_id, now FROM changed
         ON CONFLICT (namespace, guild, period, user_id) DO UPDATE SET points = excluded.points
       ),
       moves AS (
         SELECT guild, period, now AS points, 1 AS players FROM changed
         UNION ALL
         SELECT guild, period, was, -1 FROM changed WHERE was IS NOT NULL
       ),
       net AS (
         SELECT guild, period, points, sum(players)::int AS players FROM moves
          GROUP BY guild, period, points HAVING sum(players) <> 0
       )
       INSERT INTO ${this.pg.histogram} AS h (namespace, guild, period, points, players)
       SELECT $1, guild, period, points, players FROM net
       ON CONFLICT (namespace, guild, period, points) DO UPDATE SET players = h.players + excluded.players`,
      [
        this.pg.namespace,
        list.map((r) => r.guild),
        list.map((r) => r.period),
        list.map((r) => r.userId),
        list.map((r) => r.points),
        keys,
        payloads,
      ],
    );
  }
}
