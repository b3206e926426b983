/**
 * How long a bot SIGKILLed and restarted at once takes to log in again, on Redis and PostgreSQL,
 * with the default lease time (15 s). The restart is done as a supervisor with no pause would
 * (systemd's Restart=always): whenever the process exits, it is started again at once.
 *
 *   npm run build && npx tsx bench/restart-after-kill.ts [bot dir, default .]
 *
 * The bot dir's compiled bot (dist/src/main.js) is run, so an older checkout can be measured too.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { FakeDiscord } from "../test/fake-discord/index.ts";
import { testBackends, throwawayPostgresDatabase } from "../test/helpers/backends.ts";
import { startThrowawayRedis } from "../test/helpers/redis-server.ts";

const botDir = path.resolve(process.argv[2] ?? ".");

function startBot(fake: FakeDiscord, storeUrl: string): ChildProcess {
  return spawn(process.execPath, [path.join(botDir, "dist/src/main.js")], {
    cwd: botDir,
    env: {
      ...process.env,
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      STORE_URL: storeUrl,
      LOG_LEVEL: "warn",
    },
    stdio: "ignore",
  });
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });

/** The first start's time to log in (nothing to take over), then the restart's after a SIGKILL. */
async function measure(storeUrl: string): Promise<{ firstLoginMs: number; loginMs: number; starts: number }> {
  const fake = await FakeDiscord.start();
  try {
    const startedAt = performance.now();
    const first = startBot(fake, storeUrl);
    await fake.waitForShards(60_000);
    const firstLoginMs = Math.round(performance.now() - startedAt);
    first.kill("SIGKILL");
    await exitOf(first);
    await fake.waitUntil(() => fake.readyShards.length === 0, 10_000, "the killed bot to leave");
    const killedAt = performance.now();
    let starts = 0;
    let current: ChildProcess | undefined;
    let stop = false;
    // The supervisor: start again whenever the bot exits, until it has logged in.
    const supervise = async () => {
      while (!stop) {
        starts++;
        current = startBot(fake, storeUrl);
        await exitOf(current);
      }
    };
    void supervise();
    await fake.waitForShards(60_000);
    const loginMs = Math.round(performance.now() - killedAt);
    stop = true;
    current?.kill("SIGTERM");
    if (current) await exitOf(current);
    return { firstLoginMs, loginMs, starts };
  } finally {
    await fake.close();
  }
}

const postgres = (await testBackends()).find((b) => b.name === "postgres");
const redis = await startThrowawayRedis();
try {
  console.info(`Redis: ${JSON.stringify(await measure(redis.url))}`);
} finally {
  await redis.stop();
}
if (postgres?.reachable) {
  const database = await throwawayPostgresDatabase(postgres.url, "restart");
  try {
    console.info(`PostgreSQL: ${JSON.stringify(await measure(database.url))}`);
  } finally {
    await database.drop();
  }
}
