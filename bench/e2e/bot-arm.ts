/**
 * The bot on the gateway as an arm: the real bot (router, game, store) logged into its own fake.
 * Each burst is a new channel round of one question, clicked by new players (half right, half
 * wrong), then closed, and the store itself is read to check that every click was scored exactly
 * once: in the session, in each player's record, and in the tallies.
 */
import { type APIMessage, type APIUser, ApplicationCommandOptionType } from "discord.js";
import type Keyv from "keyv";
import type { Config } from "../../src/config.ts";
import type { SessionState } from "../../src/engine/session.ts";
import { keys, type PlayerRecord } from "../../src/store/records.ts";
import type { InteractionHandle } from "../../test/fake-discord/index.ts";
import {
  answerButtons,
  type BotHarness,
  rightButton,
  shippedBankOnce,
  startHarness,
  users,
} from "../../test/helpers/bot.ts";
import { ACK_TEXT, type Arm, type ArmBurst, RESPONSE_DEADLINE_MS } from "./arm.ts";
import { type Burst, burst } from "./burst.ts";

/** Whether a click ended with the bot's private "is in" reply. */
export function acknowledgedPrivately(click: InteractionHandle): boolean {
  const reply = click.messages().find((m) => (m.content ?? "").includes(ACK_TEXT));
  return reply !== undefined && click.isEphemeral(reply);
}

/** Starts a channel round of one question (time enough to never close on its own) and returns it. */
export async function startRound(h: BotHarness, channelId: string) {
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
  const question = await h.fake.waitForMessage(
    channelId,
    (m) => answerButtons(m).length > 0 && !answerButtons(m).some((b) => b.disabled),
    10_000,
  );
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
 * the reveal's tally line, or undefined if the question message was not turned into its reveal.
 */
export async function closeRound(h: BotHarness, question: APIMessage, sessionId: string) {
  await h.running.bot.rounds.runNextStepNow(sessionId);
  const revealed = h.fake.message(question.id);
  const buttons = answerButtons(revealed);
  const line = revealed?.embeds
    .flatMap((embed) => embed.fields ?? [])
    .find((field) => field.name.includes("got it right"))?.name;
  await h.running.bot.rounds.runNextStepNow(sessionId);
  return buttons.length > 0 && buttons.every((b) => b.disabled) ? (line ?? "(revealed)") : undefined;
}

/** Reads the session and every player's record from the store itself (not the caches) and checks them. */
export async function account(
  h: BotHarness,
  sessionId: string,
  players: readonly APIUser[],
  b: Burst,
  revealLine: string | undefined,
): Promise<ArmBurst & { summary: string }> {
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
  let overCounted = 0;
  let recordPoints = 0;
  let tallyPoints = 0;
  let mismatched = 0;
  let right = 0;
  for (const [i, player] of players.entries()) {
    const record = records[i];
    const tally = tallies[player.id];
    if (record?.answered === 1 && answers[player.id] !== undefined) once++;
    if ((record?.answered ?? 0) > 1) overCounted++;
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
  if (b.duplicates > 0) problems.push(`${b.duplicates} click(s) answered twice`);
  if (h.fake.violations.length > 0)
    problems.push(`${h.fake.violations.length} violation(s): ${h.fake.violations[0]?.message}`);
  const summary =
    `sent ${b.sent} / acknowledged ${b.acknowledged} / counted ${counted}; records with exactly one ` +
    `answer ${once}; points in records ${recordPoints} = tallies ${tallyPoints}; reveal "${revealLine}"; ` +
    `violations ${h.fake.violations.length}, failed ${b.failed}`;
  const lost = b.sent - Math.min(counted, b.acknowledged);
  return { burst: b, lost, duplicates: b.duplicates + overCounted + extra, problems, summary };
}

/** Channels the bot arm cycles through (each round is closed before the next one starts). */
const CHANNELS = 4;

/** The bot on the given store and transport (the gateway unless told), as an arm. */
export function botArm(options: {
  name: string;
  storeUrl: string;
  /** How the fake delivers the clicks: INTERACTION_CREATE on the gateway, or signed HTTP POSTs. */
  transport?: "gateway" | "http";
  /** A unique keyv namespace on a shared server (cleared at the end). */
  namespace?: string;
  config?: Partial<Config>;
  openStore?: (storeUrl: string) => Keyv;
}): Arm {
  let h: BotHarness | undefined;
  let bursts = 0;
  return {
    name: options.name,
    async start() {
      h = await startHarness({
        transport: options.transport ?? "gateway",
        ...(options.config === undefined ? {} : { config: options.config }),
        ...(options.openStore === undefined ? {} : { openStore: options.openStore }),
        fake: {
          responseDeadlineMs: RESPONSE_DEADLINE_MS,
          strictMentions: true,
          guilds: [{ channels: Array.from({ length: CHANNELS }, (_, i) => ({ name: `quiz-${i}` })) }],
        },
        storeUrl: options.storeUrl,
        ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      });
    },
    async clickBurst(clicks, profileAs) {
      if (!h) throw new Error(`the ${options.name} arm is not started`);
      const channelId = h.fake.guilds[0]?.channels[bursts % CHANNELS]?.id;
      if (!channelId) throw new Error("the fake has no channel");
      bursts++;
      const round = await startRound(h, channelId);
      const players = users(h.fake, clicks, `bot${bursts}-`);
      const measured = await burst({
        fake: h.fake,
        client: h.running.client,
        message: round.question,
        players,
        customIdFor: round.customIdFor,
        settled: acknowledgedPrivately,
        profileAs,
      });
      const revealLine = await closeRound(h, round.question, round.sessionId);
      return account(h, round.sessionId, players, measured, revealLine);
    },
    async stop() {
      if (!h) return;
      if (options.namespace !== undefined) await h.keyv.clear();
      await h.close();
    },
  };
}
