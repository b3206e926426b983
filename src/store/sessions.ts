import type Keyv from "keyv";
import type { SessionState } from "../quiz/session.ts";
import type { KeyedLock } from "./keyed-lock.ts";
import { ChannelClaimSchema, keys, SessionStateSchema, type StoreWrite } from "./records.ts";
import { scanPrefix, withScanRetry } from "./scan.ts";
import { type CorruptRecordReporter, readValidated } from "./validated.ts";

/** A caller of `batch` waiting for its group's result. */
interface Waiting<I, R> {
  readonly item: I;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/** How long a session is kept after its last change: a solo player may pause, then come back. */
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Quiz sessions in keyv, so a quiz survives a restart. The owning process is the only writer
 * for its guilds, so it keeps a write-through cache: reads of a live session cost no round trip.
 */
export class SessionStore {
  private readonly cache = new Map<string, SessionState>();
  /** Callers of `batch` waiting for the next group commit of each session. */
  private readonly groups = new Map<string, Waiting<unknown, unknown>[]>();

  constructor(
    private readonly keyv: Keyv,
    private readonly lock: KeyedLock,
    private readonly reportCorrupt: CorruptRecordReporter = () => {},
  ) {}

  /** A session by id, or undefined if it never existed, expired, or its record is corrupt. */
  async get(sessionId: string): Promise<SessionState | undefined> {
    const cached = this.cache.get(sessionId);
    if (cached) return cached;
    const key = keys.session(sessionId);
    const read = await readValidated(this.keyv, key, SessionStateSchema);
    if (read.kind === "corrupt") this.reportCorrupt(key, read.problem, read.raw);
    if (read.kind !== "ok") return undefined;
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
   * Runs a read-modify-write of one session under its lock: `change` gets the current state and
   * returns the new one (saved before `update` returns) or undefined to leave it as it is. With
   * `saved`, `change` has already written the new state itself (in one batch with a score, from
   * `writeOf`), so it is only remembered.
   */
  async update<T>(
    sessionId: string,
    change: (
      state: SessionState | undefined,
    ) => Promise<{ state?: SessionState; result: T; saved?: boolean }>,
  ): Promise<T> {
    return this.lock.run(keys.session(sessionId), async () => {
      try {
        const { state, result, saved } = await change(await this.get(sessionId));
        if (state && saved) this.remember(state);
        else if (state) await this.save(state);
        return result;
      } catch (error) {
        // A write that failed (or timed out) may still land: read the session afresh next time.
        this.cache.delete(sessionId);
        throw error;
      }
    });
  }

  /**
   * Like `update`, but for many concurrent callers at once (a group commit): calls for a session
   * that arrive while one of its changes is being written are queued, then handled together by
   * one `change` with all their items and one write. `change` returns one result per item, in
   * order. A failure fails every item of that group.
   */
  batch<I, R>(
    sessionId: string,
    item: I,
    change: (
      state: SessionState | undefined,
      items: readonly I[],
    ) => Promise<{ state?: SessionState; results: readonly R[]; saved?: boolean }>,
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const waiting = this.groups.get(sessionId) as Waiting<I, R>[] | undefined;
      if (waiting) {
        waiting.push({ item, resolve, reject });
        return;
      }
      const group: Waiting<I, R>[] = [{ item, resolve, reject }];
      this.groups.set(sessionId, group as Waiting<unknown, unknown>[]);
      void this.lock.run(keys.session(sessionId), async () => {
        // From here on, later callers start the next group (which waits for this one's write).
        this.groups.delete(sessionId);
        try {
          const { state, results, saved } = await change(
            await this.get(sessionId),
            group.map((w) => w.item),
          );
          if (state && saved) this.remember(state);
          else if (state) await this.save(state);
          for (const [i, w] of group.entries()) w.resolve(results[i] as R);
        } catch (error) {
          this.cache.delete(sessionId);
          for (const w of group) w.reject(error);
        }
      });
    });
  }

  /**
   * Claims a channel for a new channel round: succeeds only if no unfinished session holds it.
   * Serialised per channel, so two rounds started at the same moment cannot both start.
   */
  async claimChannel(guildId: string, channelId: string, start: () => Promise<SessionState>) {
    const key = keys.channel(guildId, channelId);
    return this.lock.run(key, async () => {
      const read = await readValidated(this.keyv, key, ChannelClaimSchema);
      if (read.kind === "corrupt") this.reportCorrupt(key, read.problem, read.raw);
      if (read.kind === "ok") {
        const holder = await this.get(read.value.sessionId);
        if (holder && holder.phase !== "finished") return { started: false as const, holder };
      }
      const state = await start();
      await this.save(state);
      await this.keyv.set(key, { sessionId: state.id }, SESSION_TTL_MS);
      return { started: true as const, state };
    });
  }

  /** The unfinished session running in a channel, if any. */
  async inChannel(guildId: string, channelId: string): Promise<SessionState | undefined> {
    const key = keys.channel(guildId, channelId);
    const read = await readValidated(this.keyv, key, ChannelClaimSchema);
    if (read.kind === "corrupt") this.reportCorrupt(key, read.problem, read.raw);
    if (read.kind !== "ok") return undefined;
    const state = await this.get(read.value.sessionId);
    return state && state.phase !== "finished" ? state : undefined;
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
        else if (parsed.data.phase !== "finished") found.push(parsed.data);
      }
      return found;
    });
  }

  /** Drops finished sessions from the cache (the store keeps them until their TTL). */
  private remember(state: SessionState): void {
    if (state.phase === "finished") this.cache.delete(state.id);
    else this.cache.set(state.id, state);
  }
}
