import { type APIMessage, DiscordAPIError, type REST, Routes } from "discord.js";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { GameContext } from "../game/context.ts";
import {
  advanceRound,
  attachMessage,
  endSession,
  revealOfRound,
  revealRound,
  roundView,
} from "../game/quiz.ts";
import { isLastRound, type SessionState, standings } from "../quiz/session.ts";
import { askMessage, channelRevealMessage, finalScoreboardMessage, type MessageBody } from "./render/quiz.ts";

/** Discord error codes that mean the bot can no longer post in a channel. */
const LOST_CHANNEL_CODES = new Set([10003, 50001, 50013]);

/**
 * Drives channel rounds in time: posts each question, closes it when time is up, shows the reveal,
 * moves on, and posts the final scoreboard. Only timers live here; the state is in the store, so
 * after a restart `resume` picks every unfinished round up where it was.
 */
export class ChannelRounds {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly steps = new Map<string, () => Promise<void>>();

  constructor(private readonly deps: { game: GameContext; rest: REST; config: Config; logger: Logger }) {}

  /** Posts the current question of a freshly started (or advanced) round and schedules its end. */
  async postQuestion(state: SessionState): Promise<void> {
    const { game } = this.deps;
    const view = await roundView(game, state);
    const seconds = state.secondsPerQuestion ?? 0;
    const endsAt = Math.ceil((state.roundEndsAt ?? game.now()) / 1000);
    const note = `Answer within **${seconds} s** (closes <t:${endsAt}:R>). Quiz started by <@${state.ownerId}>.`;
    const message = await this.post(state, askMessage(view, note));
    if (!message) return;
    const saved = await attachMessage(game, {
      sessionId: state.id,
      round: state.round,
      messageId: message.id,
    });
    if (saved) this.schedule(saved);
  }

  /** Schedules what comes next for a session: closing the round, or the next question. */
  schedule(state: SessionState): void {
    this.cancel(state.id);
    if (state.kind !== "channel" || state.phase === "finished") return;
    const now = this.deps.game.now();
    const at =
      state.phase === "asking"
        ? (state.roundEndsAt ?? now)
        : state.updatedAt + this.deps.config.revealSeconds * 1000;
    const step =
      state.phase === "asking"
        ? () => this.timeUp(state.id, state.round)
        : () => this.next(state.id, state.round);
    const run = () => {
      this.timers.delete(state.id);
      this.steps.delete(state.id);
      return step().catch((error: unknown) =>
        this.deps.logger.error(
          { err: error, sessionId: state.id, guildId: state.guildId },
          "channel round step failed",
        ),
      );
    };
    this.timers.set(state.id, setTimeout(run, Math.max(0, at - now)));
    this.steps.set(state.id, run);
  }

  /**
   * Runs a session's next scheduled step now instead of when its timer fires (time is up, or the
   * reveal is over). Tests use it to play a round without waiting out its seconds.
   */
  async runNextStepNow(sessionId: string): Promise<boolean> {
    const run = this.steps.get(sessionId);
    if (!run) return false;
    this.cancel(sessionId);
    await run();
    return true;
  }

  /** Ends a round that was stopped: the question closes with its answer, then the final scoreboard. */
  async finishStopped(state: SessionState): Promise<void> {
    this.cancel(state.id);
    await this.showReveal(state, "The round was stopped.");
    await this.post(state, finalScoreboardMessage(state, standings(state)));
  }

  /** Picks up every unfinished channel round of the given guilds (after a restart). */
  async resume(guildIds: ReadonlySet<string>): Promise<number> {
    const sessions = await this.deps.game.sessions.unfinished();
    let resumed = 0;
    for (const state of sessions) {
      if (state.kind !== "channel" || !guildIds.has(state.guildId)) continue;
      // A round whose question was never posted (a crash in between) is posted now.
      if (state.phase === "asking" && state.messageId === null) await this.postQuestion(state);
      else this.schedule(state);
      resumed++;
    }
    return resumed;
  }

  /** Stops every timer (on shutdown); the rounds stay in the store and resume on the next start. */
  stopAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.steps.clear();
  }

  private cancel(sessionId: string): void {
    const timer = this.timers.get(sessionId);
    if (timer) clearTimeout(timer);
    this.timers.delete(sessionId);
    this.steps.delete(sessionId);
  }

  private async timeUp(sessionId: string, round: number): Promise<void> {
    const change = await revealRound(this.deps.game, sessionId, round);
    if (change.kind !== "changed") return;
    const state = change.state;
    if (state.phase === "revealed" && state.round === round) {
      const seconds = this.deps.config.revealSeconds;
      await this.showReveal(
        state,
        isLastRound(state) ? "Final scoreboard next." : `Next question in ${seconds} s.`,
      );
    }
    this.schedule(state);
  }

  private async next(sessionId: string, round: number): Promise<void> {
    const change = await advanceRound(this.deps.game, sessionId, round);
    if (change.kind !== "changed") return;
    const state = change.state;
    if (state.phase === "finished") {
      await this.post(state, finalScoreboardMessage(state, standings(state)));
    } else if (state.round !== round) {
      await this.postQuestion(state);
    } else {
      this.schedule(state);
    }
  }

  private async showReveal(state: SessionState, note: string): Promise<void> {
    if (state.messageId === null) return;
    const { game } = this.deps;
    const view = await roundView(game, state);
    const body = channelRevealMessage(view, await revealOfRound(game, state), state, note);
    await this.call(state, () =>
      this.deps.rest.patch(Routes.channelMessage(state.channelId, state.messageId as string), { body }),
    );
  }

  private async post(state: SessionState, body: MessageBody): Promise<APIMessage | undefined> {
    return this.call(
      state,
      async () =>
        (await this.deps.rest.post(Routes.channelMessages(state.channelId), {
          body: { ...body, allowed_mentions: { parse: [] } },
        })) as APIMessage,
    );
  }

  /**
   * Runs a REST call for a round. If the bot has lost the channel (deleted, or no permission to
   * post), the round ends as failed rather than staying stuck in progress.
   */
  private async call<T>(state: SessionState, request: () => Promise<T>): Promise<T | undefined> {
    try {
      return await request();
    } catch (error) {
      if (
        error instanceof DiscordAPIError &&
        typeof error.code === "number" &&
        LOST_CHANNEL_CODES.has(error.code)
      ) {
        this.deps.logger.warn(
          { sessionId: state.id, guildId: state.guildId, channelId: state.channelId, code: error.code },
          "lost access to a channel round's channel: ending the round",
        );
        this.cancel(state.id);
        await endSession(this.deps.game, state.id, "failed");
        return undefined;
      }
      throw error;
    }
  }
}
