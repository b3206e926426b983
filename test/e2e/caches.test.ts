/**
 * The bot's discord.js caches hold only what it reads (src/discord/transport/client-caches.ts): after a
 * round of many players, no user, member or message is kept but the bot's own, and everything
 * that used to come from those caches still works from the interactions and REST.
 */
import type { APIMessage, Client } from "discord.js";
import { describe, expect, it } from "vitest";
import {
  answerButtons,
  answersLocked,
  rightButton,
  runCommand,
  shippedBankOnce,
  startChannelRound,
  users,
} from "../helpers/bot.ts";
import { asQuizMasterByRole, expectNoViolations, MEMBER, useHarness } from "../helpers/harness.ts";

const PLAYERS = 40;

const h = useHarness({ fake: { guilds: [{ channels: [{ name: "quiz" }] }] } });

/** What discord.js keeps, by cache: ids of users and members, and messages per channel. */
function cached(client: Client) {
  const guild = client.guilds.cache.get(h.guildId);
  return {
    users: [...client.users.cache.keys()],
    members: [...(guild?.members.cache.keys() ?? [])],
    messages: [...client.channels.cache.values()].reduce(
      (sum, channel) => sum + ("messages" in channel ? channel.messages.cache.size : 0),
      0,
    ),
  };
}

/** Every player clicks the question at once (half right); resolves when each has their private reply. */
async function clickAll(question: APIMessage, players: ReturnType<typeof users>) {
  const bank = await shippedBankOnce();
  const right = rightButton(question, bank).button.custom_id;
  const wrong = answerButtons(question).find((b) => b.custom_id !== right)?.custom_id;
  if (!wrong) throw new Error("no wrong option");
  const clicks = players.map((user, i) =>
    h.fake.clickButton({ message: question, customId: i % 2 === 0 ? right : wrong, user }),
  );
  await Promise.all(clicks.map((c) => c.waitForMessage((m) => (m.content ?? "").includes("is in"))));
  expect(clicks.filter((c) => c.failed)).toEqual([]);
}

describe("the bot's restricted discord.js caches", () => {
  it("keep no player, member or message after a round, and the round still counts every click", async () => {
    const { question: first } = await startChannelRound(h);
    const sessionId = answerButtons(first)[0]?.custom_id.split(":")[2] as string;
    const players = users(h.fake, PLAYERS);
    await clickAll(first, players);

    // On the gateway the bot's own user (from READY) is cached; over HTTP there is no READY, and no user at all.
    const botId = h.running.client.user?.id;
    const after = cached(h.running.client);
    expect(after.users).toEqual(botId === undefined ? [] : [botId]);
    expect(after.members.filter((id) => id !== botId)).toEqual([]);
    expect(after.messages).toBe(0);

    // The same players again on the next question: nothing of them is cached, all is rebuilt from the clicks.
    await h.running.bot.rounds.runNextStepNow(sessionId);
    const revealed = await h.fake.waitForEdit(first.id, answersLocked);
    expect(JSON.stringify(revealed.embeds)).toContain(`${PLAYERS / 2} of ${PLAYERS} players got it right`);
    await h.running.bot.rounds.runNextStepNow(sessionId);
    const second = await h.fake.waitForMessage(
      h.channelId,
      (m) => m.id !== first.id && answerButtons(m).length > 0,
    );
    await clickAll(second, players);
    const state = await h.game.sessions.get(sessionId);
    const tallies = Object.values(state?.tallies ?? {});
    expect(tallies).toHaveLength(PLAYERS);
    expect(tallies.every((t) => t.answered === 2)).toBe(true);
    expect(cached(h.running.client).users).toEqual(botId === undefined ? [] : [botId]);
    expectNoViolations(h);
  });

  it("still knows a quiz master by role (from the interaction's member) and names players by REST", async () => {
    const master = await asQuizMasterByRole(h, "helper");
    const { reply: review } = await runCommand(h, {
      user: master,
      memberPermissions: MEMBER,
      name: "question",
      subcommand: "review",
    });
    expect(review.content ?? "").not.toContain("Only quiz masters can do that");
    // Without the role, the same member is refused: the check above did read the role.
    const other = h.fake.user({ username: "member" });
    const { reply: refused } = await runCommand(h, {
      user: other,
      memberPermissions: MEMBER,
      name: "question",
      subcommand: "review",
    });
    expect(refused.content ?? "").toContain("Only quiz masters can do that");

    // The leaderboard card names the top players, fetched by REST now that no user is cached.
    const { reply: board } = await runCommand(h, { user: master, name: "leaderboard" });
    expect(board.attachments.length).toBeGreaterThan(0);
    const fetched = h.fake.calls.filter((call) => call.method === "GET" && /^\/users\/\d+$/.test(call.path));
    expect(fetched.length).toBeGreaterThan(0);
    expectNoViolations(h);
  });
});
