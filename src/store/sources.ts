/**
 * A server's own source documents in keyv: one record per document (`srcdoc:{guildId}:{id}`, its
 * text included), an index of ids per server, and changes waiting for a confirming click. A
 * changed source and the questions it withdraws are written in one batch, under the locks of all
 * of them, so no bank is ever built from the new text with the old questions still approved.
 */
import type Keyv from "keyv";
import { z } from "zod";
import type { KeyedLock } from "../lib/keyed-lock.ts";
import { type CommunityQuestion, CommunityQuestionSchema } from "../records/community.ts";
import {
  type PendingSourceChange,
  PendingSourceChangeSchema,
  type ServerSource,
  ServerSourceSchema,
  SOURCE_LIMITS,
} from "../records/sources.ts";
import { communityQuestionKey } from "./community.ts";
import { type CorruptRecordReporter, readValidated } from "./validated.ts";

const IndexSchema = z.object({ ids: z.array(z.string()) });

const k = {
  source: (g: string, id: string) => `srcdoc:${g}:${id}`,
  index: (g: string) => `srcdoc-index:${g}`,
  pending: (g: string, token: string) => `srcdoc-pending:${g}:${token}`,
};

export class SourcesStore {
  constructor(
    private readonly keyv: Keyv,
    private readonly lock: KeyedLock,
    private readonly reportCorrupt: CorruptRecordReporter,
  ) {}

  private async read<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const read = await readValidated(this.keyv, key, schema);
    if (read.kind === "corrupt") this.reportCorrupt(key, read.problem, read.raw);
    return read.kind === "ok" ? read.value : undefined;
  }

  private async ids(guildId: string): Promise<string[]> {
    return (await this.read(k.index(guildId), IndexSchema))?.ids ?? [];
  }

  /** One source of a server, text included. */
  source(guildId: string, id: string): Promise<ServerSource | undefined> {
    return this.read(k.source(guildId, id), ServerSourceSchema);
  }

  /** Every source of a server, oldest first. */
  async sources(guildId: string): Promise<ServerSource[]> {
    const found = await Promise.all((await this.ids(guildId)).map((id) => this.source(guildId, id)));
    return found.filter((s) => s !== undefined);
  }

  /**
   * Adds a source within the server's limit (`SOURCE_LIMITS.perServer`), unless its id is taken.
   * The check and the write are one step under the index's lock.
   */
  async add(source: ServerSource): Promise<"added" | "full" | "taken"> {
    const indexKey = k.index(source.guildId);
    return this.lock.run(indexKey, async () => {
      const ids = await this.ids(source.guildId);
      if (ids.includes(source.id)) return "taken";
      if (ids.length >= SOURCE_LIMITS.perServer) return "full";
      await this.keyv.setMany([
        { key: k.source(source.guildId, source.id), value: source },
        { key: indexKey, value: { ids: [...ids, source.id] } },
      ]);
      return "added";
    });
  }

  /** Keeps an update or removal until it is confirmed (or expires). */
  async savePending(change: PendingSourceChange): Promise<void> {
    await this.keyv.set(k.pending(change.guildId, change.token), change, SOURCE_LIMITS.confirmMs);
  }

  /** Takes a pending change (once: a second click finds nothing). */
  async takePending(guildId: string, token: string): Promise<PendingSourceChange | undefined> {
    const key = k.pending(guildId, token);
    return this.lock.run(key, async () => {
      const change = await this.read(key, PendingSourceChangeSchema);
      if (change) await this.keyv.delete(key);
      return change;
    });
  }

  /**
   * Replaces (or, with `next` undefined, removes) a source and writes the questions `decide`
   * changes, in one batch under the locks of the source, the index and every question of
   * `questionIds`. `decide` sees the current source and questions and may refuse (no writes).
   */
  async change<T>(
    guildId: string,
    sourceId: string,
    questionIds: readonly string[],
    decide: (
      current: ServerSource | undefined,
      questions: readonly CommunityQuestion[],
    ) => { next?: ServerSource | "remove"; questions: readonly CommunityQuestion[]; result: T },
  ): Promise<T> {
    const sourceKey = k.source(guildId, sourceId);
    const indexKey = k.index(guildId);
    const questionKeys = questionIds.map((id) => communityQuestionKey(guildId, id));
    const release = await this.lock.acquireAll([sourceKey, indexKey, ...questionKeys]);
    try {
      const current = await this.source(guildId, sourceId);
      const questions = (
        await Promise.all(questionKeys.map((key) => this.read(key, CommunityQuestionSchema)))
      ).filter((q) => q !== undefined);
      const decision = decide(current, questions);
      const writes: { key: string; value: unknown }[] = decision.questions.map((q) => ({
        key: communityQuestionKey(guildId, q.id),
        value: q,
      }));
      if (decision.next === "remove") {
        const ids = (await this.ids(guildId)).filter((id) => id !== sourceId);
        writes.push({ key: indexKey, value: { ids } });
      } else if (decision.next) writes.push({ key: sourceKey, value: decision.next });
      if (writes.length > 0) await this.keyv.setMany(writes);
      if (decision.next === "remove") await this.keyv.delete(sourceKey);
      return decision.result;
    } finally {
      release();
    }
  }
}
