import path from "node:path";
import { ApplicationCommandOptionType } from "discord.js";
import { afterAll, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { createAppContext } from "../../src/app/context.ts";
import type { RoundStep } from "../../src/discord/drivers/channel-rounds.ts";
import { type RunningBot, startBot } from "../../src/discord/transport/bot.ts";
import { openKeyv } from "../../src/store/open.ts";
import { inProcessSteps, type StepQueue } from "../../src/store/step-queue.ts";
import { FakeDiscord } from "../fake-discord/index.ts";
import { answerButtons, rightButton, shippedBankOnce, users } from "../helpers/bot.ts";
import { silentLogger } from "../helpers/game.ts";
import { expectNoViolations } from "../helpers/harness.ts";
import { tempDir } from "../helpers/temp-dir.ts";

/** Wraps a queue so that each delivery runs the step twice at once, then once more 100 ms later. */
function stuttering(inner: StepQueue<RoundStep>, deliveries: RoundStep[]): StepQueue<RoundStep> {
  return {
    distributed: inner.distributed,
    start: (run) =>
      inner.start(async (step) => {
        deliveries.push(step);
        await Promise.all([run(step), run(step)]);
        await new Promise((r) => setTimeout(r, 100));
        await run(step);
      }),
    add: (id, data, delayMs) => inner.add(id, data, Math.min(delayMs, 300)),
    remove: (id) => inner.remove(id),
    close: () => inner.close(),
  };
}

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe("a channel round whose steps are each delivered three times", () => {
  it("posts each question and the final scoreboard once (a reveal is an edit), and scores each answer once", async () => {
    const fake = await FakeDiscord.start({ strictMentions: true });
    cleanups.push(() => fake.close());
    const storeUrl = `sqlite://${path.join(tempDir("quiz-steps-"), "quiz.sqlite")}`;
    const keyv = openKeyv(storeUrl);
    cleanups.push(() => keyv.disconnect());
    const bank = await shippedBankOnce();
    const game = createAppContext({ bank, keyv, logger: silentLogger });
    const deliveries: RoundStep[] = [];
    const running: RunningBot = await startBot({
      config: {
        discordToken: fake.token,
        discordClientId: fake.applicationId,
        discordApiUrl: fake.apiUrl,
        storeUrl,
        logLevel: "silent",
        defaultQuestions: 2,
        defaultSeconds: 10,
        revealSeconds: 2,
        charts: false,
      },
      app: game,
      commands,
      logger: silentLogger,
      roundSteps: stuttering(inProcessSteps<RoundStep>(), deliveries),
    });
    cleanups.push(() => running.stop());
    const channelId = fake.guilds[0]?.channels[0]?.id ?? "";
    const start = fake.slashCommand({
      channelId,
      user: fake.user({ username: "host" }),
      name: "quiz",
      subcommand: "channel",
      options: [{ name: "questions", type: ApplicationCommandOptionType.Integer, value: 2 }],
    });
    const first = await fake.waitForMessage(channelId, (m) => answerButtons(m).length > 0, 15_000);
    const player = users(fake, 1)[0];
    if (!player) throw new Error("no player");
    const click = fake.clickButton({
      message: first,
      customId: rightButton(first, bank).button.custom_id,
      user: player,
    });
    await click.waitForMessage((m) => (m.content ?? "").length > 0);
    await fake.waitForMessage(channelId, (m) => m.embeds[0]?.title === "Final scoreboard", 20_000);
    await start.response();

    // close, advance, close, advance (the last one finishes): each delivered, each run three times.
    expect(deliveries.map((d) => `${d.round}.${d.kind}`)).toEqual([
      "0.close",
      "0.advance",
      "1.close",
      "1.advance",
    ]);
    const posts = fake.calls.filter(
      (c) => c.method === "POST" && c.path === `/channels/${channelId}/messages`,
    );
    const titles = posts.map((c) => (c.body as { embeds?: { title?: string }[] }).embeds?.[0]?.title);
    expect(titles).toEqual(["Question 1 of 2", "Question 2 of 2", "Final scoreboard"]);
    const score = await game.scores.get(fake.guilds[0]?.id ?? "", player.id);
    expect(score?.answered).toBe(1);
    expect(score?.correct).toBe(1);
    expectNoViolations(fake);
  }, 60_000);
});
