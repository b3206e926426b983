/**
 * Suite 1, the answer path: what `answer()` costs (engine, session update and score write) against
 * the store work it cannot avoid, a raw keyv get + set of a same-sized player record on the same
 * backend and connection. Both are timed alternately, many times, and compared by their medians.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { type AppContext, createAppContext } from "../src/app/context.ts";
import { answer, nextQuestion, QUIZ_LIMITS, questionOf, startSolo } from "../src/app/quiz.ts";
import type { Bank } from "../src/bank/bank.ts";
import { loadBank } from "../src/bank/load.ts";
import { displayedOptions, type SessionState } from "../src/engine/session.ts";
import type { PlayerRecord } from "../src/store/records.ts";
import { sharedAnswerMeasurements } from "./multi-process.ts";
import type { Measurement } from "./report.ts";
import { interleaved, median, percentile, round } from "./stats.ts";
import {
  type BenchBackend,
  benchBackends,
  benchNamespace,
  countStoreCalls,
  describeCalls,
  noCalls,
  tallyCalls,
} from "./stores.ts";

const SUITE = "answer path";
const GUILD = "bench-guild";
/** Players take turns, so each answer is on a session and record that another answer just left. */
const PLAYERS = 4;
const ITERATIONS = 1000;
/** The ratio the answer path may cost over a raw get + set of the player's record. */
const GOAL = 1.5;

interface Player {
  readonly userId: string;
  session: SessionState;
  answered: number;
}

const silent = pino({ level: "silent" });

async function startFor(ctx: AppContext, userId: string): Promise<SessionState> {
  return startSolo(ctx, {
    guildId: GUILD,
    channelId: `dm-${userId}`,
    userId,
    filter: {},
    count: QUIZ_LIMITS.maxQuestions,
  });
}

/** Brings a player's solo session to a round that is asking (untimed: not part of an answer). */
async function ready(ctx: AppContext, player: Player): Promise<void> {
  if (player.session.phase === "revealed") {
    const change = await nextQuestion(ctx, {
      sessionId: player.session.id,
      userId: player.userId,
      round: player.session.round,
    });
    if (change.kind !== "changed") throw new Error(`next question refused: ${change.kind}`);
    player.session = change.state;
  }
  if (player.session.phase === "finished") player.session = await startFor(ctx, player.userId);
}

/** One answer through the application layer: right three times in four, so streaks come and go. */
async function answerOnce(ctx: AppContext, player: Player): Promise<void> {
  const state = player.session;
  const question = await questionOf(ctx, state);
  const options = displayedOptions(state, question);
  const right = options.indexOf(question.answer);
  const choice = player.answered % 4 === 3 ? (right + 1) % options.length : right;
  const outcome = await answer(ctx, {
    sessionId: state.id,
    round: state.round,
    userId: player.userId,
    choice,
  });
  if (outcome.session !== "solo" || outcome.outcome.kind !== "revealed")
    throw new Error(
      `answer not accepted: ${outcome.session === "solo" ? outcome.outcome.kind : outcome.session}`,
    );
  player.session = outcome.outcome.state;
  player.answered++;
}

async function measureOn(backend: BenchBackend, bank: Bank): Promise<Measurement> {
  const keyv = backend.open(benchNamespace());
  try {
    const ctx = createAppContext({ bank, keyv, logger: silent });
    const players: Player[] = [];
    for (let p = 0; p < PLAYERS; p++) {
      const userId = `player-${p}`;
      players.push({ userId, session: await startFor(ctx, userId), answered: 0 });
    }
    // Measured at the steady state of an active player: the history covers every question, so
    // the records no longer grow.
    const warmup = bank.questions.length + 10;
    for (let w = 0; w < warmup; w++) {
      for (const player of players) {
        await ready(ctx, player);
        await answerOnce(ctx, player);
      }
    }
    // The baseline's record is a copy of the player's own, so both move the same bytes. Each set
    // changes it, as an answer does: SQLite skips the disk sync of a write that changes nothing.
    const rawKey = (player: Player) => `raw:${GUILD}:${player.userId}`;
    for (const player of players) await keyv.set(rawKey(player), await ctx.scores.get(GUILD, player.userId));
    const rawGetSet = async (player: Player) => {
      const record = (await keyv.get(rawKey(player))) as PlayerRecord;
      await keyv.set(rawKey(player), { ...record, updatedAt: record.updatedAt + 1 });
    };

    const calls = countStoreCalls(keyv);
    const answerCalls = noCalls();
    const playerOf = (i: number) => players[i % PLAYERS] as Player;
    const times = await interleaved(
      ITERATIONS,
      (i) => tallyCalls(calls, answerCalls, () => answerOnce(ctx, playerOf(i))),
      (i) => rawGetSet(playerOf(i)),
      (i) => ready(ctx, playerOf(i)),
    );
    const answerMs = median(times.a);
    const rawMs = median(times.b);
    return {
      suite: SUITE,
      name: `answer() ÷ raw get+set, ${backend.name}`,
      value: answerMs / rawMs,
      unit: "×",
      goal: { limit: GOAL, inclusive: true },
      detail:
        `median ${round(answerMs)} vs ${round(rawMs)} ms, p90 ${round(percentile(times.a, 90))} vs ` +
        `${round(percentile(times.b, 90))} ms; store calls per answer: ${describeCalls(answerCalls, ITERATIONS)}; n=${ITERATIONS}; ` +
        `record ${sizeOf(await ctx.scores.get(GUILD, "player-0"))}, history ${sizeOf(
          await ctx.scores.history(
            GUILD,
            "player-0",
            ctx.bank.questions.map((q) => q.id),
          ),
        )} in per-question records`,
    };
  } finally {
    await keyv.clear();
    await keyv.disconnect();
  }
}

/**
 * What the store's guarantee costs one process (issue 16): `answer()` through the store
 * transaction ÷ the same answer on the single-writer path (per-process locks and write-through
 * caches, one setMany: the only path before, still SQLite's), alternated on one backend.
 */
async function measureGuaranteeCost(backend: BenchBackend, bank: Bank): Promise<Measurement> {
  const opened = [backend.open(benchNamespace()), backend.open(benchNamespace())] as const;
  try {
    const [shared, single] = [
      createAppContext({ bank, keyv: opened[0], logger: silent }),
      // The single-writer path (per-process caches, no transaction) is gone since issue 27: every
      // backend commits through `transact`, so both arms now run the same path.
      createAppContext({ bank, keyv: opened[1], logger: silent }),
    ];
    const playersOf = async (ctx: AppContext) => {
      const players: Player[] = [];
      for (let p = 0; p < PLAYERS; p++)
        players.push({ userId: `player-${p}`, session: await startFor(ctx, `player-${p}`), answered: 0 });
      for (let w = 0; w < bank.questions.length + 10; w++)
        for (const player of players) {
          await ready(ctx, player);
          await answerOnce(ctx, player);
        }
      return players;
    };
    const [sharedPlayers, singlePlayers] = [await playersOf(shared), await playersOf(single)];
    const pick = (players: Player[], i: number) => players[i % PLAYERS] as Player;
    const times = await interleaved(
      ITERATIONS,
      (i) => answerOnce(shared, pick(sharedPlayers, i)),
      (i) => answerOnce(single, pick(singlePlayers, i)),
      async (i) => {
        await ready(shared, pick(sharedPlayers, i));
        await ready(single, pick(singlePlayers, i));
      },
    );
    return {
      suite: SUITE,
      name: `answer(), store transaction ÷ single-writer path, ${backend.name}`,
      value: median(times.a) / median(times.b),
      unit: "×",
      detail:
        `median ${round(median(times.a))} vs ${round(median(times.b))} ms, p90 ${round(percentile(times.a, 90))} vs ` +
        `${round(percentile(times.b, 90))} ms; the transaction reads the session and players from the store ` +
        `(${backend.name === "Redis" ? "1 MGET + 1 EVALSHA; 2 MGET when the round moved on" : "4 round trips: BEGIN+lock+read of the session, lock+read of the players with the board lock, 1 write, COMMIT"}) where ` +
        `the single-writer path reads its cache and writes one setMany; n=${ITERATIONS}`,
    };
  } finally {
    // Both cleared before either disconnects: @keyv/postgres's keyvs on one URL share one pool.
    for (const keyv of opened) await keyv.clear();
    for (const keyv of opened) await keyv.disconnect().catch(() => {});
  }
}

/** Runs the answer-path comparison on every reachable backend. */
export async function answerPathSuite(): Promise<Measurement[]> {
  const bank = await loadBank();
  const dir = await mkdtemp(path.join(os.tmpdir(), "quiz-bench-answer-"));
  try {
    const { backends, skipped } = await benchBackends(dir);
    const results: Measurement[] = [];
    for (const backend of backends) results.push(await measureOn(backend, bank));
    for (const name of skipped) {
      results.push({
        suite: SUITE,
        name: `answer() ÷ raw get+set, ${name}`,
        value: Number.NaN,
        unit: "×",
        detail: "not reachable on 127.0.0.1: skipped",
      });
    }
    for (const backend of backends.filter((b) => b.name !== "SQLite"))
      results.push(await measureGuaranteeCost(backend, bank));
    results.push(...(await sharedAnswerMeasurements(bank)));
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The size of a record as stored (JSON), in kB. */
function sizeOf(value: unknown): string {
  return `${round(JSON.stringify(value).length / 1024, 2)} kB`;
}
