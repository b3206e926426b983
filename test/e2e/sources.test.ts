/**
 * A class's own reading, end to end through the fake Discord (issue 31): a quiz master uploads a
 * text and a PDF (made here with pdf-lib, so no binary is committed), drafts questions from the
 * text, approves some (one after editing it), plays them in a channel round with their citations,
 * then replaces the text so that two approved quotes vanish and sees those two withdrawn and
 * listed with the nearest passage. Every button and form is also tried by a plain member and with
 * a forged custom_id, and a second server sees none of it.
 */
import { createHash } from "node:crypto";
import {
  type APIMessage,
  InteractionResponseType,
  PermissionFlagsBits as P,
  ApplicationCommandOptionType as T,
} from "discord.js";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommunityQuestion } from "../../src/records/community.ts";
import { answerButtons, type BotHarness, buttonsOf, runCommand, startHarness } from "../helpers/bot.ts";

const QUIZ_MASTER = P.ViewChannel | P.SendMessages | P.ManageGuild;
const MEMBER = P.ViewChannel | P.SendMessages;

let h: BotHarness;

beforeAll(async () => {
  h = await startHarness({ fake: { guilds: [{ name: "school" }, { name: "other school" }] } });
});

afterAll(async () => {
  await h?.close();
});

function expectNoViolations() {
  expect(h.fake.violations, h.fake.describeViolations()).toEqual([]);
}

/** Lines 1-2 and the last line are page chrome (marked at upload). */
const READING = `Class reading: resettlement after the North
Printed for Room 12

In 2023, the Ministry of Unification counted 196 arrivals from the North, up from 67 in 2022.
About 72 percent of the arrivals were women, according to the Korea Hana Foundation.
The settlement centre near Anseong is called Hanawon.
Most arrivals had spent years in China before reaching Thailand or Mongolia.
The North Korean Refugees Protection and Settlement Support Act of 1997 sets out the support each arrival receives.
The Database Center for North Korean Human Rights recorded 1,350 testimonies in 2021.
In March 2024, the UN Human Rights Council renewed the mandate of its Special Rapporteur.
A one-time settlement grant of 9,000,000 won is paid in instalments, whereas housing support is paid once.
By 2020, about 33,800 North Koreans had settled in South Korea since 1998.
The Refugee Convention of 1951 defines who is a refugee, but China treats most North Koreans as illegal migrants.
Some arrivals travel through Laos or Vietnam, rather than through Mongolia.
The Korea Hana Foundation runs 25 regional Hana Centers across South Korea.
The period of adjustment after arrival is known as the settlement phase.
In 2019, 1,047 people arrived, and in 2021 only 63 did.

Share this page | Print
`;
const LAST_LINE = READING.trimEnd().split("\n").length;
const CHROME = `1-2, ${LAST_LINE}`;

/** A PDF with selectable text, two pages, drawn with a standard font. */
async function textPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pages = [
    [
      "Hanawon opened in 1999 near Anseong.",
      "Its course lasts 12 weeks and covers law, work and daily life.",
    ],
    ["In 2022, the Korea Hana Foundation ran 25 regional centres."],
  ];
  for (const lines of pages) {
    const page = doc.addPage();
    lines.forEach((line, i) => {
      page.drawText(line, { x: 50, y: 700 - i * 20, size: 12, font });
    });
  }
  return Buffer.from(await doc.save());
}

/** A "scanned" PDF: a page with only a drawn shape, no text to select. */
async function scannedPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawRectangle({ x: 40, y: 40, width: 400, height: 600 });
  return Buffer.from(await doc.save());
}

function sourceCommand(
  user: ReturnType<BotHarness["fake"]["user"]>,
  subcommand: string,
  options: Parameters<typeof runCommand>[1]["options"],
  permissions = QUIZ_MASTER,
  guild = 0,
) {
  const channelId = h.fake.guilds[guild]?.channels[0]?.id;
  if (!channelId) throw new Error("no channel");
  return runCommand(h, {
    user,
    memberPermissions: permissions,
    channelId,
    name: "source",
    subcommand,
    options,
  });
}

function file(filename: string, data: Buffer | string, contentType: string) {
  return { name: "file", type: T.Attachment as const, value: { filename, data, contentType } };
}

const str = (name: string, value: string) => ({ name, type: T.String as const, value });

/** What a forged or refused click must leave alone: every source and proposal of the server. */
async function snapshot(guildId = h.guildId) {
  return JSON.stringify([await h.game.sources.sources(guildId), await h.game.community.questions(guildId)]);
}

describe("a server's own sources", () => {
  it("uploads, drafts, approves, plays, and withdraws what a changed source no longer says", async () => {
    const teacher = h.fake.user({ username: "teacher" });
    const colleague = h.fake.user({ username: "colleague" });
    const student = h.fake.user({ username: "student" });
    const otherGuild = h.fake.guilds[1]?.id ?? "";

    // --- Upload: a plain member is refused; the quiz master's text is stored with its SHA-256.
    const before = await snapshot();
    const refused = await sourceCommand(
      student,
      "add",
      [
        file("reading.txt", READING, "text/plain"),
        str("title", "Resettlement after the North"),
        str("author", "Room 12"),
        str("date", "2024"),
      ],
      MEMBER,
    );
    expect(refused.reply.content).toContain("quiz master");
    expect(await snapshot()).toBe(before);

    const added = await sourceCommand(teacher, "add", [
      file("reading.txt", READING, "text/plain; charset=utf-8"),
      str("title", "Resettlement after the North"),
      str("author", "Room 12 reading pack"),
      str("date", "2024-03"),
      str("url", "https://example.org/reading"),
      str("chrome", CHROME),
    ]);
    expect(added.handle.isEphemeral(added.reply)).toBe(true);
    expect(added.reply.embeds[0]?.title, added.reply.content).toBe("Source added");
    const [text] = await h.game.sources.sources(h.guildId);
    if (!text) throw new Error("the source was not stored");
    expect(text.id).toBe("s-resettlement-after-the");
    expect(text.sha256).toBe(createHash("sha256").update(READING).digest("hex"));
    expect(text.meta.chrome.map((c) => [c.from, c.to])).toEqual([
      [1, 2],
      [LAST_LINE, LAST_LINE],
    ]);
    // The source's text is never posted: the reply is private and holds no sentence of it.
    expect(JSON.stringify(added.reply.embeds)).not.toContain("Ministry of Unification");

    // --- The PDF: its text is extracted; a scan without text is refused, saying why.
    const pdf = await textPdf();
    const pdfAdded = await sourceCommand(teacher, "add", [
      file("hanawon.pdf", pdf, "application/pdf"),
      str("title", "Hanawon fact sheet"),
      str("author", "Korea Hana Foundation"),
      str("date", "undated"),
    ]);
    expect(pdfAdded.reply.embeds[0]?.title).toBe("Source added");
    const pdfSource = (await h.game.sources.sources(h.guildId)).find((s) => s.kind === "pdf");
    expect(pdfSource?.text).toContain("Its course lasts 12 weeks and covers law, work and daily life.");
    expect(pdfSource?.text).toContain("In 2022, the Korea Hana Foundation ran 25 regional centres.");
    expect(pdfSource?.sha256).toBe(createHash("sha256").update(pdf).digest("hex"));
    const scan = await sourceCommand(teacher, "add", [
      file("scan.pdf", await scannedPdf(), "application/pdf"),
      str("title", "A scan"),
      str("author", "Someone"),
      str("date", "2020"),
    ]);
    expect(scan.reply.content).toContain("no selectable text");
    const wrongType = await sourceCommand(teacher, "add", [
      file("slides.pptx", "PK", "application/vnd.ms-powerpoint"),
      str("title", "Slides"),
      str("author", "Someone"),
      str("date", "2020"),
    ]);
    expect(wrongType.reply.content).toContain("`.txt`, `.md` or `.pdf`");
    const hostile = await sourceCommand(teacher, "add", [
      file("evil.txt", "A normal sentence.\u202eDetrevni si siht.", "text/plain"),
      str("title", "Evil"),
      str("author", "Someone"),
      str("date", "2020"),
    ]);
    expect(hostile.reply.content).toContain("U+202E");
    expect((await h.game.sources.sources(h.guildId)).map((s) => s.id)).toEqual([text.id, pdfSource?.id]);

    // --- /sources and the source option's autocomplete: this server only.
    const listed = await runCommand(h, { user: student, name: "sources" });
    expect(JSON.stringify(listed.reply.embeds)).toContain("Resettlement after the North");
    const elsewhere = await runCommand(h, {
      user: student,
      channelId: h.fake.guilds[1]?.channels[0]?.id ?? "",
      name: "sources",
    });
    expect(JSON.stringify(elsewhere.reply.embeds)).not.toContain("Resettlement after the North");
    const complete = (guild: number) =>
      h.fake
        .autocomplete({
          channelId: h.fake.guilds[guild]?.channels[0]?.id ?? "",
          user: teacher,
          memberPermissions: QUIZ_MASTER,
          name: "question",
          subcommand: "add",
          focused: { name: "source", value: "resettle" },
        })
        .response();
    const here = await complete(0);
    expect(here.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(JSON.stringify(here)).toContain(text.id);
    expect(JSON.stringify(await complete(1))).not.toContain(text.id);
    expect(await h.game.sources.sources(otherGuild)).toEqual([]);

    // --- /question add citing the server source: the quote is verified as the bank's are, chrome refused.
    const propose = async (quote: string) => {
      const add = h.fake.slashCommand({
        channelId: h.channelId,
        user: student,
        memberPermissions: MEMBER,
        name: "question",
        subcommand: "add",
        options: [str("source", text.id)],
      });
      expect((await add.response()).type).toBe(InteractionResponseType.Modal);
      const submit = h.fake.submitModal({
        modal: add,
        fields: {
          question: "According to the reading, what share of arrivals were women?",
          answer: "About 72 percent",
          wrong: "About 50 percent\nAbout 30 percent",
          quote,
          explanation: "The Korea Hana Foundation's figure.",
        },
      });
      return submit.waitForMessage((m) => m.embeds.length > 0);
    };
    // Line breaks and curly quotes fold as in the bank; a changed word does not.
    const good = await propose(
      "About 72 percent of the arrivals\nwere women, according to the Korea Hana Foundation.",
    );
    expect(good.embeds[0]?.title).toContain("waiting for review");
    const typo = await propose(
      "About 72 percent of the arrivals were woman, according to the Korea Hana Foundation.",
    );
    expect(typo.embeds[0]?.description).toContain("the quote is not in s\\-resettlement\\-after\\-the");
    expect(typo.embeds[0]?.description).toContain("were women, according to the Korea Hana Foundation.");
    const chrome = await propose("Printed for Room 12");
    expect(chrome.embeds[0]?.description).toContain("page furniture at lines 1-2");

    // --- Drafts: a member cannot ask for them; the quiz master's go to the review queue, by the bot.
    const noDrafts = await sourceCommand(student, "draft", [str("source", text.id)], MEMBER);
    expect(noDrafts.reply.content).toContain("quiz master");
    const drafted = await sourceCommand(teacher, "draft", [
      str("source", text.id),
      { name: "count", type: T.Integer, value: 8 },
    ]);
    expect(drafted.reply.embeds[0]?.title).toBe(`8 drafts from ${text.id}`);
    const drafts = (await h.game.community.questions(h.guildId)).filter((q) => q.drafted);
    expect(drafts).toHaveLength(8);
    for (const d of drafts) {
      expect(d.status).toBe("pending");
      expect(d.authorId).toBe(h.fake.applicationId);
      expect(d.drafted).toEqual({ sourceId: text.id, by: teacher.id });
      // Each draft's passage is a sentence of the document, and its answer is a span of it.
      expect(READING.replace(/\n/g, " ")).toContain(d.draft.quote.replace(/\n/g, " "));
      expect(d.draft.quote).toContain(d.draft.answer);
      for (const wrong of d.draft.wrong.split("\n")) expect(d.draft.quote).not.toContain(wrong);
    }
    // Drafting again queues no passage twice.
    await sourceCommand(teacher, "draft", [
      str("source", text.id),
      { name: "count", type: T.Integer, value: 15 },
    ]);
    const allDrafts = (await h.game.community.questions(h.guildId)).filter((q) => q.drafted);
    expect(new Set(allDrafts.map((q) => q.draft.quote)).size).toBe(allDrafts.length);

    // --- Review: the member's proposal first (reject it), then the drafts.
    const review = await runCommand(h, {
      user: teacher,
      memberPermissions: QUIZ_MASTER,
      name: "question",
      subcommand: "review",
    });
    let screen: APIMessage = review.reply;
    const button = (label: string) => {
      const found = buttonsOf(screen).find((b) => b.label === label);
      if (!found) throw new Error(`no ${label} button on the review screen`);
      return found;
    };
    const pendingId = () => button("Approve").custom_id.split(":")[2] ?? "";
    const nextScreen = async (old: string) =>
      h.fake.waitForEdit(screen.id, (m) => !buttonsOf(m).some((b) => b.custom_id === old));

    // The member's own: rejected with a reason.
    const reject = h.fake.clickButton({
      message: screen,
      customId: button("Reject…").custom_id,
      user: teacher,
      memberPermissions: QUIZ_MASTER,
    });
    const rejectForm = await reject.waitForModal();
    const oldReject = button("Reject…").custom_id;
    h.fake.submitModal({ modal: rejectForm, fields: { reason: "We have enough figure questions." } });
    screen = await nextScreen(oldReject);

    // A draft on screen shows who asked for it and its passage; a plain member's and a forged click change nothing.
    expect(JSON.stringify(screen.embeds)).toContain(`Drafted by the bot from \`${text.id}\``);
    expect(screen.embeds[0]?.fields?.some((f) => f.name === "The passage")).toBe(true);
    const firstDraft = pendingId();
    const beforeForgery = await snapshot();
    // A member cannot see the quiz master's review screen: they forge its buttons onto a message of their own.
    for (const label of ["Approve", "Edit…", "Reject…"]) {
      const click = h.fake.clickButton({
        message: good,
        customId: button(label).custom_id,
        user: student,
        memberPermissions: MEMBER,
        forged: true,
      });
      const reply = await click.waitForMessage((m) => (m.content ?? "").length > 0);
      expect(click.isEphemeral(reply)).toBe(true);
      expect(reply.content).toContain("quiz master");
    }
    const forgedFix = h.fake.clickButton({
      message: screen,
      customId: "v1:qfix:community-notreal",
      user: teacher,
      memberPermissions: QUIZ_MASTER,
      forged: true,
    });
    expect((await forgedFix.waitForMessage((m) => (m.content ?? "").length > 0)).content).toContain(
      "no longer waiting",
    );
    // ...and the Edit form: a member's own proposal form sent back as a forged edit of the draft.
    const memberForm = h.fake.slashCommand({
      channelId: h.channelId,
      user: student,
      memberPermissions: MEMBER,
      name: "question",
      subcommand: "add",
      options: [str("source", text.id)],
    });
    const opened = await memberForm.waitForModal();
    const forgedEdit = h.fake.submitModal({
      modal: { ...opened, customId: `v1:mqfix:${firstDraft}`, submitted: false } as typeof opened,
      fields: { question: "Hijacked?", answer: "A", wrong: "B\nC", quote: "x", explanation: "y" },
    });
    const forgedReply = await forgedEdit.waitForMessage((m) => (m.content ?? "").length > 0);
    expect(forgedEdit.isEphemeral(forgedReply)).toBe(true);
    expect(forgedReply.content).toContain("quiz master");
    expect(await snapshot()).toBe(beforeForgery);

    // Edit: the form opens with the draft's text; the quiz master's wording replaces it, still pending.
    const edit = h.fake.clickButton({
      message: screen,
      customId: button("Edit…").custom_id,
      user: teacher,
      memberPermissions: QUIZ_MASTER,
    });
    const form = await edit.waitForModal();
    const values = Object.fromEntries(
      form.components.flatMap((row) =>
        "components" in row
          ? row.components.map((c) => [c.custom_id, "value" in c ? c.value : undefined])
          : [],
      ),
    );
    const original = await h.game.community.question(h.guildId, firstDraft);
    expect(values.quote).toBe(original?.draft.quote);
    expect(values.answer).toBe(original?.draft.answer);
    const edited = `${values.question} (edited by the teacher)`;
    h.fake.submitModal({ modal: form, fields: { ...values, question: edited } as Record<string, string> });
    await h.fake.waitForEdit(screen.id, (m) => JSON.stringify(m.embeds).includes("edited by the teacher"));
    screen = h.fake.message(screen.id) ?? screen;
    expect((await h.game.community.question(h.guildId, firstDraft))?.draft.question).toBe(edited);
    // An edit whose quote is no longer in the source is refused, and the stored text stays.
    const badEdit = h.fake.clickButton({
      message: screen,
      customId: button("Edit…").custom_id,
      user: teacher,
      memberPermissions: QUIZ_MASTER,
    });
    const badForm = await badEdit.waitForModal();
    const badSubmit = h.fake.submitModal({
      modal: badForm,
      fields: { ...values, question: edited, quote: "Words the reading never says." } as Record<
        string,
        string
      >,
    });
    const badReply = await badSubmit.waitForMessage((m) => m.embeds.length > 0);
    expect(badReply.embeds[0]?.description).toContain("the quote is not in s\\-resettlement");
    expect((await h.game.community.question(h.guildId, firstDraft))?.draft.quote).toBe(original?.draft.quote);

    // Approve four drafts (the edited one first).
    const approved: string[] = [];
    for (let i = 0; i < 4; i++) {
      const id = pendingId();
      const approve = button("Approve").custom_id;
      h.fake.clickButton({
        message: screen,
        customId: approve,
        user: teacher,
        memberPermissions: QUIZ_MASTER,
      });
      screen = await nextScreen(approve);
      approved.push(id);
    }
    expect(approved[0]).toBe(firstDraft);
    for (const id of approved)
      expect((await h.game.community.question(h.guildId, id))?.status).toBe("approved");
    // The bot is never sent a DM about its own drafts.
    expect(
      h.fake.calls.some(
        (c) => c.route === "/users/@me/channels" && JSON.stringify(c.body).includes(h.fake.applicationId),
      ),
    ).toBe(false);

    // --- Play: a channel round on the source asks the approved drafts, and each reveal cites the passage.
    const start = h.fake.slashCommand({
      channelId: h.channelId,
      user: teacher,
      memberPermissions: QUIZ_MASTER,
      name: "quiz",
      subcommand: "channel",
      options: [
        str("source", text.id),
        { name: "questions", type: T.Integer, value: 4 },
        { name: "seconds", type: T.Integer, value: 60 },
      ],
    });
    await start.waitForMessage((m) => (m.content ?? "").includes("has started"));
    const asked = new Set<string>();
    let question = await h.fake.waitForMessage(h.channelId, (m) => answerButtons(m).length > 0);
    for (let round = 0; round < 4; round++) {
      const sessionId = answerButtons(question)[0]?.custom_id.split(":")[2] ?? "";
      const click = h.fake.clickButton({
        message: question,
        customId: answerButtons(question)[0]?.custom_id ?? "",
        user: student,
      });
      await click.waitForMessage((m) => (m.content ?? "").includes("is in"));
      await h.running.bot.rounds.runNextStepNow(sessionId);
      const revealed = await h.fake.waitForEdit(question.id, (m) => (m.embeds[1]?.fields?.length ?? 0) >= 3);
      const reveal = JSON.stringify(revealed.embeds[1]);
      const record = approved
        .map((id) => allDrafts.find((d) => d.id === id))
        .find((d) => d && reveal.includes(d.draft.quote.slice(0, 40)));
      expect(record, `the reveal cites an approved draft: ${reveal.slice(0, 300)}`).toBeDefined();
      if (record) asked.add(record.id);
      expect(reveal).toContain("Resettlement after the North");
      if (round < 3) {
        await h.running.bot.rounds.runNextStepNow(sessionId);
        question = await h.fake.waitForMessage(h.channelId, (m) => answerButtons(m).some((b) => !b.disabled));
      }
    }
    expect(asked.size).toBe(4);

    // --- Update: two approved quotes vanish from the new text.
    const [goneA, goneB] = approved
      .slice(1, 3)
      .map((id) => allDrafts.find((d) => d.id === id) as CommunityQuestion);
    if (!goneA || !goneB) throw new Error("no approved drafts to withdraw");
    const changed = READING.replace(
      goneA.draft.quote,
      "This sentence was rewritten in the new edition.",
    ).replace(goneB.draft.quote, `${goneB.draft.quote.replace(/\.$/, "")} (revised figures pending).`);
    expect(changed).not.toContain(goneA.draft.quote);
    expect(changed).not.toContain(goneB.draft.quote);
    const keptIds = approved.filter((id) => id !== goneA.id && id !== goneB.id);

    const memberUpdate = await sourceCommand(
      student,
      "update",
      [str("source", text.id), file("reading.txt", changed, "text/plain")],
      MEMBER,
    );
    expect(memberUpdate.reply.content).toContain("quiz master");
    const update = await sourceCommand(teacher, "update", [
      str("source", text.id),
      file("reading-v2.txt", changed, "text/plain"),
    ]);
    const asking = update.reply;
    expect(update.handle.isEphemeral(asking)).toBe(true);
    const fields = asking.embeds[0]?.fields ?? [];
    expect(fields.map((f) => f.name)).toEqual(
      expect.arrayContaining([`Will be withdrawn: ${goneA.id}`, `Will be withdrawn: ${goneB.id}`]),
    );
    // Nothing changed before the click.
    expect((await h.game.sources.source(h.guildId, text.id))?.version).toBe(1);
    const confirm = buttonsOf(asking).find((b) => b.label === "Replace the document");
    if (!confirm) throw new Error("no confirm button");

    // A member, another quiz master, and a forged token: refused, nothing changes.
    const beforeConfirm = await snapshot();
    const memberConfirm = h.fake.clickButton({
      message: memberUpdate.reply,
      customId: confirm.custom_id,
      user: student,
      memberPermissions: MEMBER,
      forged: true,
    });
    expect((await memberConfirm.waitForMessage((m) => (m.content ?? "").length > 0)).content).toContain(
      "quiz master",
    );
    const colleagues = await runCommand(h, {
      user: colleague,
      memberPermissions: QUIZ_MASTER,
      name: "sources",
    });
    const otherMaster = h.fake.clickButton({
      message: colleagues.reply,
      customId: confirm.custom_id,
      user: colleague,
      memberPermissions: QUIZ_MASTER,
      forged: true,
    });
    const otherReply = await otherMaster.waitForMessage((m) => m.embeds.length > 0);
    expect(otherReply.embeds[0]?.description).toContain("Only the quiz master who asked");
    const forged = h.fake.clickButton({
      message: asking,
      customId: "v1:srcok:forgedtoken1",
      user: teacher,
      memberPermissions: QUIZ_MASTER,
      forged: true,
    });
    expect((await forged.waitForMessage((m) => m.embeds.length > 0)).embeds[0]?.description).toContain(
      "expired",
    );
    expect(await snapshot()).toBe(beforeConfirm);

    h.fake.clickButton({
      message: asking,
      customId: confirm.custom_id,
      user: teacher,
      memberPermissions: QUIZ_MASTER,
    });
    const done = await h.fake.waitForEdit(asking.id, (m) => (m.embeds[0]?.title ?? "").endsWith("replaced"));
    const doneFields = done.embeds[0]?.fields ?? [];
    for (const gone of [goneA, goneB]) {
      const field = doneFields.find((f) => f.name === `Withdrawn: ${gone.id}`);
      expect(field?.value).toContain("The nearest passage");
      const record = await h.game.community.question(h.guildId, gone.id);
      expect(record?.status).toBe("disabled");
      expect(record?.withdrawn?.sourceId).toBe(text.id);
    }
    // `/question show` tells a quiz master why, with the nearest passage; a member sees no passage.
    const shown = await runCommand(h, {
      user: teacher,
      memberPermissions: QUIZ_MASTER,
      name: "question",
      subcommand: "show",
      options: [str("id", goneA.id)],
    });
    expect(shown.reply.embeds[0]?.description).toContain(
      `Withdrawn when \`${text.id}\` was replaced (version 2)`,
    );
    const shownToMember = await runCommand(h, {
      user: student,
      memberPermissions: MEMBER,
      name: "question",
      subcommand: "show",
      options: [str("id", goneA.id)],
    });
    expect(shownToMember.reply.embeds[0]?.description).not.toContain("Withdrawn when");
    // The nearest passage of the quote given a new ending is its new wording, the same length as the quote.
    expect(doneFields.find((f) => f.name === `Withdrawn: ${goneB.id}`)?.value).toContain(
      goneB.draft.quote.split(" ").slice(0, 6).join(" "),
    );
    for (const id of keptIds)
      expect((await h.game.community.question(h.guildId, id))?.status).toBe("approved");
    const stored = await h.game.sources.source(h.guildId, text.id);
    expect(stored?.version).toBe(2);
    expect(stored?.sha256).toBe(createHash("sha256").update(changed).digest("hex"));
    // The server's bank asks the kept ones and no longer the withdrawn ones.
    const { bank, disabled } = await h.game.banks.of(h.guildId);
    for (const id of keptIds) expect(bank.get(id)).toBeDefined();
    for (const gone of [goneA, goneB])
      expect(bank.get(gone.id) === undefined || disabled.has(gone.id)).toBe(true);
    // The same confirm again finds nothing to do.
    const again = h.fake.clickButton({
      message: done,
      customId: confirm.custom_id,
      user: teacher,
      memberPermissions: QUIZ_MASTER,
      forged: true,
    });
    expect((await again.waitForMessage((m) => m.embeds.length > 0)).embeds[0]?.description).toContain(
      "expired",
    );

    // --- Remove the PDF: says what happens first; Cancel keeps it; Confirm removes it.
    const removeAsk = await sourceCommand(teacher, "remove", [str("source", pdfSource?.id ?? "")]);
    const cancel = buttonsOf(removeAsk.reply).find((b) => b.label === "Cancel");
    if (!cancel) throw new Error("no cancel button");
    h.fake.clickButton({
      message: removeAsk.reply,
      customId: cancel.custom_id,
      user: teacher,
      memberPermissions: QUIZ_MASTER,
    });
    await h.fake.waitForEdit(removeAsk.reply.id, (m) => m.embeds[0]?.title === "Cancelled");
    expect(await h.game.sources.source(h.guildId, pdfSource?.id ?? "")).toBeDefined();
    const removeAgain = await sourceCommand(teacher, "remove", [str("source", pdfSource?.id ?? "")]);
    const remove = buttonsOf(removeAgain.reply).find((b) => b.label === "Remove the source");
    if (!remove) throw new Error("no remove button");
    h.fake.clickButton({
      message: removeAgain.reply,
      customId: remove.custom_id,
      user: teacher,
      memberPermissions: QUIZ_MASTER,
    });
    await h.fake.waitForEdit(removeAgain.reply.id, (m) => (m.embeds[0]?.title ?? "").endsWith("removed"));
    expect((await h.game.sources.sources(h.guildId)).map((s) => s.id)).toEqual([text.id]);
    expectNoViolations();
  });
});
