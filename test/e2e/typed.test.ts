/**
 * Typed answers end to end, on a temp bank with typed questions (Korean forms in `typed.accept`):
 * solo (right, near miss, wrong option with its note, Korean, a hint, redo my mistakes), a channel
 * round (the form, the reveal's typed statistics, the grade book), and the refusals: another
 * member's click, a forged custom_id, a forged form.
 */
import { type APIMessage, type APIUser, ApplicationCommandOptionType as T } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Bank } from "../../src/bank/bank.ts";
import { type BotHarness, buttonsOf, startHarness, users } from "../helpers/bot.ts";
import { loadTypedBank } from "../helpers/typed-bank.ts";

let h: BotHarness;
let bank: Bank;

beforeAll(async () => {
  bank = await loadTypedBank();
  h = await startHarness({ bank, fake: { guilds: [{ channels: [{ name: "solo" }, { name: "round" }] }] } });
});

afterAll(async () => {
  await h?.close();
});

function expectNoViolations() {
  expect(h.fake.violations, h.fake.describeViolations()).toEqual([]);
}

function channel(i: number): string {
  const id = h.fake.guilds[0]?.channels[i]?.id;
  if (!id) throw new Error(`no channel ${i}`);
  return id;
}

const button = (message: APIMessage, prefix: string) => {
  const found = buttonsOf(message).find((b) => b.custom_id.startsWith(prefix));
  if (!found) throw new Error(`no ${prefix} button on the message`);
  return found;
};

/** `/quiz solo answers:typed` on one topic: its question message. */
async function startTyped(user: APIUser, topic: string, questions = 1) {
  const start = h.fake.slashCommand({
    channelId: channel(0),
    user,
    name: "quiz",
    subcommand: "solo",
    options: [
      { name: "answers", type: T.String, value: "typed" },
      { name: "topic", type: T.String, value: topic },
      { name: "questions", type: T.Integer, value: questions },
    ],
  });
  return start.waitForMessage((m) => buttonsOf(m).length > 0);
}

/** Opens the form on a message and submits `text`; the form's handle. */
async function typeAnswer(message: APIMessage, user: APIUser, text: string) {
  const open = h.fake.clickButton({ message, customId: button(message, "v1:typ:").custom_id, user });
  const modal = await h.fake.waitUntil(() => open.modal(), 5000, "the answer form");
  return { open, modal, submit: h.fake.submitModal({ modal, fields: { answer: text } }) };
}

/**
 * Another member's click on a button of someone's private quiz: they cannot see that message, so
 * (as a modified client would) they send its custom_id from their own quiz's message. The reply.
 */
async function forgedByAnother(customId: string, username: string) {
  const other = h.fake.user({ username });
  const own = await startTyped(other, "truefalse");
  const click = h.fake.clickButton({ message: own, customId, user: other, forged: true });
  const reply = await click.waitForMessage((m) => (m.content ?? "").length > 0);
  expect(click.isEphemeral(reply)).toBe(true);
  return { other, click, reply };
}

async function revealOf(message: APIMessage) {
  return h.fake.waitForEdit(message.id, (m) => (m.embeds[1]?.title ?? "").length > 0);
}

describe("typed answers in a solo quiz", () => {
  it("asks a cloze with the span blanked, no options, and a form within Discord's limits", async () => {
    const alice = h.fake.user({ username: "alice-cloze" });
    const message = await startTyped(alice, "hiding");
    const description = message.embeds[0]?.description ?? "";
    expect(description).toContain("Fill in the blank");
    expect(description).toContain("An estimated \\_\\_\\_\\_\\_\\_ people live in hiding in China.");
    expect(description).not.toContain("100,000");
    expect(buttonsOf(message).map((b) => b.label)).toEqual(["Type my answer", "Hint (costs points)"]);
    const open = h.fake.clickButton({ message, customId: button(message, "v1:typ:").custom_id, user: alice });
    const modal = await h.fake.waitUntil(() => open.modal(), 5000, "the answer form");
    // A form must be the first response: nothing was deferred before it.
    expect((await open.response()).type).toBe(9);
    const input = JSON.stringify(modal.components);
    expect(input).toContain('"style":1'); // a short text input
    expect(modal.title.length).toBeLessThanOrEqual(45);
    expect(/"label":"([^"]*)"/.exec(input)?.[1]?.length).toBeLessThanOrEqual(45);
    expectNoViolations();
  });

  it("takes 10만 for 100,000 (Korean numerals), with the typed bonus in the breakdown", async () => {
    const alice = h.fake.user({ username: "alice-korean" });
    const message = await startTyped(alice, "hiding");
    await typeAnswer(message, alice, "10만");
    const revealed = await revealOf(message);
    expect(revealed.embeds[1]?.title).toBe("✅ Right! 100,000");
    const fields = revealed.embeds[1]?.fields ?? [];
    expect(fields.find((f) => f.name === "You typed: 10만")?.value).toBe("Accepted: 100,000");
    expect(revealed.embeds[1]?.footer?.text).toBe("+15 points = 10 easy + 5 typed");
    expect(await h.game.scores.get(h.guildId, alice.id)).toMatchObject({
      points: 15,
      correct: 1,
      answered: 1,
    });
    expectNoViolations();
  });

  it("refuses a wrong option typed in another notation, shows its note, then redoes it until right", async () => {
    const bob = h.fake.user({ username: "bob-option" });
    const message = await startTyped(bob, "hiding");
    await typeAnswer(message, bob, "30000-50000");
    const revealed = await revealOf(message);
    expect(revealed.embeds[1]?.title).toBe("❌ Not quite. The answer: 100,000");
    const fields = revealed.embeds[1]?.fields ?? [];
    expect(fields.find((f) => f.name === "You typed: 30000-50000")?.value).toBe(
      "“30,000 to 50,000” is one of the options, and it is not the answer.",
    );
    const note = fields.find((f) => f.name === "Why not “30,000 to 50,000”")?.value ?? "";
    expect(note).toContain("another report's estimate");
    expect(note).toContain("Another report puts the number at between 30,000 and 50,000.");
    expect(note).toContain("Sample Report");
    expect(await h.game.scores.get(h.guildId, bob.id)).toMatchObject({ points: 0, correct: 0, answered: 1 });

    // The summary offers to redo the question missed.
    h.fake.clickButton({ message: revealed, customId: button(revealed, "v1:next:").custom_id, user: bob });
    const summary = await h.fake.waitForEdit(message.id, (m) => m.embeds[0]?.title === "Quiz complete");
    const redo = button(summary, "v1:redo:");
    expect(redo.label).toBe("Redo my mistakes");
    // Someone else's click on it is refused, and starts nothing.
    const stolen = await forgedByAnother(redo.custom_id, "mallory-redo");
    expect(stolen.reply.content).toContain("belongs to");
    h.fake.clickButton({ message: summary, customId: redo.custom_id, user: bob });
    const again = await h.fake.waitForEdit(
      message.id,
      (m) => (m.embeds[0]?.title ?? "") === "Question 1 of 1" && buttonsOf(m).length > 0,
    );
    expect(again.embeds[0]?.description).toContain("Fill in the blank");
    await typeAnswer(again, bob, "100 000");
    const right = await h.fake.waitForEdit(message.id, (m) => (m.embeds[1]?.title ?? "").startsWith("✅"));
    h.fake.clickButton({ message: right, customId: button(right, "v1:next:").custom_id, user: bob });
    const done = await h.fake.waitForEdit(message.id, (m) => m.embeds[0]?.title === "Quiz complete");
    // Each missed question is now right once: nothing left to redo.
    expect(buttonsOf(done)).toEqual([]);
    expect(await h.game.scores.get(h.guildId, bob.id)).toMatchObject({ points: 15, correct: 1, answered: 2 });
    expectNoViolations();
  });

  it("accepts a near miss with what was accepted, and the Korean name with a jamo typo", async () => {
    const carol = h.fake.user({ username: "carol-typo" });
    const first = await startTyped(carol, "river");
    expect(first.embeds[0]?.description).toContain("Which river do most of them cross at night?");
    await typeAnswer(first, carol, "Tumen Rvier");
    const near = await revealOf(first);
    expect(near.embeds[1]?.title).toBe("✅ Right! The Tumen River");
    expect(near.embeds[1]?.fields?.find((f) => f.name === "You typed: Tumen Rvier")?.value).toBe(
      "Close enough (a typo). Accepted: Tumen River",
    );
    // A near miss earns the base, not the typed bonus.
    expect(near.embeds[1]?.footer?.text).toBe("+20 points = 20 medium");

    const dave = h.fake.user({ username: "dave-korean" });
    const second = await startTyped(dave, "river");
    await typeAnswer(second, dave, "두먼강");
    const korean = await revealOf(second);
    expect(korean.embeds[1]?.title).toBe("✅ Right! The Tumen River");
    expect(korean.embeds[1]?.fields?.find((f) => f.name === "You typed: 두먼강")?.value).toContain(
      "Accepted: Tumen River",
    );
    expectNoViolations();
  });

  it("a hint (first letter, words) costs half the base, once; nobody else may take it", async () => {
    const erin = h.fake.user({ username: "erin-hint" });
    const message = await startTyped(erin, "river");
    const hint = button(message, "v1:hint:");
    const stolen = await forgedByAnother(hint.custom_id, "mallory-hint");
    expect(stolen.reply.content).toContain("belongs to");
    const click = h.fake.clickButton({ message, customId: hint.custom_id, user: erin });
    const shown = await click.waitForMessage((m) => (m.content ?? "").length > 0);
    expect(click.isEphemeral(shown)).toBe(true);
    expect(shown.content).toBe(
      "Hint: it begins with “T” and has 2 words. Your answer now earns 10 fewer points.",
    );
    const twice = h.fake.clickButton({ message, customId: hint.custom_id, user: erin });
    expect((await twice.waitForMessage((m) => (m.content ?? "").length > 0)).content).toBe(
      "You already took this question's hint.",
    );
    await typeAnswer(message, erin, "tumen river");
    const revealed = await revealOf(message);
    expect(revealed.embeds[1]?.footer?.text).toBe("+20 points = 20 medium + 10 typed −10 hint");
    expect(await h.game.scores.get(h.guildId, erin.id)).toMatchObject({ points: 20 });
    expectNoViolations();
  });

  it("asks a question without typed: as choices inside a typed quiz", async () => {
    const fred = h.fake.user({ username: "fred-tf" });
    const message = await startTyped(fred, "truefalse");
    expect(buttonsOf(message).map((b) => b.label)).toEqual(["A. True", "B. False"]);
    expectNoViolations();
  });

  it("refuses another member's click on the form button, a forged custom_id and a forged form", async () => {
    const gina = h.fake.user({ username: "gina-owner" });
    const message = await startTyped(gina, "hiding");
    const stolen = await forgedByAnother(button(message, "v1:typ:").custom_id, "mallory-form");
    expect(stolen.reply.content).toContain("belongs to");
    expect(stolen.click.modal()).toBeUndefined();
    const mallory = stolen.other;
    for (const customId of [
      "v1:typ:no-such-session:0",
      "v1:hint:no-such-session:0",
      "v1:redo:no-such-session",
    ]) {
      const forged = h.fake.clickButton({ message, customId, user: gina, forged: true });
      const reply = await forged.waitForMessage((m) => (m.content ?? "").length > 0);
      expect(forged.isEphemeral(reply), customId).toBe(true);
      expect(reply.content, customId).toContain("over");
    }
    // The owner's form button for another round, forged onto this message: not this message's
    // button, so nothing opens.
    const [, , sessionId] = button(message, "v1:typ:").custom_id.split(":");
    const stale = h.fake.clickButton({
      message,
      customId: `v1:typ:${sessionId}:5`,
      user: gina,
      forged: true,
    });
    expect((await stale.waitForMessage((m) => (m.content ?? "").length > 0)).content).toBe(
      "That answer could not be taken.",
    );
    expect(stale.modal()).toBeUndefined();
    // A form opened by the owner, submitted by someone else (a modified client): refused, nothing scored.
    const open = h.fake.clickButton({ message, customId: button(message, "v1:typ:").custom_id, user: gina });
    const modal = await h.fake.waitUntil(() => open.modal(), 5000, "the answer form");
    const forgedForm = h.fake.submitModal({
      modal: { ...modal, userId: mallory.id },
      fields: { answer: "100,000" },
    });
    expect((await forgedForm.waitForMessage((m) => (m.content ?? "").length > 0)).content).toContain(
      "belongs to",
    );
    expect(await h.game.scores.get(h.guildId, mallory.id)).toBeUndefined();
    expectNoViolations();
  });
});

describe("typed answers in a channel round", () => {
  it("takes typed answers from a form, reveals how many typed it right and the common wrong ones, and keeps them in the grade book", async () => {
    const host = h.fake.user({ username: "round-host" });
    const start = h.fake.slashCommand({
      channelId: channel(1),
      user: host,
      name: "quiz",
      subcommand: "channel",
      options: [
        { name: "answers", type: T.String, value: "typed" },
        { name: "topic", type: T.String, value: "hiding" },
        { name: "questions", type: T.Integer, value: 1 },
        { name: "seconds", type: T.Integer, value: 60 },
      ],
    });
    await start.waitForMessage((m) => (m.content ?? "").includes("has started"));
    const question = await h.fake.waitForMessage(channel(1), (m) => buttonsOf(m).length > 0);
    // The players' buttons; the host's controls (v1:ctl:) follow on their own row.
    const playerButtons = buttonsOf(question).filter((b) => !b.custom_id.startsWith("v1:ctl:"));
    expect(playerButtons.map((b) => b.label)).toEqual(["Type my answer", "Hint (costs points)"]);
    const sessionId = button(question, "v1:typ:").custom_id.split(":")[2] as string;
    const players = users(h.fake, 5, "typist");
    const typed = ["100 000", "30,000-50,000", "30000 to 50000", "200,000", "십만"];
    for (const [i, user] of players.entries()) {
      const { submit } = await typeAnswer(question, user, typed[i] as string);
      const reply = await submit.waitForMessage((m) => (m.content ?? "").length > 0);
      expect(submit.isEphemeral(reply)).toBe(true);
      expect(reply.content).toBe(
        `Your answer **${typed[i]}** is in. The right answer is revealed when time is up.`,
      );
    }
    await h.running.bot.rounds.runNextStepNow(sessionId);
    const revealed = await h.fake.waitForEdit(question.id, (m) =>
      (m.embeds[1]?.fields ?? []).some((f) => f.name === "Typed answers"),
    );
    const stats = revealed.embeds[1]?.fields?.find((f) => f.name === "Typed answers")?.value ?? "";
    expect(stats).toBe(
      "2 of 5 typed the right answer.\nMost common wrong answers: “30,000 to 50,000” ×2, “200,000” ×1",
    );
    for (const user of players) expect(stats).not.toContain(user.username);

    const csv = await h.game.lessons.gradeRows(sessionId);
    const byUser = new Map(csv.map((row) => [row.userId, row]));
    expect(
      players.map((p) => [byUser.get(p.id)?.chosen, byUser.get(p.id)?.correct, byUser.get(p.id)?.match]),
    ).toEqual([
      ["100 000", true, "exact"],
      ["30,000-50,000", false, "wrong-option"],
      ["30000 to 50000", false, "wrong-option"],
      ["200,000", false, "wrong"],
      ["십만", true, "exact"],
    ]);
    expectNoViolations();
  });
});
