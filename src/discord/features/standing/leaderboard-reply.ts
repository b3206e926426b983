/** The /leaderboard reply (from the command and its paging buttons): the text list, and the card of the top ten. */
import type { AttachmentBuilder, Client } from "discord.js";
import { leaderboardPage } from "../../../app/standing.ts";
import type { Locale } from "../../../i18n/index.ts";
import type { BotContext } from "../../context.ts";
import { leaderboardMessage } from "../../render/board.ts";
import { chartAttachments, drawCharts } from "../../render/chart-files.ts";
import { boardCard } from "../../render/charts.ts";
import type { MessageBody } from "../../render/quiz.ts";

type Page = Awaited<ReturnType<typeof leaderboardPage>>;

/** The names to show on the card: each player's display name where Discord gives it (cached or one fetch each). */
async function playerNames(client: Client, userIds: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await Promise.all(
    userIds.map(async (id) => {
      try {
        const user = await client.users.fetch(id);
        names.set(id, user.globalName ?? user.username);
      } catch {
        // An unknown or deleted user: the card shows their id.
      }
    }),
  );
  return names;
}

/** A leaderboard page as a reply: the text list with paging, and the card of the top ten attached. */
export async function leaderboardReply(
  bot: BotContext,
  client: Client,
  page: Page,
  input: { guildId: string; viewerId: string; locale: Locale },
): Promise<MessageBody & { files: AttachmentBuilder[] }> {
  if (page.total === 0 || !bot.charts) {
    return { ...leaderboardMessage(page, input.viewerId, input.locale), files: [] };
  }
  const top =
    page.page === 0
      ? page
      : await leaderboardPage(bot.app, { ...input, userId: input.viewerId, period: page.period, page: 0 });
  const names = await playerNames(
    client,
    top.rows.map((r) => r.userId),
  );
  const charts = await drawCharts(bot, [boardCard(top, names, input.locale)], {
    guildId: input.guildId,
    command: "leaderboard",
  });
  return {
    ...leaderboardMessage(page, input.viewerId, input.locale, charts[0]?.name),
    files: chartAttachments(charts),
  };
}
