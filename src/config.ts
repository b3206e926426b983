import { existsSync } from "node:fs";
import { z } from "zod";
import { QUIZ_LIMITS } from "./quiz/limits.ts";
import { backendOf, DEFAULT_STORE_URL } from "./store/open.ts";

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
    z.string().refine(
      (url) => {
        try {
          backendOf(url);
          return true;
        } catch {
          return false;
        }
      },
      { message: "use sqlite://path/file.sqlite, redis://host:port or postgres://user@host/db" },
    ),
  ),
  LOG_LEVEL: optional(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])),
  QUIZ_DEFAULT_QUESTIONS: optional(
    z.coerce.number().int().min(QUIZ_LIMITS.minQuestions).max(QUIZ_LIMITS.maxQuestions),
  ),
  QUIZ_DEFAULT_SECONDS: optional(
    z.coerce.number().int().min(QUIZ_LIMITS.minSeconds).max(QUIZ_LIMITS.maxSeconds),
  ),
  QUIZ_REVEAL_SECONDS: optional(z.coerce.number().int().min(2).max(60)),
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
  const parsed = EnvSchema.safeParse(env);
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
  };
}

/** Loads ./.env into process.env if it exists (variables already set win). */
export function loadDotEnv(file = ".env"): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
