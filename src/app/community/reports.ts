/** The report workflow: a member reports a question its passage does not support; a quiz master keeps or disables it. */
import type { Bank } from "../../bank/bank.ts";
import type { Question } from "../../bank/question.ts";
import type { QuestionReport } from "../../store/community.ts";
import { type AppContext, randomId } from "../context.ts";
import { UserError } from "../errors.ts";

/** Files a report on a question of this server's bank (a UserError if the question is gone). */
export async function fileReport(
  ctx: AppContext,
  input: { guildId: string; questionId: string; reporterId: string; text: string },
): Promise<QuestionReport> {
  const { bank } = await ctx.banks.of(input.guildId);
  if (!bank.get(input.questionId)) throw new UserError("error.questionGone");
  const report: QuestionReport = {
    v: 1,
    id: randomId(),
    guildId: input.guildId,
    questionId: input.questionId,
    reporterId: input.reporterId,
    text: input.text,
    createdAt: ctx.now(),
    status: "open",
    resolvedBy: null,
    resolvedAt: null,
  };
  await ctx.community.addReport(report);
  return report;
}

/** The oldest open report whose question is still in the bank, as the report screen shows it. */
export interface OpenReport {
  readonly bank: Bank;
  readonly report: QuestionReport;
  readonly question: Question;
  /** How many reports are open. */
  readonly open: number;
}

/** The next open report, or undefined if none is open. */
export async function nextOpenReport(ctx: AppContext, guildId: string): Promise<OpenReport | undefined> {
  const open = (await ctx.community.reports(guildId)).filter((r) => r.status === "open");
  const { bank } = await ctx.banks.of(guildId);
  for (const report of open) {
    const question = bank.get(report.questionId);
    if (question) return { bank, report, question, open: open.length };
  }
  return undefined;
}

/**
 * Keeps or disables a reported question: the report's resolution and (to disable) the server's
 * settings are one atomic write, then the server's bank is rebuilt on its next use.
 */
export async function resolveReport(
  ctx: AppContext,
  input: { guildId: string; reportId: string; status: "kept" | "disabled"; by: string },
): Promise<QuestionReport | undefined> {
  const report = await ctx.community.resolveReport(input.guildId, input.reportId, {
    status: input.status,
    by: input.by,
    at: ctx.now(),
  });
  if (report?.status === "disabled") ctx.banks.invalidate(input.guildId);
  return report;
}
