import { randomBytes } from "node:crypto";
import type Keyv from "keyv";
import type { Logger } from "pino";
import type { Bank } from "../bank/bank.ts";
import type { AnswerCommits } from "../store/answers.ts";
import type { CommunityStore } from "../store/community.ts";
import type { InteractionClaims } from "../store/interaction-claims.ts";
import type { Boards } from "../store/leaderboards.ts";
import type { LessonsStore } from "../store/lessons.ts";
import { probeStore, type StoreProbe } from "../store/probe.ts";
import type { ScoreStore } from "../store/scores.ts";
import type { SessionStore } from "../store/sessions.ts";
import type { SourcesStore } from "../store/sources.ts";
import { createStores } from "../store/stores.ts";
import type { TeamBoards } from "../store/team-boards.ts";
import type { Transactions } from "../store/transact.ts";
import type { Quarantine } from "../store/validated.ts";
import { GroupCommit } from "./group-commit.ts";
import { GuildBanks } from "./guild-banks.ts";

/**
 * Everything the application needs, passed explicitly (no globals, no container): the bank, the
 * stores (never raw keyv: every record goes through src/store), the clock and the id source.
 * Tests build one with a fake clock and an in-memory keyv.
 */
export interface AppContext {
  /** The shipped bank; a server's own bank (with its approved questions) comes from `banks`. */
  readonly bank: Bank;
  readonly banks: GuildBanks;
  readonly community: CommunityStore;
  readonly scores: ScoreStore;
  readonly sessions: SessionStore;
  readonly answers: AnswerCommits;
  readonly leaderboards: Boards;
  /** Question sets, assignments and the grade book. */
  readonly lessons: LessonsStore;
  /** Each server's team leaderboard. */
  readonly teamBoards: TeamBoards;
  /** A server's own source documents. */
  readonly sources: SourcesStore;
  /** Moves corrupt records aside (tests wait for it with `idle`). */
  readonly quarantine: Quarantine;
  /** Interaction ids already acted on: a delivery played back finds its id taken. */
  readonly interactions: InteractionClaims;
  /** The store's transactions (every backend's), for their retry count. */
  readonly transactions: Transactions;
  /** Clicks on one session that arrive while its previous group is being written, judged and written together. */
  readonly answerGroups: GroupCommit;
  readonly logger: Logger;
  readonly now: () => number;
  readonly newId: () => string;
  /** Whether the store takes a write now (a bounded set and delete of a probe key), for /status. */
  readonly probeStore: (timeoutMs: number) => Promise<StoreProbe>;
}

/** A short random id (12 base-36 characters), small enough for Discord's 100-character custom_ids. */
export function randomId(): string {
  return BigInt(`0x${randomBytes(8).toString("hex")}`)
    .toString(36)
    .padStart(12, "0")
    .slice(-12);
}

/** Wires the application around one keyv (which only the stores see). */
export function createAppContext(options: {
  bank: Bank;
  keyv: Keyv;
  logger: Logger;
  now?: () => number;
  newId?: () => string;
}): AppContext {
  const now = options.now ?? Date.now;
  const stores = createStores(options.keyv, { now, logger: options.logger });
  return {
    bank: options.bank,
    banks: new GuildBanks(options.bank, stores.community, stores.sources, options.logger),
    ...stores,
    answerGroups: new GroupCommit(),
    logger: options.logger,
    now,
    newId: options.newId ?? randomId,
    probeStore: (timeoutMs) => probeStore(options.keyv, timeoutMs),
  };
}
