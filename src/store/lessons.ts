/**
 * A teacher's records in keyv: question sets, assignments and who took them, the grade book
 * (results and one row per answer), and the server's time zone. Every record is validated with
 * zod when read; a corrupt one is logged and moved aside (see validated.ts), never trusted.
 * This module loads and commits; the rules (due dates, attempts, grading) live in src/app/lessons.
 */
import type Keyv from "keyv";
import { z } from "zod";
import type { KeyedLock } from "../lib/keyed-lock.ts";
import {
  type Assignment,
  AssignmentSchema,
  type GradeResult,
  type GradeRow,
  GradeRowSchema,
  LESSON_LIMITS,
  type MemberAttempts,
  MemberAttemptsSchema,
  type MemberResult,
  MemberResultSchema,
  type QuestionSet,
  QuestionSetSchema,
  ResultSchema,
} from "../records/lessons.ts";
import { commitIfUnchanged, type ReadSet, readChecked } from "./checked.ts";
import type { StoreWrite } from "./records.ts";
import { scanPrefix } from "./scan.ts";
import type { Transactions } from "./transact.ts";
import { type CorruptRecordReporter, readValidated, validated } from "./validated.ts";

/** A server's sets, in one small record: `lesson-sets:{guildId}`. */
const GuildSetsSchema = z.object({
  v: z.literal(1),
  sets: z.array(QuestionSetSchema).max(LESSON_LIMITS.setsPerGuild),
});

const ResultIndexSchema = z.object({ ids: z.array(z.string()) });

const ZoneSchema = z.object({ zone: z.string().min(1).max(64) });

/** A reset of the grade book a quiz master asked for and has yet to confirm: `results-reset:{guildId}`. */
const PendingResetSchema = z.object({ token: z.string(), by: z.string() });

/** How long a reset waits for its confirmation. */
export const RESET_CONFIRM_MS = 10 * 60 * 1000;

/** Record keys, in one place. */
export const lessonKeys = {
  sets: (guildId: string) => `lesson-sets:${guildId}`,
  assignment: (id: string) => `assignment:${id}`,
  attempts: (assignmentId: string, userId: string) => `attempts:${assignmentId}:${userId}`,
  result: (guildId: string, id: string) => `result:${guildId}:${id}`,
  /** The casual rounds, newest first (the key older versions kept every result under). */
  resultIndex: (guildId: string) => `result-index:${guildId}`,
  /** Assignments and set plays, newest first. */
  classResultIndex: (guildId: string) => `class-result-index:${guildId}`,
  memberResult: (guildId: string, userId: string, resultId: string) =>
    `member-result:${guildId}:${userId}:${resultId}`,
  gradeRow: (resultId: string, row: Pick<GradeRow, "userId" | "sessionId" | "round">) =>
    `grade:${resultId}:${row.userId}:${row.sessionId}:${row.round}`,
  zone: (guildId: string) => `lesson-zone:${guildId}`,
  pendingReset: (guildId: string) => `results-reset:${guildId}`,
} as const;

/** The server's time zone until a quiz master sets one. */
export const DEFAULT_TIME_ZONE = "UTC";

/** A record as read (undefined: absent or corrupt) and what was read, to commit a change only if it is unchanged. */
export interface Checked<T> {
  readonly value: T | undefined;
  readonly read: ReadSet;
}

/** A server's grade-book indexes as read: casual rounds and class work, newest first. */
export interface ResultIndexes {
  readonly casual: readonly string[];
  readonly classWork: readonly string[];
  readonly read: ReadSet;
}

/** What the application decided for a new result: each index's new list, and the results to delete. */
export interface ResultPlan {
  readonly casual: readonly string[];
  readonly classWork: readonly string[];
  readonly dropped: readonly GradeResult[];
}

/** Loads and commits lesson records; each multi-record change is one atomic `setMany`. */
export class LessonsStore {
  constructor(
    private readonly keyv: Keyv,
    private readonly lock: KeyedLock,
    private readonly reportCorrupt: CorruptRecordReporter,
    private readonly transactions: Transactions,
  ) {}

  /** Reads one record; a corrupt one is reported and moved aside, then reads as absent. */
  private async read<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const read = await readValidated(this.keyv, key, schema);
    if (read.kind === "corrupt") {
      this.reportCorrupt(key, read.problem, read.raw);
    }
    return read.kind === "ok" ? read.value : undefined;
  }

  /** Writes records in one atomic batch (a transaction that reads nothing). */
  async commit(writes: readonly StoreWrite[]): Promise<void> {
    if (writes.length === 0) return;
    await this.transactions.transact(async () => ({ writes, result: undefined }));
  }

  /** One record as read (a corrupt one reported and read as absent), to commit changes only if it is unchanged. */
  private async checked<T>(key: string, schema: z.ZodType<T>): Promise<Checked<T>> {
    const read = await readChecked(this.keyv, [key]);
    const parsed = validated(read.get(key), schema);
    if (parsed.kind === "corrupt") this.reportCorrupt(key, parsed.problem, parsed.raw);
    return { value: parsed.kind === "ok" ? parsed.value : undefined, read };
  }

  /** An assignment as read, for a change committed with `commitIfUnchanged`. */
  assignmentChecked(id: string): Promise<Checked<Assignment>> {
    return this.checked(lessonKeys.assignment(id), AssignmentSchema);
  }

  /** A member's attempts at an assignment as read, for a change committed with `commitIfUnchanged`. */
  attemptsChecked(assignmentId: string, userId: string): Promise<Checked<MemberAttempts>> {
    return this.checked(lessonKeys.attempts(assignmentId, userId), MemberAttemptsSchema);
  }

  /**
   * Writes records in one atomic batch if every record `read` holds what was read; false, with
   * nothing written, if another writer changed one meanwhile (the caller reads and decides again).
   */
  commitIfUnchanged(read: ReadSet, writes: readonly StoreWrite[]): Promise<boolean> {
    return commitIfUnchanged(this.transactions, read, writes);
  }

  /** A server's sets, in the order they were made. */
  async sets(guildId: string): Promise<QuestionSet[]> {
    return (await this.read(lessonKeys.sets(guildId), GuildSetsSchema))?.sets ?? [];
  }

  /** Changes a server's sets under their lock; `change` returns the new list, or throws to refuse. */
  async updateSets<T>(
    guildId: string,
    change: (sets: QuestionSet[]) => { sets: QuestionSet[]; result: T },
  ): Promise<T> {
    const key = lessonKeys.sets(guildId);
    // A transaction (safe across processes); the lock only lets this process's writers take turns.
    return this.lock.run(key, () =>
      this.transactions.transact(async (tx) => {
        const read = validated((await tx.read([key])).get(key), GuildSetsSchema);
        if (read.kind === "corrupt") this.reportCorrupt(key, read.problem, read.raw);
        const { sets, result } = change(read.kind === "ok" ? read.value.sets : []);
        return { writes: [{ key, value: GuildSetsSchema.parse({ v: 1, sets }) }], result };
      }),
    );
  }

  /** An assignment by id. */
  assignment(id: string): Promise<Assignment | undefined> {
    return this.read(lessonKeys.assignment(id), AssignmentSchema);
  }

  /** The write that saves an assignment. */
  assignmentWrite(assignment: Assignment): StoreWrite {
    return { key: lessonKeys.assignment(assignment.id), value: AssignmentSchema.parse(assignment) };
  }

  /** Every assignment the teacher has not yet been sent the results of (to schedule after a restart). */
  async unnotifiedAssignments(): Promise<Assignment[]> {
    const found: Assignment[] = [];
    for await (const [key, raw] of scanPrefix(this.keyv, "assignment:")) {
      const read = validated(raw, AssignmentSchema);
      if (read.kind === "corrupt") this.reportCorrupt(key, read.problem);
      else if (read.kind === "ok" && read.value.notifiedAt === null) found.push(read.value);
    }
    return found;
  }

  /** A member's attempts at an assignment. */
  attempts(assignmentId: string, userId: string): Promise<MemberAttempts | undefined> {
    return this.read(lessonKeys.attempts(assignmentId, userId), MemberAttemptsSchema);
  }

  /** The write that saves a member's attempts. */
  attemptsWrite(assignmentId: string, record: MemberAttempts): StoreWrite {
    return {
      key: lessonKeys.attempts(assignmentId, record.userId),
      value: MemberAttemptsSchema.parse(record),
    };
  }

  /** Every member's attempts at an assignment. */
  async allAttempts(assignmentId: string): Promise<MemberAttempts[]> {
    return this.scan(`attempts:${assignmentId}:`, MemberAttemptsSchema);
  }

  /** A result of the grade book. */
  result(guildId: string, id: string): Promise<GradeResult | undefined> {
    return this.read(lessonKeys.result(guildId, id), ResultSchema);
  }

  /** A server's casual rounds' ids, newest first. */
  async casualResultIds(guildId: string): Promise<string[]> {
    return (await this.read(lessonKeys.resultIndex(guildId), ResultIndexSchema))?.ids ?? [];
  }

  /** A server's assignments' and set plays' ids, newest first. */
  async classResultIds(guildId: string): Promise<string[]> {
    return (await this.read(lessonKeys.classResultIndex(guildId), ResultIndexSchema))?.ids ?? [];
  }

  /** Several results by id, in that order (missing or corrupt ones left out). */
  async results(guildId: string, ids: readonly string[]): Promise<GradeResult[]> {
    if (ids.length === 0) return [];
    const keys = ids.map((id) => lessonKeys.result(guildId, id));
    const raws = await this.keyv.getMany(keys);
    const found: GradeResult[] = [];
    raws.forEach((raw, i) => {
      const read = validated(raw, ResultSchema);
      if (read.kind === "corrupt") this.reportCorrupt(keys[i] ?? "", read.problem);
      if (read.kind === "ok") found.push(read.value);
    });
    return found;
  }

  /** A server's grade-book indexes as read (a corrupt one reported and read as empty), to save them only if unchanged. */
  async resultIndexes(guildId: string): Promise<ResultIndexes> {
    const keys = [lessonKeys.resultIndex(guildId), lessonKeys.classResultIndex(guildId)] as const;
    const read = await readChecked(this.keyv, keys);
    const [casual, classWork] = keys.map((key) => {
      const parsed = validated(read.get(key), ResultIndexSchema);
      if (parsed.kind === "corrupt") this.reportCorrupt(key, parsed.problem, parsed.raw);
      return parsed.kind === "ok" ? parsed.value.ids : [];
    });
    return { casual: casual ?? [], classWork: classWork ?? [], read };
  }

  /**
   * Adds a result to the grade book as the application planned it (which rounds each index keeps,
   * which are deleted), with `extra` writes (an assignment, say), in one atomic batch, if the
   * indexes still hold what `indexes` read; false, with nothing written, if another result was
   * added meanwhile. The results `plan.dropped` names are then deleted with their answers.
   */
  async saveResult(
    result: GradeResult,
    extra: readonly StoreWrite[],
    plan: ResultPlan,
    indexes: ResultIndexes,
  ): Promise<boolean> {
    const { guildId } = result;
    const saved = await commitIfUnchanged(this.transactions, indexes.read, [
      { key: lessonKeys.result(guildId, result.id), value: ResultSchema.parse(result) },
      this.indexWrite(lessonKeys.resultIndex(guildId), plan.casual),
      this.indexWrite(lessonKeys.classResultIndex(guildId), plan.classWork),
      ...extra,
    ]);
    if (saved) for (const gone of plan.dropped) await this.deleteResult(gone);
    return saved;
  }

  private indexWrite(key: string, ids: readonly string[]): StoreWrite {
    return { key, value: { ids: [...new Set(ids)] } };
  }

  /** Deletes a result with every answer kept for it and its entries in its players' lists. */
  private async deleteResult(result: GradeResult): Promise<void> {
    const keys = [lessonKeys.result(result.guildId, result.id)];
    const players = new Set<string>();
    for await (const [key, raw] of scanPrefix(this.keyv, `grade:${result.id}:`)) {
      keys.push(key);
      const row = GradeRowSchema.safeParse(raw);
      if (row.success) players.add(row.data.userId);
    }
    for (const userId of players) keys.push(lessonKeys.memberResult(result.guildId, userId, result.id));
    await this.keyv.deleteMany(keys);
  }

  /** The writes that keep one answer in the grade book (with the answer's score), and list the result among its player's. */
  gradeRowWrites(guildId: string, resultId: string, row: GradeRow): StoreWrite[] {
    return [
      { key: lessonKeys.gradeRow(resultId, row), value: row },
      {
        key: lessonKeys.memberResult(guildId, row.userId, resultId),
        value: MemberResultSchema.parse({ resultId, at: row.at }),
      },
    ];
  }

  /** The results a member has answers kept for, in no particular order. */
  memberResults(guildId: string, userId: string): Promise<MemberResult[]> {
    return this.scan(`member-result:${guildId}:${userId}:`, MemberResultSchema);
  }

  /** Every answer kept for a result. */
  gradeRows(resultId: string): Promise<GradeRow[]> {
    return this.scan(`grade:${resultId}:`, GradeRowSchema).then(counted);
  }

  /** One member's answers kept for a result (a narrow scan of their keys). */
  gradeRowsOf(resultId: string, userId: string): Promise<GradeRow[]> {
    return this.scan(`grade:${resultId}:${userId}:`, GradeRowSchema).then(counted);
  }

  /** Records a reset waiting for its confirmation (it expires after RESET_CONFIRM_MS). */
  async askReset(guildId: string, token: string, by: string): Promise<void> {
    await this.keyv.set(lessonKeys.pendingReset(guildId), { token, by }, RESET_CONFIRM_MS);
  }

  /**
   * Deletes every result of a server (class work and casual rounds) with its answers, attempts,
   * assignment and members' entries, if `token` is the reset waiting for confirmation; returns how
   * many results went, or undefined for no such reset (expired, done, or another's token).
   */
  async confirmReset(guildId: string, token: string): Promise<number | undefined> {
    return this.lock.run(lessonKeys.resultIndex(guildId), async () => {
      const pending = await this.read(lessonKeys.pendingReset(guildId), PendingResetSchema);
      if (!pending || pending.token !== token) return undefined;
      await this.keyv.delete(lessonKeys.pendingReset(guildId));
      const ids = [
        ...new Set([...(await this.classResultIds(guildId)), ...(await this.casualResultIds(guildId))]),
      ];
      const results = await this.results(guildId, ids);
      for (const result of results) {
        await this.deleteResult(result);
        const attempts: string[] = [];
        for await (const [key] of scanPrefix(this.keyv, `attempts:${result.id}:`)) attempts.push(key);
        await this.keyv.deleteMany([...attempts, lessonKeys.assignment(result.id)]);
      }
      await this.keyv.deleteMany([lessonKeys.resultIndex(guildId), lessonKeys.classResultIndex(guildId)]);
      return results.length;
    });
  }

  /** The server's time zone (IANA name), UTC until set. */
  async timeZone(guildId: string): Promise<string> {
    return (await this.read(lessonKeys.zone(guildId), ZoneSchema))?.zone ?? DEFAULT_TIME_ZONE;
  }

  /** Sets the server's time zone (already checked to be a known IANA name). */
  async setTimeZone(guildId: string, zone: string): Promise<void> {
    await this.keyv.set(lessonKeys.zone(guildId), { zone });
  }

  private async scan<T>(prefix: string, schema: z.ZodType<T>): Promise<T[]> {
    const found: T[] = [];
    for await (const [key, raw] of scanPrefix(this.keyv, prefix)) {
      const read = validated(raw, schema);
      if (read.kind === "corrupt") {
        this.reportCorrupt(key, read.problem, read.raw);
      } else if (read.kind === "ok") found.push(read.value);
    }
    return found;
  }
}

/** The answers that count: a question the host skipped in a live round keeps its rows, marked, and unlisted. */
function counted(rows: GradeRow[]): GradeRow[] {
  return rows.filter((row) => row.skipped !== true);
}
