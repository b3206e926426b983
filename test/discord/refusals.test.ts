/**
 * The wording of Discord's refusals (src/discord/refusals.ts) where the end-to-end test cannot
 * steer it: which permissions are named, from what the request needed and what the bot is known
 * to lack, in the interaction's channel or another.
 */
import { DiscordAPIError, type Interaction, PermissionFlagsBits as P, PermissionsBitField } from "discord.js";
import { describe, expect, it } from "vitest";
import { discordRefusal } from "../../src/discord/interactions/refusals.ts";

const HERE = "111111111111111111";
const THERE = "222222222222222222";
const BOT = "999999999999999999";
const ALL = P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles;

/** An interaction in HERE, as much of one as the wording reads; the bot has `here` there and `there` in THERE. */
function interaction(options: { member: bigint; here?: bigint; there?: bigint }): Interaction {
  const stub = {
    channelId: HERE,
    applicationId: BOT,
    inGuild: () => true,
    appPermissions: new PermissionsBitField(options.here ?? ALL),
    memberPermissions: new PermissionsBitField(options.member),
    client: { user: { id: BOT } },
    guild: {
      channels: {
        cache: new Map([[THERE, { permissionsFor: () => new PermissionsBitField(options.there ?? ALL) }]]),
      },
    },
  };
  return stub as unknown as Interaction;
}

/** Discord's refusal of `method` on `path`, as discord.js raises it. */
function refusal(code: number, method: string, path: string, files = 0): DiscordAPIError {
  const body = { files: Array.from({ length: files }, (_, i) => ({ name: `f${i}.png`, data: "" })) };
  return new DiscordAPIError(
    { code, message: "refused" },
    code,
    403,
    method,
    `https://discord.com/api/v10${path}`,
    body,
  );
}

const MEMBER = P.ViewChannel | P.SendMessages;
const ADMIN = MEMBER | P.ManageGuild;

describe("Discord's refusals in words", () => {
  it("names only the permission the bot lacks in the interaction's channel", () => {
    const text = discordRefusal(
      interaction({ member: ADMIN, here: P.ViewChannel | P.SendMessages }),
      refusal(50013, "POST", `/channels/${HERE}/messages`),
      "en",
    );
    expect(text).toBe(
      `<#${HERE}> does not give me **Embed Links**, so I could not finish that. To fix it: open <#${HERE}>'s settings > Permissions, add <@${BOT}> (or its role) and allow **Embed Links**; then try again.`,
    );
  });

  it("reads another channel's permissions from the cache, and an edit with files needs Attach Files, not Send Messages", () => {
    const text = discordRefusal(
      interaction({ member: MEMBER, there: P.ViewChannel }),
      refusal(50013, "PATCH", `/channels/${THERE}/messages/333333333333333333`, 1),
      "en",
    );
    expect(text).toBe(
      `<#${THERE}> does not give me **Embed Links**, **Attach Files**, so I could not finish that. Ask a server admin to allow it for me there.`,
    );
  });

  it("names everything the request needed when the bot is not known to lack any of it", () => {
    const text = discordRefusal(
      interaction({ member: MEMBER }),
      refusal(50013, "POST", `/channels/${HERE}/messages`),
      "ko",
    );
    expect(text).toBe(
      `<#${HERE}> 채널에서 **채널 보기**, **메시지 보내기**, **링크 첨부** 권한이 저에게 없어서 끝내지 못했어요. 서버 관리자에게 그 채널에서 저에게 허용해 달라고 해 주세요.`,
    );
  });

  it("gives the fix to a member with Manage Channels or Manage Roles too", () => {
    for (const member of [MEMBER | P.ManageChannels, MEMBER | P.ManageRoles, P.Administrator]) {
      const text = discordRefusal(
        interaction({ member }),
        refusal(50001, "POST", `/channels/${HERE}/messages`),
        "en",
      );
      expect(text, String(member)).toContain("To fix it:");
    }
  });

  it("leaves other errors to the boundary's apology", () => {
    const anyone = interaction({ member: MEMBER });
    expect(discordRefusal(anyone, new Error("boom"), "en")).toBeUndefined();
    expect(
      discordRefusal(anyone, refusal(50035, "POST", `/channels/${HERE}/messages`), "en"),
    ).toBeUndefined();
    expect(
      discordRefusal(anyone, refusal(10062, "POST", "/interactions/1/t/callback"), "en"),
    ).toBeUndefined();
  });
});
