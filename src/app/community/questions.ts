/** A server's proposed questions: list, show, remove, and export the approved ones in the bank's format. */
import yaml from "js-yaml";
import type { Bank } from "../../bank/bank.ts";
import type { Question } from "../../bank/question.ts";
import { draftToInput } from "../../bank/submission.ts";
import { truncate } from "../../lib/truncate.ts";
import type { CommunityQuestion, QuestionStatus } from "../../records/community.ts";
import type { AppContext } from "../context.ts";
import { UserError } from "../errors.ts";

/** The server's proposed questions, oldest first, filtered by status, source and author. */
export async function listQuestions(
  ctx: AppContext,
  guildId: string,
  filter: { status: QuestionStatus | null; source: string | null; authorId: string | null },
): Promise<CommunityQuestion[]> {
  return (await ctx.community.questions(guildId)).filter(
    (q) =>
      (filter.status === null || q.status === filter.status) &&
      (filter.source === null || q.draft.source === filter.source) &&
      (filter.authorId === null || q.authorId === filter.authorId),
  );
}

/** A question of this server's quiz (shipped or approved), or else a proposal, by id. */
export type FoundQuestion =
  | { readonly kind: "bank"; readonly bank: Bank; readonly question: Question }
  | { readonly kind: "proposal"; readonly record: CommunityQuestion };

/** Finds a question by id (a UserError if there is none). */
export async function findQuestion(ctx: AppContext, guildId: string, id: string): Promise<FoundQuestion> {
  const { bank } = await ctx.banks.of(guildId);
  const question = bank.get(id);
  if (question) return { kind: "bank", bank, question };
  const record = await ctx.community.question(guildId, id);
  if (!record) throw new UserError("error.noQuestion", { id: truncate(id, 64) });
  return { kind: "proposal", record };
}

/**
 * Removes a proposed question: quiz masters may, and the author while it is pending. Returns the
 * status it had (a pending or rejected proposal was never in the quizzes).
 */
export async function removeQuestion(
  ctx: AppContext,
  input: { guildId: string; id: string; userId: string; quizMaster: boolean },
): Promise<QuestionStatus> {
  const result = await ctx.community.updateQuestion(input.guildId, input.id, (current) => {
    if (!current || current.status === "removed") return { result: "missing" as const };
    const mayRemove = input.quizMaster || (current.authorId === input.userId && current.status === "pending");
    if (!mayRemove) return { result: "refused" as const };
    return {
      next: { ...current, status: "removed" as const, reviewerId: input.userId },
      result: current.status,
    };
  });
  if (result === "missing") throw new UserError("error.noProposedQuestion", { id: truncate(input.id, 64) });
  if (result === "refused") throw new UserError("error.removeNotAllowed");
  ctx.banks.invalidate(input.guildId);
  return result;
}

/** The server's approved questions as a bank file (YAML), which `npm run bank -- check` accepts. */
export function approvedAsBankFile(guildId: string, questions: readonly CommunityQuestion[]): string {
  const approved = questions.filter((q) => q.status === "approved").map((q) => draftToInput(q.draft, q.id));
  const korean = approved.filter(writtenInKorean).map(koreanFields);
  return [
    `# Community questions approved in server ${guildId}, exported in the bank's format.`,
    "# Copy into questions/bank/ and run: npm run bank -- check",
    yaml.dump({ questions: approved }, { lineWidth: 100, noRefs: true }),
    ...(korean.length === 0
      ? []
      : [
          "# Written in Korean: their Korean text belongs in the Korean fields, in questions/ko/ under",
          '# this file\'s name (questions/README.md, "Korean"): uncomment it there, add `quote:` (a',
          "# Korean rendering of the passage, which stays verbatim above), and write the English above.",
          yaml
            .dump({ questions: korean }, { lineWidth: 100, noRefs: true })
            .trimEnd()
            .split("\n")
            .map((line) => `# ${line}`)
            .join("\n"),
          "",
        ]),
  ].join("\n");
}

/** A proposal whose question is written in Korean (Hangul in its stem). */
function writtenInKorean(input: Record<string, unknown>): boolean {
  return typeof input.question === "string" && /[\uac00-\ud7a3]/.test(input.question);
}

/** A Korean proposal's text as the Korean fields of questions/ko/ hold it (true/false: no options). */
function koreanFields(input: Record<string, unknown>): Record<string, unknown> {
  const { id, question, answer, wrong, explanation } = input;
  return typeof answer === "boolean"
    ? { id, question, explanation }
    : { id, question, answer, wrong, explanation };
}

/** The approved questions as a bank file, and how many there are (a UserError if none). */
export async function exportApproved(
  ctx: AppContext,
  guildId: string,
): Promise<{ count: number; file: string }> {
  const questions = await ctx.community.questions(guildId);
  const count = questions.filter((q) => q.status === "approved").length;
  if (count === 0) throw new UserError("error.nothingToExport");
  return { count, file: approvedAsBankFile(guildId, questions) };
}
