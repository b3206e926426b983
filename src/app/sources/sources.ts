/**
 * A server's own sources: add a document (its text extracted, its SHA-256 kept), draft questions
 * from it into the review queue, and replace or remove it, saying first what happens to the
 * questions that cite it. A replacement checks every citing question again: a quote no longer
 * found (or now in page chrome) withdraws its question, listed with the nearest passage; a quote
 * found on another line or under another heading is updated (the citation is located on load).
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Source } from "../../bank/corpus.ts";
import { draftQuestions } from "../../bank/draft-questions.ts";
import { giveawaysOfNewQuestion } from "../../bank/giveaways.ts";
import { foldPlain } from "../../bank/quote.ts";
import { checkSubmission } from "../../bank/submission.ts";
import { hostileCharacter, normalizeDraft } from "../../bank/text-safety.ts";
import type { Locale } from "../../i18n/index.ts";
import { truncate } from "../../lib/truncate.ts";
import type { CommunityQuestion } from "../../records/community.ts";
import {
  type PendingSourceChange,
  type ServerSource,
  type ServerSourceMeta,
  SOURCE_LIMITS,
  type SourceKind,
} from "../../records/sources.ts";
import { type AppContext, randomId } from "../context.ts";
import { UserError } from "../errors.ts";
import { sourceOfRecord } from "./as-source.ts";
import { documentText } from "./document.ts";

/** What a quiz master typed about a source. */
export interface SourceOptions {
  readonly title: string;
  readonly author: string;
  readonly date: string;
  readonly url: string | null;
  /** Line ranges of page chrome: "1-3, 40-44, 51". */
  readonly chrome: string | null;
}

const DateSchema = z.union([z.literal("undated"), z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)]);
const UrlSchema = z.url({ protocol: /^https?$/ }).max(500);

/** Parses "1-3, 40-44, 51" into line ranges, or a UserError naming the part it cannot read. */
function chromeRanges(text: string | null): ServerSourceMeta["chrome"] {
  if (text === null || text.trim() === "") return [];
  return text.split(",").map((part) => {
    const m = /^\s*(\d{1,6})\s*(?:[-–]\s*(\d{1,6}))?\s*$/.exec(part);
    const from = Number(m?.[1]);
    const to = Number(m?.[2] ?? m?.[1]);
    if (!m || from < 1 || to < from)
      throw new UserError("source.badChrome", { part: truncate(part.trim(), 40) });
    return { from, to, why: "marked as page chrome at upload" };
  });
}

/** Checks the typed metadata: lengths, a date the bank can show, an http(s) URL, no hidden characters. */
export function sourceMeta(options: SourceOptions): ServerSourceMeta {
  const title = options.title.normalize("NFKC").trim();
  const author = options.author.normalize("NFKC").trim();
  for (const text of [title, author, options.url ?? ""]) {
    const hostile = hostileCharacter(text, true);
    if (hostile) throw new UserError("source.hostileText", { char: hostile });
  }
  if (title.length === 0 || title.length > 200 || author.length === 0 || author.length > 200)
    throw new UserError("source.badTitle");
  if (!DateSchema.safeParse(options.date.trim()).success) throw new UserError("source.badDate");
  const url = options.url?.trim() || undefined;
  if (url !== undefined && !UrlSchema.safeParse(url).success) throw new UserError("source.badUrl");
  return {
    title,
    author,
    date: options.date.trim(),
    ...(url ? { url } : {}),
    chrome: chromeRanges(options.chrome),
  };
}

/** An id for a new source: `s-` and its title's words (a slug, short enough for a custom_id). */
function sourceIdFor(title: string, taken: ReadonlySet<string>): string {
  // Whole words, up to 24 characters: the id is read in commands and fits a custom_id's 32.
  const words: string[] = [];
  for (const word of title
    .normalize("NFKD")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)) {
    if ([...words, word].join("-").length > 24) break;
    words.push(word);
  }
  const base = `s-${words.join("-") || randomId().slice(0, 6)}`;
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!taken.has(id)) return id;
  }
}

/** The attached file, read and checked as a source. */
export interface SourceFile {
  readonly fileName: string;
  readonly kind: SourceKind;
  readonly bytes: Uint8Array;
}

async function recordOf(
  file: SourceFile,
  meta: ServerSourceMeta,
  base: { id: string; guildId: string; createdBy: string; createdAt: number; version: number },
  now: number,
): Promise<ServerSource> {
  const text = await documentText(file.bytes, file.kind);
  const lines = text.split("\n").length;
  const outside = meta.chrome.find((range) => range.from > lines);
  if (outside) throw new UserError("source.chromeOutside", { line: outside.from, lines });
  return {
    v: 1,
    ...base,
    meta,
    kind: file.kind,
    fileName: truncate(file.fileName, 200),
    sha256: createHash("sha256").update(file.bytes).digest("hex"),
    text,
    updatedAt: now,
  };
}

/** `/source add`: stores a new source for the server, within its limit. */
export async function addSource(
  ctx: AppContext,
  input: { guildId: string; userId: string; file: SourceFile; options: SourceOptions },
): Promise<ServerSource> {
  const meta = sourceMeta(input.options);
  const existing = await ctx.sources.sources(input.guildId);
  if (existing.length >= SOURCE_LIMITS.perServer)
    throw new UserError("source.full", { max: SOURCE_LIMITS.perServer });
  const taken = new Set([...ctx.bank.corpus.ids(), ...existing.map((s) => s.id)]);
  const now = ctx.now();
  const record = await recordOf(
    input.file,
    meta,
    {
      id: sourceIdFor(meta.title, taken),
      guildId: input.guildId,
      createdBy: input.userId,
      createdAt: now,
      version: 1,
    },
    now,
  );
  const added = await ctx.sources.add(record);
  if (added === "full") throw new UserError("source.full", { max: SOURCE_LIMITS.perServer });
  if (added === "taken") throw new UserError("source.busy");
  ctx.banks.invalidate(input.guildId);
  return record;
}

/** A server source by id, or a UserError naming it. */
export async function serverSource(ctx: AppContext, guildId: string, id: string): Promise<ServerSource> {
  const found = await ctx.sources.source(guildId, id);
  if (!found) throw new UserError("source.unknown", { source: truncate(id, 40) });
  return found;
}

/** The questions of the server that cite a source, in any state but rejected or removed. */
async function citing(ctx: AppContext, guildId: string, sourceId: string): Promise<CommunityQuestion[]> {
  return (await ctx.community.questions(guildId)).filter(
    (q) => q.draft.source === sourceId && q.status !== "rejected" && q.status !== "removed",
  );
}

/** What a source change does to one question that cites it. */
export type QuestionImpact =
  | { readonly kind: "kept"; readonly record: CommunityQuestion }
  | { readonly kind: "moved"; readonly record: CommunityQuestion; readonly from: Place; readonly to: Place }
  | { readonly kind: "withdrawn"; readonly record: CommunityQuestion; readonly nearest?: string | undefined }
  | { readonly kind: "restored"; readonly record: CommunityQuestion }
  | { readonly kind: "removed"; readonly record: CommunityQuestion };

/** Where a quote sits: its first line and section. */
export interface Place {
  readonly line: number;
  readonly section?: string | undefined;
}

function placeOf(source: Source, quote: string): Place | undefined {
  const found = source.locate(quote);
  if (!found || source.chromeIn(found.line, found.endLine)) return undefined;
  return { line: found.line, section: found.section };
}

/**
 * Each citing question checked against the old and the new text (pure): still there at the same
 * place, moved (another line or section), gone (withdrawn, with the nearest passage), or back
 * (a question withdrawn by an earlier change whose quote is found again).
 */
export function impactOf(
  before: Source | undefined,
  after: Source | undefined,
  questions: readonly CommunityQuestion[],
): QuestionImpact[] {
  return questions.map((record): QuestionImpact => {
    if (!after) return { kind: "removed", record };
    const quote = normalizeDraft(record.draft).quote;
    const now = placeOf(after, quote);
    if (!now) {
      if (record.withdrawn) return { kind: "kept", record };
      return { kind: "withdrawn", record, nearest: after.closestPassage(quote) };
    }
    if (record.withdrawn) return { kind: "restored", record };
    const then = before ? placeOf(before, quote) : undefined;
    if (then && (then.line !== now.line || then.section !== now.section))
      return { kind: "moved", record, from: then, to: now };
    return { kind: "kept", record };
  });
}

/** A change waiting for its confirmation, and what it would do. */
export interface PreparedChange {
  readonly token: string;
  readonly source: ServerSource;
  readonly replacement?: ServerSource | undefined;
  readonly impact: readonly QuestionImpact[];
}

/** `/source update` and `/source remove`: works out what would happen and keeps the change for the confirming click. */
export async function prepareSourceChange(
  ctx: AppContext,
  input: {
    guildId: string;
    userId: string;
    sourceId: string;
    /** The new file and metadata (an update), or none (a removal). */
    update?: { file: SourceFile; options: Partial<SourceOptions> } | undefined;
  },
): Promise<PreparedChange> {
  const current = await serverSource(ctx, input.guildId, input.sourceId);
  let replacement: ServerSource | undefined;
  if (input.update) {
    const { options } = input.update;
    const meta = sourceMeta({
      title: options.title ?? current.meta.title,
      author: options.author ?? current.meta.author,
      date: options.date ?? current.meta.date,
      url: options.url === undefined ? (current.meta.url ?? null) : options.url,
      chrome: null,
    });
    const chrome =
      options.chrome === undefined || options.chrome === null
        ? current.meta.chrome
        : chromeRanges(options.chrome);
    replacement = await recordOf(
      input.update.file,
      { ...meta, chrome },
      { ...current, version: current.version + 1 },
      ctx.now(),
    );
  }
  const questions = await citing(ctx, input.guildId, input.sourceId);
  const impact = impactOf(sourceOfRecord(current), replacement && sourceOfRecord(replacement), questions);
  const token = randomId();
  const change: PendingSourceChange = {
    v: 1,
    token,
    guildId: input.guildId,
    sourceId: input.sourceId,
    userId: input.userId,
    ...(replacement ? { replacement } : {}),
    baseVersion: current.version,
  };
  await ctx.sources.savePending(change);
  return { token, source: current, replacement, impact };
}

/** What a confirmed change did. */
export type ConfirmedChange =
  | {
      readonly kind: "done";
      readonly source: ServerSource;
      readonly removed: boolean;
      readonly impact: readonly QuestionImpact[];
    }
  | { readonly kind: "expired" }
  | { readonly kind: "notYours" }
  | { readonly kind: "changedMeanwhile" };

/**
 * The confirming click: the change is applied with the impact worked out again on what is stored
 * now (another quiz master may have approved a question since), in one batch with the questions
 * it withdraws, restores or removes.
 */
export async function confirmSourceChange(
  ctx: AppContext,
  input: { guildId: string; userId: string; token: string },
): Promise<ConfirmedChange> {
  const change = await ctx.sources.takePending(input.guildId, input.token);
  if (!change) return { kind: "expired" };
  if (change.userId !== input.userId) {
    // Put back for the member who asked: a forged or shared click does not use it up.
    await ctx.sources.savePending(change);
    return { kind: "notYours" };
  }
  const questionIds = (await citing(ctx, input.guildId, change.sourceId)).map((q) => q.id);
  const now = ctx.now();
  const result = await ctx.sources.change(
    input.guildId,
    change.sourceId,
    questionIds,
    (current, questions) => {
      if (!current || current.version !== change.baseVersion)
        return { questions: [], result: { kind: "changedMeanwhile" } as ConfirmedChange };
      const live = questions.filter(
        (q) => q.status !== "rejected" && q.status !== "removed" && q.draft.source === change.sourceId,
      );
      const replacement = change.replacement;
      const impact = impactOf(sourceOfRecord(current), replacement && sourceOfRecord(replacement), live);
      const changed: CommunityQuestion[] = [];
      for (const item of impact) {
        const q = item.record;
        if (item.kind === "withdrawn")
          changed.push({
            ...q,
            status: "disabled",
            withdrawn: {
              sourceId: change.sourceId,
              at: now,
              version: current.version + 1,
              ...(item.nearest ? { nearest: truncate(item.nearest, 1000) } : {}),
            },
          });
        else if (item.kind === "restored") {
          const { withdrawn: _gone, ...rest } = q;
          changed.push({ ...rest, status: q.reviewerId === null ? "pending" : "approved" });
        } else if (item.kind === "removed")
          changed.push({ ...q, status: "removed", reviewerId: input.userId, reviewedAt: now });
      }
      return {
        next: replacement ?? "remove",
        questions: changed,
        result: {
          kind: "done",
          source: replacement ?? current,
          removed: !replacement,
          impact,
        } as ConfirmedChange,
      };
    },
  );
  if (result.kind === "done") ctx.banks.invalidate(input.guildId);
  return result;
}

/** How many drafts one `/source draft` may queue, and the default. */
export const DRAFT_LIMITS = { max: 15, default: 8 } as const;

/**
 * `/source draft`: drafts questions from a server source and queues each as a pending proposal by
 * the bot (its passage is its quote), checked exactly as a member's proposal. A draft whose quote
 * a question of the server already cites is skipped, so drafting twice does not queue the same
 * passages again; one that the source's own citation gives away is skipped too.
 */
export async function draftFromSource(
  ctx: AppContext,
  input: {
    guildId: string;
    userId: string;
    botUserId: string;
    sourceId: string;
    count: number;
    locale: Locale;
  },
): Promise<{ queued: CommunityQuestion[]; considered: number }> {
  const document = await serverSource(ctx, input.guildId, input.sourceId);
  const { bank } = await ctx.banks.of(input.guildId);
  const source = bank.corpus.get(document.id);
  if (!source) throw new UserError("source.unknown", { source: document.id });
  const existing = await ctx.community.questions(input.guildId);
  const quoted = new Set(
    existing
      .filter((q) => q.draft.source === document.id && q.status !== "rejected")
      .map((q) => foldPlain(q.draft.quote)),
  );
  const taken = new Set([...bank.questions.map((q) => q.id), ...existing.map((q) => q.id)]);
  const drafts = draftQuestions(source, { limit: DRAFT_LIMITS.max * 2 });
  const queued: CommunityQuestion[] = [];
  for (const drafted of drafts) {
    if (queued.length >= input.count) break;
    if (quoted.has(foldPlain(drafted.draft.quote))) continue;
    const id = `community-${randomId()}`;
    const { question } = checkSubmission(drafted.draft, {
      id,
      corpus: bank.corpus,
      guildId: input.guildId,
      authorId: input.botUserId,
      takenIds: taken,
    });
    if (!question) continue;
    // An answer the reveal's own citation prints (the title, the date) is no question at all.
    if (giveawaysOfNewQuestion(question, bank).some((g) => "sourceId" in g.by && g.askedId === id)) continue;
    const record: CommunityQuestion = {
      v: 1,
      id,
      guildId: input.guildId,
      authorId: input.botUserId,
      status: "pending",
      draft: normalizeDraft(drafted.draft),
      createdAt: ctx.now(),
      reviewerId: null,
      reviewedAt: null,
      reason: null,
      locale: input.locale,
      drafted: { sourceId: document.id, by: input.userId },
    };
    await ctx.community.addQuestion(record);
    quoted.add(foldPlain(drafted.draft.quote));
    taken.add(id);
    queued.push(record);
  }
  return { queued, considered: drafts.length };
}
