import type { z } from "zod";
import type { BankProblem } from "./problems.ts";

/** Turns a zod error into problems that name the file, the question and the field. */
export function zodProblems(
  error: z.ZodError,
  file: string,
  questionId?: string,
  fieldPrefix = "",
): BankProblem[] {
  return error.issues.map((issue) => {
    const field = [fieldPrefix, ...issue.path.map(String)].filter((part) => part !== "").join(".");
    // zod lists every unrecognized key: a file with thousands of them gets a readable line.
    const message = issue.message.length > 300 ? `${issue.message.slice(0, 300)}…` : issue.message;
    return { file, questionId, field: field === "" ? undefined : field, message };
  });
}
