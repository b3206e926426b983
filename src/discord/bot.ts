import { Client, Events, GatewayIntentBits, ShardClientUtil } from "discord.js";
import type { Logger } from "pino";
import type { AppContext } from "../app/context.ts";
import { rankOnlyGuilds } from "../app/standing.ts";
import type { Config } from "../config.ts";
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
 *
 * Shards: by default the Client takes its shards from the environment that discord.js's
 * ShardingManager sets for each process (`npm run start:sharded`), or runs the one shard there
 * is. `shards` and `shardCount` choose them explicitly (the sharding tests run two in one process).
 */
export async function startBot(options: {
  config: Config;
  app: AppContext;
  commands: readonly Command[];
  logger: Logger;
  shards?: number[];
  shardCount?: number;
}): Promise<RunningBot> {
  const { config, app, logger } = options;
  if (!config.discordToken) throw new Error("DISCORD_TOKEN is not set");
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [], repliedUser: false },
    rest: config.discordApiUrl ? { api: config.discordApiUrl } : {},
    ...(options.shards === undefined ? {} : { shards: options.shards }),
    ...(options.shardCount === undefined ? {} : { shardCount: options.shardCount }),
  });
  const rounds = new ChannelRounds({ app, rest: client.rest, config, logger });
  const bot: BotContext = { app, config, rest: client.rest, rounds, logger };
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
  const shards = client.options.shards;
  const shardCount = client.options.shardCount ?? 1;
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size, shards, shardCount }, "logged in");
  if (shardCount > 1 && Array.isArray(shards)) {
    // The other shards' guilds are written by other processes: no ranking is kept for them here.
    const own = new Set(shards);
    rankOnlyGuilds(
      app,
      (guildId) =>
        /^\d{1,20}$/.test(guildId) && own.has(ShardClientUtil.shardIdForGuildId(guildId, shardCount)),
    );
  }
  // Resume the channel rounds of the guilds this process owns: its shards' guilds, all of which
  // READY lists (discord.js caches even the ones that are unavailable for now). Another process
  // owns the other rounds in the store, and resuming them here would post every step twice.
  // If the store does not answer now, the bot stays online (players are told the store is not
  // answering) and tries again: exiting would make a supervisor or the ShardingManager restart it
  // in a loop, each restart a new IDENTIFY against Discord's daily limit.
  let resumeTimer: NodeJS.Timeout | undefined;
  const resume = async (): Promise<void> => {
    try {
      const resumed = await rounds.resume(new Set(client.guilds.cache.keys()));
      if (resumed > 0) logger.info({ resumed }, "resumed channel rounds");
    } catch (error) {
      logger.error({ err: error }, "could not resume the channel rounds: trying again in 10 s");
      resumeTimer = setTimeout(() => void resume(), 10_000);
    }
  };
  await resume();

  return {
    client,
    bot,
    async stop() {
      clearTimeout(resumeTimer);
      rounds.stopAll();
      await client.destroy();
    },
  };
}
