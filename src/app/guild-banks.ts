import type { Logger } from "pino";
import type { Bank } from "../bank/bank.ts";
import type { Question } from "../bank/question.ts";
import { checkSubmission } from "../bank/submission.ts";
import type { CommunityStore } from "../store/community.ts";
import type { SourcesStore } from "../store/sources.ts";
import { sourceOfRecord } from "./sources/as-source.ts";

/** A server's bank: the shipped questions plus its approved ones, and what it has disabled. */
export interface GuildBank {
  /** Every question a session of this server may refer to (disabled ones included, for quizzes already running). */
  readonly bank: Bank;
  /** Questions not to draw for new quizzes. */
  readonly disabled: ReadonlySet<string>;
}

/**
 * Builds each server's bank on first use and keeps it until the server's questions or settings
 * change. Approved questions are checked again as they load (the sources or the checker may have
 * changed since they were approved); one that no longer passes is logged and left out.
 */
export class GuildBanks {
  private readonly cache = new Map<string, Promise<GuildBank>>();

  constructor(
    private readonly base: Bank,
    private readonly community: CommunityStore,
    private readonly sources: SourcesStore,
    private readonly logger: Logger,
  ) {}

  /** The shipped bank, the same for every server. */
  get shipped(): Bank {
    return this.base;
  }

  /** The bank of a server (terminal players use the shipped bank alone). */
  async of(guildId: string): Promise<GuildBank> {
    let bank = this.cache.get(guildId);
    if (!bank) {
      bank = this.build(guildId);
      this.cache.set(guildId, bank);
      bank.catch(() => this.cache.delete(guildId));
    }
    return bank;
  }

  /** Forgets a server's bank after its questions or settings changed. */
  invalidate(guildId: string): void {
    this.cache.delete(guildId);
  }

  private async build(guildId: string): Promise<GuildBank> {
    const [records, settings, documents] = await Promise.all([
      this.community.questions(guildId),
      this.community.settings(guildId),
      this.sources.sources(guildId),
    ]);
    // The server's own documents join the shipped corpus for its questions (and only its own). An id
    // the shipped corpus took since (a new shipped source) is left out rather than failing the bank.
    const own = documents.filter((document) => {
      const clash = this.base.corpus.get(document.id) !== undefined;
      if (clash)
        this.logger.warn(
          { guildId, sourceId: document.id },
          "a server source's id is now a shipped source's",
        );
      return !clash;
    });
    const corpus = this.base.corpus.with(own.map(sourceOfRecord));
    const disabled = new Set(settings.disabledQuestions);
    const extra: Question[] = [];
    const shippedIds = new Set(this.base.questions.map((q) => q.id));
    for (const record of records) {
      if (record.status !== "approved" && record.status !== "disabled") continue;
      if (record.status === "disabled") disabled.add(record.id);
      const { question, problems } = checkSubmission(record.draft, {
        id: record.id,
        corpus,
        guildId,
        authorId: record.authorId,
        takenIds: shippedIds,
        stored: true,
      });
      if (question) extra.push(question);
      else
        this.logger.warn(
          { guildId, questionId: record.id, problems },
          "an approved question no longer passes its checks",
        );
    }
    return { bank: this.base.with(extra, corpus), disabled };
  }
}
