/**
 * `npm run deploy`: registers the slash commands: in DISCORD_GUILD_ID when set (instant, for
 * development), else globally. Run it when the commands change, not on every start.
 */
import { REST, Routes } from "discord.js";
import { commands } from "../../commands/index.ts";
import { ConfigError, loadConfig, loadDotEnv } from "../config.ts";
import { inviteUrl } from "../discord/transport/invite.ts";
import { INVALID_TOKEN, isInvalidToken } from "../discord/transport/token-error.ts";

async function main(): Promise<number> {
  loadDotEnv();
  const config = loadConfig();
  if (!config.discordToken || !config.discordClientId) {
    console.error(
      "Set DISCORD_TOKEN and DISCORD_CLIENT_ID (in .env or the environment) to register the commands.",
    );
    return 1;
  }
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(
    config.discordToken,
  );
  const body = commands.map((command) => command.data);
  const route = config.discordGuildId
    ? Routes.applicationGuildCommands(config.discordClientId, config.discordGuildId)
    : Routes.applicationCommands(config.discordClientId);
  const registered = (await rest.put(route, { body })) as { name: string }[];
  const where = config.discordGuildId
    ? `in server ${config.discordGuildId}`
    : "globally (may take up to an hour to appear)";
  console.log(
    `Registered ${registered.length} command(s) ${where}: ${registered.map((c) => `/${c.name}`).join(", ")}`,
  );
  console.log(`Invite the bot to a server with: ${inviteUrl(config.discordClientId)}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else if (isInvalidToken(error)) console.error(INVALID_TOKEN);
    else console.error(error);
    process.exitCode = 1;
  },
);
