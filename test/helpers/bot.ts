import { randomBytes } from "node:crypto";
import path from "node:path";
import { type APIMessage, type APIUser, ApplicationCommandOptionType } from "discord.js";
import type Keyv from "keyv";
import pino, { type Logger } from "pino";
import { commands } from "../../commands/index.ts";
import { type AppContext, createAppContext } from "../../src/app/context.ts";
import type { Bank } from "../../src/bank/bank.ts";
import { loadBank } from "../../src/bank/load.ts";
import { localizeQuestion } from "../../src/bank/localize.ts";
import type { ChartRenderer } from "../../src/charts/render.ts";
import type { Config } from "../../src/config.ts";
import { type RunningBot, startBot } from "../../src/discord/transport/bot.ts";
import { LOCALES } from "../../src/i18n/index.ts";
import { openKeyv } from "../../src/store/open.ts";
import { FakeDiscord, type FakeDiscordOptions } from "../fake-discord/index.ts";
import type { OptionInput } from "../fake-discord/types.ts";
import { silentLogger } from "./game.ts";
import { removeTempDir, tempDir } from "./temp-dir.ts";

/** Set E2E_LOG=debug to see the bot's logs while debugging an end-to-end test. */
const logger = process.env.E2E_LOG ? pino({ level: process.env.E2E_LOG }) : silentLogger;

let shippedBank: Promise<Bank> | undefined;

/** The shipped bank, loaded once per test file. */
export function shippedBankOnce(): Promise<Bank> {
  shippedBank ??= loadBank();
  return shippedBank;
}

/**
 * How the harness's bot gets its interactions: the gateway (default), or signed HTTP POSTs to its
 * interactions endpoint when E2E_TRANSPORT=http (the second vitest project runs the e2e suite so).
 */
export type Transport = "gateway" | "http";

/** The transport end-to-end tests use unless they choose one. */
export function defaultTransport(): Transport {
  const value = process.env.E2E_TRANSPORT ?? "gateway";
  if (value !== "gateway" && value !== "http")
    throw new Error(`E2E_TRANSPORT must be gateway or http, not ${value}`);
  return value;
}

/** A fake Discord, and the real bot (discord.js client, game, store) logged into it. */
export interface BotHarness {
  readonly fake: FakeDiscord;
  readonly guildId: string;
  readonly channelId: string;
  running: RunningBot;
  game: AppContext;
  /** The raw store under the bot, for tests that break or inspect it (the bot itself reaches it only through src/store). */
  keyv: Keyv;
  readonly storeUrl: string;
  readonly transport: Transport;
  /** Stops the bot as a restart would (timers, client, store connection), then starts a new one on the same store. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a fake Discord and the bot against it, on a temp SQLite store (or the given URL). */
export async function startHarness(
  options: {
    fake?: FakeDiscordOptions;
    storeUrl?: string;
    /** Opens the store instead of `openKeyv(storeUrl)` (the benchmarks' old SQLite driver). */
    openStore?: (storeUrl: string) => Keyv;
    /** The keyv namespace (default: the bot's own, "quiz"); a unique one keeps a shared server's keys apart. */
    namespace?: string;
    config?: Partial<Config>;
    /** The game's clock (default: the wall clock); a test moves it on to pass a due time. */
    now?: () => number;
    /** The chart renderer the bot uses (default: the real one). */
    charts?: ChartRenderer;
    /** The bot's logger (default: silent, or E2E_LOG's level). */
    logger?: Logger;
    /** How interactions reach the bot (default: E2E_TRANSPORT, else the gateway). */
    transport?: Transport;
    /** Over HTTP: when the transport defers for a handler that has not answered. */
    interactionsFallbackMs?: number;
    /** The pauses before a failed channel-round step is tried again. */
    roundStepRetryMs?: readonly number[];
    /** The question bank (default: the shipped one); a temp bank for features the shipped one lacks. */
    bank?: Bank;
  } = {},
): Promise<BotHarness> {
  const fake = await FakeDiscord.start({ strictMentions: true, ...options.fake });
  // E2E_STORE_URL runs the harness's bot on that store (redis://…, postgres://…) instead of a temp
  // SQLite file, each harness under a namespace of its own.
  const sharedUrl = options.storeUrl === undefined ? process.env.E2E_STORE_URL : undefined;
  // A store of its own unless one is given, removed on close (callers outside vitest too: bench/).
  const storeDir = options.storeUrl === undefined && !sharedUrl ? tempDir("quiz-e2e-") : undefined;
  const storeUrl = options.storeUrl ?? sharedUrl ?? `sqlite://${path.join(storeDir ?? "", "quiz.sqlite")}`;
  const namespace = options.namespace ?? (sharedUrl ? `e2e${randomBytes(5).toString("hex")}` : undefined);
  const bank = options.bank ?? (await shippedBankOnce());
  const transport = options.transport ?? defaultTransport();
  const config: Config = {
    discordToken: fake.token,
    discordClientId: fake.applicationId,
    discordApiUrl: fake.apiUrl,
    storeUrl,
    logLevel: "silent",
    defaultQuestions: 3,
    defaultSeconds: 30,
    revealSeconds: 2,
    // The fake serves attached files on loopback, where Discord's CDN would.
    attachmentOrigins: [fake.cdnOrigin],
    ...(transport === "http"
      ? { interactions: { port: 0, host: "127.0.0.1", path: "/interactions", publicKey: fake.publicKey } }
      : {}),
    ...options.config,
  };
  let keyv: Keyv;
  const boot = async () => {
    keyv = options.openStore
      ? options.openStore(storeUrl)
      : openKeyv(storeUrl, namespace === undefined ? {} : { namespace });
    const log = options.logger ?? logger;
    const game = createAppContext({ bank, keyv, logger: log, ...(options.now ? { now: options.now } : {}) });
    const running = await startBot({
      config,
      app: game,
      commands,
      logger: log,
      ...(options.charts ? { charts: options.charts } : {}),
      ...(options.interactionsFallbackMs === undefined
        ? {}
        : { interactionsFallbackMs: options.interactionsFallbackMs }),
      ...(options.roundStepRetryMs === undefined ? {} : { roundStepRetryMs: options.roundStepRetryMs }),
    });
    // Each start listens on a new port: the fake is pointed at it as the portal's endpoint URL would be.
    if (running.interactionsPort !== undefined)
      fake.useInteractionsEndpoint(`http://127.0.0.1:${running.interactionsPort}/interactions`);
    return { game, running, keyv };
  };
  const first = await boot();
  const guild = fake.guilds[0];
  const channel = guild?.channels[0];
  if (!guild || !channel) throw new Error("the fake has no guild or channel");
  const harness: BotHarness = {
    fake,
    guildId: guild.id,
    channelId: channel.id,
    running: first.running,
    game: first.game,
    keyv: first.keyv,
    storeUrl,
    transport,
    async restart() {
      await harness.running.stop();
      await keyv.disconnect();
      const next = await boot();
      harness.running = next.running;
      harness.game = next.game;
      harness.keyv = next.keyv;
    },
    async close() {
      await harness.running.stop();
      await keyv.disconnect();
      await fake.close();
      if (storeDir) removeTempDir(storeDir);
    },
  };
  return harness;
}

/** The buttons of a message, flattened. */
export function buttonsOf(
  message: APIMessage | undefined,
): { custom_id: string; label: string; disabled: boolean }[] {
  const out: { custom_id: string; label: string; disabled: boolean }[] = [];
  for (const row of message?.components ?? []) {
    if (!("components" in row)) continue;
    for (const c of row.components) {
      if ("custom_id" in c && c.custom_id !== undefined) {
        out.push({
          custom_id: c.custom_id,
          label: "label" in c ? (c.label ?? "") : "",
          disabled: Boolean(c.disabled),
        });
      }
    }
  }
  return out;
}

/** The answer buttons of a question message (custom_id v1:ans:...). */
export function answerButtons(message: APIMessage | undefined) {
  return buttonsOf(message).filter((b) => b.custom_id.startsWith("v1:ans:"));
}

/**
 * Whether a question message shows its answer buttons, every one disabled (as after the reveal).
 * False for a message without answer buttons: `every` alone would call that locked.
 */
export function answersLocked(message: APIMessage | undefined): boolean {
  const buttons = answerButtons(message);
  return buttons.length > 0 && buttons.every((b) => b.disabled);
}

/** The button whose label names the right answer to the question the message shows. */
export function rightButton(message: APIMessage | undefined, bank: Bank) {
  const buttons = answerButtons(message);
  const text = message?.embeds[0]?.description ?? "";
  // The question in whichever language it is shown in (a Korean reader sees the bank's Korean, and
  // 참/거짓 for a true/false question whose text has no Korean yet).
  const matches = bank.questions
    .flatMap((question) =>
      LOCALES.map((locale) => ({ question, shown: localizeQuestion(bank, question, locale) })),
    )
    .filter(({ shown }) => text === shown.question || text.startsWith(`${shown.question}\n`));
  if (matches.length === 0) throw new Error(`no bank question matches "${text.slice(0, 60)}"`);
  // An exact label first: a prefix alone would take "510" for the answer "51". A label the bot cut
  // (it ends in "…") is matched by what is left of it.
  const label = (b: { label: string }) => b.label.slice(3);
  for (const { question, shown } of matches) {
    const button =
      buttons.find((b) => label(b) === shown.answer) ??
      buttons.find((b) => label(b).endsWith("…") && shown.answer.startsWith(label(b).slice(0, -1)));
    if (button) return { button, question, shown };
  }
  throw new Error(`no button for "${matches[0]?.shown.answer}"`);
}

/**
 * Starts `/quiz channel` as `host` (a new member unless given) in `channelId` (default the
 * harness's channel), and waits for its "has started" reply and its first question (a message
 * posted after the command). Returns the round's session id with them.
 */
export async function startChannelRound(
  h: Pick<BotHarness, "fake" | "channelId">,
  options: { host?: APIUser; channelId?: string; questions?: number; seconds?: number } = {},
) {
  const channelId = options.channelId ?? h.channelId;
  const host = options.host ?? h.fake.user({ username: "host" });
  const earlier = new Set(h.fake.messages(channelId).map((m) => m.id));
  const start = h.fake.slashCommand({
    channelId,
    user: host,
    name: "quiz",
    subcommand: "channel",
    options: optionsOf({ questions: options.questions ?? 2, seconds: options.seconds ?? 60 }),
  });
  await start.waitForMessage((m) => (m.content ?? "").includes("has started"), 10_000);
  const question = await h.fake.waitForMessage(
    channelId,
    (m) => !earlier.has(m.id) && answerButtons(m).length > 0,
    10_000,
  );
  const sessionId = answerButtons(question)[0]?.custom_id.split(":")[2] ?? "";
  return { host, start, question, sessionId };
}

/**
 * Starts a one-question channel round as `user`, answers it right, and waits for the reveal (the
 * edit that carries the round's attachments): the shortest round with everything a reveal draws.
 */
export async function playOneRightAnswer(
  fake: FakeDiscord,
  channelId: string,
  user: APIUser,
): Promise<{ question: APIMessage; revealed: APIMessage }> {
  const { question } = await startChannelRound(
    { fake, channelId },
    { host: user, questions: 1, seconds: 10 },
  );
  const { button } = rightButton(question, await shippedBankOnce());
  const click = fake.clickButton({ message: question, customId: button.custom_id, user });
  await click.waitForMessage((m) => (m.content ?? "").includes("is in"), 10_000);
  const revealed = await fake.waitForEdit(question.id, (m) => m.attachments.length > 0, 30_000);
  return { question, revealed };
}

/**
 * As `teacher`, makes a set of one shipped multiple-choice question and assigns it (in the
 * harness's channel unless `channelId` says otherwise, to `roleId` if given). Returns the reply to
 * `/assign` and the assignment's id (undefined when the assignment was refused).
 */
export async function assignOneQuestion(
  h: BotHarness,
  teacher: APIUser,
  options: {
    readonly name: string;
    readonly due?: string;
    readonly roleId?: string;
    readonly channelId?: string;
  },
): Promise<{ reply: APIMessage; assignmentId: string | undefined }> {
  const bank = await shippedBankOnce();
  const question = bank.questions.find((q) => q.type === "multiple-choice");
  if (!question) throw new Error("no multiple-choice question");
  const T = ApplicationCommandOptionType;
  const set = { name: "set", type: T.String, value: options.name } as const;
  const where = options.channelId ? { channelId: options.channelId } : {};
  await runCommand(h, {
    ...where,
    user: teacher,
    name: "set",
    subcommand: "create",
    options: [{ ...set, name: "name" }],
  });
  await runCommand(h, {
    ...where,
    user: teacher,
    name: "set",
    subcommand: "add",
    options: [set, { name: "question", type: T.String, value: question.id }],
  });
  const { reply } = await runCommand(h, {
    ...where,
    user: teacher,
    name: "assign",
    options: [
      set,
      { name: "due", type: T.String, value: options.due ?? "in 3 days" },
      ...(options.roleId
        ? [{ name: "role", type: ApplicationCommandOptionType.Role as const, value: options.roleId }]
        : []),
    ],
  });
  return { reply, assignmentId: /result:([A-Za-z0-9]+)/.exec(reply.content ?? "")?.[1] };
}

/** A batch of distinct users. */
export function users(fake: FakeDiscord, count: number, prefix = "player"): APIUser[] {
  return Array.from({ length: count }, (_, i) => fake.user({ username: `${prefix}${i}` }));
}

/**
 * A command's options by name: a string is a String option, a number an Integer, a boolean a
 * Boolean (roles, users and attachments need their own entries). Undefined values are left out.
 */
export function optionsOf(
  values: Readonly<Record<string, string | number | boolean | undefined>>,
): OptionInput[] {
  const T = ApplicationCommandOptionType;
  return Object.entries(values).flatMap(([name, value]): OptionInput[] => {
    if (typeof value === "string") return [{ name, type: T.String, value }];
    if (typeof value === "number") return [{ name, type: T.Integer, value }];
    if (typeof value === "boolean") return [{ name, type: T.Boolean, value }];
    return [];
  });
}

/** The options of `/quiz solo` and `/quiz channel`, by name. */
export interface QuizOptions {
  readonly questions?: number;
  readonly seconds?: number;
  readonly source?: string;
  readonly difficulty?: string;
  readonly topic?: string;
}

/**
 * Sends `/quiz <subcommand>` as `user` in the harness's channel (unless `actor.channelId` says
 * otherwise), with its options by name.
 */
export function quizCommand(
  h: Pick<BotHarness, "fake" | "channelId">,
  user: APIUser,
  subcommand: string,
  options: QuizOptions = {},
  actor: { channelId?: string; locale?: string; memberPermissions?: bigint } = {},
) {
  return h.fake.slashCommand({
    channelId: h.channelId,
    ...actor,
    user,
    name: "quiz",
    subcommand,
    options: optionsOf({ ...options }),
  });
}

/** Starts `/quiz solo` for a user (with any options) and waits for its first question and buttons. */
export async function startSoloQuiz(
  h: BotHarness,
  user: APIUser,
  options: Parameters<FakeDiscord["slashCommand"]>[0]["options"] = [],
) {
  const start = h.fake.slashCommand({
    channelId: h.channelId,
    user,
    name: "quiz",
    subcommand: "solo",
    options,
  });
  const question = await start.waitForMessage((m) => answerButtons(m).length > 0);
  const first = answerButtons(question)[0];
  if (!first) throw new Error("the question has no answer buttons");
  return { start, question, first };
}

/**
 * Sends a slash command (in the harness's channel unless another is given) and waits for the bot's
 * reply that matches `predicate` (by default the first with any text or embed).
 */
export async function runCommand(
  h: BotHarness,
  input: Omit<Parameters<FakeDiscord["slashCommand"]>[0], "channelId"> & { channelId?: string },
  predicate: (message: APIMessage) => boolean = (m) => m.embeds.length > 0 || (m.content ?? "").length > 0,
) {
  const handle = h.fake.slashCommand({ channelId: h.channelId, ...input });
  const reply = await handle.waitForMessage(predicate);
  return { handle, reply };
}
