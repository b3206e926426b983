import { type APIMessage, InteractionResponseType, MessageFlags, Routes } from "discord.js";
import { describe, expect, it } from "vitest";
import { answerButtons, rightButton, shippedBankOnce, startChannelRound } from "../helpers/bot.ts";
import { expectNoViolations, useHarness } from "../helpers/harness.ts";

// Issue 18, cases 5 and 11: a button names a session in its custom_id, and that is only a claim.
// The session's guild and channel must be the click's, and its kind decides the handling.

const h = useHarness({ fake: { guilds: [{ channels: [{ name: "a" }, { name: "a2" }] }, {}] } });

function place(guild: number, channel = 0) {
  const g = h.fake.guilds[guild];
  const channelId = g?.channels[channel]?.id;
  if (!g || !channelId) throw new Error(`no guild ${guild} / channel ${channel}`);
  return { guildId: g.id, channelId };
}

async function startRound(channelId: string) {
  const host = h.fake.user({ username: `host-${channelId}` });
  return (await startChannelRound(h, { channelId, host })).question;
}

/** Puts a button with the given custom_id on a bot message in a channel (a client can only click what is shown). */
async function messageWithButton(channelId: string, customId: string): Promise<APIMessage> {
  return (await h.running.client.rest.post(Routes.channelMessages(channelId), {
    body: {
      content: "carrier",
      components: [{ type: 1, components: [{ type: 2, style: 1, label: "x", custom_id: customId }] }],
      allowed_mentions: { parse: [] },
    },
  })) as APIMessage;
}

function sessionOf(question: APIMessage) {
  const id = answerButtons(question)[0]?.custom_id.split(":")[2];
  if (!id) throw new Error("no session id");
  return h.game.sessions.get(id);
}

describe("buttons are checked against the session they name", () => {
  it("refuses a click on guild A's round sent from guild B: nothing is stored, A's leaderboard is unchanged", async () => {
    const bank = await shippedBankOnce();
    const a = place(0);
    const b = place(1);
    const question = await startRound(a.channelId);
    const { button } = rightButton(question, bank);
    const carrier = await messageWithButton(b.channelId, button.custom_id);
    const intruder = h.fake.user({ username: "intruder" });
    h.fake.member(intruder, { guildId: b.guildId });
    const boardBefore = await h.game.leaderboards.page(a.guildId, "all-time", 0, 10);

    const click = h.fake.clickButton({ message: carrier, customId: button.custom_id, user: intruder });
    const reply = await click.waitForMessage((m) => (m.content ?? "").length > 0);

    expect(click.isEphemeral(reply)).toBe(true);
    expect(reply.content).toBe("This button belongs to a quiz in another channel: nothing was recorded.");
    expect(await h.game.scores.get(a.guildId, intruder.id)).toBeUndefined();
    expect(await h.game.scores.get(b.guildId, intruder.id)).toBeUndefined();
    expect((await sessionOf(question))?.answers[intruder.id]).toBeUndefined();
    expect(await h.game.leaderboards.page(a.guildId, "all-time", 0, 10)).toEqual(boardBefore);
    expectNoViolations(h);
  });

  it("refuses a click on a round of another channel of the same guild", async () => {
    const a = place(0);
    const other = place(0, 1);
    const question = await startRound(other.channelId);
    const customId = answerButtons(question)[0]?.custom_id ?? "";
    const carrier = await messageWithButton(a.channelId, customId);
    const player = h.fake.user({ username: "wanderer" });
    const click = h.fake.clickButton({ message: carrier, customId, user: player });
    const reply = await click.waitForMessage((m) => (m.content ?? "").length > 0);
    expect(reply.content).toContain("another channel");
    expect((await sessionOf(question))?.answers[player.id]).toBeUndefined();
    expect(await h.game.scores.get(a.guildId, player.id)).toBeUndefined();
  });

  it("handles a channel round's answer on an ephemeral message as a channel answer: no solo reveal", async () => {
    const bank = await shippedBankOnce();
    const b = place(1);
    const question = await startRound(b.channelId);
    const { button, question: asked } = rightButton(question, bank);
    const member = h.fake.user({ username: "peeker" });
    h.fake.member(member, { guildId: b.guildId });
    // The member's own private /help reply, made to carry the channel round's answer button.
    const help = h.fake.slashCommand({ channelId: b.channelId, user: member, name: "help" });
    const helpReply = await help.waitForMessage((m) => (m.content ?? "").length > 0 || m.embeds.length > 0);
    expect(help.isEphemeral(helpReply)).toBe(true);
    const carried = (await h.running.client.rest.patch(
      Routes.webhookMessage(h.fake.applicationId, help.token, "@original"),
      {
        body: {
          components: [
            { type: 1, components: [{ type: 2, style: 1, label: "x", custom_id: button.custom_id }] },
          ],
        },
      },
    )) as APIMessage;
    expect((carried.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);

    const click = h.fake.clickButton({ message: carried, customId: button.custom_id, user: member });
    const response = await click.response();
    // A solo answer would be a deferred update that edits the message into the reveal.
    expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const reply = await click.waitForMessage((m) => (m.content ?? "").includes("is in"));
    expect(click.isEphemeral(reply)).toBe(true);
    const everything = JSON.stringify([reply, h.fake.messages(b.channelId)]);
    expect(everything).not.toContain(asked.citation.quote.slice(0, 40));
    // Counted once, as a channel answer, in the round's tallies.
    const session = await sessionOf(question);
    expect(session?.kind).toBe("channel");
    expect(session?.answers[member.id]?.correct).toBe(true);
    expectNoViolations(h);
  });
});
