import { InteractionResponseType, MessageFlags } from "discord.js";
import { describe, expect, it } from "vitest";
import {
  answerButtons,
  answersLocked,
  buttonsOf,
  quizCommand,
  rightButton,
  runCommand,
  shippedBankOnce,
  startSoloQuiz,
} from "../helpers/bot.ts";
import { expectNoViolations, useHarness } from "../helpers/harness.ts";

const h = useHarness();

describe("/quiz solo end to end", () => {
  it("says so when fewer questions match than were asked for", async () => {
    const bank = await shippedBankOnce();
    const matching = bank.filter({ source: "uscri-2004", difficulty: "hard" }).length;
    const start = quizCommand(h, h.fake.user({ username: "asks-too-many" }), "solo", {
      questions: 20,
      source: "uscri-2004",
      difficulty: "hard",
    });
    const message = await start.waitForMessage((m) => answerButtons(m).length > 0);
    const title = message.embeds[0]?.title ?? "";
    const playing = Number(/of (\d+)$/.exec(title)?.[1]);
    expect(matching).toBeLessThan(20);
    expect(playing).toBeGreaterThan(0);
    expect(playing).toBeLessThanOrEqual(matching);
    expect(message.embeds[0]?.description).toMatch(
      new RegExp(`${matching} question.* match.*; playing ${playing}\\.`),
    );
    expectNoViolations(h);
  });

  it("plays a private quiz from start to summary, with the citation after each answer", async () => {
    const bank = await shippedBankOnce();
    const alice = h.fake.user({ username: "alice" });
    const start = quizCommand(h, alice, "solo", { questions: 3, source: "state-dept-2005" });
    const response = await start.response();
    expect(response.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    let message = await start.waitForMessage((m) => answerButtons(m).length > 0);
    expect(start.isEphemeral(message)).toBe(true);
    expect(message.embeds[0]?.title).toBe("Question 1 of 3");

    for (let round = 0; round < 3; round++) {
      const { button, question } = rightButton(message, bank);
      expect(question.citation.source).toBe("state-dept-2005");
      const click = h.fake.clickButton({ message, customId: button.custom_id, user: alice });
      expect((await click.response()).type).toBe(InteractionResponseType.DeferredMessageUpdate);
      message = await h.fake.waitForEdit(
        message.id,
        (m) =>
          (m.embeds[0]?.description ?? "").startsWith(question.question) &&
          (m.embeds[1]?.title ?? "").startsWith("✅"),
      );
      const reveal = message.embeds[1];
      const source = bank.sourceOf(question).meta;
      expect(reveal?.fields?.map((f) => f.name)).toEqual([
        "Source",
        "The passage",
        "Where to read on",
        ...question.also.map((other) => `Other sources: ${bank.corpus.get(other.source)?.meta.title}`),
      ]);
      expect(reveal?.fields?.[0]?.value).toContain(source.title);
      expect(reveal?.fields?.[0]?.value).toContain(source.author);
      expect(reveal?.fields?.[1]?.value).toContain(
        question.citation.quote.split(/\s+/).slice(0, 6).join(" "),
      );
      expect(reveal?.fields?.[2]?.value).toMatch(new RegExp(`lines? ${question.citation.line}\\b`));
      expect(answersLocked(message)).toBe(true);

      const next = buttonsOf(message).find((b) => b.custom_id.startsWith("v1:next:"));
      if (!next) throw new Error("no next button");
      expect(next.label).toBe(round === 2 ? "See my summary" : "Next question");
      const nextClick = h.fake.clickButton({ message, customId: next.custom_id, user: alice });
      await nextClick.response();
      message =
        round === 2
          ? await h.fake.waitForEdit(message.id, (m) => m.embeds[0]?.title === "Quiz complete")
          : await h.fake.waitForEdit(message.id, (m) => m.embeds[0]?.title === `Question ${round + 2} of 3`);
    }
    expect(message.embeds[0]?.description).toContain("**3 of 3** right");
    expect(message.embeds[0]?.description).toContain("#1");
    const record = await h.game.scores.get(h.guildId, alice.id);
    expect(record).toMatchObject({ answered: 3, correct: 3, streak: 3 });
    expectNoViolations(h);
  });

  it("scores a double click once and tells the player privately", async () => {
    const bob = h.fake.user({ username: "bob" });
    const { question: message, first: button } = await startSoloQuiz(h, bob);
    // Both clicks are sent before the bot has answered either, as a fast double click would be.
    const first = h.fake.clickButton({ message, customId: button.custom_id, user: bob });
    const second = h.fake.clickButton({ message, customId: button.custom_id, user: bob });
    await Promise.all([first.settled(), second.settled()]);
    const duplicate = await second
      .waitForMessage((m) => (m.content ?? "").includes("already answered"), 5000)
      .catch(() => first.waitForMessage((m) => (m.content ?? "").includes("already answered"), 5000));
    expect(duplicate.flags ?? 0).toBe(MessageFlags.Ephemeral);
    const record = await h.game.scores.get(h.guildId, bob.id);
    expect(record?.answered).toBe(1);
    expect(first.failed || second.failed).toBe(false);
    expectNoViolations(h);
  });

  it("answers a button of a quiz that is over (expired from the store) with a clear private message", async () => {
    const carol = h.fake.user({ username: "carol" });
    const { reply: message } = await runCommand(
      h,
      { user: carol, name: "quiz", subcommand: "solo" },
      (m) => answerButtons(m).length > 0,
    );
    const button = answerButtons(message)[0];
    if (!button) throw new Error("no buttons");
    // The session's TTL runs out while the private message still shows its buttons; a restart
    // also empties the process's cache, so only the store can answer.
    const sessionId = button.custom_id.split(":")[2] as string;
    await h.keyv.delete(`session:${sessionId}`);
    await h.restart();
    const stale = h.fake.clickButton({ message, customId: button.custom_id, user: carol });
    const reply = await stale.waitForMessage((m) => (m.content ?? "").includes("This quiz is over"));
    expect(stale.isEphemeral(reply)).toBe(true);
    expect(await h.game.scores.get(h.guildId, carol.id)).toBeUndefined();
    expectNoViolations(h);
  });

  it("refuses a forged custom_id without touching any score", async () => {
    const dave = h.fake.user({ username: "dave" });
    const { reply: message } = await runCommand(
      h,
      { user: dave, name: "quiz", subcommand: "solo" },
      (m) => answerButtons(m).length > 0,
    );
    const before = JSON.stringify(await h.game.scores.get(h.guildId, dave.id));
    // A client can only click what is on the message, so the forged id is put on a bot message first.
    const { Routes } = await import("discord.js");
    const forgedMessage = (await h.running.client.rest.post(Routes.channelMessages(h.channelId), {
      body: {
        content: "forged",
        components: [
          { type: 1, components: [{ type: 2, style: 1, label: "x", custom_id: "v1:ans:nosuchsession:0:9" }] },
        ],
        allowed_mentions: { parse: [] },
      },
    })) as import("discord.js").APIMessage;
    for (const customId of ["v1:ans:nosuchsession:0:9"]) {
      const click = h.fake.clickButton({ message: forgedMessage, customId, user: dave });
      const reply = await click.waitForMessage((m) => (m.content ?? "").length > 0);
      expect(reply.content).toContain("This quiz is over");
    }
    expect(JSON.stringify(await h.game.scores.get(h.guildId, dave.id))).toBe(before);
    // Dave's own quiz is untouched too: still on its first question, with no answer taken.
    const ownSession = answerButtons(message)[0]?.custom_id.split(":")[2] ?? "";
    expect(await h.game.sessions.get(ownSession)).toMatchObject({ round: 0, phase: "asking", answers: {} });
    expectNoViolations(h);
  });
});
