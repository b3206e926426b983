import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  REST,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { Logger } from "pino";
import type { AppContext } from "../app/context.ts";
import type { ChartRenderer } from "../charts/render.ts";
import type { Config } from "../config.ts";
import type { AssignmentDeadlines } from "./drivers/assignment-deadlines.ts";
import type { ChannelRounds } from "./drivers/channel-rounds.ts";

/** What command and button handlers get: the application, the config, Discord's REST client, the round driver, the chart renderer. */
export interface BotContext {
  readonly app: AppContext;
  readonly config: Config;
  readonly rest: REST;
  readonly rounds: ChannelRounds;
  /** Sends each assignment's results to its teacher when it falls due. */
  readonly deadlines: AssignmentDeadlines;
  readonly logger: Logger;
  /** Draws the charts attached to messages; none when charts are off (CHARTS=off). */
  readonly charts?: ChartRenderer | undefined;
}

/** A slash command used in a server (every command of this bot is guild-only). */
export type GuildCommandInteraction = ChatInputCommandInteraction<"cached" | "raw">;

/** One slash command module: its definition (`data`) and its behaviour, side by side. */
export interface Command {
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: GuildCommandInteraction, bot: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, bot: BotContext): Promise<void>;
}
