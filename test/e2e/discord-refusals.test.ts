/**
 * Discord refusing the bot's own requests, made for real by the fake (403/404 with Discord's JSON
 * codes): `/assign` posts the assignment in the channel, and that post is refused. The error
 * boundary says what happened in words, naming the channel and the permission: how to fix it to a
 * member who can change the channel's permissions, whom to ask to anyone else (here a quiz master
 * by role); in English and Korean. Never "This interaction failed", never an error reference.
 */
import { type APIUser, ApplicationCommandOptionType as T } from "discord.js";
import { beforeAll, describe, expect, it } from "vitest";
import { t } from "../../src/i18n/index.ts";
import { optionsOf, runCommand, shippedBankOnce } from "../helpers/bot.ts";
import {
  asQuizMaster,
  asQuizMasterByRole,
  expectNoViolations,
  MEMBER,
  useHarness,
} from "../helpers/harness.ts";

const h = useHarness();
const POST_IN_CHANNEL = /^\/channels\/\d+\/messages$/;
const EDIT_REPLY = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;

let master: APIUser;
/** A quiz master by the server's quiz-master role, without Manage Server: can assign, cannot fix permissions. */
let byRole: APIUser;

beforeAll(async () => {
  master = asQuizMaster(h, "teacher");
  byRole = await asQuizMasterByRole(h, "helper");
  // A set of one question to assign.
  const question = (await shippedBankOnce()).questions.find((q) => q.type === "multiple-choice");
  if (!question) throw new Error("no multiple-choice question");
  const set = { name: "set", type: T.String, value: "Refused" } as const;
  await runCommand(h, {
    user: master,
    name: "set",
    subcommand: "create",
    options: [{ ...set, name: "name" }],
  });
  await runCommand(h, {
    user: master,
    name: "set",
    subcommand: "add",
    options: [set, { name: "question", type: T.String, value: question.id }],
  });
});

/** How Discord refuses each code here: the channel post of `/assign`, or (10008) the edit of its reply. */
const FAULTS = {
  10003: { route: POST_IN_CHANNEL, method: "POST", status: 404 },
  10008: { route: EDIT_REPLY, method: "PATCH", status: 404 },
  50001: { route: POST_IN_CHANNEL, method: "POST", status: 403 },
  50013: { route: POST_IN_CHANNEL, method: "POST", status: 403 },
} as const;

/** Runs `/assign` as `user` while Discord refuses one of its requests with `code`; returns the reply. */
async function assignRefused(
  code: keyof typeof FAULTS,
  user: APIUser = master,
  actor: { memberPermissions?: bigint; locale?: string } = {},
) {
  h.fake.failNext({ ...FAULTS[code], code });
  const { handle, reply } = await runCommand(
    h,
    {
      user,
      ...actor,
      name: "assign",
      options: optionsOf({ set: "Refused", due: "in 3 days" }),
    },
    (m) => (m.content ?? "").length > 0,
  );
  expect(handle.isEphemeral(reply)).toBe(true);
  expect(handle.failed).toBe(false);
  return reply.content ?? "";
}

const channel = () => `<#${h.channelId}>`;
const bot = () => `<@${h.fake.botUser.id}>`;
/** The channel the refused post was for, and the bot, as the messages mention them. */
const place = () => ({ channel: channel(), bot: bot() });

describe("Discord's refusals, said in words by the error boundary", () => {
  it("tells a quiz master who can fix it which channel lacks which permissions, and how to allow them", async () => {
    const content = await assignRefused(50013);
    // As far as the bot knows it has them all here (Discord refused anyway): it names what a post needs.
    expect(content).toBe(
      t("en", "discord.refused.missingPermissions.fix", {
        ...place(),
        missing: "**View Channel**, **Send Messages**, **Embed Links**",
      }),
    );
    expectNoViolations(h);
  });

  it("tells a quiz master by role, who cannot change permissions, whom to ask", async () => {
    const content = await assignRefused(50013, byRole, { memberPermissions: MEMBER });
    expect(content).toMatch(/^<#\d+> does not give me \*\*/);
    expect(content).toContain(channel());
    expect(content).toContain("Ask a server admin to allow it for me there.");
    expect(content).not.toContain(bot());
  });

  it("says the bot cannot see the channel (missing access), with View Channel to allow", async () => {
    const content = await assignRefused(50001);
    expect(content).toBe(
      t("en", "discord.refused.missingAccess.fix", { ...place(), permission: "**View Channel**" }),
    );
    const asked = await assignRefused(50001, byRole, { memberPermissions: MEMBER });
    expect(asked).toBe(
      t("en", "discord.refused.missingAccess.ask", { channel: channel(), permission: "**View Channel**" }),
    );
  });

  it("says the channel is gone (unknown channel)", async () => {
    const content = await assignRefused(10003);
    expect(content).toBe(t("en", "discord.refused.unknownChannel", { channel: channel() }));
  });

  it("says the message is gone (unknown message) when the reply to edit was deleted", async () => {
    const content = await assignRefused(10008);
    expect(content).toBe(t("en", "discord.refused.unknownMessage"));
  });

  it("speaks Korean to a member whose Discord is in Korean", async () => {
    const content = await assignRefused(50001, master, { locale: "ko" });
    expect(content).toBe(
      t("ko", "discord.refused.missingAccess.fix", {
        ...place(),
        permission: `**${t("ko", "permission.ViewChannel")}**`,
      }),
    );
    expect(content).toContain("권한을 허용한 뒤 다시 해 주세요.");
    expectNoViolations(h);
  });
});
