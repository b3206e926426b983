/**
 * Leaderboards in Redis sorted sets, one per guild all-time and one per guild and ISO week,
 * updated by the answer commit's own script (redis-transactions.ts), so every process reads the
 * same exact board without scanning anything. A member's score is its points negated: ZRANGE's
 * ascending order is then "most points first, equal points by id in byte order", the order of the
 * in-memory Ranking, and a rank is 1 + ZCOUNT of the scores below (more points): "1, 2, 2, 4".
 */
import { randomBytes } from "node:crypto";
import { isoWeek } from "../../../engine/week.ts";
import type { Boards, LeaderboardRow, Period } from "../../boards.ts";
import { type PlayerRecord, PlayerRecordSchema } from "../../records.ts";
import { valueOfPayload } from "../../transact.ts";
import type { RedisAccess } from "./access.ts";

/** How long a week's sorted set outlives its last update: past the week after it. */
export const WEEK_BOARD_TTL_MS = 15 * 24 * 60 * 60 * 1000;

import { deserializeRecord, validated } from "../../validated.ts";

/** The sorted sets of a guild (keys as the bot names them, before keyv's prefix). */
export function boardKeys(guildId: string, week: string) {
  return { allTime: `board:${guildId}:all`, week: `board:${guildId}:week:${week}` };
}

/** The marker of a guild whose board was built from its records (and is kept by every commit since). */
const builtKey = (guildId: string) => `board-built:${guildId}`;
const buildingKey = (guildId: string) => `board-building:${guildId}`;

/** How long one process may hold a guild's build before another takes over (it died). */
const BUILD_LEASE_MS = 120_000;
/** How long a reader waits for another process's build to finish. */
const BUILD_WAIT_MS = 150_000;
/** Records read, and members added, per round trip while building. */
const BUILD_BATCH = 1_000;

/** KEYS[1]: the set; ARGV: first, last (or "" for none: the count only). Returns count, then [id, score, rank]... */
const PAGE_SCRIPT = `
local out = { redis.call('ZCARD', KEYS[1]) }
if ARGV[2] == '' then return out end
local rows = redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2], 'WITHSCORES')
local last, rank = nil, 0
for i = 1, #rows, 2 do
  local score = rows[i + 1]
  if score ~= last then
    rank = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. score) + 1
    last = score
  end
  out[#out + 1] = rows[i]
  out[#out + 1] = score
  out[#out + 1] = rank
end
return out
`;

/** KEYS[1]: the set; ARGV[1]: the member. Returns [score, rank], or nil if unranked. */
const RANK_SCRIPT = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score then return false end
return { score, redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. score) + 1 }
`;

/** Glob characters escaped, for SCAN's MATCH. */
const globEscaped = (text: string) => text.replace(/[*?[\]\\]/g, "\\$&");

/** The leaderboards of a Redis store (see the module comment). */
export class RedisBoards implements Boards {
  private readonly built = new Set<string>();

  constructor(
    private readonly redis: RedisAccess,
    private readonly now: () => number,
    private readonly reportCorrupt: (key: string, problem: string, raw?: unknown) => void = () => {},
  ) {}

  async page(guildId: string, period: Period, offset: number, limit: number) {
    await this.ensureBuilt(guildId);
    const reply = await this.redis.script(
      PAGE_SCRIPT,
      [this.redis.rawKey(this.keyOf(guildId, period))],
      [String(offset), limit > 0 ? String(offset + limit - 1) : ""],
    );
    if (!Array.isArray(reply)) throw new Error("Redis answered the leaderboard script with no list");
    const rows: LeaderboardRow[] = [];
    for (let i = 1; i + 2 < reply.length; i += 3)
      rows.push({ userId: String(reply[i]), points: -Number(reply[i + 1]), rank: Number(reply[i + 2]) });
    return { total: Number(reply[0]), rows };
  }

  async rank(guildId: string, period: Period, userId: string) {
    await this.ensureBuilt(guildId);
    const reply = await this.redis.script(
      RANK_SCRIPT,
      [this.redis.rawKey(this.keyOf(guildId, period))],
      [userId],
    );
    if (!Array.isArray(reply)) return undefined;
    return { points: -Number(reply[0]), rank: Number(reply[1]) };
  }

  /** Commits update the sorted sets themselves, in their own script. */
  observe(_record: PlayerRecord): void {}

  /** Every process reads the same sorted sets: there is nothing to restrict. */
  restrictTo(_owns: (guildId: string) => boolean): void {}

  private keyOf(guildId: string, period: Period): string {
    const keys = boardKeys(guildId, isoWeek(this.now()));
    return period === "all-time" ? keys.allTime : keys.week;
  }

  /**
   * Builds a guild's sorted sets from its records, once for the store's life (a deployment from
   * before the boards lived in Redis): one process builds, under a lease key, and sets the marker;
   * the others wait for the marker. Commits keep writing the sets meanwhile, and the build only
   * ever raises a member's score (ZADD LT on negated points), so a record read before a commit
   * cannot undo it.
   */
  private async ensureBuilt(guildId: string): Promise<void> {
    if (this.built.has(guildId)) return;
    const marker = this.redis.rawKey(builtKey(guildId));
    const lease = this.redis.rawKey(buildingKey(guildId));
    const token = randomBytes(8).toString("hex");
    const deadline = Date.now() + BUILD_WAIT_MS;
    for (;;) {
      if (Number(await this.redis.command(["EXISTS", marker])) === 1) break;
      const taken = await this.redis.command(["SET", lease, token, "NX", "PX", String(BUILD_LEASE_MS)]);
      if (taken === "OK") {
        try {
          await this.build(guildId);
          await this.redis.command(["SET", marker, JSON.stringify({ value: { builtAt: Date.now() } })]);
        } finally {
          if ((await this.redis.command(["GET", lease])) === token) await this.redis.command(["DEL", lease]);
        }
        break;
      }
      if (Date.now() > deadline)
        throw new Error(`the leaderboard of guild ${guildId} is still being built by another process`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    this.built.add(guildId);
  }

  /** One SCAN of the guild's score records, added to its all-time and this week's sets. */
  private async build(guildId: string): Promise<void> {
    const week = isoWeek(this.now());
    const keys = boardKeys(guildId, week);
    const allTime = this.redis.rawKey(keys.allTime);
    const weekly = this.redis.rawKey(keys.week);
    const match = `${globEscaped(this.redis.rawKey(`score:${guildId}:`))}*`;
    let cursor = "0";
    do {
      const reply = await this.redis.command(["SCAN", cursor, "MATCH", match, "COUNT", String(BUILD_BATCH)]);
      if (!Array.isArray(reply) || !Array.isArray(reply[1])) throw new Error("Redis answered SCAN oddly");
      cursor = String(reply[0]);
      const found = (reply[1] as unknown[]).map(String);
      if (found.length === 0) continue;
      const values = await this.redis.command(["MGET", ...found]);
      if (!Array.isArray(values)) throw new Error("Redis answered MGET with no list");
      const all: string[] = [];
      const thisWeek: string[] = [];
      const now = Date.now();
      found.forEach((key, i) => {
        const raw: unknown = values[i];
        const value = valueOfPayload(typeof raw === "string" ? raw : null, now, deserializeRecord);
        const parsed = validated(value, PlayerRecordSchema);
        // Moved aside under its own key (without keyv's prefix), as a scan of the records would.
        if (parsed.kind === "corrupt")
          this.reportCorrupt(
            key.slice(this.redis.rawKey("").length),
            `${parsed.problem} (left off the board)`,
            parsed.raw,
          );
        if (parsed.kind !== "ok" || parsed.value.guildId !== guildId) return;
        const record = parsed.value;
        if (record.points > 0) all.push(String(-record.points), record.userId);
        if (record.week === week && record.weekPoints > 0)
          thisWeek.push(String(-record.weekPoints), record.userId);
      });
      if (all.length > 0) await this.redis.command(["ZADD", allTime, "LT", ...all]);
      if (thisWeek.length > 0) await this.redis.command(["ZADD", weekly, "LT", ...thisWeek]);
    } while (cursor !== "0");
    await this.redis.command(["PEXPIRE", weekly, String(WEEK_BOARD_TTL_MS)]);
  }
}
