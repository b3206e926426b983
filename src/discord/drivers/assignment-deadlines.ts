import { DiscordAPIError, type REST, Routes } from "discord.js";
import type { Logger } from "pino";
import type { AppContext } from "../../app/context.ts";
import { dueNotice, markNoticeSent, pendingNotices } from "../../app/lessons/assignments.ts";
import { type ResultDetail, resultDetail } from "../../app/lessons/results.ts";
import type { Assignment } from "../../records/lessons.ts";
import { rosterFor } from "../features/lessons/roster.ts";
import { tellMember } from "../interactions/tell-member.ts";
import { closedAssignmentMessage, dueNoticeText } from "../render/lessons.ts";

/** setTimeout's longest delay (about 24.8 days); a later due time is waited for in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** A notice that could not be delivered is tried again after this, doubling each time up to RETRY_MAX_MS. */
const RETRY_FIRST_MS = 5_000;
const RETRY_MAX_MS = 10 * 60 * 1000;

/**
 * Sends each assignment's results to its teacher when its due time passes (by DM, or at their
 * next command). Only timers live here: the store says which teachers are still owed results.
 * A notice is marked sent only after it was delivered, so one that fails (Discord down, the
 * class list not answering) is tried again with a growing pause, and after a restart `resume`
 * schedules it again: at least once, and once in practice (one sender at a time per assignment).
 */
export class AssignmentDeadlines {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Assignments whose notice is being sent now by this process (a timer and a retry never overlap). */
  private readonly sending = new Set<string>();
  /** Failed attempts so far, per assignment, for the pause before the next. */
  private readonly failures = new Map<string, number>();

  constructor(private readonly deps: { app: AppContext; rest: REST; logger: Logger }) {}

  /** Schedules the notice of an assignment's results for its due time. */
  schedule(assignment: Pick<Assignment, "id" | "dueAt">): void {
    this.cancel(assignment.id);
    const wait = Math.max(0, assignment.dueAt - this.deps.app.now() + 1);
    const timer = setTimeout(
      () => {
        this.timers.delete(assignment.id);
        if (wait > MAX_DELAY_MS) this.schedule(assignment);
        else void this.notify(assignment.id);
      },
      Math.min(wait, MAX_DELAY_MS),
    );
    this.timers.set(assignment.id, timer);
  }

  /** Schedules every assignment of these guilds whose teacher is still owed the results. */
  async resume(guildIds: ReadonlySet<string>): Promise<void> {
    for (const assignment of await pendingNotices(this.deps.app)) {
      if (guildIds.has(assignment.guildId)) this.schedule(assignment);
    }
  }

  /**
   * Sends an assignment's results now if it is due and they were not sent yet (what its timer
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
      this.retry(assignmentId, retryMs);
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

  private retry(assignmentId: string, delayMs: number): void {
    this.cancel(assignmentId);
    const timer = setTimeout(() => {
      this.timers.delete(assignmentId);
      void this.notify(assignmentId);
    }, delayMs);
    this.timers.set(assignmentId, timer);
  }

  /** Stops every timer (on shutdown); the notices owed stay in the store. */
  stopAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private cancel(id: string): void {
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
  }
}
