import { existsSync } from "node:fs";
import { z } from "zod";
import { QUIZ_LIMITS } from "./quiz/limits.ts";
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
  /**
   * Interactions over HTTP instead of the gateway (unset: the gateway): the endpoint's port,
   * address (127.0.0.1 unless set: it sits behind a reverse proxy), path and the key Discord signs with.
   */
  readonly interactions?:
    | { readonly port: number; readonly host: string; readonly path: string; readonly publicKey: string }
    | undefined;
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
    interactions:
      e.INTERACTIONS_PORT === undefined || e.DISCORD_PUBLIC_KEY === undefined
        ? undefined
        : {
            port: e.INTERACTIONS_PORT,
            host: e.INTERACTIONS_HOST ?? "127.0.0.1",
            path: e.INTERACTIONS_PATH ?? "/interactions",
            publicKey: e.DISCORD_PUBLIC_KEY.toLowerCase(),
          },
  };
}

/** Loads ./.env into process.env if it exists (variables already set win). */
export function loadDotEnv(file = ".env"): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
