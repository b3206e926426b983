/** The rules of taking an assignment: when Start opens an attempt, resumes one, or is refused. */
import type { Assignment, Attempt, MemberAttempts } from "../../records/lessons.ts";

/** What a click on an assignment's Start button does. */
export type StartDecision =
  | { readonly kind: "start"; readonly n: number; readonly late: boolean }
  | { readonly kind: "resume"; readonly attempt: Attempt }
  | { readonly kind: "closed"; readonly dueAt: number }
  | { readonly kind: "used-up"; readonly max: number; readonly dueAt: number; readonly open: boolean };

/** The terms a member takes an assignment on: the class's, with any accommodation granted to them. */
export function termsFor(
  assignment: Pick<Assignment, "dueAt" | "allowLate" | "maxAttempts" | "accommodations">,
  userId: string,
): Pick<Assignment, "dueAt" | "allowLate" | "maxAttempts"> {
  const granted = assignment.accommodations?.[userId];
  return {
    dueAt: granted?.dueAt ?? assignment.dueAt,
    allowLate: assignment.allowLate,
    maxAttempts: granted?.maxAttempts ?? assignment.maxAttempts,
  };
}

/** The last due time of anyone's (the class's, or a later one granted to a student). */
export function latestDue(assignment: Pick<Assignment, "dueAt" | "accommodations">): number {
  const granted = Object.values(assignment.accommodations ?? {}).map((a) => a.dueAt ?? assignment.dueAt);
  return Math.max(assignment.dueAt, ...granted);
}

/** Whether a moment is after an assignment's due time. */
export function isPastDue(assignment: Pick<Assignment, "dueAt">, now: number): boolean {
  return now > assignment.dueAt;
}

/**
 * Decides a Start: after the due time it is closed unless late attempts are allowed; an attempt
 * still in progress (`latestInProgress`) is resumed rather than a new one opened; otherwise a new
 * attempt opens while the member has attempts left.
 */
export function decideStart(
  assignment: Pick<Assignment, "dueAt" | "allowLate" | "maxAttempts">,
  record: Pick<MemberAttempts, "attempts"> | undefined,
  latestInProgress: boolean,
  now: number,
): StartDecision {
  const late = isPastDue(assignment, now);
  if (late && !assignment.allowLate) return { kind: "closed", dueAt: assignment.dueAt };
  const attempts = record?.attempts ?? [];
  const latest = attempts.at(-1);
  if (latest && latestInProgress) return { kind: "resume", attempt: latest };
  if (attempts.length >= assignment.maxAttempts) {
    return { kind: "used-up", max: assignment.maxAttempts, dueAt: assignment.dueAt, open: !late };
  }
  return { kind: "start", n: attempts.length + 1, late };
}
