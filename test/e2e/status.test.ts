/**
 * /status, the owner's view of the bot: the application's owner (as GET /applications/@me names
 * them; in the fake, the first guild's owner) sees the bot's state, privately; a plain member and
 * another guild's own owner are refused, privately too.
 */
import type { APIUser } from "discord.js";
import { beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../helpers/bot.ts";
import { expectNoViolations, useHarness } from "../helpers/harness.ts";

const h = useHarness({ fake: { guilds: [{ name: "Owner's server" }, { name: "Another server" }] } });
let owner: APIUser;

beforeAll(() => {
  // The fake's application belongs to the first guild's owner.
  owner = h.fake.user({ id: h.fake.guilds[0]?.ownerId ?? "", username: "owner" });
});

const REFUSAL = "Only the bot's owner (whoever runs this bot) can see its status.";

describe("/status", () => {
  it("shows the owner the version, uptime, shards, store, servers and memory, privately", async () => {
    const { handle, reply } = await runCommand(h, { user: owner, name: "status" });
    expect(handle.isEphemeral(reply)).toBe(true);
    const embed = reply.embeds[0];
    expect(embed?.title).toBe("Bot status");
    const field = (name: string) => embed?.fields?.find((f) => f.name === name)?.value ?? "";
    expect(field("Version")).toMatch(/^\d+\.\d+\.\d+/);
    expect(field("Uptime")).toMatch(/^\d+ d \d+ h \d+ min$/);
    if (h.transport === "http")
      expect(field("Shards")).toBe("this process: none, interactions over HTTP (of 1)");
    else expect(field("Shards")).toBe("this process: 0 (of 1)");
    expect(field("Store")).toMatch(/^sqlite: reachable, takes writes \(\d+ ms\)$/);
    expect(field("Memory")).toMatch(/^[\d.]+ MB resident, [\d.]+ MB heap$/);
    expectNoViolations(h);
  });

  it("speaks Korean to an owner whose Discord is in Korean", async () => {
    const { reply } = await runCommand(h, { user: owner, name: "status", locale: "ko" });
    expect(reply.embeds[0]?.title).toBe("봇 상태");
    expect(reply.embeds[0]?.fields?.find((f) => f.name === "저장소")?.value).toMatch(
      /^sqlite: 연결되어 있고/,
    );
  });

  it("refuses a plain member of the owner's server, and the owner of another server, privately", async () => {
    const member = h.fake.user({ username: "member" });
    const plain = await runCommand(h, { user: member, name: "status" });
    expect(plain.handle.isEphemeral(plain.reply)).toBe(true);
    expect(plain.reply.content).toBe(REFUSAL);
    expect(plain.reply.embeds).toEqual([]);

    const other = h.fake.guilds[1];
    const otherOwner = h.fake.user({ id: other?.ownerId ?? "", username: "otherOwner" });
    const elsewhere = await runCommand(h, {
      user: otherOwner,
      name: "status",
      channelId: other?.channels[0]?.id ?? "",
    });
    expect(elsewhere.handle.isEphemeral(elsewhere.reply)).toBe(true);
    expect(elsewhere.reply.content).toBe(REFUSAL);
    expectNoViolations(h);
  });
});

describe("/status when a team owns the application", () => {
  const teamOwnerId = "900000000000000001";
  const memberId = "900000000000000002";
  const team = useHarness({ fake: { applicationTeam: { ownerId: teamOwnerId, memberIds: [memberId] } } });

  it("shows every member of the team the bot's status, and refuses the server's owner who is not on it", async () => {
    for (const [id, username] of [
      [teamOwnerId, "teamOwner"],
      [memberId, "teamMember"],
    ] as const) {
      const { handle, reply } = await runCommand(team, {
        user: team.fake.user({ id, username }),
        name: "status",
      });
      expect(handle.isEphemeral(reply)).toBe(true);
      expect(reply.embeds[0]?.title).toBe("Bot status");
    }
    const serverOwner = team.fake.user({ id: team.fake.guilds[0]?.ownerId ?? "", username: "serverOwner" });
    const refused = await runCommand(team, { user: serverOwner, name: "status" });
    expect(refused.reply.content).toBe(REFUSAL);
    expectNoViolations(team);
  });
});
