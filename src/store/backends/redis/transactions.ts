/**
 * Transactions on Redis: optimistic. The body's reads are plain MGETs; the commit is one Lua
 * script that checks that every key read still holds the very payload read (absent included),
 * and only then applies every SET and the leaderboard updates, atomically (Redis runs a script
 * alone). If anything read has changed, the script writes nothing and answers "conflict": the
 * body is run again on fresh reads, so a re-decided answer sees the write that won.
 */

import type { StoreWrite } from "../../records.ts";
import type { BoardEntry } from "../../transact.ts";
import { CompareAndSetTransactions, payloadsOf } from "../compare-and-set.ts";
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
export class RedisTransactions extends CompareAndSetTransactions {
  constructor(redis: RedisAccess) {
    super({
      rawKey: (key) => redis.rawKey(key),
      async readRaw(rawKeys) {
        const values = await redis.command(["MGET", ...rawKeys]);
        if (!Array.isArray(values)) throw new Error("Redis answered MGET with no list");
        return new Map(
          rawKeys.map((key, i) => [key, typeof values[i] === "string" ? (values[i] as string) : null]),
        );
      },
      writeIfUnchanged: (expected, writes, boards) => commit(redis, expected, writes, boards),
    });
  }
}

/** Runs the commit script: true if it wrote, false if something read had changed. */
async function commit(
  redis: RedisAccess,
  seen: ReadonlyMap<string, string | null>,
  decisionWrites: readonly StoreWrite[],
  decisionBoards: readonly BoardEntry[],
): Promise<boolean> {
  const keys: string[] = [];
  const reads: string[] = [];
  for (const [key, payload] of seen) {
    keys.push(key);
    reads.push(payload === null ? "0" : `1${payload}`);
  }
  const writes: string[] = [];
  for (const [i, write] of payloadsOf(decisionWrites, redis.rawKey).entries()) {
    const ttl = decisionWrites[i]?.ttl;
    keys.push(write.key);
    writes.push(write.payload, ttl === undefined ? "" : String(Math.max(1, ttl)));
  }
  const boards: string[] = [];
  for (const entry of decisionBoards) {
    const board = boardKeys(entry.guildId, entry.week);
    // Scores are negated points: ascending order is then most points first and, among equal
    // points, ids in byte order, which is the in-memory Ranking's order.
    if (entry.points > 0) {
      keys.push(redis.rawKey(board.allTime));
      boards.push(String(-entry.points), entry.userId, "");
    }
    if (entry.weekPoints > 0) {
      keys.push(redis.rawKey(board.week));
      boards.push(String(-entry.weekPoints), entry.userId, String(WEEK_BOARD_TTL_MS));
    }
  }
  const args = [
    String(reads.length),
    String(decisionWrites.length),
    String(boards.length / 3),
    ...reads,
    ...writes,
    ...boards,
  ];
  return Number(await redis.script(COMMIT_SCRIPT, keys, args)) === 1;
}
