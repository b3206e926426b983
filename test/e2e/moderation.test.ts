/**
 * What new moderators and members tripped on (issue 19) and hostile reports (issue 18 case 10),
 * driven through the real client against the fake Discord: report limits, resolving every open
 * report of a question and telling each reporter, what removing a pending proposal says,
 * near-duplicate warnings, and typed Markdown shown as typed.
 */
import { type APIMessage, InteractionResponseType, ApplicationCommandOptionType as T } from "discord.js";
import { describe, expect, it } from "vitest";
import { REPORTS_PER_HOUR } from "../../src/app/community/reports.ts";
import type { Question } from "../../src/bank/question.ts";
import {
  answerButtons,
  type BotHarness,
  buttonsOf,
  quizCommand,
  runCommand,
  shippedBankOnce,
} from "../helpers/bot.ts";
import { expectNoViolations, QUIZ_MASTER, useHarness } from "../helpers/harness.ts";

type User = ReturnType<BotHarness["fake"]["user"]>;
type Handle = ReturnType<BotHarness["fake"]["clickButton"]>;

const h = useHarness();

const answered = (m: APIMessage) => m.embeds.length > 0 || (m.content ?? "").length > 0;
const textOf = (m: APIMessage) => `${m.content ?? ""} ${JSON.stringify(m.embeds)}`;

/**
 * Plays a solo quiz of `rounds` questions and, on each reveal, opens the report form
 * `formsPerQuestion` times (as a member clicking Report again and again); returns the open forms.
 */
async function openReportForms(player: User, rounds: number, formsPerQuestion: number) {
  const start = quizCommand(h, player, "solo", { questions: rounds });
  let message = await start.waitForMessage((m) => answerButtons(m).length > 0);
  const forms: { handle: Handle; questionId: string }[] = [];
  for (let round = 0; round < rounds; round++) {
    const choice = answerButtons(message)[0];
    if (!choice) throw new Error("no answer buttons");
    h.fake.clickButton({ message, customId: choice.custom_id, user: player });
    message = await h.fake.waitForEdit(message.id, (m) => m.embeds.length === 2);
    const report = buttonsOf(message).find((b) => b.custom_id.startsWith("v1:rep:"));
    if (!report) throw new Error("no report button");
    for (let i = 0; i < formsPerQuestion; i++) {
      const handle = h.fake.clickButton({ message, customId: report.custom_id, user: player });
      expect((await handle.response()).type).toBe(InteractionResponseType.Modal);
      forms.push({ handle, questionId: report.custom_id.split(":")[2] as string });
    }
    const next = buttonsOf(message).find((b) => b.custom_id.startsWith("v1:next:"));
    if (!next) throw new Error("no next button");
    const click = h.fake.clickButton({ message, customId: next.custom_id, user: player });
    await click.response();
    if (round < rounds - 1)
      message = await h.fake.waitForEdit(message.id, (m) => answerButtons(m).some((b) => !b.disabled));
  }
  return forms;
}

describe("reports have limits", () => {
  it(`takes only ${REPORTS_PER_HOUR} of 150 reports sent in a burst, one per question, and tells the rest why`, async () => {
    const player = h.fake.user({ username: "flooder" });
    const forms = await openReportForms(player, 10, 15);
    expect(forms.length).toBe(150);
    const before = (await h.game.community.reports(h.guildId)).length;
    const started = Date.now();
    const submits = forms.map(({ handle }, i) =>
      h.fake.submitModal({
        modal: handle,
        fields: { reason: `Report number ${i}: the passage says otherwise.` },
      }),
    );
    const replies = await Promise.all(submits.map((s) => s.waitForMessage(answered, 15_000)));
    const sentWithinMs = Date.now() - started;
    const thanked = replies.filter((r) => textOf(r).includes("Thank you for the report")).length;
    const duplicate = replies.filter((r) => textOf(r).includes("You already reported this question")).length;
    const limited = replies.filter((r) =>
      textOf(r).includes(`You can file ${REPORTS_PER_HOUR} reports an hour`),
    ).length;
    console.info(
      `[reports] 150 sent in ${sentWithinMs} ms: ${JSON.stringify({ thanked, duplicate, limited })}`,
    );
    expect(thanked).toBe(REPORTS_PER_HOUR);
    expect(thanked + duplicate + limited).toBe(150);
    expect(duplicate).toBeGreaterThan(0);
    expect(limited).toBeGreaterThan(0);
    expect(submits.every((s, i) => s.isEphemeral(replies[i] as APIMessage))).toBe(true);
    const stored = (await h.game.community.reports(h.guildId)).slice(before);
    expect(stored.length).toBe(REPORTS_PER_HOUR);
    // One open report per member and question.
    expect(new Set(stored.map((r) => r.questionId)).size).toBe(REPORTS_PER_HOUR);
    expectNoViolations(h);
  });

  it("refuses, on the server, a reason that is only padding around too few characters", async () => {
    const player = h.fake.user({ username: "padder" });
    const [form] = await openReportForms(player, 1, 1);
    if (!form) throw new Error("no form");
    const submit = h.fake.submitModal({ modal: form.handle, fields: { reason: "     ab     " } });
    const reply = await submit.waitForMessage(answered);
    expect(textOf(reply)).toContain("A report needs 5 to 1000 characters");
    expect(await h.game.community.openReportOf(h.guildId, player.id, form.questionId)).toBeUndefined();
    expectNoViolations(h);
  });
});

describe("resolving reports", () => {
  it("resolves every open report of a question at once, says so, and tells each reporter (DM or next command)", async () => {
    const questionId = "uscri-2004-hiding-in-china";
    // Earlier tests left open reports: resolve them, so that the screen shows this question first.
    for (const r of await h.game.community.reports(h.guildId)) {
      await h.game.community.resolveReportsOf(h.guildId, r.questionId, {
        status: "kept",
        by: "setup",
        at: 0,
      });
    }
    const reporters = [0, 1, 2].map((i) => h.fake.user({ username: `reporter${i}` }));
    const closed = reporters[2] as User;
    h.fake.blockDMs(closed.id);
    for (const [i, reporter] of reporters.entries()) {
      await h.game.community.addReport({
        v: 1,
        id: `r-${i}`,
        guildId: h.guildId,
        questionId,
        reporterId: reporter.id,
        text: `The passage does not support it (${i}).`,
        createdAt: Date.now(),
        status: "open",
        resolvedBy: null,
        resolvedAt: null,
        locale: i === 1 ? "ko" : "en",
      });
    }

    const manager = h.fake.user({ username: "resolver" });
    const { reply: screen } = await runCommand(h, {
      user: manager,
      memberPermissions: QUIZ_MASTER,
      name: "question",
      subcommand: "reports",
    });
    expect(screen.embeds[0]?.title).toBe("Open report (1 of 3)");
    const disable = buttonsOf(screen).find((b) => b.label === "Disable it here");
    if (!disable) throw new Error("no disable button");
    const click = h.fake.clickButton({
      message: screen,
      customId: disable.custom_id,
      user: manager,
      memberPermissions: QUIZ_MASTER,
    });
    const note = await click.waitForMessage((m) => (m.content ?? "").includes("open reports"));
    expect(click.isEphemeral(note)).toBe(true);
    expect(note.content).toBe(
      "The question is disabled here: 3 open reports of it resolved, 3 reporters told.",
    );
    // The other two reports of the question are not left open.
    await h.fake.waitForEdit(screen.id, (m) => m.embeds[0]?.title === "No open reports");
    const resolved = (await h.game.community.reports(h.guildId)).filter((r) => r.id.startsWith("r-"));
    expect(resolved.map((r) => r.status)).toEqual(["disabled", "disabled", "disabled"]);
    expect((await h.game.banks.of(h.guildId)).disabled.has(questionId)).toBe(true);

    // Told by DM, each in their own language; the one with closed DMs at their next command.
    const english = await h.fake.waitForMessage(h.fake.dmChannelId((reporters[0] as User).id), (m) =>
      (m.content ?? "").includes("is no longer asked"),
    );
    expect(english.content).toContain("after your report");
    await h.fake.waitForMessage(h.fake.dmChannelId((reporters[1] as User).id), (m) =>
      (m.content ?? "").includes("퀴즈에 나오지 않아요"),
    );
    const next = h.fake.slashCommand({ channelId: h.channelId, user: closed, name: "help" });
    const notice = await next.waitForMessage((m) => (m.content ?? "").includes("📬"));
    expect(notice.content).toContain("is no longer asked");
    expect(next.isEphemeral(notice)).toBe(true);
    expectNoViolations(h);
  });
});

describe("proposals", () => {
  async function propose(user: User, fields: Record<string, string>) {
    const add = h.fake.slashCommand({
      channelId: h.channelId,
      user,
      name: "question",
      subcommand: "add",
      options: [{ name: "source", type: T.String, value: "uscri-2004" }],
    });
    expect((await add.response()).type).toBe(InteractionResponseType.Modal);
    const submit = h.fake.submitModal({ modal: add, fields });
    return submit.waitForMessage(answered);
  }

  it("warns the author and the reviewer when a proposal copies a shipped question, naming it", async () => {
    const bank = await shippedBankOnce();
    const shipped = bank.get("uscri-2004-hiding-in-china") as Question;
    const author = h.fake.user({ username: "copier" });
    const reply = await propose(author, {
      question: shipped.question.toUpperCase(),
      answer: shipped.answer,
      wrong: shipped.wrong.join("\n"),
      quote: shipped.citation.quote,
      explanation: shipped.explanation,
    });
    expect(reply.embeds[0]?.title).toContain("waiting for review");
    expect(reply.embeds[0]?.description).toContain("`uscri-2004-hiding-in-china`");
    const { reply: review } = await runCommand(h, {
      user: h.fake.user({ username: "reviewer" }),
      memberPermissions: QUIZ_MASTER,
      name: "question",
      subcommand: "review",
    });
    const warning = review.embeds[0]?.fields?.find((f) => f.name.includes("Possible duplicate"));
    expect(warning?.value).toContain("`uscri-2004-hiding-in-china`");
    expectNoViolations(h);
  });

  it("refuses hostile options, and shows typed Markdown as typed so a fence swallows nothing", async () => {
    const author = h.fake.user({ username: "fence" });
    const refused = await propose(author, {
      question: "```\nWhat did USCRI count as internally displaced?",
      answer: "Nearly 100,000",
      wrong: "Nearly\u200b 100,000\n\u202eevil",
      quote: "Nearly 100,000 others are internally displaced.",
      explanation: "USCRI counted nearly 100,000.",
    });
    expect(refused.embeds[0]?.description).toContain("once invisible characters");
    expect(refused.embeds[0]?.description).toContain("U+202E");
    const accepted = await propose(author, {
      question: "```\nWhat did USCRI count as internally displaced?",
      answer: "Nearly 100,000",
      wrong: "About 7,800\nNone",
      quote: "Nearly 100,000 others are internally displaced.",
      explanation: "USCRI counted **nearly** 100,000.",
    });
    expect(accepted.embeds[0]?.title).toContain("waiting for review");
    const stored = (await h.game.community.questions(h.guildId)).find((q) => q.authorId === author.id);
    if (!stored) throw new Error("not stored");
    const { reply: shown } = await runCommand(h, {
      user: author,
      name: "question",
      subcommand: "show",
      options: [{ name: "id", type: T.String, value: stored.id }],
    });
    expect(shown.embeds[0]?.description).toContain("\\`\\`\\`");
    expect(shown.embeds[0]?.description).not.toMatch(/(^|[^\\])```/);
    expectNoViolations(h);
  });

  it("says a removed pending proposal is withdrawn and was never in the quizzes", async () => {
    const author = h.fake.user({ username: "changed-mind" });
    await propose(author, {
      question: "How many North Koreans were internally displaced, by USCRI's count in 2004?",
      answer: "Nearly 100,000",
      wrong: "About 7,800\nNone",
      quote: "Nearly 100,000 others are internally displaced.",
      explanation: "USCRI counted nearly 100,000.",
    });
    const stored = (await h.game.community.questions(h.guildId)).find((q) => q.authorId === author.id);
    if (!stored) throw new Error("not stored");
    const { reply } = await runCommand(h, {
      user: author,
      name: "question",
      subcommand: "remove",
      options: [{ name: "id", type: T.String, value: stored.id }],
    });
    expect(reply.embeds[0]?.description).toContain("is withdrawn");
    expect(reply.embeds[0]?.description).toContain("never in this server's quizzes");
    expect(reply.embeds[0]?.description).not.toContain("is removed from this server's quizzes");
    expectNoViolations(h);
  });
});
