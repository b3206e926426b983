import { randomBytes } from "node:crypto";
import type Keyv from "keyv";
import type { Logger } from "pino";
import type { Bank } from "../bank/bank.ts";
import { GuildBanks } from "../community/guild-banks.ts";
import { CommunityStore } from "../store/community.ts";
import { KeyedLock } from "../store/keyed-lock.ts";
import { Leaderboards } from "../store/leaderboards.ts";
import { LessonsStore } from "../store/lessons.ts";
import { ScoreStore } from "../store/scores.ts";
import { SessionStore } from "../store/sessions.ts";
import { Quarantine } from "../store/validated.ts";

/**
 * Everything the quiz needs, passed explicitly (no globals, no container): the bank, the stores,
 * the clock and the id source. Tests build one with a fake clock and an in-memory keyv.
 */
export interface GameContext {
  /** The shipped bank; a server's own bank (with its approved questions) comes from `banks`. */
  readonly bank: Bank;
  readonly banks: GuildBanks;
  readonly community: CommunityStore;
  readonly keyv: Keyv;
  readonly scores: ScoreStore;
  readonly sessions: SessionStore;
  readonly leaderboards: Leaderboards;
  /** Question sets, assignments and the grade book. */
  readonly lessons: LessonsStore;
  /** Moves corrupt records aside (tests wait for it with `idle`). */
  readonly quarantine: Quarantine;
  readonly logger: Logger;
  readonly now: () => number;
  readonly newId: () => string;
}

/** A short random id (12 base-36 characters), small enough for Discord's 100-character custom_ids. */
export function randomId(): string {
  return BigInt(`0x${randomBytes(8).toString("hex")}`)
    .toString(36)
    .padStart(12, "0")
    .slice(-12);
}

/** Wires the stores around one keyv. */
export function createGameContext(options: {
  bank: Bank;
  keyv: Keyv;
  logger: Logger;
  now?: () => number;
  newId?: () => string;
}): GameContext {
  const now = options.now ?? Date.now;
  const lock = new KeyedLock();
  // Corrupt records are moved aside under `corrupt:` with a log line naming the key.
  const quarantine = new Quarantine(options.keyv, lock, options.logger, now);
  const reportCorrupt = quarantine.report;
  const leaderboards = new Leaderboards(options.keyv, now, reportCorrupt, (error, attempt) =>
    options.logger.warn({ err: error, attempt }, "the leaderboard scan failed: trying again"),
  );
  const community = new CommunityStore(options.keyv, lock, reportCorrupt, options.logger, now);
  return {
    bank: options.bank,
    banks: new GuildBanks(options.bank, community, options.logger),
    community,
    keyv: options.keyv,
    scores: new ScoreStore(options.keyv, lock, leaderboards, reportCorrupt),
    sessions: new SessionStore(options.keyv, lock, reportCorrupt),
    leaderboards,
    lessons: new LessonsStore(options.keyv, lock, reportCorrupt),
    quarantine,
    logger: options.logger,
    now,
    newId: options.newId ?? randomId,
  };
}
