import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { InteractionResponseType, ApplicationCommandOptionType as T } from "discord.js";
import { describe, expect, it } from "vitest";
import { SUBMISSIONS_PER_HOUR } from "../../src/app/community/proposals.ts";
import { readBank } from "../../src/bank/load.ts";
import {
  answerButtons,
  type BotHarness,
  buttonsOf,
  optionsOf,
  quizCommand,
  runCommand,
} from "../helpers/bot.ts";
import {
  asQuizMasterByRole,
  expectNoViolations,
  MEMBER,
  QUIZ_MASTER,
  useHarness,
} from "../helpers/harness.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const h = useHarness({ fake: { guilds: [{ name: "school" }, { name: "other server" }] } });

const GOOD = {
  question: "According to USCRI's 2004 survey, how many North Koreans were internally displaced?",
  answer: "Nearly 100,000",
  wrong: "About 7,800\nAbout 1,500\nNone",
  quote: "Nearly 100,000 others are internally displaced.",
  explanation: "USCRI counted nearly 100,000 internally displaced North Koreans.",
};

function channelOf(guild: number): string {
  const id = h.fake.guilds[guild]?.channels[0]?.id;
  if (!id) throw new Error("no channel");
  return id;
}

/** Runs /question add in a guild and submits the form with the given fields. */
async function propose(
  user: ReturnType<BotHarness["fake"]["user"]>,
  fields: Record<string, string>,
  guild = 0,
) {
  const add = h.fake.slashCommand({
    channelId: channelOf(guild),
    user,
    name: "question",
    subcommand: "add",
    options: optionsOf({ source: "uscri-2004", difficulty: "easy" }),
  });
  expect((await add.response()).type).toBe(InteractionResponseType.Modal);
  const submit = h.fake.submitModal({ modal: add, fields });
  const reply = await submit.waitForMessage((m) => m.embeds.length > 0 || (m.content ?? "").length > 0);
  return { submit, reply };
}

describe("proposing, reviewing and reporting questions", () => {
  it("stores a valid proposal as pending and tells its author", async () => {
    const author = h.fake.user({ username: "author" });
    const { submit, reply } = await propose(author, GOOD);
    expect(submit.isEphemeral(reply)).toBe(true);
    expect(reply.embeds[0]?.title).toContain("waiting for review");
    const stored = await h.game.community.questions(h.guildId);
    expect(stored).toMatchObject([{ status: "pending", authorId: author.id, draft: { quote: GOOD.quote } }]);
    expectNoViolations(h);
  });

  it("lists every problem of a bad proposal, and the button reopens the form with what was typed", async () => {
    const author = h.fake.user({ username: "hasty" });
    const bad = {
      question: "How many North Koreans hid in China?",
      answer: "100,000",
      wrong: `100,000\n${"x".repeat(81)}`,
      quote: "An estimated 100,000 North Korean asylum seekers live in hiding in Chinaa.",
      explanation: "Because.",
    };
    const { reply } = await propose(author, bad);
    const text = reply.embeds[0]?.description ?? "";
    expect(reply.embeds[0]?.title).toBe("Your question needs 3 fixes");
    expect(text).toContain("**Wrong options, line 1**");
    expect(text).toContain("also a wrong option");
    expect(text).toContain("**Wrong options, line 2**");
    expect(text).toContain("at most 80");
    expect(text).toContain("**Supporting quote**");
    expect(text).toContain("An estimated 100,000 North Korean asylum seekers live in hiding in China");
    expect(await h.game.community.questions(h.guildId)).toHaveLength(1);

    const edit = buttonsOf(reply).find((b) => b.label === "Edit and resubmit");
    if (!edit) throw new Error("no edit button");
    const reopen = h.fake.clickButton({ message: reply, customId: edit.custom_id, user: author });
    const modal = await reopen.waitForModal();
    const values = Object.fromEntries(
      modal.components.flatMap((row) =>
        "components" in row
          ? row.components.map((c) => [c.custom_id, "value" in c ? c.value : undefined])
          : [],
      ),
    );
    expect(values).toEqual(bad);
    expectNoViolations(h);
  });

  it(`stops a member after ${SUBMISSIONS_PER_HOUR} proposals an hour and says when to come back`, async () => {
    const eager = h.fake.user({ username: "eager" });
    for (let i = 0; i < SUBMISSIONS_PER_HOUR; i++) {
      const { reply } = await propose(eager, { ...GOOD, question: `${GOOD.question} (${i})` });
      expect(reply.embeds[0]?.title).toContain("waiting for review");
    }
    const { reply } = await propose(eager, { ...GOOD, question: `${GOOD.question} (again)` });
    expect(reply.embeds[0]?.title).toBe("Limit reached");
    expect(reply.embeds[0]?.description).toMatch(/Try again <t:\d+:R>/);
    expectNoViolations(h);
  });

  it("refuses review to a plain member, lets a manager approve, and the question joins only this server's quiz", async () => {
    const member = h.fake.user({ username: "member" });
    const { reply: refusal } = await runCommand(h, {
      user: member,
      memberPermissions: MEMBER,
      name: "question",
      subcommand: "review",
    });
    expect(refusal.content).toContain("Only quiz masters");

    const manager = h.fake.user({ username: "teacher" });
    let { reply: screen } = await runCommand(h, {
      user: manager,
      memberPermissions: QUIZ_MASTER,
      name: "question",
      subcommand: "review",
    });
    expect(screen.embeds[0]?.title).toMatch(/^Pending review \(1 of \d+\)$/);
    expect(screen.embeds[0]?.fields?.find((f) => f.name === "The passage")?.value).toContain(GOOD.quote);
    const firstId = (await h.game.community.questions(h.guildId))[0]?.id;
    const approve = buttonsOf(screen).find((b) => b.label === "Approve");
    if (!approve || !firstId) throw new Error("nothing to approve");
    const approving = h.fake.clickButton({
      message: screen,
      customId: approve.custom_id,
      user: manager,
      memberPermissions: QUIZ_MASTER,
    });
    screen = await h.fake.waitForEdit(
      screen.id,
      (m) => !buttonsOf(m).some((b) => b.custom_id === approve.custom_id),
    );
    expect((await h.game.community.question(h.guildId, firstId))?.status).toBe("approved");
    // The reviewer is told, privately, what the click did.
    const confirmation = await approving.waitForMessage((m) => (m.content ?? "").startsWith("Approved:"));
    expect(approving.isEphemeral(confirmation)).toBe(true);
    expect(confirmation.content).toContain("now appears in this server's quizzes");

    // The author had no DM open (the fake accepts DMs), so they were told by DM.
    const author = (await h.game.community.question(h.guildId, firstId))?.authorId;
    expect(
      h.fake.calls.some(
        (c) =>
          c.method === "POST" &&
          c.route === "/users/@me/channels" &&
          JSON.stringify(c.body).includes(author ?? "?"),
      ),
    ).toBe(true);

    // In this server, a solo quiz on the community topic is the approved question...
    const player = h.fake.user({ username: "student" });
    const { reply: asked } = await runCommand(
      h,
      {
        user: player,
        name: "quiz",
        subcommand: "solo",
        options: [{ name: "topic", type: T.String, value: "community" }],
      },
      (m) => answerButtons(m).length > 0,
    );
    // ...and the only one that matches, which the question says.
    expect(asked.embeds[0]?.description).toBe(`${GOOD.question}\n\nOnly 1 question matches; playing 1.`);
    const right = answerButtons(asked).find((b) => b.label.endsWith(GOOD.answer));
    if (!right) throw new Error("no right button");
    h.fake.clickButton({ message: asked, customId: right.custom_id, user: player });
    const revealed = await h.fake.waitForEdit(asked.id, (m) => m.embeds.length === 2);
    expect(revealed.embeds[1]?.footer?.text).toContain("Community-added question");

    // ...and in the other server it does not exist.
    const elsewhere = quizCommand(h, player, "solo", { topic: "community" }, { channelId: channelOf(1) });
    const none = await elsewhere.waitForMessage((m) => (m.content ?? "").length > 0);
    expect(none.content).toContain('There is no topic "community"');
    expectNoViolations(h);
  });

  it("lets a member with the quiz-master role reject with a reason, and the author hears it next time", async () => {
    const master = await asQuizMasterByRole(h, "helper");

    const author = h.fake.user({ username: "closed-dms" });
    h.fake.blockDMs(author.id);
    await propose(author, { ...GOOD, question: "A question to reject?" });
    let { reply: screen } = await runCommand(h, {
      user: master,
      memberPermissions: MEMBER,
      name: "question",
      subcommand: "review",
    });
    while (!(screen.embeds[0]?.description ?? "").startsWith("A question to reject?")) {
      // Approve the earlier ones (from the flood test) to reach ours.
      const approve = buttonsOf(screen).find((b) => b.label === "Approve");
      if (!approve) throw new Error("ours was not found");
      h.fake.clickButton({
        message: screen,
        customId: approve.custom_id,
        user: master,
        memberPermissions: MEMBER,
      });
      screen = await h.fake.waitForEdit(
        screen.id,
        (m) => !buttonsOf(m).some((b) => b.custom_id === approve.custom_id),
      );
    }
    const reject = buttonsOf(screen).find((b) => b.label === "Reject…");
    if (!reject) throw new Error("no reject button");
    const ask = h.fake.clickButton({
      message: screen,
      customId: reject.custom_id,
      user: master,
      memberPermissions: MEMBER,
    });
    await ask.waitForModal();
    h.fake.submitModal({
      modal: ask,
      fields: { reason: "The quote is about internal displacement, not this." },
    });
    await h.fake.waitForEdit(screen.id, (m) => !buttonsOf(m).some((b) => b.custom_id === reject.custom_id));
    const rejected = (await h.game.community.questions(h.guildId)).find(
      (q) => q.draft.question === "A question to reject?",
    );
    expect(rejected).toMatchObject({
      status: "rejected",
      reason: "The quote is about internal displacement, not this.",
    });

    // The author's DMs are closed: the outcome waits for their next command.
    const next = h.fake.slashCommand({ channelId: h.channelId, user: author, name: "help" });
    const notice = await next.waitForMessage((m) => (m.content ?? "").includes("📬"));
    expect(notice.content).toContain("was not approved");
    expect(notice.content).toContain("internal displacement");
    expectNoViolations(h);
  });

  it("exports the approved questions as a bank file that the bank checker accepts", async () => {
    const manager = h.fake.user({ username: "exporter" });
    const exported = h.fake.slashCommand({
      channelId: h.channelId,
      user: manager,
      memberPermissions: QUIZ_MASTER,
      name: "question",
      subcommand: "export",
    });
    await exported.waitForMessage((m) => (m.content ?? "").includes("approved question"));
    const upload = h.fake.calls.flatMap((c) => c.files).find((f) => f.name === `community-${h.guildId}.yaml`);
    if (!upload) throw new Error("no file was sent");
    const dir = tempDir("quiz-export-");
    await mkdir(path.join(dir, "bank"));
    await mkdir(path.join(dir, "sources"));
    const questionsDir = path.resolve("questions");
    await copyFile(path.join(questionsDir, "sources.yaml"), path.join(dir, "sources.yaml"));
    for (const file of ["institute-2009", "state-dept-2005", "seymour-2005", "uscri-2004", "tvedt-2018"]) {
      await copyFile(
        path.join(questionsDir, "sources", `${file}.txt`),
        path.join(dir, "sources", `${file}.txt`),
      );
    }
    await writeFile(path.join(dir, "bank", "community.yaml"), upload.data);
    const report = await readBank(dir);
    expect(report.problems).toEqual([]);
    const approved = (await h.game.community.questions(h.guildId)).filter((q) => q.status === "approved");
    expect(report.questions.map((q) => q.id).sort()).toEqual(approved.map((q) => q.id).sort());
    expectNoViolations(h);
  });

  it("takes a report from a reveal and lets a quiz master disable the question in this server", async () => {
    const player = h.fake.user({ username: "sceptic" });
    const quiz = quizCommand(h, player, "solo", { source: "seymour-2005", questions: 1 });
    const asked = await quiz.waitForMessage((m) => answerButtons(m).length > 0);
    const first = answerButtons(asked)[0];
    if (!first) throw new Error("no buttons");
    h.fake.clickButton({ message: asked, customId: first.custom_id, user: player });
    const revealed = await h.fake.waitForEdit(asked.id, (m) => m.embeds.length === 2);
    const reportButton = buttonsOf(revealed).find((b) => b.label === "Report a problem");
    if (!reportButton) throw new Error("no report button");
    const questionId = reportButton.custom_id.split(":")[2] as string;
    const open = h.fake.clickButton({ message: revealed, customId: reportButton.custom_id, user: player });
    await open.waitForModal();
    const sent = h.fake.submitModal({
      modal: open,
      fields: { reason: "The passage does not give this figure." },
    });
    await sent.waitForMessage((m) => (m.embeds[0]?.title ?? "").includes("Thank you for the report"));

    const manager = h.fake.user({ username: "moderator" });
    const { reply: screen } = await runCommand(h, {
      user: manager,
      memberPermissions: QUIZ_MASTER,
      name: "question",
      subcommand: "reports",
    });
    expect(screen.embeds[0]?.fields?.find((f) => f.name === "What is wrong")?.value).toBe(
      "The passage does not give this figure.",
    );
    expect(screen.embeds[0]?.fields?.some((f) => f.name === "The passage")).toBe(true);
    const disable = buttonsOf(screen).find((b) => b.label === "Disable it here");
    if (!disable) throw new Error("no disable button");
    h.fake.clickButton({
      message: screen,
      customId: disable.custom_id,
      user: manager,
      memberPermissions: QUIZ_MASTER,
    });
    await h.fake.waitForEdit(screen.id, (m) => m.embeds[0]?.title === "No open reports");
    const { disabled } = await h.game.banks.of(h.guildId);
    expect(disabled.has(questionId)).toBe(true);
    expect((await h.game.banks.of(h.guildId)).bank.get(questionId)).toBeDefined();
    const otherServer = h.fake.guilds[1]?.id ?? "";
    expect((await h.game.banks.of(otherServer)).disabled.has(questionId)).toBe(false);
    expectNoViolations(h);
  });
  it("warns the author and the reviewer when a proposal shows the answer of a question the server asks", async () => {
    // The shipped question whose answer the proposal's explanation prints (found, not assumed).
    const shipped = (await readBank()).questions.find((q) => q.answer === "7,800");
    if (!shipped) throw new Error("no shipped question answers 7,800");
    const guildId = h.fake.guilds[1]?.id ?? "";
    const author = h.fake.user({ username: "giveaway author" });
    const { reply } = await propose(
      author,
      {
        question: "According to USCRI's 2004 survey, what do many North Koreans in China live in?",
        answer: "Hiding",
        wrong: "Camps\nCities",
        quote: "An estimated 100,000 North Korean asylum seekers live in hiding in China.",
        explanation: "They live in hiding; USCRI also says 7,800 were forcibly returned.",
      },
      1,
    );
    const told = reply.embeds[0]?.description ?? "";
    expect(reply.embeds[0]?.title).toContain("waiting for review");
    const shows = told.split("\n").find((line) => line.startsWith("⚠️ It shows the answer of"));
    expect(shows).toContain(`\`${shipped.id}\``);
    expect(shows).toContain("a quiz asks those before it, never after");

    const manager = h.fake.user({ username: "reviewer" });
    const { reply: screen } = await runCommand(h, {
      channelId: channelOf(1),
      user: manager,
      memberPermissions: QUIZ_MASTER,
      name: "question",
      subcommand: "review",
    });
    const warning = screen.embeds[0]?.fields?.find((f) => f.name === "⚠️ Gives an answer away")?.value;
    expect(warning).toContain(`\`${shipped.id}\``);
    // Approved, the two never meet in the wrong order: the shipped one is asked first.
    const approve = buttonsOf(screen).find((b) => b.label === "Approve");
    if (!approve) throw new Error("nothing to approve");
    h.fake.clickButton({
      message: screen,
      customId: approve.custom_id,
      user: manager,
      memberPermissions: QUIZ_MASTER,
    });
    await h.fake.waitForEdit(screen.id, (m) => !buttonsOf(m).some((b) => b.custom_id === approve.custom_id));
    const { bank } = await h.game.banks.of(guildId);
    const proposed = bank.questions.find((q) =>
      q.question.startsWith("According to USCRI's 2004 survey, what do"),
    );
    expect(proposed && [...bank.revealsOf(proposed.id)]).toContain(shipped.id);
    expectNoViolations(h);
  });
});
