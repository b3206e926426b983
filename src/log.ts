import pino, { type Logger } from "pino";

/** The one logger: structured JSON lines, with the token never logged. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({
    level,
    base: { app: "nk-quiz" },
    redact: { paths: ["token", "*.token", "config.discordToken", "DISCORD_TOKEN"], censor: "[redacted]" },
  });
}
