/**
 * An arm of the end-to-end suite: one client (the raw floor, the bare discord.js client, the bot)
 * with its own fake Discord, started once, clicked in bursts of any size, stopped at the end. Arms
 * are plain objects in a list, so another transport (the bot over HTTP) is one more entry.
 */
import { type APIMessage, ButtonStyle, ComponentType } from "discord.js";
import { optionsOf } from "../../src/bank/question.ts";
import type { FakeDiscord } from "../../test/fake-discord/index.ts";
import { shippedBankOnce } from "../../test/helpers/bot.ts";
import type { Burst } from "./burst.ts";

/** One measured burst of an arm, with what went wrong in it (empty when every click was answered once). */
export interface ArmBurst {
  readonly burst: Burst;
  /** Clicks sent but never acknowledged (for the bot: or not stored). */
  readonly lost: number;
  /** Clicks answered or scored more than once. */
  readonly duplicates: number;
  readonly problems: string[];
}

/** A client under measurement. */
export interface Arm {
  /** Its name in the report ("raw", "bare discord.js", "bot (gateway)"). */
  readonly name: string;
  start(): Promise<void>;
  /** Sends `clicks` simultaneous clicks from new players and measures them; profiled when `profileAs` is given. */
  clickBurst(clicks: number, profileAs?: string): Promise<ArmBurst>;
  stop(): Promise<void>;
}

/** Generous, so that a slow response is measured rather than failed by the fake. */
export const RESPONSE_DEADLINE_MS = 60_000;

/** What the bot's private acknowledgement of an answer says (and so the bare client's too). */
export const ACK_TEXT = "is in";

/**
 * A question message shaped like the bot's (an embed and four answer buttons), so that each click's
 * payload, which carries the clicked message, is as large as in the bot's round.
 */
export async function questionLikeTheBots(): Promise<{ body: object; customIds: string[] }> {
  const bank = await shippedBankOnce();
  const question = bank.questions[0];
  if (!question) throw new Error("the bank has no question");
  const customIds = optionsOf(question).map((_, choice) => `v1:ans:baseline0000:0:${choice}`);
  const body = {
    embeds: [{ title: "Question 1 of 1", description: `${question.question}\n\nAnswer within **120 s**.` }],
    components: [
      {
        type: ComponentType.ActionRow,
        components: optionsOf(question).map((option, choice) => ({
          type: ComponentType.Button,
          style: ButtonStyle.Primary,
          custom_id: customIds[choice],
          label: `${"ABCD"[choice]}. ${option}`.slice(0, 80),
        })),
      },
    ],
    allowed_mentions: { parse: [] },
  };
  return { body, customIds };
}

/** Lost and duplicate clicks of a burst on an arm with no store: unacknowledged, failed, answered twice. */
export function clientProblems(fake: FakeDiscord, b: Burst): ArmBurst {
  const problems: string[] = [];
  const lost = b.sent - b.acknowledged;
  if (lost > 0) problems.push(`${lost} click(s) not acknowledged`);
  if (b.failed > 0) problems.push(`${b.failed} failed interaction(s)`);
  if (b.duplicates > 0) problems.push(`${b.duplicates} click(s) answered twice`);
  if (fake.violations.length > 0)
    problems.push(`${fake.violations.length} violation(s): ${fake.violations[0]?.message}`);
  return { burst: b, lost, duplicates: b.duplicates, problems };
}

/** Posts a question-like message into a channel of the fake through its REST API. */
export async function postQuestion(fake: FakeDiscord, channelId: string, body: object): Promise<APIMessage> {
  const response = await fetch(`${fake.apiUrl}/v10/channels/${channelId}/messages`, {
    method: "POST",
    headers: { authorization: `Bot ${fake.token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`posting the question: ${response.status} ${await response.text()}`);
  return (await response.json()) as APIMessage;
}
