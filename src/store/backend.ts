/**
 * What a store backend provides: the one interface every backend in `src/store/backends/`
 * implements, and the only thing the stores above (scores, sessions, lessons, community, ...) ask
 * of a backend. `open.ts` is the one place that chooses a backend, from a STORE_URL's scheme.
 *
 * Every backend keeps its records through keyv (its own adapter, namespace and key layout, as the
 * bot always has), so a store written by an earlier version opens unchanged: the transaction, scan,
 * board and lease layers below work over keyv's own keys and payloads (`{namespace}:{key}` ->
 * `{"value":…,"expires":…}`), never over a layout of their own.
 *
 * | backend  | transact                              | scans      | boards            | leases              | step queue         | backup |
 * |----------|---------------------------------------|------------|-------------------|---------------------|--------------------|--------|
 * | sqlite   | compare-and-set in one SQLite txn     | index range| in-memory ranking | lock file per store | in-process timers  | yes (online backup API) |
 * | redis    | optimistic, one Lua commit script     | SCAN       | sorted sets       | key per shard       | BullMQ on Redis    | no: `redis-cli --rdb` (the server's own snapshot) |
 * | postgres | advisory locks, one SQL transaction   | keyset SQL | board tables      | row per shard       | BullMQ on PostgreSQL | no: `pg_dump` (the server's own snapshot) |
 * | memory   | compare-and-set on the Map            | Map walk   | in-memory ranking | Map entry per shard | in-process timers  | no: nothing outlives the process to copy |
 */
import type Keyv from "keyv";
import type { Boards } from "./boards.ts";
import type { Holder } from "./lease-holder.ts";
import type { StepQueue, StepQueueOptions } from "./steps.ts";
import type { Transactions } from "./transact.ts";
import type { CorruptRecordReporter } from "./validated.ts";

/** Interaction ids claimed once, on any process: the first claim of an id wins, later ones are refused. */
export interface InteractionClaims {
  /** Claims an interaction id: true the first time (act on it), false if already claimed (ignore it). */
  claim(id: string): Promise<boolean>;
}

/** A lease held by this process. */
export interface StoreLease {
  /** Stops the heartbeat and gives the lease up (at shutdown). */
  release(): Promise<void>;
}

/** Which backend a STORE_URL names. */
export type StoreBackend = "sqlite" | "redis" | "postgres" | "memory";

/** How a keyv is opened on a backend (its namespace, and its table where it has tables). */
export interface OpenOptions {
  readonly namespace?: string | undefined;
  readonly table?: string | undefined;
  /** The bound on each call to a networked store (see errors.ts), default STORE_TIMEOUT_MS. */
  readonly timeoutMs?: number | undefined;
}

/** What the in-memory rankings (SQLite, memory) need to build and keep a guild's boards. */
export interface BoardContext {
  readonly now: () => number;
  readonly reportCorrupt: CorruptRecordReporter;
  /** Told of a failed scan that is tried again. */
  readonly onScanRetry: (error: unknown, attempt: number) => void;
}

/** A lease that a heartbeat keeps alive: what renewing it found. */
export type Renewal = "held" | "taken" | "vanished";

/** A lease key found held by someone else: its raw value, and how long it has left. */
export interface HeldLease {
  readonly taken: false;
  /** Who holds it, as its token names them (undefined: unreadable). */
  readonly holder: Holder | undefined;
  /** The raw value stored (the holder's token), to name the holder and to take it over only if unchanged. */
  readonly value: string;
  /** Milliseconds until it expires unless renewed (undefined: unknown, or gone meanwhile). */
  readonly leftMs: number | undefined;
}

/** Leases on keys of a store that several processes share, one per shard (Redis, PostgreSQL, memory). */
export interface KeyLeases {
  /** Takes the lease if it is free or expired, else says who holds it. */
  take(key: string): Promise<{ taken: true } | HeldLease>;
  /** Extends our lease, or says it was taken by another holder or vanished. */
  renew(key: string): Promise<Renewal>;
  /** Gives up our lease (a no-op if it is no longer ours). */
  drop(key: string): Promise<void>;
  /** Deletes the lease only if it still holds `value` (its holder is gone): a compare-and-delete. */
  dropIf(key: string, value: string): Promise<void>;
}

/**
 * How a backend keeps two processes off one store: one lease for the whole store (SQLite: one
 * process per file), or one per shard on keys of the store (`lease:shard:{id}`).
 */
export type LeaseProvider =
  | { readonly kind: "per-store"; take(): StoreLease }
  | {
      readonly kind: "per-key";
      /** Leases held under `token` (the holder's identity), lasting `ttlMs` unless renewed. */
      open(token: string, ttlMs: number): KeyLeases;
    };

/** Whether a backend can copy its store while the bot runs, and if not, why and what to use. */
export type BackupSupport =
  | {
      readonly supported: true;
      /** The file the store a URL names lives in (to check it exists before copying). */
      source(storeUrl: string): string;
      /** Copies the store a URL names to `destination` (a new file): one consistent snapshot. */
      copy(
        storeUrl: string,
        destination: string,
      ): Promise<{ readonly source: string; readonly pages: number }>;
    }
  | { readonly supported: false; readonly reason: string };

/** What is known of a backend before a store is opened on it (from the URL alone). */
export interface BackendDriver {
  readonly name: StoreBackend;
  /** Whether several processes may share one store (the sharded manager needs it). */
  readonly shared: boolean;
  /** Opens a keyv on the store a URL names, and the backend over it. */
  open(url: string, options?: OpenOptions): Backend;
  /** The backend over a keyv already opened on this backend's adapter. */
  over(keyv: Keyv, url?: string): Backend;
  /**
   * The step queue of the store a URL names: delayed, typed steps (`StepQueue<T>`: `add(id, data,
   * delayMs)` enqueues, `start(run)` claims each due step once, `remove(id)` cancels one not yet
   * taken). In-process timers where one process owns the store; a queue on the server, shared by
   * every process, where several do.
   */
  openSteps<T>(url: string, options: StepQueueOptions<T>): Promise<StepQueue<T>>;
  readonly backup: BackupSupport;
}

/** One store on one backend, as the stores above use it. */
export interface Backend {
  readonly driver: BackendDriver;
  /** The records, through keyv (get, getMany, set, setMany, delete): keyv's own layout. */
  readonly keyv: Keyv;
  /**
   * Atomic multi-key read-decide-write (`transact`): every store's read-modify-write goes through
   * it, on every backend, so two writers (two clicks, two processes) never lose an update.
   */
  readonly transactions: Transactions;
  /**
   * The raw rows whose keys start with `prefix` (the bot's key, without the namespace), as
   * [full key, stored payload]. A store error ends the iteration with that error: never an early,
   * quiet end that would read as "no data". (scan.ts turns the rows into records.)
   */
  rows(prefix: string): AsyncIterator<[string, unknown]>;
  /** Whether each read of a scan must be bounded in time (a networked store may stall). */
  readonly networked: boolean;
  /** The leaderboards: kept by the database (Redis, PostgreSQL) or ranked in memory (SQLite, memory). */
  boards(context: BoardContext): Boards;
  /** The interaction claims (each interaction acts once, on any process). */
  claims(now: () => number): InteractionClaims;
  readonly leases: LeaseProvider;
  /** The server's eviction policy where it has one (Redis `maxmemory-policy`), else undefined. */
  evictionPolicy(): Promise<string | undefined>;
}
