import type { Interaction } from "discord.js";

/** The name a member shows in the server now (nickname, else global name, else username). */
export function displayNameOf(interaction: Interaction): string {
  const member = interaction.member;
  if (member && "displayName" in member && typeof member.displayName === "string") return member.displayName;
  if (member && "nick" in member && typeof member.nick === "string" && member.nick) return member.nick;
  return interaction.user.displayName;
}
