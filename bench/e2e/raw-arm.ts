/**
 * The floor: a client that speaks the fake's gateway WebSocket and REST itself (`ws` and fetch),
 * with no library between, and acknowledges each click with a deferred update (callback type 6).
 * Nothing a bot on this machine does can answer faster than this.
 */
import { InteractionResponseType, InteractionType } from "discord.js";
import WebSocket from "ws";
import { FakeDiscord } from "../../test/fake-discord/index.ts";
import { users } from "../../test/helpers/bot.ts";
import { type Arm, clientProblems, postQuestion, questionLikeTheBots, RESPONSE_DEADLINE_MS } from "./arm.ts";
import { burst } from "./burst.ts";

/** The gateway frames the raw client reads: op, sequence, event name, data. */
interface Frame {
  op: number;
  s: number | null;
  t: string | null;
  d: unknown;
}

/** Connects, identifies, heartbeats and answers every component click; resolves once READY. */
function connect(fake: FakeDiscord): Promise<{ close(): void }> {
  const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
  const callbackBase = `${fake.apiUrl}/v10/interactions`;
  const deferredUpdate = JSON.stringify({ type: InteractionResponseType.DeferredMessageUpdate });
  let seq: number | null = null;
  let heartbeat: NodeJS.Timeout | undefined;
  return new Promise((resolve, reject) => {
    ws.on("error", reject);
    ws.on("message", (raw) => {
      const frame = JSON.parse(String(raw)) as Frame;
      if (frame.s !== null) seq = frame.s;
      if (frame.op === 10) {
        const { heartbeat_interval: interval } = frame.d as { heartbeat_interval: number };
        heartbeat = setInterval(() => ws.send(JSON.stringify({ op: 1, d: seq })), interval);
        ws.send(
          JSON.stringify({
            op: 2,
            d: { token: fake.token, intents: 1, properties: { os: "linux", browser: "raw", device: "raw" } },
          }),
        );
      } else if (frame.op === 0 && frame.t === "READY") {
        resolve({
          close() {
            clearInterval(heartbeat);
            ws.close();
          },
        });
      } else if (frame.op === 0 && frame.t === "INTERACTION_CREATE") {
        const interaction = frame.d as { id: string; token: string; type: number };
        if (interaction.type !== InteractionType.MessageComponent) return;
        void fetch(`${callbackBase}/${interaction.id}/${interaction.token}/callback`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: deferredUpdate,
        }).catch((error: unknown) => console.warn(`  raw client: ${String(error)}`));
      }
    });
  });
}

/** The raw floor client as an arm. */
export function rawArm(): Arm {
  let fake: FakeDiscord | undefined;
  let connection: { close(): void } | undefined;
  let channelId = "";
  let question: Awaited<ReturnType<typeof questionLikeTheBots>> | undefined;
  let bursts = 0;
  return {
    name: "raw",
    async start() {
      fake = await FakeDiscord.start({ responseDeadlineMs: RESPONSE_DEADLINE_MS, strictMentions: true });
      connection = await connect(fake);
      channelId = fake.guilds[0]?.channels[0]?.id ?? "";
      question = await questionLikeTheBots();
    },
    async clickBurst(clicks, profileAs) {
      if (!fake || !question) throw new Error("the raw arm is not started");
      const ids = question.customIds;
      const message = await postQuestion(fake, channelId, question.body);
      const measured = await burst({
        fake,
        message,
        players: users(fake, clicks, `raw${++bursts}-`),
        customIdFor: (i) => ids[i % 2] as string,
        settled: (click) => click.initialResponse?.type === InteractionResponseType.DeferredMessageUpdate,
        profileAs,
      });
      return clientProblems(fake, measured);
    },
    async stop() {
      connection?.close();
      await fake?.close();
    },
  };
}
