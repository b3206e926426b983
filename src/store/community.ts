import type Keyv from "keyv";
import type { Logger } from "pino";
import { z } from "zod";
import type { SubmissionDraft } from "../bank/submission.ts";
import type { KeyedLock } from "../lib/keyed-lock.ts";
import {
  type CommunityQuestion,
  CommunityQuestionSchema,
  DraftSchema,
  type GuildSettings,
  type QuestionReport,
  ReportSchema,
  SettingsSchema,
} from "../records/community.ts";
import { scanPrefix, withScanRetry } from "./scan.ts";
import { type CorruptRecordReporter, readValidated, UnreadableRecord } from "./validated.ts";

const IndexSchema = z.object({ ids: z.array(z.string()) });
/** A record that an index lists: what rebuilding the index needs of it. */
type IndexedRecordSchema = z.ZodType<{ id: string; createdAt: number }>;
const TimesSchema = z.object({ times: z.array(z.number()) });
const NoticesSchema = z.object({ messages: z.array(z.string()) });

/** Whether a rate-limited action may go ahead, or when it may next. */
export type SlotResult = { ok: true } | { ok: false; retryAt: number };

/** How long a draft is kept so that a bad submission can be fixed without retyping. */
export const DRAFT_TTL_MS = 60 * 60 * 1000;

const k = {
  question: (g: string, id: string) => `cq:${g}:${id}`,
  questionPrefix: (g: string) => `cq:${g}:`,
  questionIndex: (g: string) => `cq-index:${g}`,
  report: (g: string, id: string) => `report:${g}:${id}`,
  reportPrefix: (g: string) => `report:${g}:`,
  reportIndex: (g: string) => `report-index:${g}`,
  settings: (g: string) => `settings:${g}`,
  draft: (g: string, u: string) => `draft:${g}:${u}`,
  submissions: (g: string, u: string) => `submissions:${g}:${u}`,
  starts: (g: string, scope: string, id: string) => `starts:${g}:${scope}:${id}`,
  reportSlots: (g: string, u: string) => `report-slots:${g}:${u}`,
  notices: (g: string, u: string) => `notices:${g}:${u}`,
};

/** The key of a proposed question (the sources store writes questions withdrawn with a source change in the same batch). */
export const communityQuestionKey = k.question;

/**
 * What a server adds to the quiz, in keyv: proposed questions and their review, reports,
 * settings, drafts, submission counts and notices for authors. Per-server lists are small
 * (a server proposes tens or hundreds of questions), so each keeps an index record of ids.
 */
export class CommunityStore {
  constructor(
    private readonly keyv: Keyv,
    private readonly lock: KeyedLock,
    private readonly reportCorrupt: CorruptRecordReporter,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  private async read<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const read = await readValidated(this.keyv, key, schema);
    if (read.kind === "corrupt") this.reportCorrupt(key, read.problem, read.raw);
    return read.kind === "ok" ? read.value : undefined;
  }

  /**
   * The ids an index lists (`cq-index:` or `report-index:`). A corrupt index is never trusted nor
   * overwritten from what it says: a copy goes to `corrupt:`, and the index is rebuilt from the
   * records it indexes (one prefix scan), oldest first. Call under the index's lock.
   */
  private async indexIds(
    indexKey: string,
    recordPrefix: string,
    schema: IndexedRecordSchema,
  ): Promise<string[]> {
    const read = await readValidated(this.keyv, indexKey, IndexSchema);
    if (read.kind === "ok") return read.value.ids;
    if (read.kind === "absent") return [];
    // Copied aside here, not through reportCorrupt: that would delete the index, and if the
    // rebuild failed, every record it lists would be orphaned. Left corrupt, it is rebuilt next time.
    const aside = `corrupt:${indexKey}:${this.now()}`;
    await this.keyv.set(aside, read.raw instanceof UnreadableRecord ? read.raw.text : read.raw);
    const found = await withScanRetry(recordPrefix, async () => {
      const records: { id: string; createdAt: number }[] = [];
      for await (const [key, value] of scanPrefix(this.keyv, recordPrefix)) {
        const parsed = schema.safeParse(value);
        if (parsed.success) records.push(parsed.data);
        else this.reportCorrupt(key, parsed.error.issues[0]?.message ?? "invalid record", value);
      }
      return records;
    });
    const ids = found.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)).map((r) => r.id);
    await this.keyv.set(indexKey, { ids });
    this.logger.error(
      { key: indexKey, problem: read.problem, aside, rebuiltWith: ids.length },
      "an index was corrupt: moved aside and rebuilt from its records",
    );
    return ids;
  }

  /** An index's ids for a read: taken under the index's lock only when it must be rebuilt. */
  private async idsOf(
    indexKey: string,
    recordPrefix: string,
    schema: IndexedRecordSchema,
  ): Promise<string[]> {
    const read = await readValidated(this.keyv, indexKey, IndexSchema);
    if (read.kind === "ok") return read.value.ids;
    if (read.kind === "absent") return [];
    return this.lock.run(indexKey, () => this.indexIds(indexKey, recordPrefix, schema));
  }

  /** Keeps what a member typed (for an hour) so the form can be reopened with it. */
  async saveDraft(guildId: string, userId: string, draft: SubmissionDraft): Promise<void> {
    await this.keyv.set(k.draft(guildId, userId), draft, DRAFT_TTL_MS);
  }

  /** The member's last draft, if it has not expired. */
  draft(guildId: string, userId: string): Promise<SubmissionDraft | undefined> {
    return this.read(k.draft(guildId, userId), DraftSchema);
  }

  /**
   * Counts a submission against a per-member limit (`limit` per `windowMs`). Returns when the next
   * one is allowed if the limit is reached.
   */
  takeSubmissionSlot(
    guildId: string,
    userId: string,
    now: number,
    limit: number,
    windowMs: number,
  ): Promise<SlotResult> {
    return this.takeSlot(k.submissions(guildId, userId), now, limit, windowMs);
  }

  /**
   * Counts a start (a round, a set played) against a limit per member or per channel (`limit` per
   * `windowMs`). Returns when the next one is allowed if the limit is reached.
   */
  takeStartSlot(
    guildId: string,
    scope: "member" | "channel",
    id: string,
    now: number,
    limit: number,
    windowMs: number,
  ): Promise<SlotResult> {
    return this.takeSlot(k.starts(guildId, scope, id), now, limit, windowMs);
  }

  private takeSlot(key: string, now: number, limit: number, windowMs: number): Promise<SlotResult> {
    return this.lock.run(key, () => this.takeSlotLocked(key, now, limit, windowMs));
  }

  /** The slot count itself; the caller holds the lock of `key`. */
  private async takeSlotLocked(
    key: string,
    now: number,
    limit: number,
    windowMs: number,
  ): Promise<SlotResult> {
    const times = ((await this.read(key, TimesSchema))?.times ?? []).filter((t) => t > now - windowMs);
    if (times.length >= limit) return { ok: false, retryAt: (times[0] ?? now) + windowMs };
    await this.keyv.set(key, { times: [...times, now] }, windowMs);
    return { ok: true };
  }

  /** Stores a new proposed question and adds it to the server's index. */
  async addQuestion(question: CommunityQuestion): Promise<void> {
    const indexKey = k.questionIndex(question.guildId);
    await this.lock.run(indexKey, async () => {
      const ids = await this.indexIds(indexKey, k.questionPrefix(question.guildId), CommunityQuestionSchema);
      // The question and its index entry land together: never an index naming a missing record.
      await this.keyv.setMany([
        { key: k.question(question.guildId, question.id), value: question },
        { key: indexKey, value: { ids: ids.includes(question.id) ? ids : [...ids, question.id] } },
      ]);
    });
  }

  /** One proposed question, by id. */
  question(guildId: string, id: string): Promise<CommunityQuestion | undefined> {
    return this.read(k.question(guildId, id), CommunityQuestionSchema);
  }

  /** Every proposed question of a server, oldest first. */
  async questions(guildId: string): Promise<CommunityQuestion[]> {
    const ids = await this.idsOf(
      k.questionIndex(guildId),
      k.questionPrefix(guildId),
      CommunityQuestionSchema,
    );
    const found = await Promise.all(ids.map((id) => this.question(guildId, id)));
    return found.filter((q) => q !== undefined);
  }

  /** Changes a proposed question under its lock; `change` returns the new record or undefined to refuse. */
  async updateQuestion<T>(
    guildId: string,
    id: string,
    change: (current: CommunityQuestion | undefined) => { next?: CommunityQuestion; result: T },
  ): Promise<T> {
    const key = k.question(guildId, id);
    return this.lock.run(key, async () => {
      const { next, result } = change(await this.question(guildId, id));
      if (next) await this.keyv.set(key, next);
      return result;
    });
  }

  /**
   * Files a report within its reporter's limit (`limit` per `windowMs`), unless they already have
   * an open report of the same question. One lock per reporter makes the check, the count and the
   * write one step, so a burst files exactly what the limit allows and a refused one costs nothing.
   */
  async fileReport(
    report: QuestionReport,
    limit: number,
    windowMs: number,
  ): Promise<{ kind: "added" } | { kind: "duplicate" } | { kind: "limited"; retryAt: number }> {
    const slotKey = k.reportSlots(report.guildId, report.reporterId);
    return this.lock.run(slotKey, async () => {
      if (await this.openReportOf(report.guildId, report.reporterId, report.questionId))
        return { kind: "duplicate" };
      const slot = await this.takeSlotLocked(slotKey, report.createdAt, limit, windowMs);
      if (!slot.ok) return { kind: "limited", retryAt: slot.retryAt };
      await this.addReport(report);
      return { kind: "added" };
    });
  }

  /** Stores a report and adds it to the server's index (no limit: `fileReport` is how members file). */
  async addReport(report: QuestionReport): Promise<void> {
    const indexKey = k.reportIndex(report.guildId);
    await this.lock.run(indexKey, async () => {
      const ids = await this.indexIds(indexKey, k.reportPrefix(report.guildId), ReportSchema);
      await this.keyv.setMany([
        { key: k.report(report.guildId, report.id), value: report },
        { key: indexKey, value: { ids: ids.includes(report.id) ? ids : [...ids, report.id] } },
      ]);
    });
  }

  /** The open report a member filed about a question, if any. */
  async openReportOf(
    guildId: string,
    reporterId: string,
    questionId: string,
  ): Promise<QuestionReport | undefined> {
    return (await this.reports(guildId)).find(
      (r) => r.status === "open" && r.reporterId === reporterId && r.questionId === questionId,
    );
  }

  /** One report, by id. */
  report(guildId: string, id: string): Promise<QuestionReport | undefined> {
    return this.read(k.report(guildId, id), ReportSchema);
  }

  /** Every report of a server, oldest first. */
  async reports(guildId: string): Promise<QuestionReport[]> {
    const ids = await this.idsOf(k.reportIndex(guildId), k.reportPrefix(guildId), ReportSchema);
    const found = await Promise.all(ids.map((id) => this.read(k.report(guildId, id), ReportSchema)));
    return found.filter((r) => r !== undefined);
  }

  /**
   * Resolves every open report of a question and, to disable it, adds the question to the server's
   * disabled questions: one atomic write under the reports' and the settings' locks, so reports
   * are never resolved as disabled while the question is still asked. Returns the reports this
   * call resolved (none when another quiz master got there first).
   */
  async resolveReportsOf(
    guildId: string,
    questionId: string,
    resolution: { status: "kept" | "disabled"; by: string; at: number },
  ): Promise<QuestionReport[]> {
    const candidates = (await this.reports(guildId)).filter(
      (r) => r.status === "open" && r.questionId === questionId,
    );
    const settingsKey = k.settings(guildId);
    const release = await this.lock.acquireAll([
      ...candidates.map((r) => k.report(guildId, r.id)),
      settingsKey,
    ]);
    try {
      // Read again under the locks: another quiz master may have resolved some meanwhile.
      const current = await Promise.all(
        candidates.map((r) => this.read(k.report(guildId, r.id), ReportSchema)),
      );
      const resolved = current
        .filter((r): r is QuestionReport => r?.status === "open")
        .map((r) => ({
          ...r,
          status: resolution.status,
          resolvedBy: resolution.by,
          resolvedAt: resolution.at,
        }));
      if (resolved.length === 0) return [];
      const writes: { key: string; value: unknown }[] = resolved.map((r) => ({
        key: k.report(guildId, r.id),
        value: r,
      }));
      if (resolution.status === "disabled") {
        const settings = await this.settings(guildId);
        const disabledQuestions = [...new Set([...settings.disabledQuestions, questionId])];
        writes.push({ key: settingsKey, value: { ...settings, disabledQuestions } });
      }
      await this.keyv.setMany(writes);
      return resolved;
    } finally {
      release();
    }
  }

  /** A server's settings (defaults if none were saved). */
  async settings(guildId: string): Promise<GuildSettings> {
    return (
      (await this.read(k.settings(guildId), SettingsSchema)) ?? {
        v: 1,
        quizMasterRoleId: null,
        disabledQuestions: [],
      }
    );
  }

  /** Changes a server's settings under its lock. */
  async updateSettings(
    guildId: string,
    change: (current: GuildSettings) => GuildSettings,
  ): Promise<GuildSettings> {
    const key = k.settings(guildId);
    return this.lock.run(key, async () => {
      const next = change(await this.settings(guildId));
      await this.keyv.set(key, next);
      return next;
    });
  }

  /** Leaves a message for a member, shown the next time they use the bot. */
  async pushNotice(guildId: string, userId: string, message: string): Promise<void> {
    const key = k.notices(guildId, userId);
    await this.lock.run(key, async () => {
      const messages = (await this.read(key, NoticesSchema))?.messages ?? [];
      await this.keyv.set(key, { messages: [...messages, message].slice(-10) });
    });
  }

  /** Takes (and clears) a member's waiting messages. */
  async takeNotices(guildId: string, userId: string): Promise<string[]> {
    const key = k.notices(guildId, userId);
    return this.lock.run(key, async () => {
      const messages = (await this.read(key, NoticesSchema))?.messages ?? [];
      if (messages.length > 0) await this.keyv.delete(key);
      return messages;
    });
  }
}
