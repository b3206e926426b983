/**
 * The options of a live round, shared by `/quiz channel` and `/set play`: a lobby, teams (by role,
 * or a random split of the lobby), team talk, and this round's bonuses (speed, streak).
 */
import type { SlashCommandSubcommandBuilder } from "discord.js";
import { z } from "zod";
import { UserError } from "../../../app/errors.ts";
import type { ServerScoring } from "../../../app/scoring.ts";
import {
  type LiveOptions,
  RANDOM_TEAM_COUNT_MAX,
  TALK_MAX_SECONDS,
  type Team,
} from "../../../engine/live.ts";
import { type Locale, t } from "../../../i18n/index.ts";
import type { GuildCommandInteraction } from "../../context.ts";
import { described } from "../../interactions/localize.ts";

/** Adds the live round's options to a subcommand. */
export function withLiveOptions(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return sub
    .addBooleanOption((o) => described(o.setName("lobby"), "cmd.live.lobby"))
    .addStringOption((o) => described(o.setName("teams"), "cmd.live.teams").setMaxLength(200))
    .addIntegerOption((o) =>
      described(o.setName("random-teams"), "cmd.live.randomTeams")
        .setMinValue(2)
        .setMaxValue(RANDOM_TEAM_COUNT_MAX),
    )
    .addIntegerOption((o) =>
      described(o.setName("team-talk"), "cmd.live.teamTalk").setMinValue(0).setMaxValue(TALK_MAX_SECONDS),
    )
    .addBooleanOption((o) => described(o.setName("speed"), "cmd.live.speed"))
    .addBooleanOption((o) => described(o.setName("streak"), "cmd.live.streak"));
}

/** The names of random teams, in the round's language. */
const RANDOM_TEAM_NAMES = ["live.team.1", "live.team.2", "live.team.3", "live.team.4"] as const;

/** A role mention as Discord puts it in a string option: `<@&123>`. */
const ROLE_MENTION = /<@&(\d{1,20})>/g;

const LiveInputSchema = z.object({
  lobby: z.boolean().nullable(),
  teams: z.string().max(200).nullable(),
  randomTeams: z.number().int().min(2).max(RANDOM_TEAM_COUNT_MAX).nullable(),
  talk: z.number().int().min(0).max(TALK_MAX_SECONDS).nullable(),
  speed: z.boolean().nullable(),
  streak: z.boolean().nullable(),
});

/**
 * Reads a live round's options (Discord input is a claim: the teams' text must be 2 to 4 role
 * mentions). A random split needs a lobby to split, so it opens one. Random teams are named in
 * the round's language.
 */
export function readLiveOptions(
  interaction: GuildCommandInteraction,
  roundLocale: Locale,
): { live: LiveOptions; scoring: Partial<Pick<ServerScoring, "speed" | "streak">> } {
  const input = LiveInputSchema.parse({
    lobby: interaction.options.getBoolean("lobby"),
    teams: interaction.options.getString("teams"),
    randomTeams: interaction.options.getInteger("random-teams"),
    talk: interaction.options.getInteger("team-talk"),
    speed: interaction.options.getBoolean("speed"),
    streak: interaction.options.getBoolean("streak"),
  });
  if (input.teams !== null && input.randomTeams !== null) throw new UserError("live.teams.both");
  let teams: Team[] | undefined;
  let teamMode: LiveOptions["teamMode"];
  if (input.teams !== null) {
    const roleIds = [...new Set([...input.teams.matchAll(ROLE_MENTION)].map((m) => m[1] as string))];
    if (roleIds.length < 2 || roleIds.length > RANDOM_TEAM_COUNT_MAX) throw new UserError("live.teams.bad");
    teams = roleIds.map((roleId) => ({ id: `r${roleId}`, name: `<@&${roleId}>`, roleId, members: [] }));
    teamMode = "roles";
  } else if (input.randomTeams !== null) {
    teams = Array.from({ length: input.randomTeams }, (_, i) => ({
      id: `t${i + 1}`,
      name: t(roundLocale, RANDOM_TEAM_NAMES[i] ?? "live.team.1"),
      members: [],
    }));
    teamMode = "random";
  }
  return {
    live: {
      lobby: input.lobby === true || teamMode === "random",
      ...(teams ? { teams, teamMode } : {}),
      ...(input.talk ? { talkSeconds: input.talk } : {}),
    },
    scoring: {
      ...(input.speed === null ? {} : { speed: input.speed }),
      ...(input.streak === null ? {} : { streak: input.streak }),
    },
  };
}
