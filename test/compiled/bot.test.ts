/**
 * The compiled bot, as users run it: `node dist/src/main.js` and `node dist/src/cli/deploy.js` as
 * real processes, started from a working directory outside the project, against the fake Discord.
 * What only a build can break is checked here: the chart worker and the font found from dist/
 * (every chart has text in its title), the questions found from anywhere, and what an operator
 * reads when Discord refuses the token.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type APIMessage, PermissionFlagsBits } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { FakeDiscord } from "../fake-discord/index.ts";
import { playOneRightAnswer } from "../helpers/bot.ts";
import { type BotProcess, PROJECT_DIR, spawnBotProcess } from "../helpers/bot-process.ts";
import { darkTitlePixels } from "../helpers/png-text.ts";

const run = promisify(execFile);

/** A token shaped like the fake's (so the configuration accepts it) that the fake did not issue. */
const wrongToken = (fake: FakeDiscord) => `${fake.token.slice(0, -4)}XXXX`;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A temp folder, removed after the test: the working directory, and the store's home. */
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "quiz-compiled-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function fakeDiscord(): Promise<FakeDiscord> {
  const fake = await FakeDiscord.start({ strictMentions: true });
  cleanups.push(() => fake.close());
  return fake;
}

function compiledBot(env: Record<string, string>, cwd: string): BotProcess {
  const bot = spawnBotProcess(
    { LOG_LEVEL: "info", QUIZ_REVEAL_SECONDS: "2", ...env },
    { compiled: true, cwd },
  );
  cleanups.push(() => bot.kill());
  return bot;
}

/** The PNGs a message carries, decoded from the last upload of each of its attachments' names. */
function chartsOf(fake: FakeDiscord, message: APIMessage): { name: string; data: Buffer }[] {
  return message.attachments.map((attachment) => {
    const file = fake.calls
      .flatMap((call) => call.files)
      .filter((f) => f.name === attachment.filename)
      .at(-1);
    if (!file) throw new Error(`no upload named ${attachment.filename}`);
    expect(file.contentType).toBe("image/png");
    return { name: file.name, data: file.data };
  });
}

/** Expects every chart of a message to have text (glyphs: dark pixels) in its title. */
function expectChartsWithText(fake: FakeDiscord, message: APIMessage, names: RegExp) {
  const charts = chartsOf(fake, message);
  expect(charts.length).toBeGreaterThan(0);
  for (const chart of charts) {
    expect(chart.name).toMatch(names);
    // A 30 px title has thousands of ink pixels; a chart drawn without its font has none there.
    expect(darkTitlePixels(chart.data), chart.name).toBeGreaterThan(300);
  }
}

describe("the compiled bot, started outside the project folder", () => {
  it("draws charts with text: a channel reveal, /stats and /leaderboard", async () => {
    const fake = await fakeDiscord();
    const cwd = tempDir();
    const bot = compiledBot(
      {
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        STORE_URL: `sqlite://${path.join(cwd, "quiz.sqlite")}`,
      },
      cwd,
    );
    await fake.waitForShards(30_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${bot.output()}`);
    });
    const channelId = fake.guilds[0]?.channels[0]?.id ?? "";
    const alice = fake.user({ username: "alice" });
    const { revealed } = await playOneRightAnswer(fake, channelId, alice);
    expectChartsWithText(fake, revealed, /^picks\.png$/);

    const stats = fake.slashCommand({ channelId, user: alice, name: "stats" });
    expectChartsWithText(fake, await stats.waitForMessage((m) => m.attachments.length > 0, 15_000), /\.png$/);

    const board = fake.slashCommand({ channelId, user: alice, name: "leaderboard" });
    expectChartsWithText(fake, await board.waitForMessage((m) => m.attachments.length > 0, 15_000), /\.png$/);

    // Nothing logged at error level (a chart that failed to draw is logged so, and sent without it).
    const errors = bot
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { level: number; msg?: string })
      .filter((entry) => entry.level >= 50);
    expect(errors).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  it.each([
    ["gateway", {}],
    // Over HTTP the first call with the token is REST's (the bot's guilds), not the gateway login.
    ["HTTP interactions", { INTERACTIONS_PORT: "0" }],
  ] as const)("says Discord refused the token (%s), with what to do and no stack trace", async (_, extra) => {
    const fake = await fakeDiscord();
    const cwd = tempDir();
    const bot = compiledBot(
      {
        DISCORD_TOKEN: wrongToken(fake),
        DISCORD_API_URL: fake.apiUrl,
        DISCORD_PUBLIC_KEY: fake.publicKey,
        STORE_URL: `sqlite://${path.join(cwd, "quiz.sqlite")}`,
        ...extra,
      },
      cwd,
    );
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toContain("Discord refused the bot's token (DISCORD_TOKEN)");
    expect(bot.output()).toContain("Reset Token");
    expect(bot.output()).not.toMatch(/^\s+at /m);
  });
});

describe("the compiled deploy tool", () => {
  const deploy = (env: Record<string, string>, cwd: string) =>
    run(process.execPath, [path.join(PROJECT_DIR, "dist/src/cli/deploy.js")], {
      cwd,
      env: { ...process.env, ...env },
    });

  it("registers every command and prints an invite asking for Attach Files", async () => {
    const fake = await fakeDiscord();
    const guildId = fake.guilds[0]?.id ?? "";
    const { stdout } = await deploy(
      {
        DISCORD_TOKEN: fake.token,
        DISCORD_CLIENT_ID: fake.applicationId,
        DISCORD_GUILD_ID: guildId,
        DISCORD_API_URL: fake.apiUrl,
      },
      tempDir(),
    );
    expect(stdout).toContain(`Registered ${commands.length} command(s) in server ${guildId}`);
    const invite = new URL(stdout.match(/https:\/\/discord\.com\/oauth2\/authorize\S+/)?.[0] ?? "");
    expect(invite.searchParams.get("client_id")).toBe(fake.applicationId);
    expect(invite.searchParams.get("scope")).toBe("bot applications.commands");
    const permissions = BigInt(invite.searchParams.get("permissions") ?? "0");
    for (const needed of ["ViewChannel", "SendMessages", "EmbedLinks", "AttachFiles"] as const)
      expect(permissions & PermissionFlagsBits[needed], needed).toBe(PermissionFlagsBits[needed]);
  });

  it("says Discord refused the token, with no stack trace", async () => {
    const fake = await fakeDiscord();
    const failed = await deploy(
      {
        DISCORD_TOKEN: wrongToken(fake),
        DISCORD_CLIENT_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
      },
      tempDir(),
    ).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain("Discord refused the bot's token (DISCORD_TOKEN)");
    expect(failed?.stderr).not.toMatch(/^\s+at /m);
  });
});
