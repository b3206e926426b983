import { type APIMessage, DiscordAPIError, type REST, Routes } from "discord.js";
import type { Logger } from "pino";
import type { AppContext } from "../app/context.ts";
import {
  advanceRound,
  attachMessage,
  endSession,
  revealOfRound,
  revealRound,
  roundView,
  sessionNow,
  unfinishedChannelRounds,
} from "../app/quiz.ts";
import { picksChart } from "../charts/charts.ts";
import type { ChartRenderer } from "../charts/render.ts";
import type { Config } from "../config.ts";
import { t } from "../i18n/index.ts";
import { isLastRound, type SessionState, standings } from "../quiz/session.ts";
import { chartFiles, drawCharts } from "./charts.ts";
import { tellMember } from "./community/access.ts";
import {
  askMessage,
  channelRevealMessage,
  finalScoreboardMessage,
  type MessageBody,
  picksPerOption,
} from "./render/quiz.ts";

/** Discord error codes that mean the bot can no longer post in a channel. */
const LOST_CHANNEL_CODES = new Set([10003, 50001, 50013]);

/**
 * A step that failed (the store not answering, Discord failing after discord.js's own retries) is
 * tried again after 1, 2, 4, 8, 16, then every 30 seconds; after this many failures in a row the
 * round ends as failed, so that it never stays stuck in progress.
 */
const STEP_RETRY_MS = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000];
const STEP_ATTEMPTS = 10;

/**
 * Drives channel rounds in time: posts each question, closes it when time is up, shows the reveal,
 * moves on, and posts the final scoreboard. Only timers live here; the state is in the store, so
 * after a restart `resume` picks every unfinished round up where it was.
 */
export class ChannelRounds {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly steps = new Map<string, () => Promise<void>>();
  /** Failed attempts in a row, per session, while its step is being retried. */
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly deps: {
      app: AppContext;
      rest: REST;
      config: Config;
      logger: Logger;
      charts?: ChartRenderer | undefined;
    },
  ) {}

  /**
   * Posts the current question of a freshly started round and schedules its end. If the channel
   * is lost, the round ends as failed; whoever started it is told by the command's own reply.
   */
  async postQuestion(state: SessionState): Promise<void> {
    try {
      await this.postRoundQuestion(state, false);
    } catch (error) {
      // The round is claimed and saved: it must not stay stuck, so it is picked up again later.
      this.retryLater(state, () => this.pickUpFromStore(state.id), error);
      throw error;
    }
  }

  /** Picks a round up again from the store (a retry after a failure), unless it is over. */
  private async pickUpFromStore(sessionId: string): Promise<void> {
    const current = await sessionNow(this.deps.app, sessionId);
    if (current && current.phase !== "finished") await this.pickUp(current);
  }

  /** Posts a round's current question; `tellOwner`: if the channel is lost, DM whoever started it. */
  private async postRoundQuestion(state: SessionState, tellOwner: boolean): Promise<void> {
    const { app } = this.deps;
    const view = await roundView(app, state);
    const seconds = state.secondsPerQuestion ?? 0;
    const endsAt = Math.ceil((state.roundEndsAt ?? app.now()) / 1000);
    const locale = state.locale ?? "en";
    const note = t(locale, "quiz.channel.answerWithin", { seconds, endsAt, ownerId: state.ownerId });
    const message = await this.post(state, askMessage(view, note, locale), tellOwner);
    if (!message) return;
    const saved = await attachMessage(app, {
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
    const now = this.deps.app.now();
    const at =
      state.phase === "asking"
        ? (state.roundEndsAt ?? now)
        : state.updatedAt + this.deps.config.revealSeconds * 1000;
    const step =
      state.phase === "asking"
        ? () => this.timeUp(state.id, state.round)
        : () => this.next(state.id, state.round);
    this.runAfter(state, step, Math.max(0, at - now));
  }

  /** Runs a step of a round after `delay` ms (or at once through runNextStepNow). */
  private runAfter(state: SessionState, step: () => Promise<void>, delay: number): void {
    const run = async () => {
      this.timers.delete(state.id);
      this.steps.delete(state.id);
      try {
        await step();
        this.failures.delete(state.id);
      } catch (error) {
        this.retryLater(state, step, error);
      }
    };
    this.timers.set(state.id, setTimeout(run, delay));
    this.steps.set(state.id, run);
  }

  /**
   * After a failed step: the same step again later. Every step is idempotent (it checks the
   * session's round and phase in the store, and redoes only what is missing, such as the reveal's
   * edit), so a retry never skips or repeats a question. After too many failures the round ends.
   */
  private retryLater(state: SessionState, step: () => Promise<void>, error: unknown): void {
    const attempt = (this.failures.get(state.id) ?? 0) + 1;
    this.failures.set(state.id, attempt);
    const context = { err: error, sessionId: state.id, guildId: state.guildId, attempt };
    if (attempt >= STEP_ATTEMPTS) {
      this.deps.logger.error(context, "channel round step keeps failing: ending the round");
      this.failures.delete(state.id);
      void this.giveUp(state);
      return;
    }
    const delay = STEP_RETRY_MS[Math.min(attempt, STEP_RETRY_MS.length) - 1] ?? 30_000;
    this.deps.logger.warn({ ...context, retryInMs: delay }, "channel round step failed: trying again");
    this.runAfter(state, step, delay);
  }

  private async giveUp(state: SessionState): Promise<void> {
    try {
      const change = await endSession(this.deps.app, state.id, "failed");
      if (change.kind === "changed") {
        await this.tellOwner(
          state,
          t(state.locale ?? "en", "round.ownerFailing", { channelId: state.channelId }),
        );
      }
    } catch (error) {
      // The store is still failing: the round stays saved and resumes on the next start.
      this.deps.logger.error({ err: error, sessionId: state.id }, "could not end a failing channel round");
    }
  }

  /** Takes an unfinished round up where the store says it is: posts an unposted question, or schedules. */
  private async pickUp(state: SessionState): Promise<void> {
    if (state.phase === "asking" && state.messageId === null) await this.postRoundQuestion(state, true);
    else this.schedule(state);
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

  /** Whether a step of the session is scheduled (a round this process is driving). */
  hasStep(sessionId: string): boolean {
    return this.steps.has(sessionId);
  }

  /** Ends a round that was stopped: the question closes with its answer, then the final scoreboard. */
  async finishStopped(state: SessionState): Promise<void> {
    this.cancel(state.id);
    this.failures.delete(state.id);
    await this.showReveal(state, t(state.locale ?? "en", "quiz.channel.stopped"));
    await this.post(state, finalScoreboardMessage(state, standings(state), state.locale ?? "en"));
  }

  /** Picks up every unfinished channel round of the given guilds (after a restart). */
  async resume(guildIds: ReadonlySet<string>): Promise<number> {
    const rounds = await unfinishedChannelRounds(this.deps.app, guildIds);
    let resumed = 0;
    for (const state of rounds) {
      // A round whose question was never posted (a crash in between) is posted now.
      try {
        await this.pickUp(state);
      } catch (error) {
        this.retryLater(state, () => this.pickUpFromStore(state.id), error);
      }
      resumed++;
    }
    return resumed;
  }

  /** How many rounds have a step scheduled here. */
  get size(): number {
    return this.timers.size;
  }

  /** Stops every timer (on shutdown); the rounds stay in the store and resume on the next start. */
  stopAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.steps.clear();
    this.failures.clear();
  }

  private cancel(sessionId: string): void {
    const timer = this.timers.get(sessionId);
    if (timer) clearTimeout(timer);
    this.timers.delete(sessionId);
    this.steps.delete(sessionId);
  }

  private async timeUp(sessionId: string, round: number): Promise<void> {
    const change = await revealRound(this.deps.app, sessionId, round);
    if (change.kind !== "changed") return;
    const state = change.state;
    if (state.phase === "revealed" && state.round === round) {
      const seconds = this.deps.config.revealSeconds;
      await this.showReveal(
        state,
        isLastRound(state)
          ? t(state.locale ?? "en", "quiz.channel.finalNext")
          : t(state.locale ?? "en", "quiz.channel.nextIn", { seconds }),
      );
    }
    this.schedule(state);
  }

  private async next(sessionId: string, round: number): Promise<void> {
    const change = await advanceRound(this.deps.app, sessionId, round);
    if (change.kind !== "changed") return;
    const state = change.state;
    if (state.phase === "finished") {
      await this.post(state, finalScoreboardMessage(state, standings(state), state.locale ?? "en"));
    } else if (state.round !== round) {
      // On a retry the question may be posted already: then only its end is scheduled.
      if (state.messageId === null) await this.postRoundQuestion(state, true);
      else this.schedule(state);
    } else {
      this.schedule(state);
    }
  }

  private async showReveal(state: SessionState, note: string): Promise<void> {
    if (state.messageId === null) return;
    const { app } = this.deps;
    const { view, reveal } = await revealOfRound(app, state);
    const locale = state.locale ?? "en";
    // The chart is drawn here, once per reveal, when the round's answers are closed: never on a click.
    const charts = await drawCharts(
      this.deps,
      [picksChart({ question: view.question.question, options: picksPerOption(view, state) }, locale)],
      { sessionId: state.id, guildId: state.guildId, round: state.round },
    );
    const body = channelRevealMessage(view, reveal, state, note, locale, charts[0]?.name);
    const { files, attachments } = chartFiles(charts);
    await this.call(state, () =>
      this.deps.rest.patch(Routes.channelMessage(state.channelId, state.messageId as string), {
        body: { ...body, allowed_mentions: { parse: [] }, ...(files.length > 0 ? { attachments } : {}) },
        ...(files.length > 0 ? { files } : {}),
      }),
    );
  }

  private async post(
    state: SessionState,
    body: MessageBody,
    tellOwner = true,
  ): Promise<APIMessage | undefined> {
    return this.call(
      state,
      async () =>
        (await this.deps.rest.post(Routes.channelMessages(state.channelId), {
          body: { ...body, allowed_mentions: { parse: [] } },
        })) as APIMessage,
      tellOwner,
    );
  }

  /** Tells whoever started a round something (by DM, or at their next command); never throws. */
  private async tellOwner(state: SessionState, message: string): Promise<void> {
    try {
      await tellMember(this.deps, { guildId: state.guildId, userId: state.ownerId, message });
    } catch (error) {
      this.deps.logger.warn(
        { err: error, sessionId: state.id, userId: state.ownerId },
        "could not tell a round's starter",
      );
    }
  }

  /**
   * Runs a REST call for a round. If the bot has lost the channel (deleted, or no permission to
   * post), the round ends as failed rather than staying stuck in progress, and whoever started it
   * is told why (unless `tellOwner` is false: the command that started it answers them itself).
   */
  private async call<T>(
    state: SessionState,
    request: () => Promise<T>,
    tellOwner = true,
  ): Promise<T | undefined> {
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
        this.failures.delete(state.id);
        const change = await endSession(this.deps.app, state.id, "failed");
        if (change.kind === "changed" && tellOwner) {
          const locale = state.locale ?? "en";
          const why = t(locale, error.code === 10003 ? "round.channelGone" : "round.noPermission");
          await this.tellOwner(state, t(locale, "round.ownerLost", { channelId: state.channelId, why }));
        }
        return undefined;
      }
      throw error;
    }
  }
}
