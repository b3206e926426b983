import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";

/** A throwaway redis-server on 127.0.0.1 that a test may pause, resume and stop (never the shared 6379). */
export interface ThrowawayRedis {
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  /** SIGSTOP: the server keeps its data and its connections, and answers nothing until resumed. */
  pause(): void;
  /** SIGCONT: the server answers again, commands queued meanwhile included. */
  resume(): void;
  /** Kills the server (its data is gone: it saves nothing). */
  stop(): Promise<void>;
}

/**
 * Whether redis-server is installed. The tests that need one are skipped with a message when it
 * is not, unless REQUIRE_STORE_SERVERS=1 (as in CI), where that fails the run instead.
 */
export function hasRedisServer(): boolean {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    const message = "redis-server is not installed: the tests that pause or restart a Redis are skipped";
    if (process.env.REQUIRE_STORE_SERVERS === "1") throw new Error(`${message}, but REQUIRE_STORE_SERVERS=1`);
    console.warn(message);
    return false;
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function ping(port: number): boolean {
  try {
    return execFileSync("redis-cli", ["-p", String(port), "ping"], {
      encoding: "utf8",
      timeout: 2000,
      stdio: ["ignore", "pipe", "ignore"],
    }).includes("PONG");
  } catch {
    return false;
  }
}

/** Starts redis-server on a free port without persistence, and waits until it answers. */
export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error("redis-server did not start");
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!ping(port)) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`redis-server did not answer on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid,
    pause: () => process.kill(pid, "SIGSTOP"),
    resume: () => process.kill(pid, "SIGCONT"),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(pid, "SIGCONT");
      process.kill(pid, "SIGKILL");
      await exited;
    },
  };
}
