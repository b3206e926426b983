/**
 * `/source add | update | remove | draft`: a server's own reading, for its quiz masters. Every
 * reply is private (a source's text is never posted publicly). Update and remove first say what
 * happens to the questions that cite the source, and act only on the confirming click
 * (src/discord/features/sources/confirm.ts).
 */
import {
  type AutocompleteInteraction,
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
} from "discord.js";
import { UserError } from "../src/app/errors.ts";
import { documentKind } from "../src/app/sources/document.ts";
import {
  addSource,
  DRAFT_LIMITS,
  draftFromSource,
  prepareSourceChange,
  type SourceFile,
} from "../src/app/sources/sources.ts";
import type { BotContext, Command, GuildCommandInteraction } from "../src/discord/context.ts";
import {
  AttachmentSchema,
  DISCORD_ATTACHMENT_ORIGINS,
  readAttachmentBytes,
} from "../src/discord/features/lessons/attachment.ts";
import { requireQuizMaster } from "../src/discord/interactions/access.ts";
import { described } from "../src/discord/interactions/localize.ts";
import {
  draftsQueuedMessage,
  sourceAddedMessage,
  sourceChangeMessage,
} from "../src/discord/render/sources.ts";
import { DISCORD_LIMITS, truncate } from "../src/discord/render/text.ts";
import { localeOf } from "../src/i18n/index.ts";
import { SOURCE_LIMITS } from "../src/records/sources.ts";

/** How long reading a document waits for Discord's CDN (the reply is deferred). */
const ATTACHMENT_TIMEOUT_MS = 15_000;

/** The attached document, downloaded within the size limit, with its kind. */
async function attachedFile(interaction: GuildCommandInteraction, bot: BotContext): Promise<SourceFile> {
  const attachment = AttachmentSchema.safeParse(interaction.options.getAttachment("file", true));
  if (!attachment.success) throw new UserError("lessons.import.unreadable");
  const file = attachment.data;
  const kind = documentKind(file.name, file.contentType);
  if (!kind) throw new UserError("source.wrongType");
  const bytes = await readAttachmentBytes(file, {
    origins: bot.config.attachmentOrigins ?? DISCORD_ATTACHMENT_ORIGINS,
    maxBytes: SOURCE_LIMITS.fileBytes,
    timeoutMs: ATTACHMENT_TIMEOUT_MS,
    tooLarge: () => new UserError("source.tooLarge", { mib: SOURCE_LIMITS.fileBytes / (1024 * 1024) }),
  });
  return { fileName: file.name, kind, bytes };
}

/** /source */
export const source = {
  data: described(new SlashCommandBuilder().setName("source"), "cmd.source")
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      described(sub.setName("add"), "cmd.source.add", {
        max: SOURCE_LIMITS.perServer,
        mib: SOURCE_LIMITS.fileBytes / (1024 * 1024),
      })
        .addAttachmentOption((o) => described(o.setName("file"), "cmd.source.file").setRequired(true))
        .addStringOption((o) =>
          described(o.setName("title"), "cmd.source.title").setRequired(true).setMaxLength(200),
        )
        .addStringOption((o) =>
          described(o.setName("author"), "cmd.source.author").setRequired(true).setMaxLength(200),
        )
        .addStringOption((o) =>
          described(o.setName("date"), "cmd.source.date").setRequired(true).setMaxLength(10),
        )
        .addStringOption((o) => described(o.setName("url"), "cmd.source.url").setMaxLength(500))
        .addStringOption((o) => described(o.setName("chrome"), "cmd.source.chrome").setMaxLength(200)),
    )
    .addSubcommand((sub) =>
      described(sub.setName("update"), "cmd.source.update")
        .addStringOption((o) =>
          described(o.setName("source"), "cmd.source.source").setRequired(true).setAutocomplete(true),
        )
        .addAttachmentOption((o) => described(o.setName("file"), "cmd.source.file").setRequired(true))
        .addStringOption((o) => described(o.setName("title"), "cmd.source.title").setMaxLength(200))
        .addStringOption((o) => described(o.setName("author"), "cmd.source.author").setMaxLength(200))
        .addStringOption((o) => described(o.setName("date"), "cmd.source.date").setMaxLength(10))
        .addStringOption((o) => described(o.setName("url"), "cmd.source.url").setMaxLength(500))
        .addStringOption((o) => described(o.setName("chrome"), "cmd.source.chrome").setMaxLength(200)),
    )
    .addSubcommand((sub) =>
      described(sub.setName("remove"), "cmd.source.remove").addStringOption((o) =>
        described(o.setName("source"), "cmd.source.source").setRequired(true).setAutocomplete(true),
      ),
    )
    .addSubcommand((sub) =>
      described(sub.setName("draft"), "cmd.source.draft")
        .addStringOption((o) =>
          described(o.setName("source"), "cmd.source.source").setRequired(true).setAutocomplete(true),
        )
        .addIntegerOption((o) =>
          described(o.setName("count"), "cmd.source.count", {
            max: DRAFT_LIMITS.max,
            default: DRAFT_LIMITS.default,
          })
            .setMinValue(1)
            .setMaxValue(DRAFT_LIMITS.max),
        ),
    )
    .toJSON(),

  async execute(interaction, bot) {
    const locale = localeOf(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await requireQuizMaster(interaction, bot);
    const guildId = interaction.guildId;
    const userId = interaction.user.id;
    const text = (name: string) => interaction.options.getString(name);
    switch (interaction.options.getSubcommand(true)) {
      case "add": {
        const file = await attachedFile(interaction, bot);
        const added = await addSource(bot.app, {
          guildId,
          userId,
          file,
          options: {
            title: text("title") ?? "",
            author: text("author") ?? "",
            date: text("date") ?? "",
            url: text("url"),
            chrome: text("chrome"),
          },
        });
        await interaction.editReply(sourceAddedMessage(added, locale));
        return;
      }
      case "update": {
        const file = await attachedFile(interaction, bot);
        const options = Object.fromEntries(
          ["title", "author", "date", "url", "chrome"].flatMap((name) => {
            const value = text(name);
            return value === null ? [] : [[name, value]];
          }),
        );
        const change = await prepareSourceChange(bot.app, {
          guildId,
          userId,
          sourceId: text("source") ?? "",
          update: { file, options },
        });
        await interaction.editReply(sourceChangeMessage(change, locale));
        return;
      }
      case "remove": {
        const change = await prepareSourceChange(bot.app, {
          guildId,
          userId,
          sourceId: text("source") ?? "",
        });
        await interaction.editReply(sourceChangeMessage(change, locale));
        return;
      }
      default: {
        const sourceId = text("source") ?? "";
        const { queued } = await draftFromSource(bot.app, {
          guildId,
          userId,
          // The application's id is its bot user's id, and is known over HTTP too (no client logs in there).
          botUserId: interaction.applicationId,
          sourceId,
          count: interaction.options.getInteger("count") ?? DRAFT_LIMITS.default,
          locale,
        });
        await interaction.editReply(draftsQueuedMessage(sourceId, queued, locale));
      }
    }
  },

  /** This server's own sources only (the shipped ones cannot be changed here). */
  async autocomplete(interaction: AutocompleteInteraction, bot: BotContext) {
    if (!interaction.inGuild()) return interaction.respond([]);
    const typed = interaction.options.getFocused().toLowerCase();
    const mine = await bot.app.sources.sources(interaction.guildId);
    await interaction.respond(
      mine
        .filter((s) => s.id.includes(typed) || s.meta.title.toLowerCase().includes(typed))
        .slice(0, DISCORD_LIMITS.autocompleteChoices)
        .map((s) => ({ name: truncate(s.meta.title, DISCORD_LIMITS.choiceName), value: s.id })),
    );
  },
} satisfies Command;
