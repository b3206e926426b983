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
import { commitIfUnchanged, type ReadSet, readChecked } from "./checked.ts";
import type { StoreWrite } from "./records.ts";
import { scanPrefix, withScanRetry } from "./scan.ts";
import type { Transactions, TxReader } from "./transact.ts";
import { type CorruptRecordReporter, readValidated, UnreadableRecord, validated } from "./validated.ts";

/** A server's settings before any were saved. */
const DEFAULT_SETTINGS: GuildSettings = { v: 1, quizMasterRoleId: null, disabledQuestions: [] };

const IndexSchema = z.object({ ids: z.array(z.string()) });
/** A record that an index lists: what rebuilding the index needs of it. */
type IndexedRecordSchema = z.ZodType<{ id: string; createdAt: number }>;
const TimesSchema = z.object({ times: z.array(z.number()) });
const NoticesSchema = z.object({ messages: z.array(z.string()) });

/** Whose rate-limited actions a slot counts (the limits themselves are the application's). */
export type SlotOwner =
  | { readonly kind: "submissions"; readonly guildId: string; readonly userId: string }
  | {
      readonly kind: "starts";
      readonly guildId: string;
      readonly scope: "member" | "channel";
      readonly id: string;
    }
  | { readonly kind: "reports"; readonly guildId: string; readonly userId: string };

/** A slot's action times as read (oldest first), with what was read, to save them only if unchanged. */
export interface SlotTimes {
  readonly key: string;
  readonly times: readonly number[];
  readonly read: ReadSet;
}

function slotKey(owner: SlotOwner): string {
  switch (owner.kind) {
    case "submissions":
      return k.submissions(owner.guildId, owner.userId);
    case "starts":
      return k.starts(owner.guildId, owner.scope, owner.id);
    case "reports":
      return k.reportSlots(owner.guildId, owner.userId);
  }
}

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
    private readonly transactions: Transactions,
  ) {}

  /** Reads one record inside a transaction; a corrupt one is reported and reads as absent. */
  private async readIn<T>(tx: TxReader, key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const read = validated((await tx.read([key])).get(key), schema);
    if (read.kind === "corrupt") this.reportCorrupt(key, read.problem, read.raw);
    return read.kind === "ok" ? read.value : undefined;
  }

  /**
   * One record's read-modify-write as a store transaction (safe across processes); the record's
   * in-process lock only makes this process's own writers take turns instead of conflicting.
   */
  private change<V, T>(
    key: string,
    schema: z.ZodType<V>,
    decide: (current: V | undefined) => { next?: V; ttl?: number; result: T },
  ): Promise<T> {
    return this.lock.run(key, () =>
      this.transactions.transact(async (tx) => {
        const { next, ttl, result } = decide(await this.readIn(tx, key, schema));
        return { writes: next === undefined ? [] : [{ key, value: next, ttl }], result };
      }),
    );
  }

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

  /**
   * Writes a record and lists its id in its index, in one transaction (safe across processes). A
   * corrupt index is first rebuilt from its records (under the index's lock in this process); the
   * lock otherwise only makes this process's own appends take turns.
   */
  private appendIndexed(
    indexKey: string,
    recordPrefix: string,
    schema: IndexedRecordSchema,
    id: string,
    record: StoreWrite,
  ): Promise<void> {
    return this.lock.run(indexKey, async () => {
      const rebuilt = await this.indexIds(indexKey, recordPrefix, schema);
      await this.transactions.transact(async (tx) => {
        const read = validated((await tx.read([indexKey])).get(indexKey), IndexSchema);
        const ids = read.kind === "ok" ? read.value.ids : rebuilt;
        return {
          writes: [record, { key: indexKey, value: { ids: ids.includes(id) ? ids : [...ids, id] } }],
          result: undefined,
        };
      });
    });
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

  /** The times a slot holds (a corrupt record is reported and read as none). */
  async slotTimes(owner: SlotOwner): Promise<SlotTimes> {
    const key = slotKey(owner);
    const read = await readChecked(this.keyv, [key]);
    const parsed = validated(read.get(key), TimesSchema);
    if (parsed.kind === "corrupt") this.reportCorrupt(key, parsed.problem, parsed.raw);
    return { key, times: parsed.kind === "ok" ? parsed.value.times : [], read };
  }

  /**
   * Saves a slot's new times (kept `ttlMs`) if the slot still holds what `slot` read; false, with
   * nothing written, if another action was counted meanwhile (the caller reads and decides again).
   */
  saveSlotTimes(slot: SlotTimes, times: readonly number[], ttlMs: number): Promise<boolean> {
    return commitIfUnchanged(this.transactions, slot.read, [
      { key: slot.key, value: { times: [...times] }, ttl: ttlMs },
    ]);
  }

  /** Stores a new proposed question and adds it to the server's index. */
  async addQuestion(question: CommunityQuestion): Promise<void> {
    const indexKey = k.questionIndex(question.guildId);
    // The question and its index entry land together: never an index naming a missing record.
    await this.appendIndexed(
      indexKey,
      k.questionPrefix(question.guildId),
      CommunityQuestionSchema,
      question.id,
      {
        key: k.question(question.guildId, question.id),
        value: question,
      },
    );
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
    return this.change(k.question(guildId, id), CommunityQuestionSchema, change);
  }

  /** Stores a report and adds it to the server's index (the application counts it against its reporter's limit first). */
  async addReport(report: QuestionReport): Promise<void> {
    await this.appendIndexed(
      k.reportIndex(report.guildId),
      k.reportPrefix(report.guildId),
      ReportSchema,
      report.id,
      {
        key: k.report(report.guildId, report.id),
        value: report,
      },
    );
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
   * disabled questions: one atomic transaction over the reports and the settings, so reports
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
    const reportKeys = candidates.map((r) => k.report(guildId, r.id));
    // One transaction over the reports and the settings: another quiz master's resolution, on any
    // process, is read again before deciding (their reports are then no longer open).
    return this.transactions.transact(async (tx) => {
      const read = await tx.read([...reportKeys, settingsKey]);
      const resolved = reportKeys
        .map((key) => validated(read.get(key), ReportSchema))
        .flatMap((r) => (r.kind === "ok" && r.value.status === "open" ? [r.value] : []))
        .map((r) => ({
          ...r,
          status: resolution.status,
          resolvedBy: resolution.by,
          resolvedAt: resolution.at,
        }));
      if (resolved.length === 0) return { writes: [], result: [] };
      const writes: StoreWrite[] = resolved.map((r) => ({ key: k.report(guildId, r.id), value: r }));
      if (resolution.status === "disabled") {
        const stored = validated(read.get(settingsKey), SettingsSchema);
        const settings = stored.kind === "ok" ? stored.value : DEFAULT_SETTINGS;
        const disabledQuestions = [...new Set([...settings.disabledQuestions, questionId])];
        writes.push({ key: settingsKey, value: { ...settings, disabledQuestions } });
      }
      return { writes, result: resolved };
    });
  }

  /** A server's settings (defaults if none were saved). */
  async settings(guildId: string): Promise<GuildSettings> {
    return (await this.read(k.settings(guildId), SettingsSchema)) ?? DEFAULT_SETTINGS;
  }

  /** Changes a server's settings under its lock. */
  async updateSettings(
    guildId: string,
    change: (current: GuildSettings) => GuildSettings,
  ): Promise<GuildSettings> {
    return this.change(k.settings(guildId), SettingsSchema, (current) => {
      const next = change(current ?? DEFAULT_SETTINGS);
      return { next, result: next };
    });
  }

  /** Leaves a message for a member, shown the next time they use the bot. */
  async pushNotice(guildId: string, userId: string, message: string): Promise<void> {
    await this.change(k.notices(guildId, userId), NoticesSchema, (current) => ({
      next: { messages: [...(current?.messages ?? []), message].slice(-10) },
      result: undefined,
    }));
  }

  /**
   * Takes (and clears) a member's waiting messages. Left on the in-process lock: a transaction
   * writes records and deletes none, and only the member's own shard takes their notices.
   */
  async takeNotices(guildId: string, userId: string): Promise<string[]> {
    const key = k.notices(guildId, userId);
    return this.lock.run(key, async () => {
      const messages = (await this.read(key, NoticesSchema))?.messages ?? [];
      if (messages.length > 0) await this.keyv.delete(key);
      return messages;
    });
  }
}
