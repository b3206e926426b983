/**
 * The bot as a real process (`node --import tsx src/main.ts`, or the compiled `node dist/src/main.js`
 * as users run it), for tests that send it signals, run several of it on one store, or kill it: its
 * output gathered, and its exit awaited.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { freePort } from "./redis-server.ts";

/** The project's folder: the sources, and dist/ once `npm run build` wrote it. */
export const PROJECT_DIR = path.resolve(import.meta.dirname, "../..");

/** The compiled bot's entry point (the "compiled" vitest project builds it once before its tests). */
export const COMPILED_MAIN = path.join(PROJECT_DIR, "dist", "src", "main.js");

/** How to start the bot process. */
export interface SpawnOptions {
  /** Run the compiled bot (`node dist/src/main.js`) instead of the sources through tsx. */
  readonly compiled?: boolean;
  /** The working directory (default: the test's), to show the bot finds its files from anywhere. */
  readonly cwd?: string;
}

export interface BotProcess {
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  readonly exited: Promise<number | null>;
  /** Sends SIGKILL unless it has already ended, and waits for the end. */
  kill(): Promise<void>;
}

/** Starts src/main.ts (or dist/src/main.js) with the test's environment plus `env`. */
export function spawnBotProcess(env: Record<string, string>, options: SpawnOptions = {}): BotProcess {
  const args = options.compiled
    ? [COMPILED_MAIN]
    : ["--import", "tsx", path.join(PROJECT_DIR, "src", "main.ts")];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/**
 * The `port` of the first JSON log line whose message contains `message` (the bot logs the ports
 * it listens on), waiting for it up to `timeoutMs`; fails with the output if the process ends first.
 */
export async function loggedPort(bot: BotProcess, message: string, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = bot
      .output()
      .split("\n")
      .find((l) => l.includes(message));
    if (line) return (JSON.parse(line) as { port: number }).port;
    if (bot.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`no log line "${message}" from the bot:\n${bot.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts `npm run rest-proxy` in front of `upstream`; resolves once it listens, with its URL for DISCORD_API_URL. */
export async function startRestProxy(upstream: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/rest-proxy.ts"], {
    env: { ...process.env, REST_PROXY_PORT: String(port), REST_PROXY_UPSTREAM: upstream, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk) => {
      output += String(chunk);
      if (output.includes("REST proxy listening")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`the REST proxy exited (${code}): ${output}`)));
  });
  return { url: `http://127.0.0.1:${port}/api`, child };
}
