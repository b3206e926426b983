import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import { UserError } from "../src/app/errors.ts";
import { storeStatus } from "../src/app/store-status.ts";
import type { Command } from "../src/discord/context.ts";
import { described } from "../src/discord/interactions/localize.ts";
import { isApplicationOwner } from "../src/discord/interactions/owner.ts";
import { statusMessage } from "../src/discord/render/status.ts";
import { localeOf } from "../src/i18n/index.ts";
import { PACKAGE_VERSION } from "../src/paths.ts";

/** The store's probe here is bounded well inside Discord's 3 s to answer. */
const STORE_PROBE_MS = 800;

/** /status: the bot's own state, for the application's owner (or its team) only. */
export const status = {
  data: described(new SlashCommandBuilder().setName("status"), "cmd.status")
    .setContexts(InteractionContextType.Guild)
    .toJSON(),

  async execute(interaction, bot) {
    if (!(await isApplicationOwner(bot.rest, interaction.user.id)))
      throw new UserError("error.statusOwnerOnly");
    const store = await storeStatus(bot.app, bot.config.storeUrl, STORE_PROBE_MS);
    const memory = process.memoryUsage();
    const client = interaction.client;
    await interaction.reply({
      ...statusMessage(
        {
          version: PACKAGE_VERSION,
          uptimeSeconds: process.uptime(),
          shards: [...client.ws.shards.keys()],
          shardCount: client.options.shardCount ?? 1,
          backend: store.backend,
          store: store.probe,
          storeMs: store.ms,
          guilds: client.ws.shards.size === 0 ? undefined : client.guilds.cache.size,
          rssBytes: memory.rss,
          heapBytes: memory.heapUsed,
        },
        localeOf(interaction),
      ),
      flags: MessageFlags.Ephemeral,
    });
  },
} satisfies Command;
