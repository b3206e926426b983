/**
 * The memory suite's measured process (run by bench/memory.ts as
 * `node --expose-gc --import tsx bench/memory-child.ts <dir>`, so nothing else shares its heap):
 * resident memory after forced GCs at idle with the bank loaded and the store open, then with
 * discord.js loaded as the bot has it, then with 1,000 solo sessions started, then with each of
 * them answered once. Prints one JSON line.
 */
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pino from "pino";
import { createAppContext } from "../src/app/context.ts";
import { answer, questionOf, startSolo } from "../src/app/quiz.ts";
import { loadBank } from "../src/bank/load.ts";
import { displayedOptions, type SessionState } from "../src/engine/session.ts";
import { openKeyv } from "../src/store/open.ts";

/** Sessions started in the measured process. */
export const SESSIONS = 1_000;

/**
 * What the readings must count: V8 collects an async function's locals once they are no longer
 * used, so without this the last reading would miss the bank and the stores.
 */
const retained: unknown[] = [];

/** Resident and heap memory (MB) once garbage is collected and the process has settled. */
async function settled(): Promise<{ rssMb: number; heapMb: number }> {
  const gc = globalThis.gc;
  if (!gc) throw new Error("run with --expose-gc");
  // Several rounds: V8 drops the bytecode of functions unused for a few collections (such as the
  // bank loader's), so a single GC leaves readings that still fall afterwards.
  for (let i = 0; i < 8; i++) {
    gc();
    await sleep(25);
  }
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMb: rss / 1024 ** 2, heapMb: heapUsed / 1024 ** 2 };
}

async function main(dir: string): Promise<void> {
  const bank = await loadBank();
  const keyv = openKeyv(`sqlite://${path.join(dir, "memory.sqlite")}`);
  const ctx = createAppContext({ bank, keyv, logger: pino({ level: "silent" }) });
  retained.push(ctx);
  await keyv.get("warm-up"); // the connection and table are ready, as in a bot that has started
  const idle = await settled();
  retained.push(await import("discord.js")); // loaded, not connected: the bot's own code at rest
  const withDiscord = await settled();

  const sessions: SessionState[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const request = {
      guildId: "bench-guild",
      channelId: `dm-${i}`,
      userId: `player-${i}`,
      filter: {},
      count: 5,
    };
    sessions.push(await startSolo(ctx, request));
  }
  const started = await settled();

  // An answer each: the session moves on and the player's record and history join the score cache.
  for (const session of sessions) {
    const question = await questionOf(ctx, session);
    const choice = displayedOptions(session, question).indexOf(question.answer);
    await answer(ctx, { sessionId: session.id, round: 0, userId: session.ownerId, choice });
  }
  sessions.length = 0;
  const answered = await settled();

  await keyv.disconnect();
  console.log(JSON.stringify({ idle, withDiscord, started, answered, sessions: SESSIONS }));
}

await main(process.argv[2] ?? ".");
