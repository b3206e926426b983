import { DiscordAPIError, type REST, Routes } from "discord.js";
import type { Logger } from "pino";
import { z } from "zod";
import type { AppContext } from "../../app/context.ts";
import { randomId } from "../../app/context.ts";
import { dueNotice, markNoticeSent, pendingNotices, unsentNotice } from "../../app/lessons/assignments.ts";
import { type ResultDetail, resultDetail } from "../../app/lessons/results.ts";
import { inProcessSteps, type StepQueue } from "../../app/steps.ts";
import type { Assignment } from "../../records/lessons.ts";
import { rosterFor } from "../features/lessons/roster.ts";
import { tellMember } from "../interactions/tell-member.ts";
import { closedAssignmentMessage, dueNoticeText } from "../render/lessons.ts";

/**
 * The longest wait of one step (setTimeout's limit, about 24.8 days, which in-process steps use):
 * a later due time is reached in hops of at most this.
 */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** A notice that could not be delivered is tried again after this, doubling each time up to RETRY_MAX_MS. */
const RETRY_FIRST_MS = 5_000;
const RETRY_MAX_MS = 10 * 60 * 1000;

/**
 * One step of an assignment's deadline, as it waits in the step queue. `hops` counts the waits of
 * MAX_DELAY_MS still to go before the due time (0: the notice itself); `retry` is set on a notice
 * tried again after a failure.
 */
export const DeadlineStepSchema = z.object({
  assignmentId: z.string(),
  dueAt: z.number(),
  hops: z.number().int().min(0),
  retry: z.string().optional(),
});
export type DeadlineStep = z.infer<typeof DeadlineStepSchema>;

/**
 * The step's job id. Every process that schedules the same deadline builds the same id (the hops
 * count down from the due time, not from when it was scheduled), so the queue keeps one job: on
 * Redis and PostgreSQL the notice is sent by one process, whichever is alive when it is due.
 */
function stepId(step: DeadlineStep): string {
  const base = `deadline.${step.assignmentId}.${step.dueAt}.${step.hops}`;
  return step.retry === undefined ? base : `${base}.retry.${step.retry}`;
}

/**
 * Sends each assignment's results to its teacher when its due time passes (by DM, or at their
 * next command), and marks its post closed. The due time waits in the step queue, like a channel
 * round's next step: timers in this process on SQLite (after a restart `resume` schedules again);
 * on Redis and PostgreSQL a delayed job that outlives the process that scheduled it and that one
 * process takes. The store says which teachers are still owed results, and a notice is marked sent
 * only after it was delivered, so one that fails (Discord down, the class list not answering) is
 * tried again with a growing pause: at least once, and once in practice (one job per deadline,
 * and within a process one sender at a time per assignment).
 */
export class AssignmentDeadlines {
  private readonly steps: StepQueue<DeadlineStep>;
  /** Assignments whose notice is being sent now by this process (a step and a retry never overlap). */
  private readonly sending = new Set<string>();
  /** Failed attempts so far, per assignment, for the pause before the next. */
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly deps: {
      app: AppContext;
      rest: REST;
      logger: Logger;
      /** Where due times wait (default: timers in this process). */
      steps?: StepQueue<DeadlineStep> | undefined;
    },
  ) {
    this.steps = deps.steps ?? inProcessSteps<DeadlineStep>();
  }

  /** Starts taking due steps (this process's, and on a shared queue any process's). */
  async start(): Promise<void> {
    await this.steps.start((step) => this.runStep(step));
  }

  /**
   * Schedules the notice of an assignment's results for its due time. A queue that does not
   * answer is only logged: the notice is owed in the store, and the next start schedules it.
   */
  async schedule(assignment: Pick<Assignment, "id" | "dueAt">): Promise<void> {
    const untilDue = assignment.dueAt + 1 - this.deps.app.now();
    const hops = Math.max(0, Math.floor(untilDue / MAX_DELAY_MS));
    await this.add({ assignmentId: assignment.id, dueAt: assignment.dueAt, hops });
  }

  /** Schedules every assignment of these guilds whose teacher is still owed the results. */
  async resume(guildIds: ReadonlySet<string>): Promise<void> {
    for (const assignment of await pendingNotices(this.deps.app)) {
      if (guildIds.has(assignment.guildId)) await this.schedule(assignment);
    }
  }

  /**
   * Stops taking steps and waits for the ones running here (on shutdown); the notices owed stay
   * in the store, and their queued steps are taken by another process or after a restart.
   */
  async close(): Promise<void> {
    await this.steps.close();
  }

  /** Queues a step for its time: the due time less the hops still to wait. */
  private async add(step: DeadlineStep, delayMs?: number): Promise<void> {
    const wait = delayMs ?? step.dueAt + 1 - step.hops * MAX_DELAY_MS - this.deps.app.now();
    try {
      await this.steps.add(stepId(step), step, Math.min(MAX_DELAY_MS, Math.max(0, wait)));
    } catch (error) {
      this.deps.logger.error(
        { err: error, assignmentId: step.assignmentId },
        "could not schedule an assignment's results notice: it is scheduled again at the next start",
      );
    }
  }

  /** A step is due: wait the next hop, or send the notice (again later if it is not due yet here). */
  private async runStep(step: DeadlineStep): Promise<void> {
    if (step.hops > 0) return this.add({ ...step, hops: step.hops - 1 });
    let owed: Assignment | undefined;
    try {
      owed = await unsentNotice(this.deps.app, step.assignmentId);
    } catch (error) {
      this.deps.logger.error(
        { err: error, assignmentId: step.assignmentId },
        "could not read an assignment due now",
      );
      return this.add({ ...step, retry: randomId() }, RETRY_FIRST_MS);
    }
    if (!owed) return;
    // Due by the step's clock but not by this process's (clocks a little apart): wait the rest.
    const early = owed.dueAt + 1 - this.deps.app.now();
    if (early > 0) return this.add({ ...step, dueAt: owed.dueAt, retry: randomId() }, early);
    await this.notify(step.assignmentId);
  }

  /**
   * Sends an assignment's results now if it is due and they were not sent yet (what its step
   * does). Tests call it after moving the clock on; returns whether a notice was sent. A failure
   * is logged and tried again later (see the class comment).
   */
  async notify(assignmentId: string): Promise<boolean> {
    if (this.sending.has(assignmentId)) return false;
    this.sending.add(assignmentId);
    try {
      const assignment = await dueNotice(this.deps.app, assignmentId);
      if (!assignment) return false;
      const roster = await rosterFor(this.deps, assignment.guildId, assignment.roleId);
      const detail = await resultDetail(this.deps.app, assignment.guildId, assignment.id, roster);
      await this.closePost(assignment, detail);
      await tellMember(this.deps, {
        guildId: assignment.guildId,
        userId: assignment.ownerId,
        message: dueNoticeText(detail, assignment.locale),
      });
      this.failures.delete(assignmentId);
      return await markNoticeSent(this.deps.app, assignmentId);
    } catch (error) {
      const failures = (this.failures.get(assignmentId) ?? 0) + 1;
      this.failures.set(assignmentId, failures);
      const retryMs = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (failures - 1));
      this.deps.logger.error(
        { err: error, assignmentId, failures, retryMs },
        "could not send an assignment's results: trying again later",
      );
      // A retry's id is new each time: an id already used would be a no-op on a shared queue.
      const retry = `${failures}-${randomId()}`;
      await this.add({ assignmentId, dueAt: 0, hops: 0, retry }, retryMs);
      return false;
    } finally {
      this.sending.delete(assignmentId);
    }
  }

  /**
   * Edits the assignment's post to say it is closed, with the summary (Start disabled unless late
   * attempts are allowed). A post that was deleted, or a channel the bot lost, is only logged: the
   * teacher's notice still goes out.
   */
  private async closePost(assignment: Assignment, detail: ResultDetail): Promise<void> {
    if (!assignment.messageId) return;
    try {
      await this.deps.rest.patch(Routes.channelMessage(assignment.channelId, assignment.messageId), {
        body: closedAssignmentMessage(assignment, detail),
      });
    } catch (error) {
      if (!(error instanceof DiscordAPIError)) throw error;
      this.deps.logger.warn(
        { err: error, assignmentId: assignment.id },
        "could not mark an assignment's post as closed",
      );
    }
  }
}
