import type { Difficulty } from "./schema.ts";

/**
 * What a member typed, plus the options of `/question add`: kept so a bad submission loses nothing.
 * The bot's drafts from a server source (draft-questions.ts) are drafts of this shape too.
 */
export interface SubmissionDraft {
  readonly source: string;
  readonly difficulty: Difficulty;
  readonly topic: string;
  readonly question: string;
  readonly answer: string;
  /** One wrong option per line; none (with an answer of true or false) makes a true/false question. */
  readonly wrong: string;
  readonly quote: string;
  readonly explanation: string;
}
