/**
 * What the grade book keeps (the results retention rule): class work (assignments, set plays) is
 * kept for good, in its own index; a server keeps its newest `casualKept` casual rounds (channel
 * rounds drawn by filters, `/settings retention`), and a round pushed out is deleted with its
 * answers; class work that an older version listed among the casual rounds is moved to the class
 * index instead. The store only keeps the indexes and deletes what this decides.
 */

import { type GradeResult, isClassWork } from "../../records/lessons.ts";
import type { ResultIndexes, ResultPlan } from "../../store/lessons.ts";
import type { StoreWrite } from "../../store/records.ts";
import { untilCommitted } from "../commit-retry.ts";
import type { AppContext } from "../context.ts";
import { casualRoundsKept } from "./settings.ts";

/** The indexes' new lists for `result`, given the results the casual index would push out. */
export function retentionPlan(
  result: GradeResult,
  indexes: Pick<ResultIndexes, "casual" | "classWork">,
  pushedOut: readonly GradeResult[],
  casualKept: number,
): ResultPlan {
  if (isClassWork(result))
    return { casual: indexes.casual, classWork: [result.id, ...indexes.classWork], dropped: [] };
  const ids = [result.id, ...indexes.casual.filter((id) => id !== result.id)];
  const rescued = pushedOut.filter(isClassWork).map((r) => r.id);
  return {
    casual: ids.slice(0, casualKept),
    classWork: [...indexes.classWork, ...rescued],
    dropped: pushedOut.filter((r) => !isClassWork(r)),
  };
}

/**
 * Adds a result to the grade book with `extra` writes (an assignment, say) in one atomic batch,
 * keeping the server's retention (its `/settings retention`, unless `casualKept` is given); if
 * another result was added meanwhile, it reads the indexes and decides again.
 */
export async function addToGradeBook(
  ctx: AppContext,
  result: GradeResult,
  extra: readonly StoreWrite[] = [],
  casualKept?: number,
): Promise<void> {
  const kept = casualKept ?? (await casualRoundsKept(ctx, result.guildId));
  await untilCommitted<undefined>(async () => {
    const indexes = await ctx.lessons.resultIndexes(result.guildId);
    const wouldGo = isClassWork(result)
      ? []
      : [result.id, ...indexes.casual.filter((id) => id !== result.id)].slice(kept);
    const pushedOut = await ctx.lessons.results(result.guildId, wouldGo);
    const plan = retentionPlan(result, indexes, pushedOut, kept);
    return (await ctx.lessons.saveResult(result, extra, plan, indexes))
      ? { committed: true, result: undefined }
      : { committed: false };
  });
}
