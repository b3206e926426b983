/**
 * The HTTP arm of the end-to-end burst (issue 17): the same channel round as bench/end-to-end.ts,
 * N players clicking at the same moment, but each click delivered to the bot's interactions
 * endpoint by a signed POST (the fake Discord's HTTP mode), and each first response read from
 * the HTTP response. Per click: from the POST leaving the fake to the fake holding the first
 * response; the process's CPU time from the first click to the last first response, per click;
 * and the accounting: clicks lost (no acknowledgement, or no answer in the store) and answers
 * counted twice. Exported for the interleaved end-to-end suite; `tsx bench/http-arm.ts 50 200 500`
 * runs it on its own.
 */
import { pathToFileURL } from "node:url";
import { type APIMessage, type APIUser, ApplicationCommandOptionType } from "discord.js";
import type { SessionState } from "../src/quiz/session.ts";
import { keys, type PlayerRecord } from "../src/store/records.ts";
import type { InteractionHandle } from "../test/fake-discord/index.ts";
import {
  answerButtons,
  type BotHarness,
  rightButton,
  shippedBankOnce,
  startHarness,
  users,
} from "../test/helpers/bot.ts";
import { percentile, round } from "./stats.ts";

/** Clicks of an untimed round first, so the measured burst runs on warm code and open connections. */
const WARMUP_CLICKS = 50;
/** Generous, so that a slow response is measured rather than failed by the fake. */
const RESPONSE_DEADLINE_MS = 60_000;
const ACK_TIMEOUT_MS = 45_000;
/** What the bot's private acknowledgement of an answer says. */
const ACK_TEXT = "is in";

/** One HTTP burst's figures. */
export interface HttpArmResult {
  readonly clicks: number;
  /** First response delays (ms): from the signed POST sent to the fake holding the HTTP response. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Process CPU time (fake, discord.js, bot, store) from the first click to the last first response. */
  readonly cpuMs: number;
  readonly cpuMsPerClick: number;
  /** Clicks that got the private "is in" acknowledgement. */
  readonly acknowledged: number;
  /** Clicks without an acknowledgement or without their answer in the stored session. */
  readonly lost: number;
  /** Answers counted more than once (a record with more than one answer, or an answer from no clicker). */
  readonly duplicates: number;
  /** Clicks the fake failed ("This interaction failed"). */
  readonly failed: number;
  /** Rules the bot broke during the run (should be empty). */
  readonly violations: readonly string[];
}

/** Starts a one-question channel round with time to spare; half the players right, half wrong. */
async function startRound(h: BotHarness, channelId: string) {
  const start = h.fake.slashCommand({
    channelId,
    user: h.fake.user({ username: `host-${channelId}` }),
    name: "quiz",
    subcommand: "channel",
    options: [
      { name: "questions", type: ApplicationCommandOptionType.Integer, value: 1 },
      { name: "seconds", type: ApplicationCommandOptionType.Integer, value: 120 },
    ],
  });
  await start.waitForMessage((m) => (m.content ?? "").includes("has started"), 10_000);
  const question = await h.fake.waitForMessage(channelId, (m) => answerButtons(m).length > 0, 10_000);
  const sessionId = answerButtons(question)[0]?.custom_id.split(":")[2] ?? "";
  const right = rightButton(question, await shippedBankOnce()).button.custom_id;
  const wrong = answerButtons(question).find((b) => b.custom_id !== right)?.custom_id ?? right;
  return { question, sessionId, customIdFor: (i: number) => (i % 2 === 0 ? right : wrong) };
}

const acknowledgedBy = (click: InteractionHandle) =>
  click.messages().some((m) => (m.content ?? "").includes(ACK_TEXT) && click.isEphemeral(m));

/** Sends every click in one synchronous loop, then waits for the first responses and the acknowledgements. */
async function burst(
  h: BotHarness,
  message: APIMessage,
  players: readonly APIUser[],
  customIdFor: (i: number) => string,
) {
  const cpuStart = process.cpuUsage();
  const clicks = players.map((user, i) => h.fake.clickButton({ message, customId: customIdFor(i), user }));
  let cpuMs: number | undefined;
  let next = 0;
  let nextInitial = 0;
  await h.fake
    .waitUntil(
      () => {
        while (nextInitial < clicks.length && (clicks[nextInitial] as InteractionHandle).status !== "pending")
          nextInitial++;
        if (cpuMs === undefined && nextInitial === clicks.length) {
          const used = process.cpuUsage(cpuStart);
          cpuMs = (used.user + used.system) / 1000;
        }
        while (next < clicks.length) {
          const click = clicks[next] as InteractionHandle;
          if (!click.failed && !acknowledgedBy(click)) return false;
          next++;
        }
        return true;
      },
      ACK_TIMEOUT_MS,
      `an acknowledgement of each of the ${clicks.length} clicks`,
    )
    .catch((error: unknown) => console.warn(`  ${(error as Error).message}`));
  return { clicks, cpuMs };
}

/** Runs one HTTP burst of `clicks` simultaneous clicks against a fresh bot (temp SQLite store unless given). */
export async function httpArm(
  clicks: number,
  options: {
    storeUrl?: string;
    namespace?: string;
    /** The same burst on the gateway, to compare in one process and run (default: http). */
    transport?: "http" | "gateway";
  } = {},
): Promise<HttpArmResult> {
  const h = await startHarness({
    transport: options.transport ?? "http",
    fake: {
      responseDeadlineMs: RESPONSE_DEADLINE_MS,
      strictMentions: true,
      guilds: [{ channels: [{ name: "warmup" }, { name: "quiz" }] }],
    },
    ...(options.storeUrl === undefined ? {} : { storeUrl: options.storeUrl }),
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
  });
  try {
    const [warmChannel, channel] = (h.fake.guilds[0]?.channels ?? []).map((c) => c.id);
    if (!warmChannel || !channel) throw new Error("the fake has no channels");
    const warm = await startRound(h, warmChannel);
    await burst(h, warm.question, users(h.fake, WARMUP_CLICKS, "warm"), warm.customIdFor);
    await h.running.bot.rounds.runNextStepNow(warm.sessionId);
    await h.running.bot.rounds.runNextStepNow(warm.sessionId);

    const measuredRound = await startRound(h, channel);
    const players = users(h.fake, clicks);
    const measured = await burst(h, measuredRound.question, players, measuredRound.customIdFor);
    // Read from the store itself, not the bot's caches.
    const session = (await h.keyv.get(keys.session(measuredRound.sessionId))) as SessionState | undefined;
    const answers = session?.answers ?? {};
    const records = (await h.keyv.getMany(players.map((p) => keys.score(h.guildId, p.id)))) as (
      | PlayerRecord
      | undefined
    )[];
    await h.running.bot.rounds.runNextStepNow(measuredRound.sessionId);
    const delays = measured.clicks.flatMap((c) => (c.initialResponse ? [c.initialResponse.delayMs] : []));
    const lost = measured.clicks.filter(
      (c, i) => !acknowledgedBy(c) || answers[players[i]?.id ?? ""] === undefined,
    ).length;
    const clickers = new Set(players.map((p) => p.id));
    const duplicates =
      records.filter((r) => (r?.answered ?? 0) > 1).length +
      Object.keys(answers).filter((id) => !clickers.has(id)).length;
    const cpuMs = measured.cpuMs ?? Number.NaN;
    return {
      clicks,
      p50Ms: delays.length ? percentile(delays, 50) : Number.NaN,
      p99Ms: delays.length ? percentile(delays, 99) : Number.NaN,
      maxMs: delays.length ? percentile(delays, 100) : Number.NaN,
      cpuMs: round(cpuMs),
      cpuMsPerClick: round(cpuMs / clicks),
      acknowledged: measured.clicks.filter(acknowledgedBy).length,
      lost,
      duplicates,
      failed: measured.clicks.filter((c) => c.failed).length,
      violations: h.fake.violations.map((v) => `[${v.rule}] ${v.message}`),
    };
  } finally {
    await h.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  // BENCH_TRANSPORT=gateway runs the same burst on the gateway, for a side-by-side look.
  const transport = process.env.BENCH_TRANSPORT === "gateway" ? "gateway" : "http";
  for (const size of sizes.length > 0 ? sizes : [50, 200, 500]) {
    const r = await httpArm(size, { transport });
    console.info(
      `${transport} burst of ${r.clicks}: first response p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms; ` +
        `CPU ${r.cpuMs} ms (${r.cpuMsPerClick} ms per click); acknowledged ${r.acknowledged}, lost ${r.lost}, ` +
        `duplicates ${r.duplicates}, failed ${r.failed}, violations ${r.violations.length}`,
    );
    for (const v of r.violations.slice(0, 5)) console.info(`  ${v}`);
  }
  process.exit(0);
}
