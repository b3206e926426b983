/**
 * The bare discord.js client: discord.js with its default options and no game, no store, no
 * router, answering each click with the same callback as the bot (an ephemeral message, type 4,
 * saying the answer is in). What the bot adds over it is the bot's own cost.
 */
import { Client, Events, GatewayIntentBits, MessageFlags } from "discord.js";
import { FakeDiscord } from "../../test/fake-discord/index.ts";
import { users } from "../../test/helpers/bot.ts";
import {
  ACK_TEXT,
  type Arm,
  clientProblems,
  postQuestion,
  questionLikeTheBots,
  RESPONSE_DEADLINE_MS,
} from "./arm.ts";
import { burst, replyText } from "./burst.ts";

/** The bare discord.js client as an arm. */
export function bareArm(): Arm {
  let fake: FakeDiscord | undefined;
  let client: Client | undefined;
  let channelId = "";
  let question: Awaited<ReturnType<typeof questionLikeTheBots>> | undefined;
  let bursts = 0;
  return {
    name: "bare discord.js",
    async start() {
      fake = await FakeDiscord.start({ responseDeadlineMs: RESPONSE_DEADLINE_MS, strictMentions: true });
      client = new Client({
        intents: [GatewayIntentBits.Guilds],
        allowedMentions: { parse: [], repliedUser: false },
        rest: { api: fake.apiUrl },
      });
      client.on(Events.InteractionCreate, (interaction) => {
        if (!interaction.isButton()) return;
        void interaction
          .reply({
            content: `Your answer **${interaction.customId.at(-1)}** ${ACK_TEXT}.`,
            flags: MessageFlags.Ephemeral,
            allowedMentions: { parse: [] },
          })
          .catch((error: unknown) => console.warn(`  bare client: ${String(error)}`));
      });
      await client.login(fake.token);
      const ready = client;
      await fake.waitUntil(() => ready.isReady(), 10_000, "the bare client to be ready");
      channelId = fake.guilds[0]?.channels[0]?.id ?? "";
      question = await questionLikeTheBots();
    },
    async clickBurst(clicks, profileAs) {
      if (!fake || !client || !question) throw new Error("the bare arm is not started");
      const ids = question.customIds;
      const message = await postQuestion(fake, channelId, question.body);
      const measured = await burst({
        fake,
        client,
        message,
        players: users(fake, clicks, `bare${++bursts}-`),
        customIdFor: (i) => ids[i % 2] as string,
        settled: (click) => (replyText(click) ?? "").includes(ACK_TEXT),
        profileAs,
      });
      return clientProblems(fake, measured);
    },
    async stop() {
      await client?.destroy();
      await fake?.close();
    },
  };
}
