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
    return { file, questionId, field: field === "" ? undefined : field, message: issue.message };
  });
}
