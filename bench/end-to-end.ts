/**
 * Suite 5, end to end through the fake Discord (issue 6, part 4): one channel round, 500 players
 * clicking at the same moment, half right and half wrong. For every click it takes the time from
 * the fake writing INTERACTION_CREATE to the bot's first response (its deferReply), waits for
 * every private "is in" acknowledgement, closes the round, and checks that every click was
 * scored exactly once: in the session, in each player's record, and in the tallies.
 *
 * The fake, discord.js and the bot share one process and one event loop, so the fake's own work
 * (building and sending 500 payloads, answering 1,000 REST calls) is inside every delay. The
 * suite measures it: the same burst against a trivial bot (a bare discord.js client that defers
 * and acknowledges at once, with no game or store) on a fake of its own, just before each bot
 * round. Beside the delays it reports the process's CPU time until the last first response,
 * which another process's load inflates far less than it does wall-clock delays, and where the
 * delay goes (to the bot's handler; from there to the callback reaching the fake).
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import {
  type APIMessage,
  type APIUser,
  ApplicationCommandOptionType,
  ButtonStyle,
  Client,
  ComponentType,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  Routes,
} from "discord.js";
import type Keyv from "keyv";
import { optionsOf } from "../src/bank/question.ts";
import type { SessionState } from "../src/quiz/session.ts";
import { keyvOver } from "../src/store/open.ts";
import { keys, type PlayerRecord } from "../src/store/records.ts";
import { FakeDiscord, type InteractionHandle } from "../test/fake-discord/index.ts";
import {
  answerButtons,
  type BotHarness,
  rightButton,
  shippedBankOnce,
  startHarness,
  users,
} from "../test/helpers/bot.ts";
import type { Measurement } from "./report.ts";
import { installOldDriver, openOldAdapter } from "./sqlite-drivers.ts";
import { median, percentile, round } from "./stats.ts";
import { benchNamespace, portOpen } from "./stores.ts";

const SUITE = "end-to-end";
/** Players who click at the same moment. */
const PLAYERS = 500;
/** Clicks of an untimed round first, so the measured burst runs on warm code and open connections. */
const WARMUP_PLAYERS = 50;
/** The issue's goal for the 99th percentile of the first response (Discord allows 3,000 ms). */
const GOAL_P99_MS = 250;
/** Generous, so that a slow response is measured rather than failed by the fake. */
const RESPONSE_DEADLINE_MS = 60_000;
/** How long the suite waits for every acknowledgement before it reports what it has. */
const ACK_TIMEOUT_MS = 45_000;
/** What the bot's private acknowledgement of an answer says. */
const ACK_TEXT = "is in";

/**
 * With BENCH_PROFILE=<folder>, each measured burst is CPU-profiled from the first click to the last
 * first response, into <folder>/end-to-end-<name>.cpuprofile (open it in Chrome DevTools or
 * speedscope): what the process did while the clicks waited. Off by default.
 */
const PROFILE_DIR = process.env.BENCH_PROFILE;

/** A V8 CPU profile of one window, through the inspector of this very process. */
async function startProfiler() {
  if (PROFILE_DIR === undefined) return undefined;
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  let stopped: Promise<{ profile: object }> | undefined;
  return {
    /** Ends the window (synchronous, so it can be called from a waiter's check). */
    stop() {
      stopped ??= session.post("Profiler.stop");
    },
    async save(name: string) {
      this.stop();
      const { profile } = await (stopped as Promise<{ profile: object }>);
      session.disconnect();
      await mkdir(PROFILE_DIR, { recursive: true });
      await writeFile(path.join(PROFILE_DIR, `end-to-end-${name}.cpuprofile`), JSON.stringify(profile));
    },
  };
}

/** One burst of clicks, as the fake saw it. */
interface Burst {
  readonly sent: number;
  /** Clicks whose initial response came (deferReply), and their delays. */
  readonly delays: number[];
  /** Clicks that ended with an ephemeral reply saying the answer is in. */
  readonly acknowledged: number;
  /** Clicks the fake failed ("This interaction failed"). */
  readonly failed: number;
  /** From the first INTERACTION_CREATE written to the last acknowledgement (ms). */
  readonly lastAckMs: number;
  /** How long the fake took to build and write the 500 INTERACTION_CREATE frames (ms). */
  readonly dispatchMs: number;
  /** Event loop delay during the burst (ms): p99 and max. */
  readonly loopP99Ms: number;
  readonly loopMaxMs: number;
  /** discord.js client-side rate-limit waits during the burst. */
  readonly rateLimited: number;
  /**
   * Where the first response's time goes, per click (ms): from the frame written to discord.js
   * handing the interaction to the bot, and from there to the callback request reaching the fake.
   */
  readonly toHandler: number[];
  readonly toFake: number[];
  /** From the first click written to the moment all answers were in the session (ms), if asked. */
  readonly answersInMs: number | undefined;
  /**
   * CPU time the whole process (fake, discord.js, bot, store threads) spent from the first click
   * written to the last first response (ms). Unlike the delays, it does not grow when another
   * process takes the CPU, so it compares the bot with the baseline more steadily.
   */
  readonly cpuMs: number | undefined;
}

/** The clicker's text in a reply (empty while the deferred reply is still "thinking"). */
function settledText(click: InteractionHandle): string | undefined {
  for (const message of click.messages()) {
    const content = message.content ?? "";
    if (content !== "") return content;
  }
  return undefined;
}

/**
 * Sends one click per user at the same moment (in one synchronous loop: the bot cannot run before
 * the last is written), waits until each has its final reply, and reads the timings the fake kept.
 * A single waiter, scanning from the first click not yet settled, keeps the fake's re-checks cheap.
 */
async function burst(
  fake: FakeDiscord,
  client: Client,
  message: APIMessage,
  players: readonly APIUser[],
  customIdFor: (i: number) => string,
  options: { answersDoneAt?: () => number | undefined; profileAs?: string | undefined } = {},
): Promise<Burst> {
  const profiler = options.profileAs === undefined ? undefined : await startProfiler();
  let rateLimited = 0;
  const onRateLimited = () => rateLimited++;
  client.rest.on("rateLimited", onRateLimited);
  // Registered after the bot's own listener: it runs right after the bot's handler has started.
  const handled = new Map<string, number>();
  const onInteraction = (interaction: Interaction) => handled.set(interaction.id, Date.now());
  client.on(Events.InteractionCreate, onInteraction);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const clicks = players.map((user, i) => fake.clickButton({ message, customId: customIdFor(i), user }));
  const dispatchMs = performance.now() - start;
  let next = 0;
  let nextInitial = 0;
  let cpuMs: number | undefined;
  try {
    await fake.waitUntil(
      () => {
        // Checked as soon as the fake records a response, so the CPU time stops at the last one.
        while (nextInitial < clicks.length && (clicks[nextInitial] as InteractionHandle).status !== "pending")
          nextInitial++;
        if (cpuMs === undefined && nextInitial === clicks.length) {
          const used = process.cpuUsage(cpuStart);
          cpuMs = (used.user + used.system) / 1000;
          profiler?.stop();
        }
        while (next < clicks.length) {
          const click = clicks[next] as InteractionHandle;
          if (!click.failed && settledText(click) === undefined) return false;
          next++;
        }
        return true;
      },
      ACK_TIMEOUT_MS,
      `a reply to each of the ${clicks.length} clicks`,
    );
  } catch (error) {
    // Reported as a MISS below (fewer acknowledged than sent), with the figures there are.
    console.warn(`  ${(error as Error).message}`);
  } finally {
    loop.disable();
    client.rest.off("rateLimited", onRateLimited);
    client.off(Events.InteractionCreate, onInteraction);
  }
  const arrived = new Map<string, number>();
  for (const call of fake.calls) {
    const id = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(call.path)?.[1];
    if (id !== undefined && !arrived.has(id)) arrived.set(id, call.at);
  }

  const delays: number[] = [];
  const toHandler: number[] = [];
  const toFake: number[] = [];
  let firstDispatch = Number.POSITIVE_INFINITY;
  for (const click of clicks) {
    const initial = click.initialResponse;
    if (!initial) continue;
    const dispatched = initial.at - initial.delayMs;
    delays.push(initial.delayMs);
    firstDispatch = Math.min(firstDispatch, dispatched);
    const handledAt = handled.get(click.id);
    const arrivedAt = arrived.get(click.id);
    if (handledAt !== undefined && arrivedAt !== undefined) {
      toHandler.push(handledAt - dispatched);
      toFake.push(arrivedAt - handledAt);
    }
  }
  // When each acknowledgement landed: the fake's record of the reply that carried the text, either
  // the first response itself (the bot answers at once when it can) or an edit of a deferred one.
  const tokens = new Set(clicks.map((click) => click.token));
  let lastAck = Number.NEGATIVE_INFINITY;
  for (const call of fake.calls) {
    const edit = /^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/.exec(call.path)?.[1];
    const reply = /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(call.path)?.[1];
    const token = call.method === "PATCH" ? edit : call.method === "POST" ? reply : undefined;
    const carriesText = JSON.stringify(call.body ?? "").includes(ACK_TEXT);
    if (token !== undefined && tokens.has(token) && call.status < 300 && carriesText) {
      lastAck = Math.max(lastAck, call.at);
    }
  }
  const answersDone = options.answersDoneAt?.();
  if (profiler && options.profileAs !== undefined) await profiler.save(options.profileAs);
  const acknowledged = clicks.filter((click) => {
    const reply = click.messages().find((m) => (m.content ?? "").includes(ACK_TEXT));
    return reply !== undefined && click.isEphemeral(reply);
  }).length;
  return {
    sent: clicks.length,
    delays,
    acknowledged,
    failed: clicks.filter((click) => click.failed).length,
    lastAckMs: lastAck - firstDispatch,
    dispatchMs,
    loopP99Ms: loop.percentile(99) / 1e6,
    loopMaxMs: loop.max / 1e6,
    rateLimited,
    toHandler,
    toFake,
    answersInMs: answersDone === undefined ? undefined : answersDone - firstDispatch,
    cpuMs,
  };
}

/** The CPU time of a burst, rounded, or "?" if not every click got its first response. */
function cpu(b: Burst): string {
  return b.cpuMs === undefined ? "?" : String(Math.round(b.cpuMs));
}

/** The bot's CPU time over the baseline's, or "?". */
function cpuRatio(bot: Burst, baseline: Burst): string {
  return bot.cpuMs === undefined || baseline.cpuMs === undefined
    ? "?"
    : String(round(bot.cpuMs / baseline.cpuMs));
}

/** The 99th percentile of some per-click times, or "?" when there are none. */
function part(samples: readonly number[]): string {
  return samples.length === 0 ? "?" : String(percentile(samples, 99));
}

/** p50 / p99 / max of the first-response delays, for a detail column. */
function spread(b: Burst): string {
  if (b.delays.length === 0) return "no responses";
  return `p50 ${percentile(b.delays, 50)}, p99 ${percentile(b.delays, 99)}, max ${percentile(b.delays, 100)} ms`;
}

/** The baseline, kept for the whole suite: bursts on demand, then closed. */
interface Baseline {
  burst(profileAs?: string): Promise<Burst>;
  close(): Promise<void>;
}

/**
 * The baseline: a bare discord.js client that defers every click and edits in an acknowledgement
 * at once (no router, no game, no store), on its own fake, clicked on a question message like the
 * bot's. What it measures is the fake, discord.js and the loopback, which the bot cannot beat.
 */
async function startBaseline(): Promise<Baseline> {
  const bank = await shippedBankOnce();
  const fake = await FakeDiscord.start({ responseDeadlineMs: RESPONSE_DEADLINE_MS, strictMentions: true });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [], repliedUser: false },
    rest: { api: fake.apiUrl },
  });
  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isButton()) return;
    void (async () => {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply({
        content: `Your answer **${interaction.customId}** ${ACK_TEXT}.`,
        allowedMentions: { parse: [] },
      });
    })().catch((error: unknown) => console.warn(`  baseline bot: ${String(error)}`));
  });
  const close = async () => {
    await client.destroy();
    await fake.close();
  };
  try {
    await client.login(fake.token);
    await fake.waitUntil(() => client.isReady(), 10_000, "the baseline client to be ready");
    const channelId = fake.guilds[0]?.channels[0]?.id;
    const question = bank.questions[0];
    if (!channelId || !question) throw new Error("the fake has no channel, or the bank no question");
    // Shaped like the bot's question (an embed and four answer buttons), so that each click's
    // payload, which carries the clicked message, is as large as in the bot's round.
    const body = {
      embeds: [{ title: "Question 1 of 1", description: `${question.question}\n\nAnswer within **120 s**.` }],
      components: [
        {
          type: ComponentType.ActionRow,
          components: optionsOf(question).map((option, choice) => ({
            type: ComponentType.Button,
            style: ButtonStyle.Primary,
            custom_id: `v1:ans:baseline0000:0:${choice}`,
            label: `${"ABCD"[choice]}. ${option}`.slice(0, 80),
          })),
        },
      ],
    };
    const ids = answerButtons(body as unknown as APIMessage).map((b) => b.custom_id);
    let bursts = 0;
    const burstOf = async (players: readonly APIUser[], profileAs?: string) => {
      const message = (await client.rest.post(Routes.channelMessages(channelId), {
        body: { ...body, allowed_mentions: { parse: [] } },
      })) as APIMessage;
      const measured = await burst(
        fake,
        client,
        message,
        players,
        (i) => ids[i % 2 === 0 ? 0 : 1] as string,
        {
          profileAs,
        },
      );
      if (fake.violations.length > 0)
        throw new Error(`the baseline broke rules:\n${fake.describeViolations()}`);
      return measured;
    };
    await burstOf(users(fake, WARMUP_PLAYERS, "warm"));
    return { burst: (profileAs) => burstOf(users(fake, PLAYERS, `b${++bursts}-`), profileAs), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Starts a channel round of one question (time enough to never close on its own) and returns it. */
async function startRound(h: BotHarness, channelId: string) {
  const host = h.fake.user({ username: `host-${channelId}` });
  const start = h.fake.slashCommand({
    channelId,
    user: host,
    name: "quiz",
    subcommand: "channel",
    options: [
      { name: "questions", type: ApplicationCommandOptionType.Integer, value: 1 },
      { name: "seconds", type: ApplicationCommandOptionType.Integer, value: 120 },
    ],
  });
  await start.waitForMessage((m) => (m.content ?? "").includes("has started"), 10_000);
  const question = await h.fake.waitForMessage(channelId, (m) => answerButtons(m).length > 0, 10_000);
  const sessionId = answerButtons(question)[0]?.custom_id.split(":")[2];
  if (!sessionId) throw new Error("no session id on the question");
  const bank = await shippedBankOnce();
  const right = rightButton(question, bank).button.custom_id;
  const wrong = answerButtons(question).find((b) => b.custom_id !== right)?.custom_id;
  if (!wrong) throw new Error("no wrong option");
  // Half the players right, half the first wrong option.
  return { question, sessionId, customIdFor: (i: number) => (i % 2 === 0 ? right : wrong) };
}

/**
 * Closes the round now (time is up: the reveal; then the final scoreboard). Each step has run, or
 * failed and been rescheduled, when runNextStepNow returns, so nothing needs waiting for. Returns
 * the reveal's tally line ("250 of 500 player(s) got it right"), or undefined if the question
 * message was not turned into its reveal (all its answer buttons disabled).
 */
async function closeRound(h: BotHarness, question: APIMessage, sessionId: string) {
  await h.running.bot.rounds.runNextStepNow(sessionId);
  const revealed = h.fake.message(question.id);
  const buttons = answerButtons(revealed);
  const line = revealed?.embeds
    .flatMap((embed) => embed.fields ?? [])
    .find((field) => field.name.includes("got it right"))?.name;
  await h.running.bot.rounds.runNextStepNow(sessionId);
  return buttons.length > 0 && buttons.every((b) => b.disabled) ? (line ?? "(revealed)") : undefined;
}

/** What the store holds after the round, against what was sent. */
interface Accounting {
  readonly counted: number;
  readonly problems: string[];
  readonly summary: string;
}

/** Reads the session and every player's record from the store itself (not the caches) and checks them. */
async function account(
  h: BotHarness,
  sessionId: string,
  players: readonly APIUser[],
  b: Burst,
  revealLine: string | undefined,
): Promise<Accounting> {
  const problems: string[] = [];
  if (revealLine === undefined) problems.push("the question was not turned into its reveal");
  const session = (await h.keyv.get(keys.session(sessionId))) as SessionState | undefined;
  const answers = session?.answers ?? {};
  const tallies = session?.tallies ?? {};
  const counted = players.filter((p) => answers[p.id] !== undefined).length;
  const extra = Object.keys(answers).length - counted;
  if (counted !== b.sent) problems.push(`${b.sent - counted} click(s) missing from the session`);
  if (extra !== 0) problems.push(`${extra} answer(s) in the session from no clicker`);
  const records = (await h.keyv.getMany(players.map((p) => keys.score(h.guildId, p.id)))) as (
    | PlayerRecord
    | undefined
  )[];
  let once = 0;
  let recordPoints = 0;
  let tallyPoints = 0;
  let mismatched = 0;
  let right = 0;
  for (const [i, player] of players.entries()) {
    const record = records[i];
    const tally = tallies[player.id];
    if (record?.answered === 1 && answers[player.id] !== undefined) once++;
    recordPoints += record?.points ?? 0;
    tallyPoints += tally?.points ?? 0;
    if ((record?.points ?? 0) !== (tally?.points ?? 0) || tally?.answered !== 1) mismatched++;
    if (answers[player.id]?.correct) right++;
  }
  if (once !== b.sent) problems.push(`${b.sent - once} record(s) without exactly one answer`);
  if (mismatched > 0) problems.push(`${mismatched} record(s) whose points differ from the session's tally`);
  if (right !== Math.ceil(b.sent / 2)) problems.push(`${right} right answers, not ${Math.ceil(b.sent / 2)}`);
  if (b.acknowledged !== b.sent) problems.push(`${b.sent - b.acknowledged} click(s) not acknowledged`);
  if (b.failed > 0) problems.push(`${b.failed} failed interaction(s)`);
  if (h.fake.violations.length > 0)
    problems.push(`${h.fake.violations.length} violation(s): ${h.fake.violations[0]?.message}`);
  const summary =
    `sent ${b.sent} / acknowledged ${b.acknowledged} / counted ${counted}; records with exactly one ` +
    `answer ${once}; points in records ${recordPoints} = tallies ${tallyPoints}; reveal "${revealLine}"; ` +
    `violations ${h.fake.violations.length}, failed ${b.failed}`;
  return { counted, problems, summary };
}

/** One measured round on a store: the burst, the close, the accounting. */
async function botRound(
  profileName: string,
  storeUrl: string,
  namespace?: string,
  /** Charts on or off; when given, the warm-up round's reveal (with its chart) runs during the burst. */
  charts?: boolean,
  /** Opens the store instead of the bot's own adapter (the old SQLite driver). */
  openStore?: (storeUrl: string) => Keyv,
) {
  const h = await startHarness({
    ...(charts === undefined ? {} : { config: { charts } }),
    ...(openStore === undefined ? {} : { openStore }),
    fake: {
      responseDeadlineMs: RESPONSE_DEADLINE_MS,
      strictMentions: true,
      guilds: [{ channels: [{ name: "warmup" }, { name: "quiz" }] }],
    },
    storeUrl,
    ...(namespace === undefined ? {} : { namespace }),
  });
  try {
    const [warmChannel, channel] = (h.fake.guilds[0]?.channels ?? []).map((c) => c.id);
    if (!warmChannel || !channel) throw new Error("the fake has no channels");
    const warm = await startRound(h, warmChannel);
    await burst(
      h.fake,
      h.running.client,
      warm.question,
      users(h.fake, WARMUP_PLAYERS, "warm"),
      warm.customIdFor,
    );
    // For the charts on/off comparison, another channel's reveal is drawn while the clicks arrive.
    const revealDuringBurst = charts !== undefined;
    if (!revealDuringBurst) await closeRound(h, warm.question, warm.sessionId);

    const round = await startRound(h, channel);
    const players = users(h.fake, PLAYERS);
    // When the session (as the bot holds it) has every answer: the end of the serialised writes.
    let answersDoneAt: number | undefined;
    const poll = setInterval(() => {
      void h.game.sessions.get(round.sessionId).then((state) => {
        if (answersDoneAt === undefined && Object.keys(state?.answers ?? {}).length >= PLAYERS)
          answersDoneAt = Date.now();
      });
    }, 5);
    let measured: Burst;
    try {
      const clicks = burst(h.fake, h.running.client, round.question, players, round.customIdFor, {
        answersDoneAt: () => answersDoneAt,
        profileAs: profileName,
      });
      if (revealDuringBurst) await closeRound(h, warm.question, warm.sessionId);
      measured = await clicks;
    } finally {
      clearInterval(poll);
    }
    const revealLine = await closeRound(h, round.question, round.sessionId);
    const accounting = await account(h, round.sessionId, players, measured, revealLine);
    return { burst: measured, accounting };
  } finally {
    if (namespace !== undefined) await h.keyv.clear();
    await h.close();
  }
}

/** The rows of one backend's round, with the baseline beside the bot's figures. */
function rows(backend: string, bot: Burst, accounting: Accounting, baseline: Burst): Measurement[] {
  const p99 = bot.delays.length > 0 ? percentile(bot.delays, 99) : Number.NaN;
  const baseP99 = percentile(baseline.delays, 99);
  return [
    {
      suite: SUITE,
      name: `first response p99, ${PLAYERS} clicks, ${backend}`,
      value: p99,
      unit: "ms",
      goal: { limit: GOAL_P99_MS },
      detail:
        `${spread(bot)}; p99 ${round(p99 / Math.max(1, baseP99))}× the baseline's (${baseP99} ms, ` +
        `${p99 - baseP99 >= 0 ? "+" : ""}${p99 - baseP99} ms); ` +
        `p99 of its parts: frame to bot handler ${part(bot.toHandler)} (baseline ${part(baseline.toHandler)}), ` +
        `handler to callback at the fake ${part(bot.toFake)} (baseline ${part(baseline.toFake)}) ms; ` +
        `CPU until the last first response ${cpu(bot)} ms, ${cpuRatio(bot, baseline)}× the baseline's; ` +
        `fake wrote the ${PLAYERS} clicks in ${round(bot.dispatchMs)} ms; event loop delay p99 ` +
        `${round(bot.loopP99Ms)}, max ${round(bot.loopMaxMs)} ms`,
    },
    {
      suite: SUITE,
      name: `clicks scored exactly once, ${backend}`,
      value: accounting.problems.length,
      unit: "problems",
      goal: { limit: 0, inclusive: true },
      detail: accounting.problems.length === 0 ? accounting.summary : accounting.problems.join("; "),
    },
    {
      suite: SUITE,
      name: `last acknowledgement, ${backend}`,
      value: bot.lastAckMs,
      unit: "ms",
      detail:
        `from the first click written to the last "is in"; baseline ${round(baseline.lastAckMs)} ms; ` +
        `all ${PLAYERS} answers in the session after ${bot.answersInMs === undefined ? "?" : round(bot.answersInMs)} ms; ` +
        `discord.js rate-limit waits ${bot.rateLimited} (baseline ${baseline.rateLimited})`,
    },
  ];
}

/** The baseline's row: the figures a bot's row is set beside. */
function baselineRow(backend: string, baseline: Burst): Measurement {
  return {
    suite: SUITE,
    name: `first response p99, ${PLAYERS} clicks, baseline before ${backend}`,
    value: percentile(baseline.delays, 99),
    unit: "ms",
    detail:
      `a bare discord.js client that defers and acknowledges at once, on its own fake: ${spread(baseline)}; ` +
      `CPU until the last first response ${cpu(baseline)} ms; last acknowledgement ${round(baseline.lastAckMs)} ms; fake wrote the clicks in ` +
      `${round(baseline.dispatchMs)} ms; event loop delay max ${round(baseline.loopMaxMs)} ms`,
  };
}

/** Rounds per setting in the charts on/off comparison, alternated so that drift on the machine hits both alike. */
const CHARTS_ROUNDS = 3;

/**
 * The 500-click burst with charts on and with CHARTS=off, on SQLite, while another channel's
 * reveal (with its chart, when on) is drawn: the median p99 of each, as a ratio.
 */
async function chartsOnOff(dir: string): Promise<Measurement> {
  const p99s: Record<"on" | "off", number[]> = { on: [], off: [] };
  for (let i = 0; i < CHARTS_ROUNDS; i++) {
    const order: ("on" | "off")[] = i % 2 === 0 ? ["on", "off"] : ["off", "on"];
    for (const setting of order) {
      const url = `sqlite://${path.join(dir, `charts-${setting}-${i}.sqlite`)}`;
      const { burst: b, accounting } = await botRound(
        `charts-${setting}-${i}`,
        url,
        undefined,
        setting === "on",
      );
      if (accounting.problems.length > 0)
        throw new Error(`charts ${setting}: ${accounting.problems.join("; ")}`);
      p99s[setting].push(percentile(b.delays, 99));
    }
  }
  const on = median(p99s.on);
  const off = median(p99s.off);
  return {
    suite: SUITE,
    name: `first response p99, charts on ÷ CHARTS=off, ${PLAYERS} clicks, SQLite`,
    value: round(on / Math.max(1, off)),
    unit: "×",
    goal: { limit: 1.2, inclusive: true },
    detail:
      `median p99 of ${CHARTS_ROUNDS} rounds each, alternated: on ${round(on)} ms (${p99s.on.join(", ")}), ` +
      `off ${round(off)} ms (${p99s.off.join(", ")}); during each burst another channel's reveal is posted, ` +
      "with its picks chart drawn when charts are on",
  };
}

/** Rounds per driver in the old/new SQLite comparison, alternated like the charts comparison. */
const DRIVER_ROUNDS = 2;

/**
 * The 500-click burst on the old SQLite store (sqlite3 through @keyv/sqlite 4, installed on
 * demand outside the repository) and on the new one (better-sqlite3, WAL, synchronous=FULL),
 * alternated: the median p99 of each, as a ratio. Skipped, with the reason, when the old driver
 * cannot be installed.
 */
async function sqliteDriversBurst(dir: string): Promise<Measurement> {
  const name = `first response p99, new ÷ old SQLite store, ${PLAYERS} clicks`;
  const failure = await installOldDriver();
  if (failure) return { suite: SUITE, name, value: Number.NaN, unit: "×", detail: `skipped: ${failure}` };
  const p99s: Record<"old" | "new", number[]> = { old: [], new: [] };
  const lastAnswer: Record<"old" | "new", number[]> = { old: [], new: [] };
  for (let i = 0; i < DRIVER_ROUNDS; i++) {
    const order: ("old" | "new")[] = i % 2 === 0 ? ["old", "new"] : ["new", "old"];
    for (const driver of order) {
      const file = path.join(dir, `driver-${driver}-${i}.sqlite`);
      const adapter = driver === "old" ? await openOldAdapter(file) : undefined;
      const { burst: b, accounting } = await botRound(
        `sqlite-${driver}-${i}`,
        `sqlite://${file}`,
        undefined,
        undefined,
        adapter ? () => keyvOver(adapter) : undefined,
      );
      if (accounting.problems.length > 0)
        throw new Error(`${driver} SQLite store: ${accounting.problems.join("; ")}`);
      p99s[driver].push(percentile(b.delays, 99));
      if (b.answersInMs !== undefined) lastAnswer[driver].push(b.answersInMs);
    }
  }
  const [oldP99, newP99] = [median(p99s.old), median(p99s.new)];
  return {
    suite: SUITE,
    name,
    value: round(newP99 / Math.max(1, oldP99)),
    unit: "×",
    detail:
      `median p99 of ${DRIVER_ROUNDS} rounds each, alternated: new ${round(newP99)} ms (${p99s.new.join(", ")}), ` +
      `old ${round(oldP99)} ms (${p99s.old.join(", ")}); every answer stored: new after ` +
      `${lastAnswer.new.join(", ") || "?"} ms, old after ${lastAnswer.old.join(", ") || "?"} ms`,
  };
}

/**
 * Runs the 500-click round on SQLite, and on Redis when it answers on 127.0.0.1:6379, each right
 * after a burst on the baseline, so that each figure is set beside one taken moments before.
 */
export async function endToEndSuite(): Promise<Measurement[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "quiz-bench-e2e-"));
  const baseline = await startBaseline();
  try {
    const results: Measurement[] = [];
    const stores: { name: string; url: string; namespace?: string }[] = [
      { name: "SQLite", url: `sqlite://${path.join(dir, "quiz.sqlite")}` },
    ];
    if (await portOpen(6379))
      stores.push({ name: "Redis", url: "redis://127.0.0.1:6379", namespace: benchNamespace() });
    for (const store of stores) {
      const before = await baseline.burst(`baseline-before-${store.name}`);
      const bot = await botRound(store.name, store.url, store.namespace);
      results.push(baselineRow(store.name, before), ...rows(store.name, bot.burst, bot.accounting, before));
    }
    results.push(await chartsOnOff(dir));
    results.push(await sqliteDriversBurst(dir));
    if (stores.length === 1) {
      results.push({
        suite: SUITE,
        name: `first response p99, ${PLAYERS} clicks, Redis`,
        value: Number.NaN,
        unit: "ms",
        detail: "not reachable on 127.0.0.1: skipped",
      });
    }
    return results;
  } finally {
    await baseline.close();
    await rm(dir, { recursive: true, force: true });
  }
}
