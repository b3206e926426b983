/**
 * `npm start`: runs the bot. Without a token it explains what to set, and that `npm run play`
 * works without Discord.
 */
import { commands } from "../commands/index.ts";
import { openGame } from "./app/open.ts";
import { BankLoadError } from "./bank/problems.ts";
import { ConfigError, loadConfig, loadDotEnv } from "./config.ts";
import { startBot } from "./discord/bot.ts";
import { createLogger } from "./log.ts";

const NO_TOKEN = `No Discord token is set, so the bot cannot log in.

To run the bot on Discord:
  1. Create an application and a bot at https://discord.com/developers/applications
  2. cp .env.example .env   and set DISCORD_TOKEN and DISCORD_CLIENT_ID (and DISCORD_GUILD_ID while testing)
  3. npm run deploy         registers the slash commands
  4. npm start

To try the quiz right now without Discord:
  npm run play`;

async function main(): Promise<number> {
  loadDotEnv();
  const config = loadConfig();
  if (!config.discordToken) {
    console.error(NO_TOKEN);
    return 1;
  }
  const logger = createLogger(config.logLevel);
  const game = await openGame({ storeUrl: config.storeUrl, logger });
  logger.info(
    { questions: game.ctx.bank.questions.length, store: config.storeUrl.split(":")[0] },
    "bank and store ready",
  );
  const running = await startBot({ config, app: game.ctx, commands, logger });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: running quizzes stay saved and resume on the next start");
    await running.stop();
    await game.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  // A shard of `npm run start:sharded` stops with its manager: left running, it would keep its
  // guilds while a new manager starts another process for them (two writers for one guild).
  if (process.env.SHARDING_MANAGER && process.send)
    process.once("disconnect", () => void shutdown("disconnect"));
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof BankLoadError) console.error(error.message);
    else console.error("The bot could not start:", error);
    process.exitCode = 1;
  },
);
