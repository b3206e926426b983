/**
 * Issue 28, second pass, end to end on the typed temp bank: the choice hint disables its two
 * options in place on the player's own message (and is named privately in a channel round), and
 * "Why was I wrong?" under a channel round's reveal answers each member about their own answer.
 * The typed channel round runs on every store backend the harness supports (SQLite, Redis,
 * PostgreSQL; a server not reachable is skipped with a message, as in the other store tests).
 * Every button is also clicked by someone who should not, and forged.
 */
import {
  type APIMessage,
  type APIUser,
  PermissionFlagsBits as P,
  ApplicationCommandOptionType as T,
} from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Bank } from "../../src/bank/bank.ts";
import { type TestBackend, testBackends, testNamespace } from "../helpers/backends.ts";
import { type BotHarness, buttonsOf, runCommand, startHarness } from "../helpers/bot.ts";
import { loadTypedBank } from "../helpers/typed-bank.ts";

const ADMIN = P.ViewChannel | P.SendMessages | P.ManageGuild;
let bank: Bank;
const backends: TestBackend[] = await testBackends();

beforeAll(async () => {
  bank = await loadTypedBank();
});

const CHANNELS = { guilds: [{ channels: [{ name: "solo" }, { name: "round" }, { name: "other" }] }] };

/** A harness on `backend`: SQLite in its own temp file (the default), a server in its own namespace. */
function harnessOn(backend: TestBackend): Promise<BotHarness> {
  if (backend.name === "sqlite") return startHarness({ bank, fake: CHANNELS });
  const namespace = testNamespace();
  return startHarness({
    bank,
    fake: CHANNELS,
    storeUrl: backend.url,
    openStore: () => backend.open(namespace),
  });
}

/** Closes a harness, first removing what it wrote to a shared server. */
async function closeHarness(h: BotHarness | undefined, backend: TestBackend): Promise<void> {
  if (!h) return;
  if (backend.name !== "sqlite") await h.keyv.clear();
  await h.close();
}

const channelOf = (h: BotHarness, i: number) => {
  const id = h.fake.guilds[0]?.channels[i]?.id;
  if (!id) throw new Error(`no channel ${i}`);
  return id;
};

const button = (message: APIMessage, prefix: string) => {
  const found = buttonsOf(message).find((b) => b.custom_id.startsWith(prefix));
  if (!found) throw new Error(`no ${prefix} button on the message`);
  return found;
};

function expectNoViolations(h: BotHarness) {
  expect(h.fake.violations, h.fake.describeViolations()).toEqual([]);
}

/** `/quiz solo` with `answers:` on one topic: its question message. */
async function startSolo(h: BotHarness, user: APIUser, answers: "choice" | "typed", topic: string) {
  const start = h.fake.slashCommand({
    channelId: channelOf(h, 0),
    user,
    name: "quiz",
    subcommand: "solo",
    options: [
      { name: "answers", type: T.String, value: answers },
      { name: "topic", type: T.String, value: topic },
      { name: "questions", type: T.Integer, value: 1 },
    ],
  });
  return start.waitForMessage((m) => buttonsOf(m).length > 0);
}

/** `/quiz channel` with `answers:` on one topic: its public question message and session id. */
async function startRound(h: BotHarness, host: APIUser, answers: "choice" | "typed", topic: string, at = 1) {
  const start = h.fake.slashCommand({
    channelId: channelOf(h, at),
    user: host,
    name: "quiz",
    subcommand: "channel",
    options: [
      { name: "answers", type: T.String, value: answers },
      { name: "topic", type: T.String, value: topic },
      { name: "questions", type: T.Integer, value: 1 },
      { name: "seconds", type: T.Integer, value: 60 },
    ],
  });
  await start.waitForMessage((m) => (m.content ?? "").includes("has started"));
  const question = await h.fake.waitForMessage(channelOf(h, at), (m) => buttonsOf(m).length > 0);
  const sessionId = buttonsOf(question)[0]?.custom_id.split(":")[2] as string;
  return { question, sessionId };
}

/** A click's first private message with text or an embed (not a "thinking…"). */
async function privateReply(
  h: BotHarness,
  message: APIMessage,
  customId: string,
  user: APIUser,
  forged = false,
) {
  const click = h.fake.clickButton({ message, customId, user, forged });
  const reply = await click.waitForMessage((m) => (m.content ?? "").length > 0 || m.embeds.length > 0);
  expect(click.isEphemeral(reply), customId).toBe(true);
  return reply;
}

describe("the choice hint, in place on the player's own message", () => {
  let h: BotHarness;
  const sqlite = () => backends.find((b) => b.name === "sqlite") as TestBackend;
  beforeAll(async () => {
    h = await harnessOn(sqlite());
  });
  afterAll(() => closeHarness(h, sqlite()));

  it("disables two wrong options and the hint button, once, costing half the base; nobody else may take it", async () => {
    const ana = h.fake.user({ username: "ana-hint" });
    const message = await startSolo(h, ana, "choice", "hiding");
    const options = buttonsOf(message).filter((b) => b.custom_id.startsWith("v1:ans:"));
    expect(options.map((b) => b.disabled)).toEqual([false, false, false, false]);
    const hint = button(message, "v1:hint:");
    const shown = h.fake.messageHistory(message.id).length;

    // Another member sends its custom_id from their own quiz's message: refused, nothing changes.
    const mallory = h.fake.user({ username: "mallory-choice-hint" });
    const theirs = await startSolo(h, mallory, "choice", "hiding");
    const stolen = await privateReply(h, theirs, hint.custom_id, mallory, true);
    expect(stolen.content).toContain("belongs to");
    expect(h.fake.messageHistory(message.id)).toHaveLength(shown);

    h.fake.clickButton({ message, customId: hint.custom_id, user: ana });
    const hinted = await h.fake.waitForEdit(message.id, (m) => button(m, "v1:hint:").disabled);
    expect(hinted.embeds[0]?.description).toContain(
      "Hint taken: two wrong options are crossed out. Your answer now earns 5 fewer points.",
    );
    const after = buttonsOf(hinted).filter((b) => b.custom_id.startsWith("v1:ans:"));
    const removed = after.filter((b) => b.disabled);
    expect(removed).toHaveLength(2);
    // The two removed are wrong options; the answer stays clickable.
    for (const b of removed) expect(b.label).not.toContain("100,000");
    expect(after.find((b) => b.label === "B. 100,000" || b.label.endsWith(". 100,000"))?.disabled).toBe(
      false,
    );

    // Twice (a modified client clicks the disabled button): refused privately, the message unchanged.
    const edits = h.fake.messageHistory(message.id).length;
    const twice = await privateReply(h, hinted, hint.custom_id, ana, true);
    expect(twice.content).toBe("You already took this question's hint.");
    expect(h.fake.messageHistory(message.id)).toHaveLength(edits);

    // The answer pays for it: 10 easy − 5 hint.
    const right = after.find((b) => b.label.endsWith(". 100,000"));
    h.fake.clickButton({ message: hinted, customId: right?.custom_id as string, user: ana });
    const revealed = await h.fake.waitForEdit(message.id, (m) => (m.embeds[1]?.title ?? "").length > 0);
    expect(revealed.embeds[1]?.footer?.text).toBe("+5 points = 10 easy −5 hint");
    expect(await h.game.scores.get(h.guildId, ana.id)).toMatchObject({ points: 5, correct: 1 });
    expectNoViolations(h);
  });

  it("a hint forged onto a message that is not the player's own changes nothing", async () => {
    const bo = h.fake.user({ username: "bo-forger" });
    const message = await startSolo(h, bo, "choice", "hiding");
    const hint = button(message, "v1:hint:").custom_id;
    // A public message in the channel: the member's own /leaderboard reply does not carry the hint.
    const board = h.fake.slashCommand({ channelId: channelOf(h, 0), user: bo, name: "leaderboard" });
    const publicReply = await board.waitForMessage((m) => m.embeds.length > 0);
    const before = JSON.stringify(h.fake.messageHistory(publicReply.id));
    const reply = await privateReply(h, publicReply, hint, bo, true);
    expect(reply.content).toBe("That answer could not be taken.");
    expect(JSON.stringify(h.fake.messageHistory(publicReply.id))).toBe(before);
    // The hint is still there to take on the real message: the forged click took nothing.
    const latest = h.fake.messageHistory(message.id).at(-1) as APIMessage;
    expect(button(latest, "v1:hint:").disabled).toBe(false);
    expectNoViolations(h);
  });

  it("in an assignment attempt (choice), in place on the student's own attempt, and kept in the grade book", async () => {
    const teacher = h.fake.user({ username: "hint-teacher" });
    h.fake.member(teacher, { guildId: h.guildId, permissions: ADMIN });
    const set = { name: "set", type: T.String, value: "Hint homework" } as const;
    await runCommand(h, {
      user: teacher,
      name: "set",
      subcommand: "create",
      options: [{ ...set, name: "name" }],
    });
    await runCommand(h, {
      user: teacher,
      name: "set",
      subcommand: "add",
      options: [set, { name: "question", type: T.String, value: "typed-hiding" }],
    });
    const assigned = await runCommand(h, {
      user: teacher,
      name: "assign",
      options: [
        set,
        { name: "due", type: T.String, value: "in 3 days" },
        { name: "answers", type: T.String, value: "choice" },
      ],
    });
    const assignmentId = /result:([A-Za-z0-9]+)/.exec(assigned.reply.content ?? "")?.[1] as string;
    const start = `v1:asg:${assignmentId}`;
    const post = await h.fake.waitForMessage(h.channelId, (m) =>
      buttonsOf(m).some((b) => b.custom_id === start),
    );
    const attempt = async (username: string) => {
      const user = h.fake.user({ username });
      const opened = h.fake.clickButton({ message: post, customId: start, user });
      return {
        user,
        quiz: await opened.waitForMessage((m) =>
          buttonsOf(m).some((b) => b.custom_id.startsWith("v1:hint:")),
        ),
      };
    };
    const student = await attempt("hint-student");
    const classmate = await attempt("hint-classmate");
    const hint = button(student.quiz, "v1:hint:").custom_id;
    // The classmate sends the student's hint from their own attempt: refused, and their own hint stays.
    const stolen = await privateReply(h, classmate.quiz, hint, classmate.user, true);
    expect(stolen.content).toContain("belongs to");
    h.fake.clickButton({ message: student.quiz, customId: hint, user: student.user });
    const hinted = await h.fake.waitForEdit(student.quiz.id, (m) => button(m, "v1:hint:").disabled);
    expect(buttonsOf(hinted).filter((b) => b.custom_id.startsWith("v1:ans:") && b.disabled)).toHaveLength(2);
    expect(button(h.fake.messageHistory(classmate.quiz.id).at(-1) as APIMessage, "v1:hint:").disabled).toBe(
      false,
    );
    const right = buttonsOf(hinted).find((b) => b.label.endsWith(". 100,000"));
    h.fake.clickButton({ message: hinted, customId: right?.custom_id as string, user: student.user });
    await h.fake.waitForEdit(student.quiz.id, (m) => (m.embeds[1]?.title ?? "").length > 0);
    const rows = await h.game.lessons.gradeRows(assignmentId);
    expect(rows.map((r) => [r.userId, r.correct, r.hinted === true])).toEqual([
      [student.user.id, true, true],
    ]);
    expectNoViolations(h);
  });

  it("in a channel round the question is public: the two options are named privately, the message unchanged", async () => {
    const host = h.fake.user({ username: "hint-host" });
    const { question } = await startRound(h, host, "choice", "hiding", 2);
    const before = JSON.stringify(h.fake.messageHistory(question.id));
    const cy = h.fake.user({ username: "cy-channel-hint" });
    const reply = await privateReply(h, question, button(question, "v1:hint:").custom_id, cy);
    const named =
      /^Hint: it is not \*\*([A-D])\.\*\* (.+), \*\*([A-D])\.\*\* (.+)\. Your answer now earns 5 fewer points\.$/.exec(
        reply.content ?? "",
      );
    expect(named, reply.content).not.toBeNull();
    const labels = buttonsOf(question).map((b) => b.label);
    expect(labels).toContain(`${named?.[1]}. ${named?.[2]}`);
    expect(labels).toContain(`${named?.[3]}. ${named?.[4]}`);
    expect([named?.[2], named?.[4]]).not.toContain("100,000");
    expect(JSON.stringify(h.fake.messageHistory(question.id))).toBe(before);
    expectNoViolations(h);
  });
});

describe.each(backends)("a typed channel round on $name: why was I wrong?", (backend) => {
  let h: BotHarness | undefined;
  beforeAll(async () => {
    if (backend.reachable) h = await harnessOn(backend);
  });
  afterAll(() => closeHarness(h, backend));

  it.skipIf(!backend.reachable)(
    "scores typed answers, keeps them in the grade book, and tells each member about their own answer",
    async () => {
      const game = h as BotHarness;
      const host = game.fake.user({ username: `host-${backend.name}` });
      const { question, sessionId } = await startRound(game, host, "typed", "hiding");
      const players = ["right", "option", "other", "silent"].map((role) =>
        game.fake.user({ username: `${role}-${backend.name}` }),
      );
      const typed = ["100 000", "30000-50000", "200,000"];
      for (const [i, text] of typed.entries()) {
        const user = players[i] as APIUser;
        const open = game.fake.clickButton({
          message: question,
          customId: button(question, "v1:typ:").custom_id,
          user,
        });
        const modal = await game.fake.waitUntil(() => open.modal(), 5000, "the answer form");
        const submit = game.fake.submitModal({ modal, fields: { answer: text } });
        const reply = await submit.waitForMessage((m) => (m.content ?? "").length > 0);
        expect(reply.content).toBe(
          `Your answer **${text}** is in. The right answer is revealed when time is up.`,
        );
      }
      // Before the reveal there is no "why" button, and a forged one is refused (it would leak the verdict).
      expect(buttonsOf(question).some((b) => b.custom_id.startsWith("v1:why:"))).toBe(false);
      const early = await privateReply(game, question, `v1:why:${sessionId}:0`, players[1] as APIUser, true);
      expect(early.content).toBe("That answer could not be taken.");

      await game.running.bot.rounds.runNextStepNow(sessionId);
      const revealed = await game.fake.waitForEdit(question.id, (m) =>
        buttonsOf(m).some((b) => b.custom_id.startsWith("v1:why:")),
      );
      const why = button(revealed, "v1:why:");
      expect(why.label).toBe("Why was I wrong?");
      expect(why.custom_id).toBe(`v1:why:${sessionId}:0`);
      const stats = revealed.embeds[1]?.fields?.find((f) => f.name === "Typed answers")?.value;
      // Ties among the wrong answers have no set order: each is listed once, no names.
      expect(stats?.split("\n")[0]).toBe("1 of 3 typed the right answer.");
      expect(stats).toContain("“30,000 to 50,000” ×1");
      expect(stats).toContain("“200,000” ×1");
      for (const p of players) expect(stats).not.toContain(p.username);
      const history = JSON.stringify(game.fake.messageHistory(question.id));

      const [right, option, other, silent] = players as [APIUser, APIUser, APIUser, APIUser];
      const note = await privateReply(game, revealed, why.custom_id, option);
      const field = note.embeds[0]?.fields?.[0];
      expect(field?.name).toBe("Why not “30,000 to 50,000”");
      expect(field?.value).toContain("That is another report's estimate, not this one's.");
      expect(field?.value).toContain("Another report puts the number at between 30,000 and 50,000.");
      expect(field?.value).toContain("Sample Report");
      expect((await privateReply(game, revealed, why.custom_id, right)).content).toBe(
        "You answered this one right: nothing to explain.",
      );
      expect((await privateReply(game, revealed, why.custom_id, other)).content).toBe(
        "You typed “200,000”, which is none of the options. The answer is “100,000”; the explanation above says why.",
      );
      expect((await privateReply(game, revealed, why.custom_id, silent)).content).toBe(
        "You did not answer this question, so there is no wrong answer to explain.",
      );
      // Forged: another round of this session, another session, and the button on another message.
      for (const forged of [`v1:why:${sessionId}:3`, "v1:why:no-such-session:0"]) {
        const reply = await privateReply(game, revealed, forged, option, true);
        expect(reply.content, forged).toBe("That answer could not be taken.");
      }
      // Nothing the clicks did changed the public reveal.
      expect(JSON.stringify(game.fake.messageHistory(question.id))).toBe(history);

      // Typed play was scored and kept on this store.
      // 10 easy + 5 typed, and a channel round's speed bonus on top.
      const rightScore = await game.game.scores.get(game.guildId, right.id);
      expect(rightScore).toMatchObject({ correct: 1, answered: 1 });
      expect(rightScore?.points).toBeGreaterThanOrEqual(15);
      expect(await game.game.scores.get(game.guildId, option.id)).toMatchObject({ points: 0, correct: 0 });
      const rows = await game.game.lessons.gradeRows(sessionId);
      expect(rows.map((r) => [r.chosen, r.match]).sort()).toEqual([
        ["100 000", "exact"],
        ["200,000", "wrong"],
        ["30000-50000", "wrong-option"],
      ]);
      expect(game.fake.stillThinking()).toEqual([]);
      expectNoViolations(game);
    },
  );

  it.skipIf(!backend.reachable)("a choice hint in a solo quiz on this store, disabled in place", async () => {
    const game = h as BotHarness;
    const dee = game.fake.user({ username: `dee-${backend.name}` });
    const message = await startSolo(game, dee, "choice", "hiding");
    game.fake.clickButton({ message, customId: button(message, "v1:hint:").custom_id, user: dee });
    const hinted = await game.fake.waitForEdit(message.id, (m) => button(m, "v1:hint:").disabled);
    expect(buttonsOf(hinted).filter((b) => b.custom_id.startsWith("v1:ans:") && b.disabled)).toHaveLength(2);
    expectNoViolations(game);
  });
});

describe("the choice hint in a /review, in place", () => {
  const DAY = 24 * 60 * 60 * 1000;
  /** The game's clock runs ahead of the wall clock by this much (to make a review due). */
  let ahead = 0;
  let h: BotHarness;
  beforeAll(async () => {
    h = await startHarness({ bank, fake: CHANNELS, now: () => Date.now() + ahead });
  });
  afterAll(() => h?.close());

  it("a question missed comes back due; its hint disables two options on the review message", async () => {
    const lee = h.fake.user({ username: "lee-review" });
    const asked = await startSolo(h, lee, "choice", "hiding");
    const wrong = buttonsOf(asked).find(
      (b) => b.custom_id.startsWith("v1:ans:") && !b.label.endsWith(". 100,000"),
    );
    h.fake.clickButton({ message: asked, customId: wrong?.custom_id as string, user: lee });
    await h.fake.waitForEdit(asked.id, (m) => (m.embeds[1]?.title ?? "").startsWith("❌"));

    ahead += 2 * DAY;
    const review = h.fake.slashCommand({
      channelId: channelOf(h, 0),
      user: lee,
      name: "review",
      options: [{ name: "answers", type: T.String, value: "choice" }],
    });
    const due = await review.waitForMessage((m) =>
      buttonsOf(m).some((b) => b.custom_id.startsWith("v1:hint:")),
    );
    expect(due.embeds[0]?.description).toContain("how many people live in hiding in China?");
    h.fake.clickButton({ message: due, customId: button(due, "v1:hint:").custom_id, user: lee });
    const hinted = await h.fake.waitForEdit(due.id, (m) => button(m, "v1:hint:").disabled);
    expect(buttonsOf(hinted).filter((b) => b.custom_id.startsWith("v1:ans:") && b.disabled)).toHaveLength(2);
    const right = buttonsOf(hinted).find((b) => b.label.endsWith(". 100,000"));
    expect(right?.disabled).toBe(false);
    h.fake.clickButton({ message: hinted, customId: right?.custom_id as string, user: lee });
    const revealed = await h.fake.waitForEdit(due.id, (m) => (m.embeds[1]?.title ?? "").startsWith("✅"));
    expect(revealed.embeds[1]?.footer?.text).toContain("−5 hint");
    expectNoViolations(h);
  });
});
