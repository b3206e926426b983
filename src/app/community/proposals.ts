/**
 * The proposal workflow: a member proposes a question (checked exactly as the shipped bank is),
 * a quiz master reviews it (approve, or reject with a reason), and the author is told.
 */
import { z } from "zod";
import type { Bank } from "../../bank/bank.ts";
import { type NearDuplicate, nearDuplicates } from "../../bank/duplicates.ts";
import { type Giveaway, giveawaysOfNewQuestion } from "../../bank/giveaways.ts";
import type { Question } from "../../bank/question.ts";
import { DIFFICULTIES, type Difficulty } from "../../bank/schema.ts";
import { checkSubmission, type SubmissionDraft, type SubmissionProblem } from "../../bank/submission.ts";
import { normalizeDraft } from "../../bank/text-safety.ts";
import type { Locale } from "../../i18n/index.ts";
import { truncate } from "../../lib/truncate.ts";
import type { CommunityQuestion } from "../../records/community.ts";
import { type AppContext, randomId } from "../context.ts";
import { UserError } from "../errors.ts";
import { takeSlot } from "../rate-limit.ts";

/** How many questions a member may propose per hour in a server. */
export const SUBMISSIONS_PER_HOUR = 5;
const HOUR_MS = 60 * 60 * 1000;
/** The topic of a proposal when none is chosen. */
export const COMMUNITY_TOPIC = "community";

/** The options of `/question add`, as typed. */
export interface ProposalOptions {
  readonly source: string;
  readonly difficulty: string | null;
  readonly topic: string | null;
}

const DifficultySchema = z.enum(DIFFICULTIES);

/**
 * Checks the options of a new proposal: a source of the shipped bank or of this server's own, a
 * difficulty, and a topic of the shipped bank.
 */
export async function proposalOptions(
  ctx: AppContext,
  guildId: string,
  options: ProposalOptions,
): Promise<{ source: string; difficulty: Difficulty; topic: string }> {
  const { shipped } = ctx.banks;
  const { bank } = await ctx.banks.of(guildId);
  if (!bank.corpus.get(options.source))
    throw new UserError("error.noSource", { source: truncate(options.source, 50) });
  const difficulty = DifficultySchema.safeParse(options.difficulty ?? "medium");
  if (!difficulty.success) throw new UserError("error.pickDifficulty");
  const topic = options.topic ?? COMMUNITY_TOPIC;
  if (topic !== COMMUNITY_TOPIC && !shipped.topics().includes(topic)) {
    throw new UserError("error.noTopicForProposal", { topic: truncate(topic, 50) });
  }
  return { source: options.source, difficulty: difficulty.data, topic };
}

/** The member's last draft (to reopen the form with it), or a UserError if it has expired. */
export async function lastDraft(ctx: AppContext, guildId: string, userId: string): Promise<SubmissionDraft> {
  const draft = await ctx.community.draft(guildId, userId);
  if (!draft) throw new UserError("error.draftExpired");
  return draft;
}

/** What became of a submitted proposal. */
export type ProposalResult =
  | { readonly kind: "problems"; readonly problems: readonly SubmissionProblem[] }
  | { readonly kind: "limited"; readonly retryAt: number }
  | {
      readonly kind: "pending";
      readonly id: string;
      readonly duplicates: readonly NearDuplicate[];
      /** Where the server's questions (or the source's citation) show its answer, or it shows theirs. */
      readonly giveaways: readonly Giveaway[];
    };

/**
 * A submitted proposal: normalised, kept as a draft (so a bad one can be fixed without
 * retyping), checked exactly as the shipped bank is, and a good one is stored as pending, within
 * the hourly limit, with the bank's questions it nearly duplicates and the answers it and they
 * give each other away (warnings, not refusals: a quiz orders such questions safely).
 */
export async function submitProposal(
  ctx: AppContext,
  input: { guildId: string; userId: string; draft: SubmissionDraft; locale: Locale },
): Promise<ProposalResult> {
  const { guildId, userId } = input;
  const { community } = ctx;
  // Normalised once here, so the draft kept for "Edit and resubmit" is what was checked.
  const draft = normalizeDraft(input.draft);
  await community.saveDraft(guildId, userId, draft);
  const { bank } = await ctx.banks.of(guildId);
  const taken = new Set([
    ...bank.questions.map((q) => q.id),
    ...(await community.questions(guildId)).map((q) => q.id),
  ]);
  const id = `community-${randomId()}`;
  const { question, problems } = checkSubmission(draft, {
    id,
    corpus: bank.corpus,
    guildId,
    authorId: userId,
    takenIds: taken,
  });
  if (problems.length > 0) return { kind: "problems", problems };
  const now = ctx.now();
  const slot = await takeSlot(
    ctx,
    { kind: "submissions", guildId, userId },
    now,
    SUBMISSIONS_PER_HOUR,
    HOUR_MS,
  );
  if (!slot.ok) return { kind: "limited", retryAt: slot.retryAt };
  await community.addQuestion({
    v: 1,
    id,
    guildId,
    authorId: userId,
    status: "pending",
    draft,
    createdAt: now,
    reviewerId: null,
    reviewedAt: null,
    reason: null,
    // The author hears the outcome later (by DM or a notice), in the language they proposed in.
    locale: input.locale,
  });
  return {
    kind: "pending",
    id,
    duplicates: question ? nearDuplicates(question, bank.questions) : [],
    giveaways: question ? giveawaysOfNewQuestion(question, bank) : [],
  };
}

/** The oldest pending proposal that still passes its checks, as the review screen shows it. */
export interface PendingProposal {
  readonly bank: Bank;
  readonly record: CommunityQuestion;
  readonly question: Question;
  /** How many proposals are pending. */
  readonly pending: number;
  /** The bank's questions it nearly duplicates. */
  readonly duplicates: readonly NearDuplicate[];
  /** Where the server's questions (or the source's citation) show its answer, or it shows theirs. */
  readonly giveaways: readonly Giveaway[];
}

/** The next proposal to review, or undefined if none is waiting. */
export async function nextPendingProposal(
  ctx: AppContext,
  guildId: string,
): Promise<PendingProposal | undefined> {
  const pending = (await ctx.community.questions(guildId)).filter((q) => q.status === "pending");
  const { bank } = await ctx.banks.of(guildId);
  for (const record of pending) {
    const { question } = checkSubmission(record.draft, {
      id: record.id,
      corpus: bank.corpus,
      guildId,
      authorId: record.authorId,
      takenIds: new Set(),
      stored: true,
    });
    if (question)
      return {
        bank,
        record,
        question,
        pending: pending.length,
        duplicates: nearDuplicates(question, bank.questions),
        giveaways: giveawaysOfNewQuestion(question, bank),
      };
  }
  return undefined;
}

/** A quiz master's decision on a pending proposal. */
export interface Decision {
  readonly guildId: string;
  readonly questionId: string;
  readonly reviewerId: string;
  readonly approved: boolean;
  readonly reason?: string | undefined;
}

/**
 * Approves or rejects a pending proposal (an approved one joins this server's quizzes at once).
 * Returns the decided record (its author is to be told), or undefined if it was no longer
 * pending (another quiz master was quicker).
 */
export async function decideProposal(
  ctx: AppContext,
  decision: Decision,
): Promise<CommunityQuestion | undefined> {
  const now = ctx.now();
  const decided = await ctx.community.updateQuestion(decision.guildId, decision.questionId, (current) => {
    if (current?.status !== "pending") return { result: undefined };
    const next: CommunityQuestion = {
      ...current,
      status: decision.approved ? "approved" : "rejected",
      reviewerId: decision.reviewerId,
      reviewedAt: now,
      reason: decision.reason ?? null,
    };
    return { next, result: next };
  });
  if (decided) ctx.banks.invalidate(decision.guildId);
  return decided;
}

/** What a quiz master's edit of a pending proposal came to. */
export type EditResult =
  | { readonly kind: "problems"; readonly problems: readonly SubmissionProblem[] }
  | { readonly kind: "edited"; readonly record: CommunityQuestion }
  | { readonly kind: "notPending" };

/**
 * A quiz master's edit of a pending proposal (a draft the bot made, or a member's), from the
 * review screen's form: checked exactly as a new proposal, and stored over the old text only if it
 * passes and the proposal is still pending. It stays pending: approving is a separate click.
 */
export async function editPendingProposal(
  ctx: AppContext,
  input: {
    guildId: string;
    questionId: string;
    fields: Omit<SubmissionDraft, "source" | "difficulty" | "topic">;
  },
): Promise<EditResult> {
  const current = await ctx.community.question(input.guildId, input.questionId);
  if (current?.status !== "pending") return { kind: "notPending" };
  const draft = normalizeDraft({ ...current.draft, ...input.fields });
  const { bank } = await ctx.banks.of(input.guildId);
  const { problems } = checkSubmission(draft, {
    id: current.id,
    corpus: bank.corpus,
    guildId: input.guildId,
    authorId: current.authorId,
    takenIds: new Set(),
  });
  if (problems.length > 0) return { kind: "problems", problems };
  return ctx.community.updateQuestion(
    input.guildId,
    input.questionId,
    (latest): { next?: CommunityQuestion; result: EditResult } => {
      if (latest?.status !== "pending") return { result: { kind: "notPending" } };
      const next = { ...latest, draft };
      return { next, result: { kind: "edited", record: next } };
    },
  );
}

/** A proposal still waiting for review, for a quiz master to edit; undefined once reviewed (or gone). */
export async function pendingProposal(
  ctx: AppContext,
  guildId: string,
  questionId: string,
): Promise<CommunityQuestion | undefined> {
  const record = await ctx.community.question(guildId, questionId);
  return record?.status === "pending" ? record : undefined;
}
