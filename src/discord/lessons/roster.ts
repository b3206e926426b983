import { DiscordAPIError, type REST, Routes } from "discord.js";
import { z } from "zod";
import type { AppContext } from "../../app/context.ts";
import { knownPlayers } from "../../app/lessons/results.ts";

const MembersSchema = z.array(
  z.object({
    user: z.object({
      id: z.string(),
      username: z.string(),
      global_name: z.string().nullish(),
    }),
    nick: z.string().nullish(),
    roles: z.array(z.string()),
  }),
);

/** Whom a teacher expects to take an assignment, and where that list came from. */
export interface Roster {
  readonly userIds: readonly string[];
  /** The members' names as the server shows them (nickname, else global name, else username), when listed. */
  readonly names: ReadonlyMap<string, string>;
  /** role: the role's members; players: members who have played in this server. */
  readonly from: "role" | "players";
}

/**
 * The class list for progress. Listing a server's members needs the Server Members intent, which
 * this bot does not ask for: when Discord refuses, the list is the members who have played in
 * the server (their score records) instead, and the teacher is told so.
 */
export async function rosterFor(
  deps: { app: AppContext; rest: REST },
  guildId: string,
  roleId: string | null,
): Promise<Roster> {
  if (roleId) {
    try {
      const raw = await deps.rest.get(Routes.guildMembers(guildId), {
        query: new URLSearchParams({ limit: "1000" }),
      });
      const members = MembersSchema.parse(raw).filter((m) => m.roles.includes(roleId));
      return {
        userIds: members.map((m) => m.user.id),
        names: new Map(members.map((m) => [m.user.id, m.nick || m.user.global_name || m.user.username])),
        from: "role",
      };
    } catch (error) {
      if (!(error instanceof DiscordAPIError) && !(error instanceof z.ZodError)) throw error;
    }
  }
  return { userIds: await knownPlayers(deps.app, guildId), names: new Map(), from: "players" };
}
