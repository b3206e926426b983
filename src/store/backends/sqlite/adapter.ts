import { EventEmitter } from "node:events";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * How the SQLite file is opened, and what it promises:
 * - WAL: readers never block the writer, and a commit appends to the log instead of rewriting
 *   pages through a rollback journal (about 4.8x the upserts per second measured in issue 11).
 * - synchronous=FULL: every commit is fsync'ed to the log before the call returns, so an answer
 *   the bot has acknowledged survives a crash of the process and of the machine (power loss).
 *   NORMAL would survive a process crash only.
 * - busy_timeout: a second connection (a backup, the terminal quiz) waits for a lock, up to 10 s.
 */
const PRAGMAS = ["journal_mode = WAL", "synchronous = FULL", "busy_timeout = 10000"] as const;

/** The table layout of @keyv/sqlite 4, which earlier versions of the bot wrote: files keep working. */
const createTable = (table: string) =>
  `CREATE TABLE IF NOT EXISTS ${table}(key VARCHAR(255) PRIMARY KEY, value TEXT )`;

/** Opens (creating the folder and file if needed) a SQLite database with the store's pragmas. */
export function openSqliteDatabase(file: string, options: { mustExist?: boolean } = {}): Database.Database {
  if (!options.mustExist) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { fileMustExist: options.mustExist ?? false });
  for (const pragma of PRAGMAS) db.pragma(pragma);
  return db;
}

type Row = { key: string; value: string };

/**
 * keyv's store adapter for SQLite on better-sqlite3 (the maintained synchronous driver), in the
 * table layout @keyv/sqlite uses. Beyond keyv's contract it keeps the two things the benchmarks
 * called for (bench/answer-path.ts, bench/leaderboard.ts):
 * - `setMany` writes every entry in one transaction: all land or none, with one disk sync.
 * - `iterator` reads pages of 1,000 rows, each resuming after the last key seen (an index range
 *   scan per page, not OFFSET, which re-reads every row before it).
 */
export class KeyvBetterSqlite extends EventEmitter {
  private static readonly rowsPerPage = 1_000;
  /** keyv reads `dialect` to decide that this adapter can be iterated. */
  readonly opts: { dialect: "sqlite"; url: string; table: string };
  namespace?: string | undefined;
  readonly db: Database.Database;
  private readonly statements: {
    get: Database.Statement<[string], Row>;
    getMany: Database.Statement<[string], Row>;
    upsert: Database.Statement<[string, string]>;
    delete: Database.Statement<[string]>;
    deleteMany: Database.Statement<[string]>;
    clear: Database.Statement<[string]>;
    pageFrom: Database.Statement<[string, number], Row>;
    pageAfter: Database.Statement<[string, number], Row>;
    pageFromUpTo: Database.Statement<[string, string, number], Row>;
    pageAfterUpTo: Database.Statement<[string, string, number], Row>;
  };

  constructor(file: string, options: { table?: string } = {}) {
    super();
    const table = (options.table ?? "keyv").replace(/[^a-zA-Z0-9_]/g, "");
    if (!/^[a-zA-Z]/.test(table)) throw new Error(`invalid SQLite table name "${options.table}"`);
    this.opts = { dialect: "sqlite", url: `sqlite://${file}`, table };
    this.db = openSqliteDatabase(file);
    this.db.exec(createTable(table));
    const page = <P extends unknown[]>(range: string) =>
      this.db.prepare<P, Row>(`SELECT key, value FROM ${table} WHERE ${range} ORDER BY key LIMIT ?`);
    this.statements = {
      get: this.db.prepare(`SELECT key, value FROM ${table} WHERE key = ?`),
      getMany: this.db.prepare(
        `SELECT key, value FROM ${table} WHERE key IN (SELECT value FROM json_each(?))`,
      ),
      upsert: this.db.prepare(
        `INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value`,
      ),
      delete: this.db.prepare(`DELETE FROM ${table} WHERE key = ?`),
      deleteMany: this.db.prepare(`DELETE FROM ${table} WHERE key IN (SELECT value FROM json_each(?))`),
      clear: this.db.prepare(`DELETE FROM ${table} WHERE key LIKE ?`),
      pageFrom: page<[string, number]>("key >= ?"),
      pageAfter: page<[string, number]>("key > ?"),
      pageFromUpTo: page<[string, string, number]>("key >= ? AND key < ?"),
      pageAfterUpTo: page<[string, string, number]>("key > ? AND key < ?"),
    };
  }

  /** The stored (serialized) value of a key. */
  async get(key: string): Promise<string | undefined> {
    return this.statements.get.get(key)?.value;
  }

  /** The stored values of several keys, in their order. */
  async getMany(keys: string[]): Promise<(string | undefined)[]> {
    const found = new Map(
      this.statements.getMany.all(JSON.stringify(keys)).map((row) => [row.key, row.value]),
    );
    return keys.map((key) => found.get(key));
  }

  /** Writes one entry (keyv has already serialized it, expiry included). */
  async set(key: string, value: string): Promise<void> {
    this.statements.upsert.run(key, value);
  }

  /** Writes the entries in one transaction: all or none, one disk sync. */
  async setMany(entries: { key: string; value: string }[]): Promise<void> {
    this.writeAll(entries);
  }

  private readonly writeAll = (entries: { key: string; value: string }[]) =>
    this.db.transaction(() => {
      for (const entry of entries) this.statements.upsert.run(entry.key, entry.value);
    })();

  /** The stored payloads of keys (null: absent), read in one statement. */
  readRaw(keys: readonly string[]): Map<string, string | null> {
    const found = new Map(
      this.statements.getMany.all(JSON.stringify(keys)).map((row) => [row.key, row.value]),
    );
    return new Map(keys.map((key) => [key, found.get(key) ?? null]));
  }

  /**
   * Writes `writes` only if every key of `expected` still holds its payload (null: absent), in one
   * SQLite transaction taken for writing at once (BEGIN IMMEDIATE): no other connection, in this
   * process or another, writes between the check and the writes. False, with nothing written, if
   * anything read has changed.
   */
  writeIfUnchanged(
    expected: ReadonlyMap<string, string | null>,
    writes: readonly { readonly key: string; readonly payload: string }[],
  ): boolean {
    this.compareAndSet ??= this.db.transaction(
      (check: ReadonlyMap<string, string | null>, entries: readonly { key: string; payload: string }[]) => {
        for (const [key, payload] of check)
          if ((this.statements.get.get(key)?.value ?? null) !== payload) return false;
        for (const entry of entries) this.statements.upsert.run(entry.key, entry.payload);
        return true;
      },
    );
    return this.compareAndSet.immediate(expected, writes);
  }

  private compareAndSet:
    | Database.Transaction<
        (
          check: ReadonlyMap<string, string | null>,
          entries: readonly { key: string; payload: string }[],
        ) => boolean
      >
    | undefined;

  /** Deletes a key; whether it existed. */
  async delete(key: string): Promise<boolean> {
    return this.statements.delete.run(key).changes > 0;
  }

  /** Deletes keys; whether any existed. */
  async deleteMany(keys: string[]): Promise<boolean> {
    return this.statements.deleteMany.run(JSON.stringify(keys)).changes > 0;
  }

  /** Whether a key is stored. */
  async has(key: string): Promise<boolean> {
    return this.statements.get.get(key) !== undefined;
  }

  /** Deletes every key of the namespace (or of the table). */
  async clear(): Promise<void> {
    this.statements.clear.run(this.namespace ? `${this.namespace}:%` : "%");
  }

  /** Every entry of a namespace (or of the table), in key order: an index range scan per page. */
  async *iterator(namespace?: string): AsyncGenerator<[string, string], void> {
    // ";" sorts right after ":", so [namespace:, namespace;) is exactly the namespace's keys.
    const upper = namespace ? `${namespace};` : undefined;
    let lower = namespace ? `${namespace}:` : "";
    let first = true;
    const limit = KeyvBetterSqlite.rowsPerPage;
    for (;;) {
      const { pageFrom, pageAfter, pageFromUpTo, pageAfterUpTo } = this.statements;
      const rows =
        upper === undefined
          ? (first ? pageFrom : pageAfter).all(lower, limit)
          : (first ? pageFromUpTo : pageAfterUpTo).all(lower, upper, limit);
      for (const row of rows) yield [row.key, row.value];
      const last = rows.at(-1);
      if (!last || rows.length < limit) return;
      lower = last.key;
      first = false;
    }
  }

  /** Closes the database (the WAL is checkpointed into the file). */
  async disconnect(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/**
 * Copies a SQLite store to `destination` with SQLite's online backup API while other processes
 * (the running bot) keep writing: the copy is one consistent snapshot, and every transaction
 * committed before the backup started is in it. Returns the number of pages copied.
 */
export async function backupSqlite(source: string, destination: string): Promise<number> {
  const db = openSqliteDatabase(source, { mustExist: true });
  try {
    // All pages in one step: a step that another connection's write interrupts restarts the copy,
    // so small steps could restart forever under a steady stream of answers.
    const result = await db.backup(destination, { progress: () => 0x7fffffff });
    return result.totalPages;
  } finally {
    db.close();
  }
}
