/**
 * Hostile input through the fake Discord (started with strictMentions: a message that could ping
 * is a violation): the /quiz options and their autocomplete, the /question add form, the report
 * form, and the screens that later show what was typed (/question list, show, review, reports).
 * Every case must get a clear answer (a refusal or a harmless rendering), never "This interaction
 * failed", and every message the bot sends must carry allowed_mentions with `parse: []`.
 * The cases come from a seeded generator: a failure names its seed, and reproduces.
 */
import { type APIMessage, InteractionResponseType, ApplicationCommandOptionType as T } from "discord.js";
import { describe, expect, it } from "vitest";
import type { Question } from "../../src/bank/question.ts";
import { SUBMISSION_FIELDS } from "../../src/bank/submission.ts";
import { seededRandom } from "../../src/engine/random.ts";
import type { RecordedCall } from "../fake-discord/index.ts";
import { answerButtons, buttonsOf, quizCommand, shippedBankOnce } from "../helpers/bot.ts";
import { expectNoViolations, QUIZ_MASTER, useHarness } from "../helpers/harness.ts";
import { hostileText } from "./hostile.ts";

const SEED = process.env.FUZZ_SEED ?? "issue-8";
const h = useHarness({ fake: { strictMentions: true } });

const text = (m: APIMessage) =>
  [m.content ?? "", ...m.embeds.map((e) => `${e.title ?? ""} ${e.description ?? ""}`)].join(" ");
const answered = (m: APIMessage) => (m.content ?? "").length > 0 || m.embeds.length > 0;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every message body the bot sent (messages, edits, replies, follow-ups), with where it went. */
function sentMessages(calls: readonly RecordedCall[]): { where: string; body: Record<string, unknown> }[] {
  const out: { where: string; body: Record<string, unknown> }[] = [];
  for (const call of calls) {
    let body = call.body;
    if (call.route.endsWith("/callback")) {
      // Only replies and updates carry a message (not defers, modals or autocomplete choices).
      if (!isRecord(body) || (body.type !== 4 && body.type !== 7)) continue;
      body = body.data;
    } else if (!(call.method === "POST" || call.method === "PATCH")) continue;
    else if (!/^\/(webhooks|channels)\//.test(call.route)) continue;
    if (!isRecord(body) || !("content" in body || "embeds" in body || "components" in body)) continue;
    out.push({ where: `${call.method} ${call.path}`, body });
  }
  return out;
}

/** Discord's client sends a text input only within its limits: whitespace pads a short value. */
function typed(value: string, required: boolean, min = 0): string {
  if (!required && value === "") return value;
  return value.length >= Math.max(1, min) ? value : value.padEnd(Math.max(1, min), " ");
}

function expectHarmless() {
  expect(sentMessages(h.fake.calls).length).toBeGreaterThan(20);
  expectNoViolations(h);
  expect(h.fake.stillThinking()).toEqual([]);
  const unsafe = sentMessages(h.fake.calls).filter(({ body }) => {
    const allowed = body.allowed_mentions;
    return (
      !isRecord(allowed) ||
      !Array.isArray(allowed.parse) ||
      allowed.parse.length !== 0 ||
      (Array.isArray(allowed.users) && allowed.users.length > 0) ||
      (Array.isArray(allowed.roles) && allowed.roles.length > 0) ||
      allowed.replied_user === true
    );
  });
  expect(unsafe.map((u) => `${u.where}: ${JSON.stringify(u.body.allowed_mentions)}`)).toEqual([]);
}

describe(`hostile input through Discord (seed "${SEED}")`, () => {
  it("refuses or safely answers hostile /quiz options and their autocomplete", async () => {
    const random = seededRandom(`${SEED}:options`);
    const player = h.fake.user({ username: "fuzzer" });
    let refused = 0;
    let started = 0;
    for (let batch = 0; batch < 6; batch++) {
      const cases = Array.from({ length: 10 }, () => ({
        source: hostileText(random, 120),
        topic: hostileText(random, 120),
        which: random() < 0.5 ? "source" : "topic",
      }));
      const handles = cases.map((c, i) => {
        const options = [{ name: c.which, type: T.String as const, value: c.source || "x" }];
        if (i % 3 === 0) options.push({ name: "topic", type: T.String as const, value: c.topic || "y" });
        return h.fake.slashCommand({
          channelId: h.channelId,
          user: player,
          name: "quiz",
          subcommand: "solo",
          options,
        });
      });
      const typing = cases.map((c) =>
        h.fake.autocomplete({
          channelId: h.channelId,
          user: player,
          name: "quiz",
          subcommand: "solo",
          focused: { name: c.which, value: c.topic },
        }),
      );
      for (const [i, handle] of handles.entries()) {
        const reply = await handle.waitForMessage(answered);
        expect(handle.isEphemeral(reply), `case ${batch}.${i}: ${JSON.stringify(cases[i])}`).toBe(true);
        if (answerButtons(reply).length > 0) started++;
        else {
          expect(text(reply)).toMatch(/There is no (source|topic)|not valid|No questions match/);
          refused++;
        }
      }
      for (const handle of typing) {
        const response = await handle.response();
        expect(response.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
      }
    }
    expect(refused + started).toBe(60);
    expect(refused).toBeGreaterThan(50);
    expectHarmless();
  });

  it("checks hostile /question add forms, and shows what was stored harmlessly", async () => {
    const random = seededRandom(`${SEED}:proposals`);
    const bank = await shippedBankOnce();
    const quoted = bank.questions.find((q) => q.citation.source === "uscri-2004") as Question;
    let accepted = 0;
    let problems = 0;
    let refusedOptions = 0;
    for (let i = 0; i < 40; i++) {
      const author = h.fake.user({ username: `author${i}` });
      const hostileSource = i % 8 === 7;
      const add = h.fake.slashCommand({
        channelId: h.channelId,
        user: author,
        name: "question",
        subcommand: "add",
        options: [
          {
            name: "source",
            type: T.String,
            value: hostileSource ? hostileText(random, 100) || "?" : "uscri-2004",
          },
          ...(i % 5 === 4
            ? [{ name: "topic", type: T.String as const, value: hostileText(random, 100) || "?" }]
            : []),
        ],
      });
      const response = await add.response();
      if (response.type !== InteractionResponseType.Modal) {
        const refusal = await add.waitForMessage(answered);
        expect(text(refusal)).toMatch(/There is no (source|topic)/);
        expect(add.isEphemeral(refusal)).toBe(true);
        refusedOptions++;
        continue;
      }
      // Half the forms keep a quote that is in the source, so they are stored and shown later.
      const fields: Record<string, string> = {};
      for (const field of SUBMISSION_FIELDS)
        fields[field.id] = typed(hostileText(random, field.max), field.required);
      if (i % 2 === 0) fields.quote = quoted.citation.quote;
      if (i % 4 === 0) fields.wrong = ["@everyone", "<@&123456789012345678>", "ok"].join("\n");
      const submit = h.fake.submitModal({ modal: add, fields });
      const reply = await submit.waitForMessage(answered);
      expect(submit.isEphemeral(reply)).toBe(true);
      if ((reply.embeds[0]?.title ?? "").includes("waiting for review")) accepted++;
      else problems++;
    }
    expect(accepted + problems + refusedOptions).toBe(40);
    expect(problems).toBeGreaterThan(0);

    // What was stored comes back on the screens that list and show it, and in the review.
    const manager = h.fake.user({ username: "manager" });
    const stored = await h.game.community.questions(h.guildId);
    expect(stored.length).toBe(accepted);
    const screens = [
      h.fake.slashCommand({
        channelId: h.channelId,
        user: manager,
        memberPermissions: QUIZ_MASTER,
        name: "question",
        subcommand: "list",
      }),
      h.fake.slashCommand({
        channelId: h.channelId,
        user: manager,
        memberPermissions: QUIZ_MASTER,
        name: "question",
        subcommand: "review",
      }),
      ...stored.slice(0, 8).map((q) =>
        h.fake.slashCommand({
          channelId: h.channelId,
          user: manager,
          memberPermissions: QUIZ_MASTER,
          name: "question",
          subcommand: "show",
          options: [{ name: "id", type: T.String, value: q.id }],
        }),
      ),
    ];
    for (const screen of screens) expect(answered(await screen.waitForMessage(answered))).toBe(true);
    // Hostile ids are refused with a message.
    for (let i = 0; i < 10; i++) {
      const show = h.fake.slashCommand({
        channelId: h.channelId,
        user: manager,
        memberPermissions: QUIZ_MASTER,
        name: "question",
        subcommand: i % 2 === 0 ? "show" : "remove",
        options: [{ name: "id", type: T.String, value: hostileText(random, 64) || "x" }],
      });
      expect(text(await show.waitForMessage(answered))).toMatch(/There is no (proposed )?question/);
    }
    console.info(`[fuzz] proposals: ${JSON.stringify({ forms: 40, accepted, problems, refusedOptions })}`);
    expectHarmless();
  });

  it("stores hostile reports as text and shows them harmlessly to quiz masters", async () => {
    const random = seededRandom(`${SEED}:reports`);
    const before = await h.game.community.reports(h.guildId);
    let accepted = 0;
    let tooShort = 0;
    // One reporter each: a member has one open report per question (issue 18 case 10).
    for (let i = 0; i < 15; i++) {
      const player = h.fake.user({ username: `reporter${i}` });
      const start = quizCommand(h, player, "solo", { questions: 1 });
      const asked = await start.waitForMessage((m) => answerButtons(m).length > 0);
      const choice = answerButtons(asked)[0];
      if (!choice) throw new Error("no buttons");
      h.fake.clickButton({ message: asked, customId: choice.custom_id, user: player });
      const revealed = await h.fake.waitForEdit(asked.id, (m) => m.embeds.length === 2);
      const reportButton = buttonsOf(revealed).find((b) => b.custom_id.startsWith("v1:rep:"));
      if (!reportButton) throw new Error("no report button");
      const open = h.fake.clickButton({ message: revealed, customId: reportButton.custom_id, user: player });
      expect((await open.response()).type).toBe(InteractionResponseType.Modal);
      const submit = h.fake.submitModal({
        modal: open,
        fields: { reason: typed(hostileText(random, 1000), true, 5) },
      });
      const reply = await submit.waitForMessage(answered);
      expect(submit.isEphemeral(reply)).toBe(true);
      if ((reply.embeds[0]?.title ?? "").includes("Thank you for the report")) accepted++;
      else {
        // Padding is not a reason: the server checks the length of what is left.
        expect(text(reply)).toContain("A report needs 5 to 1000 characters");
        tooShort++;
      }
    }
    expect(accepted + tooShort).toBe(15);
    expect(accepted).toBeGreaterThan(0);
    const reports = await h.game.community.reports(h.guildId);
    expect(reports.length - before.length).toBe(accepted);
    const manager = h.fake.user({ username: "master" });
    const list = h.fake.slashCommand({
      channelId: h.channelId,
      user: manager,
      memberPermissions: QUIZ_MASTER,
      name: "question",
      subcommand: "reports",
    });
    expect((await list.waitForMessage(answered)).embeds.length).toBeGreaterThan(0);
    expectHarmless();
  });
});
