import { randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";
import type KeyvPostgres from "@keyv/postgres";
import type Keyv from "keyv";
import { openKeyv } from "../../src/store/open.ts";
import { tempDir } from "./temp-dir.ts";

/** A keyv backend the store tests run against. */
export interface TestBackend {
  readonly name: string;
  readonly url: string;
  /** Whether its server answers on loopback (SQLite and memory always do). */
  readonly reachable: boolean;
  /** Whether several processes may share the store (Redis, PostgreSQL): what multi-process tests need. */
  readonly shared: boolean;
  /** Opens the store; each test run uses its own namespace so parallel files never collide. */
  open(namespace: string): Keyv;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** A fresh namespace for one test. */
export function testNamespace(): string {
  return `t${randomBytes(5).toString("hex")}`;
}

/**
 * The in-memory backend, SQLite (a temp file), Redis and PostgreSQL on their standard local ports. Where a server is
 * not reachable its tests are skipped with a message, unless REQUIRE_STORE_SERVERS=1 (as in CI),
 * where an unreachable server fails the run instead of hiding it.
 */
export async function testBackends(): Promise<TestBackend[]> {
  const dir = tempDir("quiz-store-");
  const sqliteUrl = `sqlite://${path.join(dir, "test.sqlite")}`;
  const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  const postgresUrl = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const [redis, postgres] = await Promise.all([portOpen(6379), portOpen(5432)]);
  const required = process.env.REQUIRE_STORE_SERVERS === "1";
  for (const [name, ok] of [
    ["Redis", redis],
    ["PostgreSQL", postgres],
  ] as const) {
    if (ok) continue;
    const message = `${name} is not reachable on 127.0.0.1: its store tests are skipped`;
    if (required) throw new Error(`${message}, but REQUIRE_STORE_SERVERS=1`);
    console.warn(message);
  }
  return [
    {
      name: "memory",
      url: "memory://",
      reachable: true,
      shared: false,
      open: (ns) => openKeyv("memory://", { namespace: ns }),
    },
    {
      name: "sqlite",
      url: sqliteUrl,
      reachable: true,
      shared: false,
      open: (ns) => openKeyv(sqliteUrl, { namespace: ns }),
    },
    {
      name: "redis",
      url: redisUrl,
      reachable: redis,
      shared: true,
      open: (ns) => openKeyv(redisUrl, { namespace: ns }),
    },
    {
      name: "postgres",
      url: postgresUrl,
      reachable: postgres,
      shared: true,
      open: (ns) => openKeyv(postgresUrl, { namespace: ns, table: "keyv_test" }),
    },
  ];
}

/** A database of its own on a PostgreSQL server: its URL, and how to drop it. */
export interface ThrowawayDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** Runs one statement on the server at `serverUrl` (through the store's own adapter). */
async function onPostgresServer(serverUrl: string, sql: string): Promise<void> {
  const admin = openKeyv(serverUrl);
  try {
    await (admin.store as KeyvPostgres).query(sql);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Creates a fresh database on the server at `serverUrl`, for bot processes: they use the bot's
 * own namespace and table, so only a database of their own keeps parallel test files apart.
 */
export async function throwawayPostgresDatabase(
  serverUrl: string,
  prefix = "quiz",
): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  await onPostgresServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onPostgresServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
