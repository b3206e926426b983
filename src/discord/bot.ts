import { Client, Events, GatewayIntentBits } from "discord.js";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { GameContext } from "../game/context.ts";
import { ChannelRounds } from "./channel-rounds.ts";
import type { BotContext, Command } from "./context.ts";
import { createInteractionHandler } from "./router.ts";

/** A running bot, and how to stop it gracefully. */
export interface RunningBot {
  readonly client: Client;
  readonly bot: BotContext;
  /** Stops timers and disconnects; running quizzes stay in the store and resume on the next start. */
  stop(): Promise<void>;
}

/**
 * Logs the bot in and wires the interaction router. Only the Guilds intent is needed (slash
 * commands and buttons arrive as interactions; no message content, no privileged intents).
 * Mentions are locked down for every message: nothing the bot posts can ping @everyone or roles.
 */
export async function startBot(options: {
  config: Config;
  game: GameContext;
  commands: readonly Command[];
  logger: Logger;
}): Promise<RunningBot> {
  const { config, game, logger } = options;
  if (!config.discordToken) throw new Error("DISCORD_TOKEN is not set");
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [], repliedUser: false },
    rest: config.discordApiUrl ? { api: config.discordApiUrl } : {},
  });
  const rounds = new ChannelRounds({ game, rest: client.rest, config, logger });
  const bot: BotContext = { game, config, rest: client.rest, rounds, logger };
  const handle = createInteractionHandler(options.commands, bot);
  client.on(Events.InteractionCreate, (interaction) => {
    void handle(interaction);
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, "discord client error"));
  client.rest.on("rateLimited", (info) =>
    logger.warn({ route: info.route, retryAfter: info.retryAfter }, "rate limited"),
  );

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(config.discordToken);
  await ready;
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, "logged in");
  // Resume the channel rounds of the guilds this process owns (its shard's guilds).
  const resumed = await rounds.resume(new Set(client.guilds.cache.keys()));
  if (resumed > 0) logger.info({ resumed }, "resumed channel rounds");

  return {
    client,
    bot,
    async stop() {
      rounds.stopAll();
      await client.destroy();
    },
  };
}
