/**
 * Resident memory of the whole bot at idle, run as the operator runs it: compiled
 * (`node dist/src/main.js`, after `npm run build`) and through tsx (`node --import tsx
 * src/main.ts`, tsx's loader in the bot's own process, so the reading is the bot's and not a
 * wrapper's). Each process logs into a fake Discord of its own, on loopback, with a fresh SQLite
 * store; once its shard is READY it is left alone and its resident set (VmRSS) is sampled.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { FakeDiscord } from "../test/fake-discord/index.ts";
import { median } from "./stats.ts";

const PROJECT = path.resolve(import.meta.dirname, "..");
/** How long a READY bot is left alone before the first sample (lazy loading, timers settle). */
const SETTLE_MS = 5_000;
const SAMPLES = 5;
const SAMPLE_EVERY_MS = 500;

/** How the bot is started for one reading. */
export type BotRuntime = "compiled" | "tsx";

/** Compiles the bot as `npm run build` does. */
export async function buildBot(): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [path.join("node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: PROJECT,
      timeout: 180_000,
    },
  );
}

async function rssMbOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no VmRSS for process ${pid}`);
  return kb / 1024;
}

/** Starts the bot one way, waits until it is READY and idle, and returns its median resident memory (MB). */
export async function idleBotRssMb(runtime: BotRuntime, storeFile: string): Promise<number> {
  const fake = await FakeDiscord.start();
  const args =
    runtime === "compiled"
      ? [path.join("dist", "src", "main.js")]
      : ["--import", "tsx", path.join("src", "main.ts")];
  let logs = "";
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: PROJECT,
    env: {
      ...process.env,
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      STORE_URL: `sqlite://${storeFile}`,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => {
    logs += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    logs += String(chunk);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await fake.waitForShards(60_000).catch((error: unknown) => {
      throw new Error(`the ${runtime} bot did not log in: ${String(error)}\n${logs}`);
    });
    await sleep(SETTLE_MS);
    const pid = child.pid;
    if (pid === undefined || child.exitCode !== null) throw new Error(`the ${runtime} bot exited:\n${logs}`);
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      samples.push(await rssMbOf(pid));
      await sleep(SAMPLE_EVERY_MS);
    }
    return median(samples);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await fake.close();
  }
}
