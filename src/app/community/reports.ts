/** The report workflow: a member reports a question its passage does not support; a quiz master keeps or disables it. */
import type { Bank } from "../../bank/bank.ts";
import type { Question } from "../../bank/question.ts";
import type { Locale } from "../../i18n/index.ts";
import { KeyedLock } from "../../lib/keyed-lock.ts";
import type { QuestionReport } from "../../records/community.ts";
import { type AppContext, randomId } from "../context.ts";
import { UserError } from "../errors.ts";
import { takeSlot } from "../rate-limit.ts";

/** Each reporter's filings, one at a time in this process (see fileReport). */
const reporterTurns = new KeyedLock();

/** How many reports a member may file per hour in a server (as proposals: a burst is refused, told why). */
export const REPORTS_PER_HOUR = 5;
const HOUR_MS = 60 * 60 * 1000;
/** The bounds of a report's reason, checked here as well as by the form (a client can send anything). */
export const REPORT_REASON = { min: 5, max: 1000 } as const;

/** What became of a report: filed, or refused for the hour (a duplicate or a bad length is a UserError). */
export type FiledReport = { readonly kind: "filed" } | { readonly kind: "limited"; readonly retryAt: number };

/**
 * Files a report on a question of this server's bank, within the member's hourly limit and only
 * if they have no open report of the same question.
 */
export async function fileReport(
  ctx: AppContext,
  input: { guildId: string; questionId: string; reporterId: string; text: string; locale: Locale },
): Promise<FiledReport> {
  const { bank } = await ctx.banks.of(input.guildId);
  if (!bank.get(input.questionId)) throw new UserError("error.questionGone");
  const length = [...input.text].length;
  if (length < REPORT_REASON.min || length > REPORT_REASON.max) {
    throw new UserError("error.reportLength", { length, ...REPORT_REASON });
  }
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
    locale: input.locale,
  };
  // One reporter's reports take turns in this process, so a double submit files once: the
  // duplicate check, the count against the limit and the write are one step here.
  const filed = await reporterTurns.run(`${input.guildId}:${input.reporterId}`, async () => {
    if (await ctx.community.openReportOf(input.guildId, input.reporterId, input.questionId))
      return { kind: "duplicate" } as const;
    const slot = await takeSlot(
      ctx,
      { kind: "reports", guildId: input.guildId, userId: input.reporterId },
      report.createdAt,
      REPORTS_PER_HOUR,
      HOUR_MS,
    );
    if (!slot.ok) return { kind: "limited", retryAt: slot.retryAt } as const;
    await ctx.community.addReport(report);
    return { kind: "added" } as const;
  });
  if (filed.kind === "duplicate") throw new UserError("error.reportAlreadyOpen");
  if (filed.kind === "limited") return { kind: "limited", retryAt: filed.retryAt };
  return { kind: "filed" };
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

/** Reports resolved together, with the text of their question (for telling the reporters). */
export interface Resolution {
  readonly resolved: readonly QuestionReport[];
  readonly question: string;
}

/**
 * Keeps or disables a reported question: every open report of it is resolved and (to disable)
 * the question is disabled in this server's settings, in one atomic write; then the server's
 * bank is rebuilt on its next use. None is resolved when another quiz master got there first.
 */
export async function resolveReports(
  ctx: AppContext,
  input: { guildId: string; reportId: string; status: "kept" | "disabled"; by: string },
): Promise<Resolution> {
  const { guildId } = input;
  const report = await ctx.community.report(guildId, input.reportId);
  if (!report) return { resolved: [], question: "" };
  const resolved = await ctx.community.resolveReportsOf(guildId, report.questionId, {
    status: input.status,
    by: input.by,
    at: ctx.now(),
  });
  if (resolved.length > 0 && input.status === "disabled") ctx.banks.invalidate(guildId);
  const { bank } = await ctx.banks.of(guildId);
  return { resolved, question: bank.get(report.questionId)?.question ?? report.questionId };
}
