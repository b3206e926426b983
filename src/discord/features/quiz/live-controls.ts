/**
 * The buttons of a live round: the host's controls (start, next, pause, resume, skip, end) and
 * the lobby's Join and Leave. Each click is checked against the stored round, never trusted from
 * its custom_id: the round must be of this guild and channel, the click must come from the
 * round's own message (a custom_id forged onto another message changes nothing), and a control
 * must come from the round's starter or a quiz master. The reply is private; the round's public
 * message is edited by the round driver from the stored state, as a reveal is.
 */
import { type ButtonInteraction, MessageFlags, type ModalSubmitInteraction } from "discord.js";
import { type ControlResult, hostControl, joinLobby, nextQuestionNow } from "../../../app/live.ts";
import { sessionNow } from "../../../app/quiz.ts";
import { versionOf } from "../../../engine/host.ts";
import { LOBBY_MAX_PLAYERS } from "../../../engine/live.ts";
import type { LiveRefusal } from "../../../engine/session.ts";
import { type Locale, localeOf, t } from "../../../i18n/index.ts";
import type { BotContext } from "../../context.ts";
import { isQuizMaster } from "../../interactions/access.ts";
import { replyPrivately } from "../../interactions/boundary.ts";
import type { ButtonAction } from "../../interactions/custom-id.ts";

type ControlAction = Extract<ButtonAction, { kind: "ctl" }>;
type LobbyAction = Extract<ButtonAction, { kind: "join" | "leave" }>;

/** What a player is told when a live round refuses their answer. */
export function liveRefusalText(refusal: LiveRefusal, locale: Locale): string {
  if (refusal.kind === "paused") return t(locale, "live.answer.paused");
  if (refusal.kind === "not-joined") return t(locale, "live.answer.notJoined");
  if (refusal.kind === "not-started") return t(locale, "live.answer.notStarted");
  return t(locale, "live.answer.notOpen", { opensAt: Math.ceil(refusal.opensAt / 1000) });
}

/**
 * What a player is told when an answer (picked or typed) is not taken: one wording for the choice
 * buttons and the typed form, live refusals included.
 */
export function answerRefusalText(
  refusal: LiveRefusal | { readonly kind: "duplicate" | "closed" | "invalid-choice" | "not-player" },
  locale: Locale,
): string {
  switch (refusal.kind) {
    case "duplicate":
      return t(locale, "answer.duplicate");
    case "closed":
      return t(locale, "answer.tooLate");
    case "invalid-choice":
    case "not-player":
      return t(locale, "answer.notTaken");
    default:
      return liveRefusalText(refusal, locale);
  }
}

/** The clicker's roles in the server (what places them in a role team). */
export function memberRoleIds(interaction: ButtonInteraction | ModalSubmitInteraction): string[] {
  const roles = interaction.member?.roles;
  if (!roles) return [];
  return Array.isArray(roles) ? roles : [...roles.cache.keys()];
}

/** The round a live button names, if the click may act on it; otherwise the private reason why not. */
async function roundOfClick(
  interaction: ButtonInteraction,
  sessionId: string,
  bot: BotContext,
): Promise<
  | { kind: "ok"; state: NonNullable<Awaited<ReturnType<typeof sessionNow>>> }
  | { kind: "refused"; text: string }
> {
  const locale = localeOf(interaction);
  const state = await sessionNow(bot.app, sessionId);
  if (!state || state.phase === "finished" || state.kind !== "channel")
    return { kind: "refused", text: t(locale, "live.control.gone") };
  if (state.guildId !== interaction.guildId || state.channelId !== interaction.channelId)
    return { kind: "refused", text: t(locale, "answer.elsewhere") };
  return { kind: "ok", state };
}

/** A host's control: checked, run once against the version its button was drawn for, then shown. */
export async function hostControlButton(
  interaction: ButtonInteraction,
  action: ControlAction,
  bot: BotContext,
) {
  const locale = localeOf(interaction);
  // A reveal or the podium may take a moment (a chart is drawn): answer Discord first.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const found = await roundOfClick(interaction, action.sessionId, bot);
  if (found.kind === "refused") return replyPrivately(interaction, found.text);
  const { state } = found;
  if (state.ownerId !== interaction.user.id && !(await isQuizMaster(interaction, bot.app))) {
    bot.logger.info(
      { sessionId: state.id, userId: interaction.user.id, verb: action.verb },
      "refused a live round's control to someone who is not its host",
    );
    return replyPrivately(interaction, t(locale, "live.control.notHost", { ownerId: state.ownerId }));
  }
  // A second click on the same button (the round has moved on) changes nothing.
  if (versionOf(state) !== action.version)
    return replyPrivately(interaction, t(locale, "live.control.stale"));
  if (interaction.message.id !== state.messageId) {
    bot.logger.warn(
      { sessionId: state.id, userId: interaction.user.id, messageId: interaction.message.id },
      "refused a live round's control clicked on another message",
    );
    return replyPrivately(interaction, t(locale, "live.control.elsewhere"));
  }
  const afterReveal = action.verb === "next" && state.phase === "revealed";
  const result: ControlResult = afterReveal
    ? await nextQuestionNow(bot.app, state.id, action.version)
    : await hostControl(bot.app, { sessionId: state.id, version: action.version, verb: action.verb });
  if (result.kind === "gone") return replyPrivately(interaction, t(locale, "live.control.gone"));
  if (result.kind === "stale") return replyPrivately(interaction, t(locale, "live.control.stale"));
  await bot.rounds.afterControl(action.verb, result);
  const done = afterReveal ? "live.control.nextQuestion" : (`live.control.${action.verb}` as const);
  await replyPrivately(interaction, t(locale, done));
}

/** Join or Leave a lobby: the player is told privately, and the lobby's list is updated in place. */
export async function lobbyButton(interaction: ButtonInteraction, action: LobbyAction, bot: BotContext) {
  const locale = localeOf(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const found = await roundOfClick(interaction, action.sessionId, bot);
  if (found.kind === "refused") return replyPrivately(interaction, found.text);
  if (found.state.phase === "lobby" && interaction.message.id !== found.state.messageId)
    return replyPrivately(interaction, t(locale, "live.control.elsewhere"));
  const result = await joinLobby(bot.app, {
    sessionId: action.sessionId,
    userId: interaction.user.id,
    roleIds: memberRoleIds(interaction),
    leave: action.kind === "leave",
  });
  if (result.kind === "gone") return replyPrivately(interaction, t(locale, "live.control.gone"));
  const text =
    result.kind === "full"
      ? t(locale, "live.join.full", { max: LOBBY_MAX_PLAYERS })
      : t(locale, `live.join.${result.kind}`);
  await replyPrivately(interaction, text);
  if (result.kind === "joined" || result.kind === "left") await bot.rounds.showLobby(action.sessionId);
}
