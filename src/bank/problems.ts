/** One thing wrong with the corpus or a question, located as precisely as we can. */
export interface BankProblem {
  /** The file the problem is in, relative to the project (or a label such as "modal"). */
  readonly file: string;
  readonly questionId?: string | undefined;
  /** A dotted path to the field, such as `citation.quote` or `wrong.2`. */
  readonly field?: string | undefined;
  readonly message: string;
  /** What to do about it, such as the closest passage of the source for a quote not found. */
  readonly hint?: string | undefined;
}

/** Renders a problem as one line (plus an indented hint) for terminals and logs. */
export function formatProblem(problem: BankProblem): string {
  const where = [
    problem.file,
    problem.questionId === undefined ? undefined : `question ${problem.questionId}`,
    problem.field === undefined ? undefined : `field ${problem.field}`,
  ]
    .filter((part) => part !== undefined)
    .join(": ");
  const hint = problem.hint === undefined ? "" : `\n    hint: ${problem.hint}`;
  return `${where}: ${problem.message}${hint}`;
}

/** Thrown when something the bank needs cannot be loaded at all; carries every problem found. */
export class BankLoadError extends Error {
  constructor(readonly problems: readonly BankProblem[]) {
    super(`The question bank has ${problems.length} problem(s):\n${problems.map(formatProblem).join("\n")}`);
    this.name = "BankLoadError";
  }
}
