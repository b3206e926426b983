import { type REST, Routes } from "discord.js";
import { z } from "zod";

/** How long the application's owners are remembered before they are asked again (ownership rarely changes). */
const OWNER_TTL_MS = 10 * 60_000;

/** What GET /applications/@me says about who owns the application. */
const ApplicationOwnersSchema = z.object({
  owner: z.object({ id: z.string() }).optional(),
  team: z
    .object({
      owner_user_id: z.string(),
      members: z.array(z.object({ user: z.object({ id: z.string() }) })),
    })
    .nullable()
    .optional(),
});

const owners = new WeakMap<REST, { ids: Promise<ReadonlySet<string>>; at: number }>();

/**
 * The user ids that own the application: every member of the team that owns it, or its owner.
 * Asked over REST (not from the gateway's READY), so it works over HTTP interactions too.
 */
async function fetchOwnerIds(rest: REST): Promise<ReadonlySet<string>> {
  const application = ApplicationOwnersSchema.parse(await rest.get(Routes.currentApplication()));
  if (application.team)
    return new Set([application.team.owner_user_id, ...application.team.members.map((m) => m.user.id)]);
  return new Set(application.owner ? [application.owner.id] : []);
}

/**
 * Whether `userId` owns the bot's application (or is on the team that owns it), as Discord says,
 * remembered for a few minutes. A failed lookup is forgotten, not remembered.
 */
export async function isApplicationOwner(rest: REST, userId: string): Promise<boolean> {
  let known = owners.get(rest);
  if (!known || Date.now() - known.at > OWNER_TTL_MS) {
    const ids = fetchOwnerIds(rest);
    known = { ids, at: Date.now() };
    owners.set(rest, known);
    ids.catch(() => owners.delete(rest));
  }
  return (await known.ids).has(userId);
}
