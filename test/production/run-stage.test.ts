/**
 * The container's run stage, without a container runtime: a folder holding what the Dockerfile's
 * run stage copies (package.json and its lock file, `npm ci --omit=dev`, dist/, questions/,
 * assets/, scripts/) and nothing else, made by `.ci/production-stand-in`, which runs this
 * file (the "production" vitest project exists only when PRODUCTION_APP_DIR names that folder).
 * From it, with the Node it was installed for (PRODUCTION_NODE): the bot starts as the image's CMD
 * does, passes the image's HEALTHCHECK command, draws a reveal's chart with text, and the npm
 * scripts an operator runs (deploy, backup, rest-proxy) work without the development tools. It
 * prints the start-up time and the idle resident memory it saw.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "../fake-discord/index.ts";
import { playOneRightAnswer } from "../helpers/bot.ts";
import { type BotProcess, loggedPort, PROJECT_DIR } from "../helpers/bot-process.ts";
import { darkTitlePixels } from "../helpers/png-text.ts";

const run = promisify(execFile);
const APP = process.env.PRODUCTION_APP_DIR ?? "";
const NODE = process.env.PRODUCTION_NODE || process.execPath;
/** npm and every script it starts run on the production Node. */
const PATH = `${path.dirname(NODE)}${path.delimiter}${process.env.PATH ?? ""}`;

let fake: FakeDiscord;
let bot: BotProcess & { startedAt: number };
/** When the fake saw the bot's shard READY (performance.now()). */
let readyAt = 0;

/** The bot as the image's CMD starts it: `node dist/src/main.js` in the app folder. */
function startBot(env: Record<string, string>): BotProcess & { startedAt: number } {
  const startedAt = performance.now();
  const child = spawn(NODE, ["dist/src/main.js"], {
    cwd: APP,
    env: { ...process.env, PATH, LOG_LEVEL: "info", QUIZ_REVEAL_SECONDS: "2", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr.on("data", (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    startedAt,
    output: () => output,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Resident memory of a process in MB, from /proc. */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  return Math.round(Number(line?.[1] ?? 0) / 1024);
}

/** The Dockerfile's HEALTHCHECK command, as its exec-form JSON array. */
function healthcheckCommand(): string[] {
  const dockerfile = readFileSync(path.join(PROJECT_DIR, "Dockerfile"), "utf8").replaceAll("\\\n", " ");
  const json = dockerfile.match(/^HEALTHCHECK .*?CMD (\[.*\])\s*$/m)?.[1];
  if (!json) throw new Error("the Dockerfile has no exec-form HEALTHCHECK");
  return JSON.parse(json) as string[];
}

beforeAll(async () => {
  expect(APP, "PRODUCTION_APP_DIR").not.toBe("");
  fake = await FakeDiscord.start({ strictMentions: true });
  bot = startBot({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    STORE_URL: "sqlite://data/quiz.sqlite",
    HEALTH_PORT: "0",
  });
  await fake.waitForShards(60_000).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${bot.output()}`);
  });
  readyAt = performance.now();
});

afterAll(async () => {
  await bot?.kill();
  await fake?.close();
});

describe("the run stage (npm ci --omit=dev, dist/, questions/, assets/)", () => {
  it("holds no development tool", () => {
    for (const tool of ["tsx", "typescript", "vitest", "@biomejs/biome"])
      expect(existsSync(path.join(APP, "node_modules", tool)), tool).toBe(false);
  });

  it("starts the bot, which passes the image's health check; prints start-up time and idle memory", async () => {
    const port = await loggedPort(bot, "health and metrics listening");
    const [command = "", ...args] = healthcheckCommand();
    const check = await run(command === "node" ? NODE : command, args, {
      cwd: APP,
      env: { ...process.env, HEALTH_PORT: String(port) },
    }).then(
      () => 0,
      (error: { code: number }) => error.code,
    );
    expect(check).toBe(0);
    // Idle: logged in, nothing asked of it for a few seconds.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    console.info(
      `[production] node ${await run(NODE, ["--version"]).then((r) => r.stdout.trim())}: gateway READY ` +
        `${Math.round(readyAt - bot.startedAt)} ms after spawn, idle RSS ${rssMb(bot.child.pid ?? 0)} MB`,
    );
  });

  it("answers a channel round and reveals it with a chart that has text", async () => {
    const channelId = fake.guilds[0]?.channels[0]?.id ?? "";
    const player = fake.user({ username: "player" });
    await playOneRightAnswer(fake, channelId, player);
    const png = fake.calls.flatMap((c) => c.files).find((f) => f.name === "picks.png");
    expect(png && darkTitlePixels(png.data)).toBeGreaterThan(300);
    expect(fake.violations).toEqual([]);
  });

  it("runs npm start, npm run deploy, backup and rest-proxy without the development tools", async () => {
    const npm = (args: string[], env: Record<string, string> = {}) =>
      run("npm", args, { cwd: APP, env: { ...process.env, PATH, ...env } });
    const guildId = fake.guilds[0]?.id ?? "";
    const deployed = await npm(["run", "-s", "deploy"], {
      DISCORD_TOKEN: fake.token,
      DISCORD_CLIENT_ID: fake.applicationId,
      DISCORD_GUILD_ID: guildId,
      DISCORD_API_URL: fake.apiUrl,
    });
    expect(deployed.stdout).toContain(`command(s) in server ${guildId}`);

    // npm start skips the build where there is no compiler, and starts dist/ (here: to its
    // message for a missing token, which proves the bot ran).
    const started = await npm(["start"], { DISCORD_TOKEN: "" }).then(
      () => "",
      (error: { stderr: string }) => error.stderr,
    );
    expect(started).toContain("No Discord token is set");

    const copy = `data/backup-${Date.now()}.sqlite`;
    await npm(["run", "-s", "backup", "--", copy], { STORE_URL: "sqlite://data/quiz.sqlite" });
    expect(existsSync(path.join(APP, copy))).toBe(true);

    const proxy = spawn("npm", ["run", "-s", "rest-proxy"], {
      cwd: APP,
      env: { ...process.env, PATH, REST_PROXY_PORT: "0", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    proxy.stdout.on("data", (chunk) => {
      output += String(chunk);
    });
    proxy.stderr.on("data", (chunk) => {
      output += String(chunk);
    });
    try {
      await fake.waitUntil(
        () => output.includes("REST proxy listening"),
        30_000,
        "the REST proxy's log line",
      );
    } finally {
      // npm and the proxy under it, as one process group.
      if (proxy.pid !== undefined) process.kill(-proxy.pid, "SIGTERM");
    }
  });
});
