/**
 * Transactions on Redis: optimistic. The body's reads are plain MGETs; the commit is one Lua
 * script that checks that every key read still holds the very payload read (absent included),
 * and only then applies every SET and the leaderboard updates, atomically (Redis runs a script
 * alone). If anything read has changed, the script writes nothing and answers "conflict": the
 * body is run again on fresh reads, so a re-decided answer sees the write that won.
 */

import {
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
import type { RedisAccess } from "./access.ts";
import { boardKeys, WEEK_BOARD_TTL_MS } from "./boards.ts";

/**
 * KEYS: the keys read, then the keys written, then the sorted sets updated.
 * ARGV: how many of each; per key read, "0" (it was absent) or "1" followed by the payload read;
 * per key written, the payload and the TTL in ms ("" for none); per sorted-set update, the score,
 * the member and the set's TTL in ms ("" for none).
 */
const COMMIT_SCRIPT = `
local reads, writes, boards = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local at = 4
for i = 1, reads do
  local now = redis.call('GET', KEYS[i])
  local was = ARGV[at]
  at = at + 1
  if was == '0' then
    if now then return 0 end
  elseif now ~= string.sub(was, 2) then
    return 0
  end
end
for j = 1, writes do
  local key = KEYS[reads + j]
  if ARGV[at + 1] == '' then
    redis.call('SET', key, ARGV[at])
  else
    redis.call('SET', key, ARGV[at], 'PX', ARGV[at + 1])
  end
  at = at + 2
end
for b = 1, boards do
  local key = KEYS[reads + writes + b]
  redis.call('ZADD', key, ARGV[at], ARGV[at + 1])
  if ARGV[at + 2] ~= '' then redis.call('PEXPIRE', key, ARGV[at + 2]) end
  at = at + 3
end
return 1
`;

/** Atomic read-decide-write on Redis (see the module comment). */
export class RedisTransactions implements Transactions {
  retries = 0;
  readonly readsLock = false;

  constructor(private readonly redis: RedisAccess) {}

  async transact<T>(body: (tx: TxReader) => Promise<TxDecision<T>>): Promise<T> {
    for (let attempt = 1; attempt <= TRANSACTION_ATTEMPTS; attempt++) {
      // Raw key -> the payload read (null: absent), checked again by the commit script.
      const seen = new Map<string, string | null>();
      const tx: TxReader = {
        read: async (keys) => {
          const raw = keys.map((key) => this.redis.rawKey(key));
          const fresh = [...new Set(raw.filter((key) => !seen.has(key)))];
          if (fresh.length > 0) {
            const values = await this.redis.command(["MGET", ...fresh]);
            if (!Array.isArray(values)) throw new Error("Redis answered MGET with no list");
            fresh.forEach((key, i) => {
              const value: unknown = values[i];
              seen.set(key, typeof value === "string" ? value : null);
            });
          }
          const now = Date.now();
          const found = new Map<string, unknown>();
          keys.forEach((key, i) => {
            const value = valueOfPayload(seen.get(raw[i] as string), now, deserializeRecord);
            if (value !== undefined) found.set(key, value);
          });
          return found;
        },
      };
      const decision = await body(tx);
      // Nothing to write: the reads were a consistent answer at the moment they were made.
      if (decision.writes.length === 0 && (decision.boards?.length ?? 0) === 0) return decision.result;
      if (await this.commit(seen, decision)) return decision.result;
      this.retries++;
      await conflictPause(attempt);
    }
    throw new TransactionConflictError(TRANSACTION_ATTEMPTS);
  }

  private async commit(seen: ReadonlyMap<string, string | null>, decision: TxDecision<unknown>) {
    const keys: string[] = [];
    const reads: string[] = [];
    for (const [key, payload] of seen) {
      keys.push(key);
      reads.push(payload === null ? "0" : `1${payload}`);
    }
    const writes: string[] = [];
    // Payload expiry as keyv computes it (the wall clock), so keyv's own reads agree.
    const now = Date.now();
    for (const write of decision.writes) {
      keys.push(this.redis.rawKey(write.key));
      writes.push(payloadOf(write, now), write.ttl === undefined ? "" : String(Math.max(1, write.ttl)));
    }
    const boards: string[] = [];
    for (const entry of decision.boards ?? []) {
      const board = boardKeys(entry.guildId, entry.week);
      // Scores are negated points: ascending order is then most points first and, among equal
      // points, ids in byte order, which is the in-memory Ranking's order.
      if (entry.points > 0) {
        keys.push(this.redis.rawKey(board.allTime));
        boards.push(String(-entry.points), entry.userId, "");
      }
      if (entry.weekPoints > 0) {
        keys.push(this.redis.rawKey(board.week));
        boards.push(String(-entry.weekPoints), entry.userId, String(WEEK_BOARD_TTL_MS));
      }
    }
    const args = [
      String(reads.length),
      String(decision.writes.length),
      String(boards.length / 3),
      ...reads,
      ...writes,
      ...boards,
    ];
    return Number(await this.redis.script(COMMIT_SCRIPT, keys, args)) === 1;
  }
}
