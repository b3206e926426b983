import { existsSync } from "node:fs";
import { z } from "zod";
import { DEFAULT_START_LIMITS, QUIZ_LIMITS, type StartLimits } from "./engine/limits.ts";
import { backendOf, DEFAULT_STORE_URL, sqliteFileOf } from "./store/open.ts";

const snowflake = z.string().regex(/^\d{17,20}$/, "must be a Discord id (17 to 20 digits)");
/** Blank variables (as copied from .env.example) count as unset. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const EnvSchema = z.object({
  DISCORD_TOKEN: optional(z.string().min(20, "looks too short for a bot token")),
  DISCORD_CLIENT_ID: optional(snowflake),
  DISCORD_GUILD_ID: optional(snowflake),
  DISCORD_API_URL: optional(z.url("must be a URL such as http://127.0.0.1:8080/api")),
  STORE_URL: optional(
    z.string().superRefine((url, ctx) => {
      try {
        if (backendOf(url) === "sqlite") sqliteFileOf(url);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
      }
    }),
  ),
  LOG_LEVEL: optional(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])),
  QUIZ_DEFAULT_QUESTIONS: optional(
    z.coerce.number().int().min(QUIZ_LIMITS.minQuestions).max(QUIZ_LIMITS.maxQuestions),
  ),
  QUIZ_DEFAULT_SECONDS: optional(
    z.coerce.number().int().min(QUIZ_LIMITS.minSeconds).max(QUIZ_LIMITS.maxSeconds),
  ),
  QUIZ_REVEAL_SECONDS: optional(z.coerce.number().int().min(2).max(60)),
  HEALTH_PORT: optional(z.coerce.number().int().min(0).max(65_535)),
  HEALTH_HOST: optional(z.string().min(1)),
  SHUTDOWN_SECONDS: optional(z.coerce.number().min(0).max(600)),
  STORE_WAIT_SECONDS: optional(z.coerce.number().min(0).max(3_600)),
  CHARTS: optional(z.enum(["on", "off"], "must be on or off")),
  INTERACTIONS_PORT: optional(z.coerce.number().int().min(0).max(65_535)),
  INTERACTIONS_HOST: optional(z.string().min(1)),
  INTERACTIONS_PATH: optional(z.string().regex(/^\/[\w\-./]*$/, "must be a path such as /interactions")),
  DISCORD_PUBLIC_KEY: optional(
    z
      .string()
      .regex(
        /^[0-9a-fA-F]{64}$/,
        "must be the application's public key: 64 hex digits from the developer portal",
      ),
  ),
  ROUNDS_PER_MEMBER_PER_HOUR: optional(z.coerce.number().int().min(0).max(10_000)),
  ROUNDS_PER_CHANNEL_PER_HOUR: optional(z.coerce.number().int().min(0).max(10_000)),
  TOTAL_SHARDS: optional(z.coerce.number().int().min(1).max(1_000)),
  SHARD_LIST: optional(
    z
      .string()
      .regex(/^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/, "must be shard ids such as 0,1 or 0-3")
      .transform(expandShardList),
  ),
});

// The endpoint must never run without checking signatures: anyone could post interactions.
const CheckedEnv = EnvSchema.superRefine((env, ctx) => {
  if (env.INTERACTIONS_PORT !== undefined && env.DISCORD_PUBLIC_KEY === undefined)
    ctx.addIssue({
      code: "custom",
      path: ["DISCORD_PUBLIC_KEY"],
      message:
        "is required with INTERACTIONS_PORT (General Information > Public Key in the developer portal)",
    });
});

/** "0,2-4" -> [0, 2, 3, 4]: the shard ids a SHARD_LIST names, each once, in order. */
function expandShardList(list: string): number[] {
  const ids = new Set<number>();
  for (const part of list.split(",")) {
    const [from, to = from] = part.split("-").map((n) => Number(n.trim()));
    for (let id = from ?? 0; id <= (to ?? 0); id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** The bot's configuration, from environment variables (see .env.example). */
export interface Config {
  readonly discordToken?: string | undefined;
  readonly discordClientId?: string | undefined;
  readonly discordGuildId?: string | undefined;
  readonly discordApiUrl?: string | undefined;
  readonly storeUrl: string;
  readonly logLevel: string;
  readonly defaultQuestions: number;
  readonly defaultSeconds: number;
  /** How long a channel round's reveal stays up before the next question. */
  readonly revealSeconds: number;
  /** The /healthz and /metrics listener's port (unset: no listener), and its address. */
  readonly healthPort?: number | undefined;
  readonly healthHost?: string;
  /** How long a shutdown waits for the interactions in flight. */
  readonly shutdownSeconds?: number;
  /** How long the start waits for the store to answer before giving up with an error. */
  readonly storeWaitSeconds?: number;
  /** Whether messages carry charts (PNG images); on unless CHARTS=off. */
  readonly charts?: boolean | undefined;
  /** How many rounds a member may start, and a channel may have, per hour (0: no limit). */
  readonly startLimits?: StartLimits | undefined;
  /**
   * Interactions over HTTP instead of the gateway (unset: the gateway): the endpoint's port,
   * address (127.0.0.1 unless set: it sits behind a reverse proxy), path and the key Discord signs with.
   */
  readonly interactions?:
    | { readonly port: number; readonly host: string; readonly path: string; readonly publicKey: string }
    | undefined;
  /**
   * The shards this host runs (SHARD_LIST of TOTAL_SHARDS); unset: what the ShardingManager gave
   * this process, or the one shard there is.
   */
  readonly shards?: { readonly ids: readonly number[]; readonly total: number } | undefined;
  /**
   * Where the bot may fetch files members attach to commands (`/set import`); unset: Discord's CDN
   * over https. A local Discord (the tests' fake) serves them elsewhere.
   */
  readonly attachmentOrigins?: readonly string[] | undefined;
}

/** Thrown when the environment is invalid: its message lists each variable and what to fix. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Validates the environment with zod and applies the defaults. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = CheckedEnv.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  const e = parsed.data;
  const shards = shardsOf(e.SHARD_LIST, e.TOTAL_SHARDS, env);
  return {
    discordToken: e.DISCORD_TOKEN,
    discordClientId: e.DISCORD_CLIENT_ID,
    discordGuildId: e.DISCORD_GUILD_ID,
    discordApiUrl: e.DISCORD_API_URL,
    storeUrl: e.STORE_URL ?? DEFAULT_STORE_URL,
    logLevel: e.LOG_LEVEL ?? "info",
    defaultQuestions: e.QUIZ_DEFAULT_QUESTIONS ?? QUIZ_LIMITS.defaultQuestions,
    defaultSeconds: e.QUIZ_DEFAULT_SECONDS ?? QUIZ_LIMITS.defaultSeconds,
    revealSeconds: e.QUIZ_REVEAL_SECONDS ?? 8,
    healthPort: e.HEALTH_PORT,
    healthHost: e.HEALTH_HOST ?? "127.0.0.1",
    shutdownSeconds: e.SHUTDOWN_SECONDS ?? 10,
    storeWaitSeconds: e.STORE_WAIT_SECONDS ?? 30,
    charts: e.CHARTS !== "off",
    startLimits: {
      perMember: e.ROUNDS_PER_MEMBER_PER_HOUR ?? DEFAULT_START_LIMITS.perMember,
      perChannel: e.ROUNDS_PER_CHANNEL_PER_HOUR ?? DEFAULT_START_LIMITS.perChannel,
    },
    interactions:
      e.INTERACTIONS_PORT === undefined || e.DISCORD_PUBLIC_KEY === undefined
        ? undefined
        : {
            port: e.INTERACTIONS_PORT,
            host: e.INTERACTIONS_HOST ?? "127.0.0.1",
            path: e.INTERACTIONS_PATH ?? "/interactions",
            publicKey: e.DISCORD_PUBLIC_KEY.toLowerCase(),
          },
    shards,
  };
}

/**
 * SHARD_LIST needs TOTAL_SHARDS (a shard id means nothing without the count), and every id must be
 * below it. TOTAL_SHARDS alone runs every shard in this process. A process started by the
 * ShardingManager (`npm run start:sharded`, which reads TOTAL_SHARDS itself) takes the shards the
 * manager gives it instead.
 */
function shardsOf(
  list: number[] | undefined,
  total: number | undefined,
  env: NodeJS.ProcessEnv,
): Config["shards"] {
  if (env.SHARDING_MANAGER) return undefined;
  if (list === undefined && total === undefined) return undefined;
  if (total === undefined)
    throw new ConfigError([
      "SHARD_LIST: set TOTAL_SHARDS too, the number of shards the whole bot runs on every host (for example SHARD_LIST=0,1 TOTAL_SHARDS=3)",
    ]);
  const ids = list ?? Array.from({ length: total }, (_, i) => i);
  const outside = ids.filter((id) => id >= total);
  if (outside.length > 0)
    throw new ConfigError([
      `SHARD_LIST: shard ${outside.join(", ")} does not exist with TOTAL_SHARDS=${total} (shard ids run from 0 to ${total - 1})`,
    ]);
  return { ids, total };
}

/** Loads ./.env into process.env if it exists (variables already set win). */
export function loadDotEnv(file = ".env"): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
