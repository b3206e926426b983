import type Keyv from "keyv";
import type { SessionState } from "../engine/session.ts";
import type { KeyedLock } from "../lib/keyed-lock.ts";
import { LruCache } from "../lib/lru.ts";
import { ChannelClaimSchema, keys, SessionStateSchema, type StoreWrite } from "./records.ts";
import { scanPrefix, withScanRetry } from "./scan.ts";
import type { Transactions, TxReader } from "./transact.ts";
import { type CorruptRecordReporter, readValidated, validated } from "./validated.ts";

/** A channel claimed for a new round, or refused because one is already running there. */
type ChannelClaimed =
  | { readonly started: true; readonly state: SessionState }
  | { readonly started: false; readonly holder: SessionState };

/** How long a session is kept after its last change: a solo player may pause, then come back. */
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

/** How many live sessions a SessionStore keeps in memory (the rest are read from the store). */
export const SESSIONS_CACHED = 1_000;

/**
 * Quiz sessions in keyv, so a quiz survives a restart. A session is over 24 h after its last
 * change, so an abandoned quiz answers the same before and after a restart.
 *
 * Other writers may change the same sessions (a round revealed by one process while another takes
 * answers; on SQLite, a second connection), so every read goes to the store, and every
 * read-modify-write is a store transaction (backend.ts). A bounded cache (least recently used go
 * first) remembers the sessions this process played: a guess of which keys a transaction will
 * read (`lastSeen`), and the count for `activeSolo`; never the truth.
 */
export class SessionStore {
  private readonly cache: LruCache<string, SessionState>;

  constructor(
    private readonly keyv: Keyv,
    private readonly lock: KeyedLock,
    private readonly reportCorrupt: CorruptRecordReporter = () => {},
    private readonly now: () => number = Date.now,
    cacheSize: number = SESSIONS_CACHED,
    private readonly transactions: Transactions,
  ) {
    this.cache = new LruCache(cacheSize);
  }

  /** A session by id, or undefined if it never existed, expired, or its record is corrupt. */
  async get(sessionId: string): Promise<SessionState | undefined> {
    const key = keys.session(sessionId);
    const read = await readValidated(this.keyv, key, SessionStateSchema);
    if (read.kind === "corrupt") this.reportCorrupt(key, read.problem, read.raw);
    if (read.kind !== "ok" || this.expired(read.value)) return undefined;
    this.remember(read.value);
    return read.value;
  }

  /** Saves a session (durably, before returning). */
  async save(state: SessionState): Promise<void> {
    const write = this.writeOf(state);
    await this.keyv.set(write.key, write.value, write.ttl);
    this.remember(state);
  }

  /** The write that saves a session, for a caller that commits it in one batch with other records. */
  writeOf(state: SessionState): StoreWrite {
    return { key: keys.session(state.id), value: state, ttl: SESSION_TTL_MS };
  }

  /**
   * A session from its stored value (as read with others in one batch): undefined if absent,
   * expired or corrupt (reported). A finished session is returned as it is.
   */
  fromStored(sessionId: string, stored: unknown): SessionState | undefined {
    const key = keys.session(sessionId);
    const parsed = validated(stored, SessionStateSchema);
    if (parsed.kind === "corrupt") this.reportCorrupt(key, parsed.problem, parsed.raw);
    if (parsed.kind !== "ok" || this.expired(parsed.value)) return undefined;
    return parsed.value;
  }

  /**
   * Reads a session inside a store transaction: undefined if absent, expired or corrupt (reported).
   * A finished session is returned as it is (callers decide what "over" means).
   */
  async readIn(tx: TxReader, sessionId: string): Promise<SessionState | undefined> {
    const key = keys.session(sessionId);
    return this.fromStored(sessionId, (await tx.read([key])).get(key));
  }

  /**
   * The session as this process last wrote or read it, never checked against the store: a guess
   * of which keys a transaction will need, which the transaction then reads (and checks) itself.
   */
  lastSeen(sessionId: string): SessionState | undefined {
    return this.cache.get(sessionId);
  }

  /** Keeps a session written by a caller's own batch (from `writeOf`) in the cache. */
  remember(state: SessionState): void {
    // Finished sessions are dropped from the cache (the store keeps them until their TTL).
    if (state.phase === "finished") this.cache.delete(state.id);
    else this.cache.set(state.id, state);
  }

  /** Forgets a cached session after a write that failed (and may still land): it is read afresh. */
  forget(sessionId: string): void {
    this.cache.delete(sessionId);
  }

  /**
   * Solo sessions this process holds that are neither finished nor past their TTL: the ones it
   * has started or played since it started (a session from before a restart counts once it is
   * played again), at most SESSIONS_CACHED. Free to call: it reads only the cache.
   */
  activeSolo(): number {
    let count = 0;
    for (const state of this.cache.values())
      if (state.kind === "solo" && state.phase !== "finished" && !this.expired(state)) count++;
    return count;
  }

  /** How many sessions the cache holds (bounded by SESSIONS_CACHED). */
  get cached(): number {
    return this.cache.size;
  }

  /**
   * Runs a read-modify-write of one session under its lock: `change` gets the current state and
   * returns the new one (saved before `update` returns) or no state to leave it as it is.
   */
  async update<T>(
    sessionId: string,
    change: (state: SessionState | undefined) => Promise<{ state?: SessionState; result: T }>,
  ): Promise<T> {
    // This process's changes to one session take turns (an in-process optimisation: fewer
    // conflicts); the transaction is the guarantee against every other writer.
    return this.lock.run(keys.session(sessionId), async () => {
      try {
        // `change` may run again after a conflict: it decides from the state it is given, nothing else.
        const { state, result } = await this.transactions.transact(async (tx) => {
          const decided = await change(await this.readIn(tx, sessionId));
          return { writes: decided.state ? [this.writeOf(decided.state)] : [], result: decided };
        });
        if (state) this.remember(state);
        return result;
      } catch (error) {
        // A write that failed (or timed out) may still land: the guess is dropped.
        this.cache.delete(sessionId);
        throw error;
      }
    });
  }

  /** Past its TTL: over, as the store's own TTL will make it. */
  private expired(state: SessionState): boolean {
    return state.updatedAt + SESSION_TTL_MS <= this.now();
  }

  /**
   * Claims a channel for a new channel round: succeeds only if no unfinished session holds it.
   * Serialised per channel, so two rounds started at the same moment cannot both start.
   */
  async claimChannel(guildId: string, channelId: string, start: () => Promise<SessionState>) {
    const key = keys.channel(guildId, channelId);
    return this.lock.run(key, async () => {
      const outcome = await this.transactions.transact<ChannelClaimed>(async (tx) => {
        const claim = validated((await tx.read([key])).get(key), ChannelClaimSchema);
        if (claim.kind === "corrupt") this.reportCorrupt(key, claim.problem, claim.raw);
        if (claim.kind === "ok") {
          const holder = await this.readIn(tx, claim.value.sessionId);
          if (holder && holder.phase !== "finished")
            return { writes: [], result: { started: false as const, holder } };
        }
        // `start` only builds the new session's state (the same each time it is run). The session
        // and the claim land together: no claim pointing at a session never saved.
        const state = await start();
        return {
          writes: [this.writeOf(state), { key, value: { sessionId: state.id }, ttl: SESSION_TTL_MS }],
          result: { started: true as const, state },
        };
      });
      if (outcome.started) this.remember(outcome.state);
      return outcome;
    });
  }

  /** The unfinished session running in a channel, if any. */
  async inChannel(guildId: string, channelId: string): Promise<SessionState | undefined> {
    const round = await this.roundInChannel(guildId, channelId);
    return round.kind === "running" ? round.state : undefined;
  }

  /**
   * The round a channel is claimed for: running, none (never, or finished), or unreadable (its
   * record is gone or damaged: the claim holds nothing, and a new round may take the channel).
   */
  async roundInChannel(
    guildId: string,
    channelId: string,
  ): Promise<
    { kind: "running"; state: SessionState } | { kind: "none" } | { kind: "unreadable"; sessionId: string }
  > {
    const key = keys.channel(guildId, channelId);
    const read = await readValidated(this.keyv, key, ChannelClaimSchema);
    if (read.kind === "corrupt") this.reportCorrupt(key, read.problem, read.raw);
    if (read.kind !== "ok") return { kind: "none" };
    const state = await this.get(read.value.sessionId);
    if (!state) return { kind: "unreadable", sessionId: read.value.sessionId };
    return state.phase === "finished" ? { kind: "none" } : { kind: "running", state };
  }

  /** Every unfinished session in the store (to resume channel rounds after a restart). */
  async unfinished(): Promise<SessionState[]> {
    // A scan cut short must not look like "no round to resume": it is retried, then thrown.
    return withScanRetry("session:", async () => {
      const found: SessionState[] = [];
      for await (const [key, value] of scanPrefix(this.keyv, "session:")) {
        const parsed = SessionStateSchema.safeParse(value);
        if (!parsed.success)
          this.reportCorrupt(key, parsed.error.issues[0]?.message ?? "invalid session", value);
        else if (parsed.data.phase !== "finished" && !this.expired(parsed.data)) found.push(parsed.data);
      }
      return found;
    });
  }
}
