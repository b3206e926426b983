import { DiscordAPIError, type REST, Routes } from "discord.js";
import { z } from "zod";
import type { AppContext } from "../../../app/context.ts";
import { knownPlayers } from "../../../app/lessons/results.ts";

const MemberSchema = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    global_name: z.string().nullish(),
  }),
  nick: z.string().nullish(),
  roles: z.array(z.string()),
});
const MembersSchema = z.array(MemberSchema);

/** A member's name as the server shows it: nickname, else global name, else username. */
const shownName = (m: z.infer<typeof MemberSchema>) => m.nick || m.user.global_name || m.user.username;

/** Names looked up one member at a time (no privileged intent needed), at most this many per screen. */
export const NAME_LOOKUPS_MAX = 50;

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
        names: new Map(members.map((m) => [m.user.id, shownName(m)])),
        from: "role",
      };
    } catch (error) {
      if (!(error instanceof DiscordAPIError) && !(error instanceof z.ZodError)) throw error;
    }
  }
  return { userIds: await knownPlayers(deps.app, guildId), names: new Map(), from: "players" };
}

/**
 * The names of members who have no answer to name them (the grade book's "not started"), looked
 * up one by one (GET a member needs no privileged intent), at most NAME_LOOKUPS_MAX; a member who
 * left or a failed lookup is left unnamed (their id still identifies them).
 */
export async function memberNames(
  deps: { rest: REST },
  guildId: string,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await Promise.all(
    userIds.slice(0, NAME_LOOKUPS_MAX).map(async (userId) => {
      try {
        const member = MemberSchema.safeParse(await deps.rest.get(Routes.guildMember(guildId, userId)));
        if (member.success) names.set(userId, shownName(member.data));
      } catch (error) {
        if (!(error instanceof DiscordAPIError)) throw error;
      }
    }),
  );
  return names;
}

/** A result's detail with names for the roster members it could not name (see memberNames). */
export async function withRosterNames<
  D extends { progress: { notStarted: readonly string[] }; rosterNames: ReadonlyMap<string, string> },
>(deps: { rest: REST }, guildId: string, detail: D): Promise<D> {
  const unnamed = detail.progress.notStarted.filter((id) => !detail.rosterNames.has(id));
  if (unnamed.length === 0) return detail;
  const found = await memberNames(deps, guildId, unnamed);
  return { ...detail, rosterNames: new Map([...detail.rosterNames, ...found]) };
}

/**
 * Names for a server-wide view (`/quiz report`): every member's from the member list when the
 * bot may list members, else looked up one by one (at most NAME_LOOKUPS_MAX).
 */
export async function guildMemberNames(
  deps: { rest: REST },
  guildId: string,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  try {
    const raw = await deps.rest.get(Routes.guildMembers(guildId), {
      query: new URLSearchParams({ limit: "1000" }),
    });
    return new Map(MembersSchema.parse(raw).map((m) => [m.user.id, shownName(m)]));
  } catch (error) {
    if (!(error instanceof DiscordAPIError) && !(error instanceof z.ZodError)) throw error;
  }
  return memberNames(deps, guildId, userIds);
}
