/**
 * A server's own source documents in keyv: one record per document (`srcdoc:{guildId}:{id}`, its
 * text included), an index of ids per server, and changes waiting for a confirming click. A
 * changed source and the questions it withdraws are written in one store transaction (`transact`,
 * atomic across processes), so no bank is ever built from the new text with the old questions
 * still approved.
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
import type { StoreWrite } from "./records.ts";
import type { Transactions } from "./transact.ts";
import { type CorruptRecordReporter, readValidated, validated } from "./validated.ts";

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
    private readonly transactions: Transactions,
  ) {}

  /** A value read in a transaction, checked (a corrupt one is reported and reads as absent). */
  private parse<T>(key: string, raw: unknown, schema: z.ZodType<T>): T | undefined {
    const read = validated(raw, schema);
    if (read.kind === "corrupt") this.reportCorrupt(key, read.problem, read.raw);
    return read.kind === "ok" ? read.value : undefined;
  }

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
   * The check and the write are one transaction on the index.
   */
  async add(source: ServerSource): Promise<"added" | "full" | "taken"> {
    const indexKey = k.index(source.guildId);
    return this.transactions.transact(async (tx) => {
      const ids = this.parse(indexKey, (await tx.read([indexKey])).get(indexKey), IndexSchema)?.ids ?? [];
      if (ids.includes(source.id)) return { writes: [], result: "taken" as const };
      if (ids.length >= SOURCE_LIMITS.perServer) return { writes: [], result: "full" as const };
      return {
        writes: [
          { key: k.source(source.guildId, source.id), value: source },
          { key: indexKey, value: { ids: [...ids, source.id] } },
        ],
        result: "added" as const,
      };
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
   * Replaces (or, with `next` "remove", removes) a source and writes the questions `decide`
   * changes, in one transaction over the source, the index and every question of `questionIds`.
   * `decide` sees the current source and questions and may refuse (no writes).
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
    const { result, removed } = await this.transactions.transact(async (tx) => {
      const read = await tx.read([sourceKey, indexKey, ...questionKeys]);
      const current = this.parse(sourceKey, read.get(sourceKey), ServerSourceSchema);
      const questions = questionKeys
        .map((key) => this.parse(key, read.get(key), CommunityQuestionSchema))
        .filter((q) => q !== undefined);
      const decision = decide(current, questions);
      const writes: StoreWrite[] = decision.questions.map((q) => ({
        key: communityQuestionKey(guildId, q.id),
        value: q,
      }));
      if (decision.next === "remove") {
        const ids = this.parse(indexKey, read.get(indexKey), IndexSchema)?.ids ?? [];
        writes.push({ key: indexKey, value: { ids: ids.filter((id) => id !== sourceId) } });
      } else if (decision.next) writes.push({ key: sourceKey, value: decision.next });
      return { writes, result: { result: decision.result, removed: decision.next === "remove" } };
    });
    // A transaction writes, it does not delete: the index no longer lists the source, so its
    // record is unreachable already; deleting it afterwards only frees the space.
    if (removed) await this.keyv.delete(sourceKey);
    return result;
  }
}
