import { type APIMessage, DiscordAPIError, type REST, Routes } from "discord.js";
import type { Logger } from "pino";
import { z } from "zod";
import type { AppContext } from "../../app/context.ts";
import { type HostVerb, recordTeamScores, revealIfAllAnswered } from "../../app/live.ts";
import {
  advanceRound,
  attachMessage,
  endSession,
  questionById,
  revealOfRound,
  revealRound,
  roundView,
  sessionNow,
  unfinishedChannelRounds,
} from "../../app/quiz.ts";
import { inProcessSteps, type StepQueue } from "../../app/steps.ts";
import { localizeQuestion } from "../../bank/localize.ts";
import { accuracyChart, picksChart } from "../../charts/charts.ts";
import type { ChartRenderer } from "../../charts/render.ts";
import type { Config } from "../../config.ts";
import { endedInLobby, isPaused, versionOf } from "../../engine/host.ts";
import { revealOf } from "../../engine/reveal.ts";
import { isLastRound, type SessionState, standings } from "../../engine/session.ts";
import { t } from "../../i18n/index.ts";
import { KeyedLock } from "../../lib/keyed-lock.ts";
import { tellMember } from "../interactions/tell-member.ts";
import { chartFiles, drawCharts } from "../render/chart-files.ts";
import {
  hostControls,
  liveAskMessage,
  lobbyClosedMessage,
  lobbyMessage,
  mostMissedRound,
  podiumMessage,
  skippedMessage,
  teamsField,
} from "../render/live.ts";
import {
  askMessage,
  channelRevealMessage,
  finalScoreboardMessage,
  type MessageBody,
  picksPerOption,
} from "../render/quiz.ts";

/** Discord error codes that mean the bot can no longer post in a channel. */
const MISSING_PERMISSIONS = 50013;
const LOST_CHANNEL_CODES = new Set([10003, 50001, MISSING_PERMISSIONS]);

/**
 * A step that failed (the store not answering, Discord failing after discord.js's own retries) is
 * tried again after 1, 2, 4, 8, 16, then every 30 seconds; after this many failures in a row the
 * round ends as failed, so that it never stays stuck in progress. If even that cannot be saved
 * (the store still failing), ending it is tried again at the last pause, for as long as it takes:
 * once the store answers, the round ends, its question closes, and its channel is free.
 */
export const STEP_RETRY_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000];
const STEP_ATTEMPTS = 10;

/**
 * A round's next step, as it waits in the step queue: close the round when its time is up, move on
 * after the reveal, pick a round up again from the store (a retry after a failure), or end it
 * (`reason`: failed after its retries, or stopped by `/quiz stop` while the store could not save).
 * `attempt` counts failures, so that a retry is a new job and never the (already taken) failing
 * one: a shared queue keeps a done job's id for an hour, and adding it again would do nothing.
 */
export const RoundStepSchema = z.object({
  sessionId: z.string().min(1),
  round: z.number().int().min(0),
  kind: z.enum(["close", "advance", "pickUp", "end", "open"]),
  attempt: z.number().int().min(0),
  reason: z.enum(["failed", "stopped"]).optional(),
  /**
   * The live round's version the step was scheduled for: a host's control (pause, reveal now,
   * skip) moves the version on, and a step of an older version then does nothing.
   */
  version: z.number().int().min(0).optional(),
});
export type RoundStep = z.infer<typeof RoundStepSchema>;

/** The step's job id: the same step of the same round of the same session is one job, added once. */
function stepId(step: RoundStep): string {
  const version = step.version === undefined ? "" : `.v${step.version}`;
  return `${step.sessionId}.${step.round}.${step.kind}.${step.attempt}${version}`;
}

/** How long after its due time a step scheduled here still counts as this process's (the gauge). */
const PENDING_GRACE_MS = 30_000;

/**
 * Drives channel rounds in time: posts each question, closes it when time is up, shows the reveal,
 * moves on, and posts the final scoreboard. The state is in the store and each next step waits in
 * a step queue: in-process timers on SQLite; on Redis/PostgreSQL a delayed job that whichever bot
 * process is alive takes when it is due, so a round goes on when the process that started it dies.
 *
 * Steps are delivered at least once (a re-added step is a no-op, but a step whose process died
 * mid-way runs again elsewhere, and `resume` re-adds what the store says is next). Every step is
 * idempotent: it moves the session on only from the round and phase it was scheduled for (one
 * update in the store), and otherwise redoes only what is missing (the reveal is an edit of the
 * question's message, so showing it twice changes nothing; the next question is posted only if
 * the session has none attached yet). Within a process a session's steps run one at a time, so a
 * duplicate runs after the first and finds the question attached. What remains, across
 * processes: a step whose process dies between posting a question and attaching it to the
 * session posts that question again when it is redelivered (and so could one whose process
 * stalls past the queue's 30 s lock while another takes the job over).
 */
export class ChannelRounds {
  /** The step this process last scheduled for each session (for runNextStepNow and the gauge). */
  private readonly pending = new Map<string, { id: string; step: RoundStep; dueAt: number }>();
  private readonly steps: StepQueue<RoundStep>;
  /**
   * One step of a session at a time in this process: a step delivered twice at once (or a retry
   * beside a resume) runs after the first, finds the question attached, and posts nothing.
   */
  private readonly sessionSteps = new KeyedLock();
  /** Set once close() is done: no step is queued (or retried) after shutdown. */
  private closed = false;

  constructor(
    private readonly deps: {
      app: AppContext;
      rest: REST;
      config: Config;
      logger: Logger;
      charts?: ChartRenderer | undefined;
      /** Where steps wait (default: timers in this process). */
      steps?: StepQueue<RoundStep> | undefined;
      /** The pauses before a failed step is tried again (default STEP_RETRY_MS; tests shorten them). */
      retryMs?: readonly number[] | undefined;
    },
  ) {
    this.steps = deps.steps ?? inProcessSteps<RoundStep>();
    this.retryMs = deps.retryMs ?? STEP_RETRY_MS;
  }

  private readonly retryMs: readonly number[];

  /** Starts taking due steps (this process's, and on a shared queue any process's). */
  async start(): Promise<void> {
    await this.steps.start((step) => this.runStep(step));
  }

  /**
   * Posts the current question of a freshly started round and schedules its end. If the channel
   * is lost, the round ends as failed; whoever started it is told by the command's own reply.
   */
  async postQuestion(state: SessionState): Promise<void> {
    try {
      await this.postRoundQuestion(state, false);
    } catch (error) {
      // The round is claimed and saved: it must not stay stuck, so it is picked up again later.
      await this.retryLater({ sessionId: state.id, round: state.round, kind: "pickUp", attempt: 0 }, error);
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
    const locale = state.locale ?? "en";
    const body = state.phase === "lobby" ? lobbyMessage(state, locale) : await this.askBody(state);
    const message = await this.post(state, body, tellOwner);
    if (!message) return;
    const saved = await attachMessage(app, {
      sessionId: state.id,
      round: state.round,
      messageId: message.id,
    });
    if (saved) await this.schedule(saved);
  }

  /** A round's question as posted (or refreshed after a pause): the question, its notes, its controls. */
  private async askBody(state: SessionState): Promise<MessageBody> {
    const { app } = this.deps;
    const view = await roundView(app, state, state.locale ?? "en");
    const seconds = state.secondsPerQuestion ?? 0;
    const endsAt = Math.ceil((state.roundEndsAt ?? app.now()) / 1000);
    const locale = state.locale ?? "en";
    const note = t(locale, "quiz.channel.answerWithin", { seconds, endsAt, ownerId: state.ownerId });
    return state.live ? liveAskMessage(view, state, note, locale, app.now()) : askMessage(view, note, locale);
  }

  /**
   * Schedules what comes next for a session: opening the answers after team talk, closing the
   * round, or the next question. A lobby and a paused round have no timer (the host moves them on).
   */
  async schedule(state: SessionState): Promise<void> {
    if (
      state.kind !== "channel" ||
      state.phase === "finished" ||
      state.phase === "lobby" ||
      isPaused(state)
    ) {
      await this.cancel(state.id);
      return;
    }
    const now = this.deps.app.now();
    const version = state.live ? { version: versionOf(state) } : {};
    const talking = state.phase === "asking" && state.live?.talkSeconds && now < state.roundStartedAt;
    const at =
      state.phase === "asking"
        ? talking
          ? state.roundStartedAt
          : (state.roundEndsAt ?? now)
        : state.updatedAt + this.deps.config.revealSeconds * 1000;
    const kind = state.phase === "asking" ? (talking ? "open" : "close") : "advance";
    await this.enqueue(
      { sessionId: state.id, round: state.round, kind, attempt: 0, ...version },
      Math.max(0, at - now),
    );
  }

  /**
   * Adds a step to the queue (replacing the one this process had scheduled for the session). If
   * the queue's server does not answer, the add is tried again from here: the step must not be lost.
   */
  private async enqueue(step: RoundStep, delayMs: number, failures = 0): Promise<void> {
    const id = stepId(step);
    this.deps.logger.debug(
      { sessionId: step.sessionId, step: id, delayMs, closed: this.closed },
      "queueing a channel round step",
    );
    if (this.closed) return;
    const previous = this.pending.get(step.sessionId);
    this.pending.set(step.sessionId, { id, step, dueAt: this.deps.app.now() + delayMs });
    this.prunePending();
    try {
      if (previous && previous.id !== id) await this.steps.remove(previous.id);
      await this.steps.add(id, step, delayMs);
    } catch (error) {
      const retryInMs = this.retryMs[Math.min(failures, this.retryMs.length - 1)] ?? 30_000;
      this.deps.logger.warn(
        { err: error, sessionId: step.sessionId, step: id, retryInMs },
        "could not queue a channel round step: trying again",
      );
      setTimeout(
        () => void this.enqueue(step, Math.max(0, delayMs - retryInMs), failures + 1),
        retryInMs,
      ).unref();
    }
  }

  /** Forgets steps scheduled here long past their time (another process ran them, and went on). */
  private prunePending(): void {
    const stale = this.deps.app.now() - PENDING_GRACE_MS;
    for (const [sessionId, pending] of this.pending)
      if (pending.dueAt < stale) this.pending.delete(sessionId);
  }

  /** Runs one delivered step; a failure schedules the same step again later, as a new job. */
  private async runStep(step: RoundStep): Promise<void> {
    if (this.pending.get(step.sessionId)?.id === stepId(step)) this.pending.delete(step.sessionId);
    await this.sessionSteps.run(step.sessionId, async () => {
      this.deps.logger.debug({ sessionId: step.sessionId, step: stepId(step) }, "channel round step running");
      try {
        if (step.kind === "close") await this.timeUp(step.sessionId, step.round, step.version);
        else if (step.kind === "advance") await this.next(step.sessionId, step.round, step.version);
        else if (step.kind === "open") await this.openAnswers(step);
        else if (step.kind === "end") {
          await this.end(step);
          return;
        } else await this.pickUpFromStore(step.sessionId);
      } catch (error) {
        await this.retryLater(step, error);
      }
    });
  }

  /**
   * After a failed step: the same step again later. Every step is idempotent (it checks the
   * session's round and phase in the store, and redoes only what is missing, such as the reveal's
   * edit), so a retry never skips or repeats a question. After too many failures the round ends.
   */
  private async retryLater(step: RoundStep, error: unknown): Promise<void> {
    const attempt = step.attempt + 1;
    const context = { err: error, sessionId: step.sessionId, attempt };
    if (attempt >= STEP_ATTEMPTS) {
      this.deps.logger.error(context, "channel round step keeps failing: ending the round");
      await this.end({
        sessionId: step.sessionId,
        round: step.round,
        kind: "end",
        attempt,
        reason: "failed",
      });
      return;
    }
    const delay = this.retryMs[Math.min(attempt, this.retryMs.length) - 1] ?? 30_000;
    this.deps.logger.warn({ ...context, retryInMs: delay }, "channel round step failed: trying again");
    await this.enqueue({ ...step, attempt }, delay);
  }

  /**
   * Ends a round (failed, or stopped while the store could not save the stop), closes its question
   * and posts the final scoreboard; a failed round's starter is told. If the store still cannot
   * save, this step is queued again (a new job) at the last retry pause, until it can. Never throws.
   */
  private async end(step: RoundStep): Promise<void> {
    const { sessionId } = step;
    const reason = step.reason ?? "failed";
    let ended: SessionState;
    try {
      const change = await endSession(this.deps.app, sessionId, reason);
      // Already over (ended by another step, or stopped meanwhile): nothing left to do.
      if (change.kind !== "changed") return;
      ended = change.state;
    } catch (error) {
      const retryInMs = this.retryMs.at(-1) ?? 30_000;
      this.deps.logger.error(
        { err: error, sessionId, reason, attempt: step.attempt, retryInMs },
        "could not end a channel round: trying again later",
      );
      await this.enqueue({ ...step, kind: "end", attempt: step.attempt + 1 }, retryInMs);
      return;
    }
    this.deps.logger.warn({ sessionId, reason, attempts: step.attempt }, "ended a channel round");
    const locale = ended.locale ?? "en";
    if (reason === "failed")
      await this.tellOwner(ended, t(locale, "round.ownerFailing", { channelId: ended.channelId }));
    this.deps.logger.debug({ sessionId, reason }, "closing an ended channel round's question");
    try {
      await this.closeEnded(
        ended,
        t(locale, reason === "failed" ? "quiz.channel.failed" : "quiz.channel.stopped"),
      );
      this.deps.logger.debug({ sessionId, reason }, "closed an ended channel round's question");
    } catch (error) {
      // The round is over in the store (its channel is free); only its messages are left as they were.
      this.deps.logger.warn({ err: error, sessionId }, "could not close an ended channel round's question");
    }
  }

  /**
   * Ends a round the store could not stop just now (a quiz master's `/quiz stop` on a full disk):
   * it is stopped as soon as the store can save, by the same retried step as a failing round.
   */
  async stopWhenPossible(state: SessionState): Promise<void> {
    await this.enqueue(
      { sessionId: state.id, round: state.round, kind: "end", attempt: 0, reason: "stopped" },
      this.retryMs[0] ?? 1_000,
    );
  }

  /** Takes an unfinished round up where the store says it is: posts an unposted question, or schedules. */
  private async pickUp(state: SessionState): Promise<void> {
    const unposted = (state.phase === "asking" || state.phase === "lobby") && state.messageId === null;
    if (unposted) await this.postRoundQuestion(state, true);
    else await this.schedule(state);
  }

  /**
   * Runs a session's next scheduled step now instead of when it is due (time is up, or the reveal
   * is over), and takes it off the queue. Tests use it to play a round without waiting out its
   * seconds. If another process took the queued step meanwhile, it runs there too: harmlessly.
   */
  async runNextStepNow(sessionId: string): Promise<boolean> {
    const pending = this.pending.get(sessionId);
    if (!pending) return false;
    this.pending.delete(sessionId);
    await this.steps.remove(pending.id);
    await this.runStep(pending.step);
    return true;
  }

  /** Whether a step of the session is scheduled by this process. */
  hasStep(sessionId: string): boolean {
    return this.pending.has(sessionId);
  }

  /** Ends a round that was stopped: the question closes with its answer, then the final scoreboard. */
  async finishStopped(state: SessionState): Promise<void> {
    await this.closeEnded(state, t(state.locale ?? "en", "quiz.channel.stopped"));
  }

  /** Closes an ended round's question with its answer and `note`, then posts the final scoreboard. */
  private async closeEnded(state: SessionState, note: string): Promise<void> {
    // A step queued by another process stays, and finds the session finished when it runs.
    await this.cancel(state.id);
    // A round ended in its lobby has no question to reveal: its lobby closes.
    if (endedInLobby(state))
      await this.editRoundMessage(state, lobbyClosedMessage(state, state.locale ?? "en"));
    else await this.showReveal(state, note);
    await this.postFinal(state);
  }

  /**
   * The end of a round: a live round's podium (its team scores added to the server's team board
   * first, once per round), or the final scoreboard of a round from before live rounds.
   */
  private async postFinal(state: SessionState): Promise<void> {
    const locale = state.locale ?? "en";
    if (!state.live) {
      await this.post(state, finalScoreboardMessage(state, standings(state), locale));
      return;
    }
    await recordTeamScores(this.deps.app, state);
    const worst = mostMissedRound(state);
    const question = worst && (await questionById(this.deps.app, state.guildId, worst.questionId));
    // In the round's language, from the server's bank (whose corpus holds its own sources too).
    const { bank } = await this.deps.app.banks.of(state.guildId);
    const missed =
      worst && question
        ? {
            ...worst,
            question: localizeQuestion(bank, question, locale),
            reveal: revealOf(bank, question, locale),
          }
        : undefined;
    const rows = (state.live.rounds ?? []).flatMap((r, i) =>
      r.skipped ? [] : [{ label: `Q${i + 1}`, correct: r.right, answered: r.answered }],
    );
    const charts = rows.some((r) => r.answered > 0)
      ? await drawCharts(this.deps, [accuracyChart("class-questions", rows, locale)], {
          sessionId: state.id,
          guildId: state.guildId,
        })
      : [];
    const { files } = chartFiles(charts);
    const send = (withChart: boolean) =>
      this.deps.rest.post(Routes.channelMessages(state.channelId), {
        body: podiumMessage(state, missed, locale, withChart ? charts[0]?.name : undefined),
        ...(withChart ? { files } : {}),
      });
    await this.call(state, async () => {
      if (files.length === 0) return send(false);
      try {
        return await send(true);
      } catch (error) {
        // A channel that denies Attach Files still gets its podium, without the chart.
        if (!(error instanceof DiscordAPIError) || error.code !== MISSING_PERMISSIONS) throw error;
        return send(false);
      }
    });
  }

  /**
   * Picks up every unfinished channel round of the given guilds (after a restart). On a shared
   * queue their steps are usually still queued: re-adding them is a no-op.
   */
  async resume(guildIds: ReadonlySet<string>): Promise<number> {
    const rounds = await unfinishedChannelRounds(this.deps.app, guildIds);
    let resumed = 0;
    for (const state of rounds) {
      // A round whose question was never posted (a crash in between) is posted now.
      try {
        await this.sessionSteps.run(state.id, () => this.pickUp(state));
      } catch (error) {
        await this.retryLater({ sessionId: state.id, round: state.round, kind: "pickUp", attempt: 0 }, error);
      }
      resumed++;
    }
    return resumed;
  }

  /** How many rounds have a step scheduled by this process (not yet past its time). */
  get size(): number {
    this.prunePending();
    return this.pending.size;
  }

  /**
   * Stops taking steps and waits for the ones running here (on shutdown); the rounds stay in the
   * store and their queued steps are taken by another process, or by this one after a restart.
   */
  async close(): Promise<void> {
    // The steps running now still queue their next step (the queue closes after its worker), so
    // another process takes the round on; only what would be queued after that is dropped.
    await this.steps.close();
    this.closed = true;
    this.pending.clear();
  }

  private async cancel(sessionId: string): Promise<void> {
    const pending = this.pending.get(sessionId);
    this.pending.delete(sessionId);
    if (pending) await this.steps.remove(pending.id).catch(() => {});
  }

  private async timeUp(sessionId: string, round: number, version?: number): Promise<void> {
    const change = await revealRound(this.deps.app, sessionId, round, version);
    if (change.kind !== "changed") return;
    await this.revealed(change.state, round);
  }

  /** After a question closed (time up, everyone answered, or the host's Next): the reveal, then its timer. */
  private async revealed(state: SessionState, round: number): Promise<void> {
    if (state.phase === "revealed" && state.round === round)
      await this.showReveal(state, this.revealNote(state));
    await this.schedule(state);
  }

  /** The line above a reveal: what comes next, and when (or that the host paused the round). */
  private revealNote(state: SessionState): string {
    const locale = state.locale ?? "en";
    if (isPaused(state)) return t(locale, "live.note.paused");
    const seconds = this.deps.config.revealSeconds;
    return isLastRound(state)
      ? t(locale, "quiz.channel.finalNext")
      : t(locale, "quiz.channel.nextIn", { seconds });
  }

  /** Team talk is over: the question's answer buttons open (an edit), and its end is scheduled. */
  private async openAnswers(step: RoundStep): Promise<void> {
    const state = await sessionNow(this.deps.app, step.sessionId);
    if (state?.phase !== "asking" || state.round !== step.round) return;
    if (step.version !== undefined && versionOf(state) !== step.version) return;
    if (isPaused(state) || state.messageId === null) return;
    await this.editRoundMessage(state, await this.askBody(state));
    const now = this.deps.app.now();
    await this.enqueue(
      { sessionId: state.id, round: state.round, kind: "close", attempt: 0, version: versionOf(state) },
      Math.max(0, (state.roundEndsAt ?? now) - now),
    );
  }

  private async editRoundMessage(
    state: SessionState,
    body: MessageBody,
    messageId = state.messageId,
  ): Promise<void> {
    if (messageId === null) return;
    await this.call(state, () =>
      this.deps.rest.patch(Routes.channelMessage(state.channelId, messageId), {
        body: { ...body, allowed_mentions: { parse: [] } },
      }),
    );
  }

  private async next(sessionId: string, round: number, version?: number): Promise<void> {
    const change = await advanceRound(this.deps.app, sessionId, round, version);
    if (change.kind !== "changed") return;
    await this.advanced(change.state, round);
  }

  /** After the round moved on from question `round`: the next question is posted, or the end. */
  private async advanced(state: SessionState, round: number): Promise<void> {
    if (state.phase === "finished") {
      await this.postFinal(state);
    } else if (state.round !== round) {
      // On a retry the question may be posted already: then only its end is scheduled.
      if (state.messageId === null) await this.postRoundQuestion(state, true);
      else await this.schedule(state);
    } else {
      await this.schedule(state);
    }
  }

  private async showReveal(state: SessionState, note: string): Promise<void> {
    if (state.messageId === null) return;
    const { app } = this.deps;
    const locale = state.locale ?? "en";
    const { view, reveal } = await revealOfRound(app, state, locale);
    // The chart is drawn here, once per reveal, when the round's answers are closed: never on a click.
    const charts = await drawCharts(
      this.deps,
      [picksChart({ question: view.question.question, options: picksPerOption(view, state) }, locale)],
      { sessionId: state.id, guildId: state.guildId, round: state.round },
    );
    const { files, attachments } = chartFiles(charts);
    const edit = (withChart: boolean) => {
      const team = teamsField(state, locale);
      const controls = hostControls(state, locale);
      const live = { ...(team ? { fields: [team] } : {}), ...(controls ? { controls } : {}) };
      const body = withChart
        ? channelRevealMessage(view, reveal, state, note, locale, charts[0]?.name, live)
        : channelRevealMessage(
            view,
            reveal,
            state,
            `${note}\n${t(locale, "quiz.channel.noPicture")}`,
            locale,
            undefined,
            live,
          );
      return this.deps.rest.patch(Routes.channelMessage(state.channelId, state.messageId as string), {
        body: { ...body, allowed_mentions: { parse: [] }, ...(withChart ? { attachments } : {}) },
        ...(withChart ? { files } : {}),
      });
    };
    await this.call(state, async () => {
      if (files.length === 0) return edit(false);
      try {
        return await edit(true);
      } catch (error) {
        // A channel that denies Attach Files still gets its reveal, without the picture (and says so).
        if (!(error instanceof DiscordAPIError) || error.code !== MISSING_PERMISSIONS) throw error;
        return edit(false);
      }
    });
  }

  /**
   * Shows what a host's control changed (the transition is already stored, once): the lobby
   * closed and the first question; a pause or resume on the round's message; the reveal now; the
   * next question; a skipped question closed and the next one; the end and the podium. Runs
   * with the session's steps in this process.
   */
  async afterControl(verb: HostVerb, change: { state: SessionState; previous: SessionState }): Promise<void> {
    const { state, previous } = change;
    await this.sessionSteps.run(state.id, async () => {
      const locale = state.locale ?? "en";
      if (previous.phase === "lobby") {
        await this.editRoundMessage(state, lobbyClosedMessage(state, locale), previous.messageId);
        if (state.phase === "finished") {
          await this.cancel(state.id);
          await this.postFinal(state);
        } else await this.postRoundQuestion(state, true);
        return;
      }
      if (verb === "end") {
        await this.closeEnded(state, t(locale, "live.note.ended"));
        return;
      }
      if (verb === "skip") {
        await this.editRoundMessage(
          previous,
          skippedMessage(await roundView(this.deps.app, previous), locale),
        );
        await this.cancel(state.id);
        await this.advanced(state, previous.round);
        return;
      }
      if (verb === "next" && previous.phase === "revealed") {
        await this.cancel(state.id);
        await this.advanced(state, previous.round);
        return;
      }
      if (verb === "next") {
        await this.cancel(state.id);
        await this.revealed(state, previous.round);
        return;
      }
      // Pause or resume: the round's message says so, and its timer stops or starts again.
      if (state.phase === "revealed") await this.showReveal(state, this.revealNote(state));
      else await this.editRoundMessage(state, await this.askBody(state));
      await this.schedule(state);
    });
  }

  /** With a lobby: the reveal as soon as every joined player has answered (once, whoever's answer was last). */
  async revealIfAllAnswered(sessionId: string, round: number): Promise<void> {
    const change = await revealIfAllAnswered(this.deps.app, sessionId, round);
    if (change.kind !== "changed") return;
    await this.sessionSteps.run(sessionId, async () => {
      await this.cancel(sessionId);
      await this.revealed(change.state, round);
    });
  }

  /** The lobby's list, updated in place after a join or leave (read afresh: the latest list wins). */
  async showLobby(sessionId: string): Promise<void> {
    await this.sessionSteps.run(sessionId, async () => {
      const state = await sessionNow(this.deps.app, sessionId);
      if (state?.phase !== "lobby") return;
      await this.editRoundMessage(state, lobbyMessage(state, state.locale ?? "en"));
    });
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
        await this.cancel(state.id);
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
