/**
 * The operator's side of the bot, on the real bot process against the fake Discord: SIGTERM in
 * the middle of a burst, /healthz and /metrics, a backup during a burst, and a start-up against a
 * store that is not there. Every fault is real: real signals, a Redis server that is stopped, a
 * closed port.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type KeyvRedis from "@keyv/redis";
import { type APIMessage, ApplicationCommandOptionType } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { createAppContext } from "../../src/app/context.ts";
import { backupSqlite } from "../../src/store/backends/sqlite/adapter.ts";
import { openKeyv } from "../../src/store/open.ts";
import { FakeDiscord, type InteractionHandle } from "../fake-discord/index.ts";
import { answerButtons, shippedBankOnce, users } from "../helpers/bot.ts";
import { silentLogger } from "../helpers/game.ts";
import { freePort, hasRedisServer, startThrowawayRedis } from "../helpers/redis-server.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const T = ApplicationCommandOptionType;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const text = (m: APIMessage | undefined) => m?.content ?? "";
const isIn = (m: APIMessage) => text(m).includes("is in");

/** Prints a case's numbers (the closing note of issues 11 and 18 quotes them). */
function report(what: string, numbers: Record<string, number | string>) {
  console.info(`[operate] ${what}: ${JSON.stringify(numbers)}`);
}

interface BotProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  logs(): string;
  /** The port of the /healthz listener, read from the bot's log line. */
  healthPort(): Promise<number>;
}

/** The bot as its own process: plain node with tsx's loader in the same process (no wrapper). */
function startBotProcess(env: Record<string, string>): BotProcess {
  let logs = "";
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, LOG_LEVEL: "info", QUIZ_REVEAL_SECONDS: "2", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => {
    logs += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    logs += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  });
  return {
    child,
    exited,
    logs: () => logs,
    async healthPort() {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const line = logs.split("\n").find((l) => l.includes("health and metrics listening"));
        if (line) return (JSON.parse(line) as { port: number }).port;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no health listener:\n${logs}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

function tempStore(): string {
  return `sqlite://${path.join(tempDir("quiz-operate-"), "quiz.sqlite")}`;
}

async function fakeDiscord(): Promise<FakeDiscord> {
  const fake = await FakeDiscord.start({ strictMentions: true });
  cleanups.push(() => fake.close());
  return fake;
}

/** Starts a channel round of one question and returns its question message. */
async function startRound(fake: FakeDiscord, seconds = 60) {
  const channelId = fake.guilds[0]?.channels[0]?.id ?? "";
  const start = fake.slashCommand({
    channelId,
    user: fake.user({ username: "host" }),
    name: "quiz",
    subcommand: "channel",
    options: [
      { name: "questions", type: T.Integer, value: 1 },
      { name: "seconds", type: T.Integer, value: seconds },
    ],
  });
  await start.waitForMessage((m) => text(m).includes("has started"), 10_000);
  const question = await fake.waitForMessage(channelId, (m) => answerButtons(m).length > 0);
  const sessionId = answerButtons(question)[0]?.custom_id.split(":")[2] ?? "";
  return { question, sessionId, guildId: fake.guilds[0]?.id ?? "" };
}

/** A GET with how long it took to answer (latencies reported, only bounded loosely in assertions). */
async function timedGet(port: number, route: string): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  const { status, body } = await get(port, route);
  return { status, body, ms: Math.round(performance.now() - started) };
}

/**
 * /healthz once the bot is ready: asked again until 200, for up to 10 s (the bot is ready once it
 * has finished starting, a moment after its shards are up).
 */
async function untilReady(port: number, route = "/healthz"): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + 10_000;
  let answer = await get(port, route);
  while (answer.status !== 200 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    answer = await get(port, route);
  }
  return answer;
}

async function get(port: number, route: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${route}`);
  return { status: response.status, body: await response.text() };
}

describe("SIGTERM to the bot process during a burst of answers (issue 18, case 6)", () => {
  it("answers every click it took, loses no acknowledged answer, and exits within the bound", async () => {
    const fake = await fakeDiscord();
    const storeUrl = tempStore();
    const bot = startBotProcess({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      STORE_URL: storeUrl,
    });
    await fake.waitForShards(30_000);
    const { question, sessionId, guildId } = await startRound(fake);
    const buttons = answerButtons(question);
    const players = users(fake, 150, "burst");
    const clicks: InteractionHandle[] = [];
    // The first 50 clicks are answered before the signal; the other 100 are on their way when it comes.
    for (const [i, user] of players.slice(0, 50).entries())
      clicks.push(
        fake.clickButton({ message: question, customId: buttons[i % buttons.length]?.custom_id ?? "", user }),
      );
    await Promise.all(clicks.map((click) => click.waitForMessage(isIn, 10_000)));
    for (const [i, user] of players.slice(50).entries())
      clicks.push(
        fake.clickButton({ message: question, customId: buttons[i % buttons.length]?.custom_id ?? "", user }),
      );
    bot.child.kill("SIGTERM");
    const code = await bot.exited;
    expect(code, bot.logs()).toBe(0);

    // Every click got a response: its answer is in, or it was told the bot is restarting.
    const settled = clicks.map((click) => ({ response: click.initialResponse, failed: click.failed }));
    const told = clicks.map((click) => text(click.original()));
    const acknowledged = players.filter((_, i) => told[i]?.includes("is in"));
    const restarting = told.filter((t) => t.includes("restarting")).length;
    expect(settled.filter((s) => s.response === undefined || s.failed)).toEqual([]);
    expect(acknowledged.length + restarting).toBe(players.length);

    // Every acknowledged answer is in the store, in the session and the score.
    const keyv = openKeyv(storeUrl);
    const game = createAppContext({ bank: await shippedBankOnce(), keyv, logger: silentLogger });
    const session = await game.sessions.get(sessionId);
    let counted = 0;
    for (const user of acknowledged) {
      expect(session?.answers[user.id]).toBeDefined();
      expect((await game.scores.get(guildId, user.id))?.answered).toBe(1);
      counted++;
    }
    await keyv.disconnect();
    report("SIGTERM during a 150-click burst", {
      sent: players.length,
      acknowledged: acknowledged.length,
      toldRestarting: restarting,
      noResponse: players.length - acknowledged.length - restarting,
      counted,
    });
  }, 90_000);
});

describe("SIGTERM to `npm start` (issue 18, case 4)", () => {
  it("reaches the bot, which stops: nothing is left running on the gateway", async () => {
    // `npm start` runs the compiled bot (CI builds before the tests; built here when missing).
    if (!existsSync("dist/src/main.js")) execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"]);
    const fake = await fakeDiscord();
    let logs = "";
    // --ignore-scripts skips only the prestart build; the start script itself runs as usual.
    const npm = spawn("npm", ["start", "--ignore-scripts"], {
      env: {
        ...process.env,
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        STORE_URL: tempStore(),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    npm.stdout?.on("data", (chunk) => {
      logs += String(chunk);
    });
    npm.stderr?.on("data", (chunk) => {
      logs += String(chunk);
    });
    const exited = new Promise<void>((resolve) => npm.once("exit", () => resolve()));
    cleanups.push(async () => {
      if (npm.exitCode === null && npm.signalCode === null) npm.kill("SIGKILL");
      await exited;
    });
    await fake.waitForShards(60_000);
    npm.kill("SIGTERM");
    await exited;
    // The bot itself got the signal: it logged its shutdown, and its shard left the gateway.
    await fake.waitUntil(() => fake.readyShards.length === 0, 15_000, "the bot's shard to go away");
    expect(logs, logs).toContain('"signal":"SIGTERM"');
    expect(logs).toContain('"msg":"stopped"');
  }, 180_000);
});

describe("the health and metrics listener", () => {
  it("counts a known number of interactions in /metrics, in Prometheus's text format, per shard", async () => {
    const fake = await fakeDiscord();
    const bot = startBotProcess({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      STORE_URL: tempStore(),
      HEALTH_PORT: "0",
    });
    const port = await bot.healthPort();
    await fake.waitForShards(30_000);
    const { question } = await startRound(fake);
    const players = users(fake, 7, "metric");
    await Promise.all(
      players.map((user) =>
        fake
          .clickButton({ message: question, customId: answerButtons(question)[0]?.custom_id ?? "", user })
          .waitForMessage(isIn, 10_000),
      ),
    );
    // Two solo quizzes on top of the round, each started by a command.
    for (const username of ["solo-1", "solo-2"])
      await fake
        .slashCommand({
          channelId: fake.guilds[0]?.channels[0]?.id ?? "",
          user: fake.user({ username }),
          name: "quiz",
          subcommand: "solo",
          options: [{ name: "questions", type: T.Integer, value: 3 }],
        })
        .waitForMessage((m) => answerButtons(m).length > 0, 10_000);
    const { status, body } = await get(port, "/metrics");
    expect(status).toBe(200);
    // Every line is a comment or `name{labels} value`.
    for (const line of body.split("\n").filter(Boolean))
      expect(line).toMatch(
        /^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? -?[\d.e+-]+|\w+(\{[^}]*\})? (NaN|[+-]Inf))$/,
      );
    const value = (series: RegExp) =>
      body
        .split("\n")
        .filter((line) => series.test(line))
        .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
    expect(value(/^quiz_interactions_total\{.*type="button".*outcome="ok".*shard="0"/)).toBe(7);
    expect(value(/^quiz_interactions_total\{.*type="command".*outcome="ok"/)).toBe(3);
    // Ten first responses, each in a bucket at or under 3 s.
    expect(value(/^quiz_first_response_seconds_count\{/)).toBe(10);
    expect(value(/^quiz_first_response_seconds_bucket\{(?=.*le="3")(?=.*type="button")/)).toBe(7);
    expect(value(/^quiz_store_call_seconds_count\{/)).toBeGreaterThan(7);
    expect(value(/^quiz_active_rounds\{/)).toBe(1);
    expect(value(/^quiz_active_solo_sessions\{shard="0"\}/)).toBe(2);
    // prom-client's process and Node.js metrics, the build, and the gateway's heartbeat round trip.
    expect(body).toMatch(/^process_cpu_seconds_total\{shard="0"\} [\d.e+-]+$/m);
    expect(body).toMatch(/^process_resident_memory_bytes\{shard="0"\} [1-9]/m);
    expect(body).toMatch(/^nodejs_eventloop_lag_seconds\{shard="0"\} /m);
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    expect(body).toContain(`quiz_build_info{version="${version}",node="${process.version}",shard="0"} 1`);
    expect(body).toContain("# TYPE quiz_gateway_ping_seconds gauge");
  }, 60_000);

  it.skipIf(!hasRedisServer())(
    "/livez answers before the store does and the bot logs in; /readyz answers 503 within its bound meanwhile, then 200",
    async () => {
      const redis = await startThrowawayRedis();
      cleanups.push(() => redis.stop());
      const fake = await fakeDiscord();
      // The store answers nothing from the start: the bot waits for it and cannot log in.
      redis.pause();
      const bot = startBotProcess({
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        STORE_URL: redis.url,
        HEALTH_PORT: "0",
        STORE_WAIT_SECONDS: "60",
      });
      const port = await bot.healthPort();
      const live = await timedGet(port, "/livez");
      expect(live.status).toBe(200);
      expect(JSON.parse(live.body)).toMatchObject({ ok: true, pid: bot.child.pid });
      const ready = await timedGet(port, "/readyz");
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body)).toMatchObject({ ok: false, gateway: "starting" });
      // Still being opened, or opened and not answering: not reachable either way.
      expect(JSON.parse(ready.body).store).toMatch(/^(starting|unreachable)$/);
      // /healthz is /readyz under its older name (the container's HEALTHCHECK asks it).
      expect((await timedGet(port, "/healthz")).status).toBe(503);
      // The paused store answers nothing, ever: an answer at all is the checks' own bound at work.
      expect(fake.readyShards).toEqual([]);
      report("store paused at start", { livezMs: live.ms, readyzMs: ready.ms });

      redis.resume();
      await fake.waitForShards(30_000);
      const up = await untilReady(port, "/readyz");
      expect(JSON.parse(up.body)).toMatchObject({ ok: true, gateway: "connected", store: "reachable" });

      // Stopped for good (the port closed): both still answer at once.
      await redis.stop();
      const stoppedLive = await timedGet(port, "/livez");
      const stoppedReady = await timedGet(port, "/readyz");
      expect(stoppedLive.status).toBe(200);
      expect(stoppedReady.status).toBe(503);
      expect(JSON.parse(stoppedReady.body)).toMatchObject({ store: "unreachable" });
      report("store stopped while running", { livezMs: stoppedLive.ms, readyzMs: stoppedReady.ms });
    },
    90_000,
  );

  it.skipIf(!hasRedisServer())(
    "/readyz reports a store that answers reads but refuses writes",
    async () => {
      const redis = await startThrowawayRedis();
      cleanups.push(() => redis.stop());
      const fake = await fakeDiscord();
      const bot = startBotProcess({
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        STORE_URL: redis.url,
        HEALTH_PORT: "0",
      });
      const port = await bot.healthPort();
      await fake.waitForShards(30_000);
      expect((await untilReady(port, "/readyz")).status).toBe(200);
      // Redis refuses every write without a replica to copy it to, and still answers reads.
      const admin = openKeyv(redis.url);
      cleanups.push(() => admin.disconnect());
      const client = await (admin.store as KeyvRedis<unknown>).getClient();
      await client.configSet("min-replicas-to-write", "1");
      const refused = await timedGet(port, "/readyz");
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.body)).toMatchObject({ ok: false, gateway: "connected", store: "read-only" });
      expect(JSON.parse(refused.body).storeError).toMatch(/NOREPLICAS/);
      await client.configSet("min-replicas-to-write", "0");
      expect((await timedGet(port, "/readyz")).status).toBe(200);
    },
    60_000,
  );

  it.skipIf(!hasRedisServer())(
    "/healthz turns 503 when the Redis store is stopped, and 200 again when it is back",
    async () => {
      const redis = await startThrowawayRedis();
      cleanups.push(() => redis.stop());
      const fake = await fakeDiscord();
      const bot = startBotProcess({
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        STORE_URL: redis.url,
        HEALTH_PORT: "0",
      });
      const port = await bot.healthPort();
      await fake.waitForShards(30_000);
      const healthy = await untilReady(port);
      expect(healthy.status).toBe(200);
      expect(JSON.parse(healthy.body)).toMatchObject({ ok: true, gateway: "connected", store: "reachable" });

      redis.pause();
      const down = await get(port, "/healthz");
      expect(down.status).toBe(503);
      expect(JSON.parse(down.body)).toMatchObject({ ok: false, gateway: "connected", store: "unreachable" });
      redis.resume();
      const deadline = Date.now() + 10_000;
      let back = await get(port, "/healthz");
      while (back.status !== 200 && Date.now() < deadline) back = await get(port, "/healthz");
      expect(back.status).toBe(200);
    },
    60_000,
  );

  it("/healthz turns 503 when the gateway goes away", async () => {
    const fake = await fakeDiscord();
    const bot = startBotProcess({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      STORE_URL: tempStore(),
      HEALTH_PORT: "0",
    });
    const port = await bot.healthPort();
    await fake.waitForShards(30_000);
    expect((await untilReady(port)).status).toBe(200);
    // The fake closes the gateway without accepting the bot's resume until it is open again.
    await fake.close();
    const deadline = Date.now() + 10_000;
    let down = await get(port, "/healthz");
    while (down.status === 200 && Date.now() < deadline) down = await get(port, "/healthz");
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body)).toMatchObject({ gateway: "disconnected", store: "reachable" });
  }, 60_000);

  it("/healthz turns 503 while the gateway is away, and 200 again once the bot has resumed", async () => {
    const fake = await fakeDiscord();
    const bot = startBotProcess({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      STORE_URL: tempStore(),
      HEALTH_PORT: "0",
    });
    const port = await bot.healthPort();
    await fake.waitForShards(30_000);
    expect((await untilReady(port)).status).toBe(200);
    // The connection drops, and the fake leaves the bot's RESUME unanswered for a few seconds.
    const awayMs = 3_000;
    fake.holdLogins(awayMs);
    fake.dropConnection(0);
    const wentAway = Date.now();
    let down = await get(port, "/healthz");
    while (down.status === 200 && Date.now() < wentAway + awayMs) down = await get(port, "/healthz");
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body)).toMatchObject({ ok: false, gateway: "disconnected", store: "reachable" });
    const deadline = Date.now() + 20_000;
    let back = await get(port, "/healthz");
    while (back.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      back = await get(port, "/healthz");
    }
    expect(back.status).toBe(200);
    expect(JSON.parse(back.body)).toMatchObject({ ok: true, gateway: "connected", store: "reachable" });
    report("gateway away and back", { awayMs, downAfterMs: Date.now() - wentAway });
  }, 60_000);
});

describe("a backup during a burst", () => {
  it("opens, and holds every answer acknowledged before it started", async () => {
    const fake = await fakeDiscord();
    const storeUrl = tempStore();
    startBotProcess({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, STORE_URL: storeUrl });
    await fake.waitForShards(30_000);
    const { question, sessionId, guildId } = await startRound(fake);
    const buttons = answerButtons(question);
    const before = users(fake, 40, "before");
    await Promise.all(
      before.map((user, i) =>
        fake
          .clickButton({ message: question, customId: buttons[i % buttons.length]?.custom_id ?? "", user })
          .waitForMessage(isIn, 10_000),
      ),
    );
    // More answers keep coming while the backup runs.
    const during = users(fake, 60, "during").map((user, i) =>
      fake.clickButton({ message: question, customId: buttons[i % buttons.length]?.custom_id ?? "", user }),
    );
    const out = path.join(tempDir("quiz-backup-"), "backup.sqlite");
    await backupSqlite(storeUrl.replace("sqlite://", ""), out);
    await Promise.all(during.map((click) => click.waitForMessage(isIn, 10_000)));

    const keyv = openKeyv(`sqlite://${out}`);
    const game = createAppContext({ bank: await shippedBankOnce(), keyv, logger: silentLogger });
    const session = await game.sessions.get(sessionId);
    for (const user of before) {
      expect(session?.answers[user.id]).toBeDefined();
      expect((await game.scores.get(guildId, user.id))?.answered).toBe(1);
    }
    report("backup during a 100-click burst", {
      acknowledgedBefore: before.length,
      inBackup: Object.keys(session?.answers ?? {}).length,
    });
    await keyv.disconnect();
  }, 60_000);
});

describe("a store that is not there at start (issue 18, case 8)", () => {
  for (const [what, url] of [
    ["PostgreSQL on a closed port", async () => `postgres://postgres@127.0.0.1:${await freePort()}/test`],
    ["a misnamed PostgreSQL database", async () => "postgres://postgres@127.0.0.1:5432/no_such_quiz_db"],
  ] as const) {
    it(`${what}: a clear error and exit code 1, without logging in`, async () => {
      const fake = await fakeDiscord();
      const bot = startBotProcess({
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        STORE_URL: await url(),
        STORE_WAIT_SECONDS: "1",
      });
      expect(await bot.exited).toBe(1);
      expect(bot.logs()).toMatch(
        /The store at postgres:\/\/postgres@127\.0\.0\.1:\d+\/\w+ is not reachable: .+/,
      );
      expect(bot.logs()).toContain("Check STORE_URL");
      expect(fake.readyShards).toEqual([]);
    }, 30_000);
  }

  it("STORE_URL=sqlite:// is refused before anything starts (issue 18, case 7)", async () => {
    const bot = startBotProcess({ DISCORD_TOKEN: "x".repeat(30), STORE_URL: "sqlite://" });
    expect(await bot.exited).toBe(1);
    expect(bot.logs()).toContain('STORE_URL "sqlite://" names no file');
  }, 30_000);
});
