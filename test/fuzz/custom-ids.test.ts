/**
 * Forged and stale custom_ids, for every kind the codec knows (src/discord/interactions/custom-id.ts): buttons
 * and modals that are malformed, from another version, or well formed but naming someone else's
 * quiz, a question or report that does not exist, a round that is not open, or an action the
 * member may not take. Each is answered with a clear private message, and no score, session,
 * proposal or report changes. A client can only click what is on a message, so the forged
 * buttons are put on a message of the bot's first; forged modal submissions reuse a form the bot
 * opened, with another custom_id.
 */
import { type APIMessage, type APIUser, Routes, ApplicationCommandOptionType as T } from "discord.js";
import { beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../src/engine/random.ts";
import type { InteractionHandle, OpenModal } from "../fake-discord/index.ts";
import { answerButtons, quizCommand } from "../helpers/bot.ts";
import { expectNoViolations, MEMBER, QUIZ_MASTER, useHarness } from "../helpers/harness.ts";
import { hostileText } from "./hostile.ts";

const h = useHarness();

/** Every record in the store, as JSON by key: what a forged click must leave exactly as it was. */
async function storeSnapshot(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const iterate = h.keyv.iterator;
  if (!iterate) throw new Error("store cannot be iterated");
  for await (const [key, value] of iterate(undefined) as AsyncGenerator<[string, unknown]>) {
    // Drafts and submission counters belong to whoever opens a form; the rest must not move.
    if (/^(draft|submissions):/.test(key)) continue;
    out.set(key, JSON.stringify(value));
  }
  return out;
}

/** Posts a message of the bot's carrying the given custom_ids as buttons (5 per row, 25 per message). */
async function forgedMessage(customIds: readonly string[]): Promise<APIMessage> {
  const rows = [];
  for (let i = 0; i < customIds.length; i += 5) {
    rows.push({
      type: 1,
      components: customIds
        .slice(i, i + 5)
        .map((id, k) => ({ type: 2, style: 2, label: `forged ${i + k}`, custom_id: id })),
    });
  }
  return (await h.running.client.rest.post(Routes.channelMessages(h.channelId), {
    body: { content: "forged", components: rows, allowed_mentions: { parse: [] } },
  })) as APIMessage;
}

const answeredPrivately = async (handle: InteractionHandle) => {
  const reply = await handle.waitForMessage((m) => (m.content ?? "").length > 0 || m.embeds.length > 0);
  expect(handle.isEphemeral(reply), `${handle.id}: ${reply.content}`).toBe(true);
  expect(handle.failed).toBe(false);
  return `${reply.content ?? ""} ${reply.embeds.map((e) => `${e.title ?? ""} ${e.description ?? ""}`).join(" ")}`;
};

describe("forged and stale custom_ids", () => {
  let alice: APIUser;
  let mallory: APIUser;
  let soloSession: string;
  let channelSession: string;
  let pendingId: string;
  let reportId: string;
  let shippedId: string;

  beforeAll(async () => {
    alice = h.fake.user({ username: "alice" });
    mallory = h.fake.user({ username: "mallory" });
    // Alice's solo quiz, a channel round, a pending proposal, an open report.
    const solo = quizCommand(h, alice, "solo");
    const asked = await solo.waitForMessage((m) => answerButtons(m).length > 0);
    soloSession = answerButtons(asked)[0]?.custom_id.split(":")[2] ?? "";
    const round = quizCommand(h, alice, "channel");
    await round.waitForMessage((m) => (m.content ?? "").includes("has started"));
    const question = await h.fake.waitForMessage(
      h.channelId,
      (m) => answerButtons(m).length > 0 && m.id !== asked.id,
    );
    channelSession = answerButtons(question)[0]?.custom_id.split(":")[2] ?? "";
    const shipped = h.game.bank.questions.find((q) => q.citation.source === "uscri-2004");
    if (!shipped) throw new Error("no shipped question");
    shippedId = shipped.id;
    const add = h.fake.slashCommand({
      channelId: h.channelId,
      user: alice,
      name: "question",
      subcommand: "add",
      options: [{ name: "source", type: T.String, value: "uscri-2004" }],
    });
    await add.waitForModal();
    const proposal = h.fake.submitModal({
      modal: add,
      fields: {
        question: "How many were displaced?",
        answer: "Nearly 100,000",
        wrong: "None\nAbout 7,800",
        quote: "Nearly 100,000 others are internally displaced.",
        explanation: "USCRI counted nearly 100,000.",
      },
    });
    await proposal.waitForMessage((m) => m.embeds.length > 0);
    pendingId = (await h.game.community.questions(h.guildId))[0]?.id ?? "";
    await h.game.community.addReport({
      v: 1,
      id: "report0001",
      guildId: h.guildId,
      questionId: shippedId,
      reporterId: alice.id,
      text: "the passage does not say so",
      createdAt: h.game.now(),
      status: "open",
      resolvedBy: null,
      resolvedAt: null,
    });
    reportId = "report0001";
    expect(pendingId).not.toBe("");
  });

  it("refuses malformed button ids, and well-formed ones naming what a member may not touch", async () => {
    const random = seededRandom("custom-ids");
    const malformed = [
      "",
      "v1",
      "v1:",
      "v2:ans:abc:0:0",
      "V1:ans:abc:0:0",
      "v1:ans",
      `v1:ans:${channelSession}:0`,
      `v1:ans:${channelSession}:0:0:0`,
      `v1:ans:${channelSession}:-1:0`,
      `v1:ans:${channelSession}:0:1000`,
      "v1:ans:../../etc:0:0",
      "v1:ans:a b:0:0",
      "v1:lb:forever:0:123",
      "v1:lb:week:0",
      "v1:qok:Not_A_Slug",
      "v1:mqadd:uscri-2004:easy:community",
      "v1:mrep:x",
      "v1:__proto__",
      "v1:constructor:x",
      "v1:toString",
      ...Array.from({ length: 5 }, () => `v1:${hostileText(random, 90)}`.slice(0, 100) || "v1:?"),
    ];
    const wellFormed: [string, APIUser, RegExp][] = [
      // Someone else's solo quiz, through a public message: not theirs to answer.
      [`v1:ans:${soloSession}:0:0`, mallory, /could not be taken|belongs to/],
      [`v1:next:${soloSession}:0`, mallory, /belongs to/],
      // The channel round: an option that does not exist, a round that is not open.
      [`v1:ans:${channelSession}:0:9`, mallory, /could not be taken/],
      [`v1:ans:${channelSession}:7:0`, mallory, /closed|Too late/],
      // Quizzes that never existed.
      ["v1:ans:nosuchsession:0:0", mallory, /over/],
      ["v1:next:nosuchsession:0", mallory, /over/],
      // Review and reports: only quiz masters.
      [`v1:qok:${pendingId}`, mallory, /Only quiz masters/],
      [`v1:qno:${pendingId}`, mallory, /Only quiz masters/],
      [`v1:rkeep:${reportId}`, mallory, /Only quiz masters/],
      [`v1:rdis:${reportId}`, mallory, /Only quiz masters/],
      // A proposal form to reopen, without a draft.
      ["v1:qedit", mallory, /expired/],
    ];
    const before = await storeSnapshot();
    const message = await forgedMessage(
      [...new Set(malformed)].filter((id) => id.length > 0 && id.length <= 100).slice(0, 25),
    );
    const onMessage = new Set(
      (message.components ?? []).flatMap((row) =>
        "components" in row ? row.components.map((c) => ("custom_id" in c ? c.custom_id : "")) : [],
      ),
    );
    let refused = 0;
    for (const id of malformed) {
      if (!onMessage.has(id)) continue;
      const click = h.fake.clickButton({ message, customId: id, user: mallory, memberPermissions: MEMBER });
      expect(await answeredPrivately(click)).toMatch(/out of date/);
      refused++;
    }
    const second = await forgedMessage(wellFormed.map(([id]) => id));
    for (const [id, user, expected] of wellFormed) {
      const click = h.fake.clickButton({ message: second, customId: id, user, memberPermissions: MEMBER });
      expect(await answeredPrivately(click), id).toMatch(expected);
      refused++;
    }
    // A quiz master with ids that name nothing: nothing is reviewed or resolved.
    const master = h.fake.user({ username: "master" });
    const third = await forgedMessage([
      "v1:qok:no-such-question",
      "v1:rkeep:nosuchreport",
      "v1:lb:all-time:999:1",
    ]);
    for (const id of ["v1:qok:no-such-question", "v1:rkeep:nosuchreport", "v1:lb:all-time:999:1"]) {
      const click = h.fake.clickButton({
        message: third,
        customId: id,
        user: master,
        memberPermissions: QUIZ_MASTER,
      });
      await click.settled();
      expect(click.failed).toBe(false);
    }

    const after = await storeSnapshot();
    expect([...after.entries()].filter(([key, value]) => before.get(key) !== value)).toEqual([]);
    expect(after.size).toBe(before.size);
    expectNoViolations(h);
    console.info(`[fuzz] forged buttons refused: ${refused}`);
  });

  it("refuses forged modal submissions of every kind", async () => {
    // A real form the bot opened (the report form of a question that does not exist)...
    const message = await forgedMessage(["v1:rep:no-such-question"]);
    const open = h.fake.clickButton({ message, customId: "v1:rep:no-such-question", user: mallory });
    const reportForm = await open.waitForModal();
    const before = await storeSnapshot();
    const submitted = h.fake.submitModal({ modal: reportForm, fields: { reason: "this is wrong" } });
    expect(await answeredPrivately(submitted)).toMatch(/no longer in this server/);
    // ...then the same form sent back with other custom_ids.
    const forge = (form: OpenModal, customId: string): OpenModal => ({ ...form, customId, submitted: false });
    const cases: [string, RegExp][] = [
      [`v1:mqrej:${pendingId}`, /Only quiz masters/],
      [`v1:mrep:${shippedId}x`, /no longer in this server/],
      ["v1:mrep", /out of date/],
      ["v2:mrep:x", /out of date/],
      ["v1:mqadd:uscri-2004:legendary:community", /out of date/],
      ["v1:ans:x:0:0", /out of date/],
    ];
    for (const [customId, expected] of cases) {
      const submit = h.fake.submitModal({
        modal: forge(reportForm, customId),
        fields: { reason: "forged reason" },
      });
      expect(await answeredPrivately(submit), customId).toMatch(expected);
    }
    // A proposal form whose custom_id names a source that is not in the bank.
    const add = h.fake.slashCommand({
      channelId: h.channelId,
      user: mallory,
      name: "question",
      subcommand: "add",
      options: [{ name: "source", type: T.String, value: "uscri-2004" }],
    });
    const form = await add.waitForModal();
    const bad = h.fake.submitModal({
      modal: forge(form, "v1:mqadd:no-such-source:easy:community"),
      fields: { question: "Q?", answer: "A", wrong: "B", quote: "Nearly 100,000 others", explanation: "E." },
    });
    expect(await answeredPrivately(bad)).toMatch(/source/i);

    const after = await storeSnapshot();
    expect([...after.entries()].filter(([key, value]) => before.get(key) !== value)).toEqual([]);
    expect((await h.game.community.question(h.guildId, pendingId))?.status).toBe("pending");
    expectNoViolations(h);
  });
});
