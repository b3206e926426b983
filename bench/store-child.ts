/**
 * One bot process of the multi-process benchmarks (started by bench/multi-process.ts as
 * `node --import tsx bench/store-child.ts '<job JSON>'`): it opens the store as the bot does,
 * prints "ready", waits for a line on stdin (so that every process starts at the same moment),
 * runs its job, and prints one JSON line of results (read by multi-process.ts's ChildResultSchema).
 *
 * - answers: for each session in turn, every one of its players clicks at once (as in a channel
 *   round); the latency of each `answer()` is recorded.
 * - leaderboard: warm top-10 pages and ranks of random players, each timed.
 */
import { createInterface } from "node:readline";
import pino from "pino";
import { z } from "zod";
import { createAppContext } from "../src/app/context.ts";
import { answer } from "../src/app/quiz.ts";
import { loadBank } from "../src/bank/load.ts";
import { openKeyv } from "../src/store/open.ts";

const JobSchema = z.object({
  url: z.string(),
  namespace: z.string(),
  table: z.string().optional(),
  mode: z.enum(["answers", "leaderboard"]),
  guildId: z.string(),
  sessions: z.array(z.string()).default([]),
  users: z.array(z.string()),
  queries: z.number().int().nonnegative().default(0),
});

async function main(): Promise<void> {
  const job = JobSchema.parse(JSON.parse(process.argv[2] ?? "{}"));
  const bank = await loadBank();
  const keyv = openKeyv(job.url, { namespace: job.namespace, ...(job.table ? { table: job.table } : {}) });
  const ctx = createAppContext({ bank, keyv, logger: pino({ level: "silent" }) });
  await keyv.get("warm-up");
  if (job.mode === "leaderboard") await ctx.leaderboards.page(job.guildId, "all-time", 0, 10);
  process.stdout.write("ready\n");
  await new Promise<void>((resolve) =>
    createInterface({ input: process.stdin }).once("line", () => resolve()),
  );

  const latenciesMs: number[] = [];
  const outcomes: Record<string, number> = {};
  const started = performance.now();
  if (job.mode === "answers") {
    for (const sessionId of job.sessions) {
      await Promise.all(
        job.users.map(async (userId, u) => {
          const at = performance.now();
          const outcome = await answer(ctx, { sessionId, round: 0, userId, choice: u % 2 });
          latenciesMs.push(performance.now() - at);
          const kind = "outcome" in outcome ? outcome.outcome.kind : outcome.session;
          outcomes[kind] = (outcomes[kind] ?? 0) + 1;
        }),
      );
    }
  } else {
    for (let q = 0; q < job.queries; q++) {
      const userId = job.users[(q * 7919) % job.users.length] as string;
      let at = performance.now();
      await ctx.leaderboards.page(job.guildId, "all-time", 0, 10);
      latenciesMs.push(performance.now() - at);
      at = performance.now();
      await ctx.leaderboards.rank(job.guildId, "all-time", userId);
      latenciesMs.push(performance.now() - at);
    }
  }
  const wallMs = performance.now() - started;
  const result = { latenciesMs, wallMs, retries: ctx.transactions?.retries ?? 0, outcomes };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await keyv.disconnect();
  process.exit(0);
}

await main();
