import { DiscordAPIError, type REST, Routes } from "discord.js";
import type { Logger } from "pino";
import { leaveNotice, type MemberNotice } from "../../app/community/notices.ts";
import type { AppContext } from "../../app/context.ts";

/** Codes Discord answers when a user does not accept DMs from the bot. */
const CANNOT_DM = new Set([50007, 50278]);

/** What telling a member needs: the application (for notices), Discord's REST client, a logger. */
export interface TellDeps {
  readonly app: AppContext;
  readonly rest: REST;
  readonly logger: Logger;
}

/**
 * Tells a member something outside the interaction they started: by DM where they allow it, and
 * otherwise the next time they use the bot in that server.
 */
export async function tellMember(deps: TellDeps, notice: MemberNotice): Promise<"dm" | "later"> {
  const { guildId, userId, message } = notice;
  try {
    const channel = (await deps.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as {
      id: string;
    };
    await deps.rest.post(Routes.channelMessages(channel.id), {
      body: { content: message, allowed_mentions: { parse: [] } },
    });
    return "dm";
  } catch (error) {
    if (!(error instanceof DiscordAPIError) || !CANNOT_DM.has(Number(error.code))) {
      deps.logger.warn({ err: error, guildId, userId }, "could not DM a member; leaving a notice instead");
    }
    await leaveNotice(deps.app, notice);
    return "later";
  }
}
