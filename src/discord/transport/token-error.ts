/**
 * Recognises Discord refusing the bot's token, at start-up (the gateway login, or REST over HTTP
 * interactions) and at `npm run deploy`, so the operator reads what to do instead of a stack trace.
 */
import { DiscordAPIError, DiscordjsError, DiscordjsErrorCodes } from "discord.js";

/** What an operator should do about a refused token. */
export const INVALID_TOKEN = `Discord refused the bot's token (DISCORD_TOKEN): it is mistyped, or it was reset.

Copy it again: https://discord.com/developers/applications > your application > Bot > Reset Token,
then set DISCORD_TOKEN in .env (or the environment) to the new token, with no quotes or spaces, and start again.`;

/** True when `error` is Discord saying the token is not valid (discord.js's TokenInvalid, or a REST 401). */
export function isInvalidToken(error: unknown): boolean {
  if (error instanceof DiscordjsError) return error.code === DiscordjsErrorCodes.TokenInvalid;
  return error instanceof DiscordAPIError && error.status === 401;
}
