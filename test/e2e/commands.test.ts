import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { ApplicationCommandOptionType, InteractionResponseType } from "discord.js";
import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { buttonsOf, quizCommand, runCommand, startSoloQuiz, users } from "../helpers/bot.ts";
import { recordAnswerFor } from "../helpers/game.ts";
import { expectNoViolations, useHarness } from "../helpers/harness.ts";

const h = useHarness();

/** Gives players points directly through the store, as answers would. */
async function seedScores(count: number) {
  const players = users(h.fake, count, "ranked");
  for (const [i, player] of players.entries()) {
    for (let k = 0; k <= i % 4; k++) {
      await recordAnswerFor(
        h.game.scores,
        h.guildId,
        player.id,
        { questionId: "q", sourceId: "uscri-2004", difficulty: "easy", correct: true },
        h.game.now(),
      );
    }
  }
  return players;
}

describe("commands end to end", () => {
  it("registers every command with npm run deploy, as Discord validates them", async () => {
    const { stdout } = await promisify(execFile)(
      path.resolve("node_modules/.bin/tsx"),
      ["src/cli/deploy.ts"],
      {
        env: {
          ...process.env,
          DISCORD_TOKEN: h.fake.token,
          DISCORD_CLIENT_ID: h.fake.applicationId,
          DISCORD_GUILD_ID: h.guildId,
          DISCORD_API_URL: h.fake.apiUrl,
        },
      },
    );
    expect(stdout).toContain(`Registered ${commands.length} command(s) in server ${h.guildId}`);
    expect(
      h.fake
        .commands(h.guildId)
        .map((c) => c.name)
        .sort(),
    ).toEqual(commands.map((c) => c.data.name).sort());
    expectNoViolations(h);
  });

  it("/leaderboard pages with buttons and shows the caller's own rank; another viewer gets a private copy", async () => {
    const players = await seedScores(23);
    const viewer = players[5];
    if (!viewer) throw new Error("no players");
    const board = h.fake.slashCommand({ channelId: h.channelId, user: viewer, name: "leaderboard" });
    const message = await board.waitForMessage((m) => m.embeds.length > 0);
    expect(board.isEphemeral(message)).toBe(false);
    expect(message.embeds[0]?.title).toBe("Leaderboard: all time");
    expect(message.embeds[0]?.description).toContain("You are **#");
    expect(message.embeds[0]?.footer?.text).toBe("Page 1 of 3 · 23 ranked players");

    const next = buttonsOf(message).find((b) => b.label === "Next ▶");
    if (!next) throw new Error("no next button");
    const paged = h.fake.clickButton({ message, customId: next.custom_id, user: viewer });
    await paged.response();
    const page2 = await h.fake.waitForEdit(
      message.id,
      (m) => m.embeds[0]?.footer?.text?.startsWith("Page 2") ?? false,
    );
    expect(page2.embeds[0]?.description).not.toBe(message.embeds[0]?.description);

    const other = players[0];
    if (!other) throw new Error("no players");
    const nextOnPage2 = buttonsOf(page2).find((b) => b.label === "Next ▶");
    if (!nextOnPage2) throw new Error("no next button on page 2");
    const theirs = h.fake.clickButton({ message: page2, customId: nextOnPage2.custom_id, user: other });
    const privateCopy = await theirs.waitForMessage((m) => m.embeds.length > 0);
    expect(theirs.isEphemeral(privateCopy)).toBe(true);
    expect(h.fake.message(message.id)?.embeds[0]?.footer?.text?.startsWith("Page 2")).toBe(true);

    const { reply: weekly } = await runCommand(h, {
      user: viewer,
      name: "leaderboard",
      options: [{ name: "period", type: ApplicationCommandOptionType.String, value: "week" }],
    });
    expect(weekly.embeds[0]?.title).toBe("Leaderboard: this week");
    expectNoViolations(h);
  });

  it("/stats shows a player's record, per source, for the caller or another user", async () => {
    const [player] = await seedScores(1);
    if (!player) throw new Error("no player");
    const mine = h.fake.slashCommand({ channelId: h.channelId, user: player, name: "stats" });
    const own = await mine.waitForMessage((m) => m.embeds.length > 0);
    expect(own.embeds[0]?.fields?.find((f) => f.name === "By source")?.value).toContain(
      "U.S. Committee for Refugees World Refugee Survey 2004",
    );
    const someone = h.fake.user({ username: "curious" });
    const { reply: shown } = await runCommand(h, {
      user: someone,
      name: "stats",
      options: [{ name: "user", type: ApplicationCommandOptionType.User, value: player }],
    });
    expect(shown.embeds[0]?.description).toBe(`<@${player.id}>`);
    const nobody = h.fake.slashCommand({ channelId: h.channelId, user: someone, name: "stats" });
    expect((await nobody.waitForMessage((m) => m.embeds.length > 0)).embeds[0]?.title).toBe("No answers yet");
    expectNoViolations(h);
  });

  it("/sources lists the documents with their question counts, and shows one in detail", async () => {
    const user = h.fake.user({ username: "reader" });
    const all = h.fake.slashCommand({ channelId: h.channelId, user, name: "sources" });
    const list = await all.waitForMessage((m) => m.embeds.length > 0);
    expect(list.embeds[0]?.fields).toHaveLength(5);
    expect(list.embeds[0]?.fields?.[1]?.value).toMatch(/\d+ questions/);
    const one = h.fake.slashCommand({
      channelId: h.channelId,
      user,
      name: "sources",
      options: [{ name: "source", type: ApplicationCommandOptionType.String, value: "tvedt-2018" }],
    });
    const detail = await one.waitForMessage((m) => m.embeds.length > 0);
    expect(detail.embeds[0]?.title).toContain("Forgotten");
    expect(detail.embeds[0]?.fields?.find((f) => f.name === "Sections")?.value).toContain(
      "Fleeing North Korea",
    );
    const bad = h.fake.slashCommand({
      channelId: h.channelId,
      user,
      name: "sources",
      options: [{ name: "source", type: ApplicationCommandOptionType.String, value: "wikipedia" }],
    });
    const refusal = await bad.waitForMessage((m) => (m.content ?? "").length > 0);
    expect(refusal.content).toContain('There is no source "wikipedia"');
    expect(bad.isEphemeral(refusal)).toBe(true);
    expectNoViolations(h);
  });

  it("/help explains how to play and the scoring rules", async () => {
    const help = h.fake.slashCommand({ channelId: h.channelId, user: h.fake.user(), name: "help" });
    const message = await help.waitForMessage((m) => m.embeds.length > 0);
    expect(help.isEphemeral(message)).toBe(true);
    expect(message.embeds[0]?.fields?.find((f) => f.name === "Scoring")?.value).toContain("10 points (easy)");
    expectNoViolations(h);
  });

  it("autocompletes sources and topics", async () => {
    const user = h.fake.user();
    const sources = h.fake.autocomplete({
      channelId: h.channelId,
      user,
      name: "quiz",
      subcommand: "solo",
      focused: { name: "source", value: "state" },
    });
    const response = await sources.response();
    expect(response.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(JSON.stringify(response)).toContain("state-dept-2005");
    const topics = h.fake.autocomplete({
      channelId: h.channelId,
      user,
      name: "quiz",
      subcommand: "channel",
      focused: { name: "topic", value: "chi" },
    });
    expect(JSON.stringify(await topics.response())).toContain('"china"');
    expectNoViolations(h);
  });

  it("refuses unknown filters with a message that says what to pick", async () => {
    const user = h.fake.user();
    const quiz = quizCommand(h, user, "solo", { topic: "aliens" });
    const reply = await quiz.waitForMessage((m) => (m.content ?? "").length > 0);
    expect(reply.content).toContain('There is no topic "aliens"');
    expectNoViolations(h);
  });

  it("says the commands work in servers when used in a DM", async () => {
    const dm = h.fake.slashCommand({ user: h.fake.user(), name: "help" });
    const reply = await dm.waitForMessage((m) => (m.content ?? "").length > 0);
    expect(reply.content).toContain("work in a server");
    expectNoViolations(h);
  });

  it("answers with an apology and a reference when the store fails, and records nothing", async () => {
    const player = h.fake.user({ username: "unlucky" });
    const { question, first: button } = await startSoloQuiz(h, player);
    // The store goes away under the bot (a lost connection): no commit can be saved. Every store
    // writes through its backend's transactions (on SQLite, straight through the driver), so the
    // fault is made there.
    const transactions = h.game.transactions;
    const { transact } = transactions;
    transactions.transact = async (): Promise<never> => {
      throw new Error("store unavailable");
    };
    try {
      const click = h.fake.clickButton({ message: question, customId: button.custom_id, user: player });
      const apology = await click.waitForMessage((m) => (m.content ?? "").includes("reference"));
      expect(apology.content).toMatch(/Sorry, something went wrong on our side.*reference `[A-Z0-9]{8}`/);
      expect(click.isEphemeral(apology)).toBe(true);
      expect(click.failed).toBe(false);
    } finally {
      transactions.transact = transact;
    }
    expect(await h.game.scores.get(h.guildId, player.id)).toBeUndefined();
    // The question is still open: the player can answer again once the store is back.
    const retry = h.fake.clickButton({ message: question, customId: button.custom_id, user: player });
    await retry.response();
    await h.fake.waitForEdit(question.id, (m) => m.embeds.length === 2);
    expect((await h.game.scores.get(h.guildId, player.id))?.answered).toBe(1);
    expectNoViolations(h);
  });
});
