import type { Difficulty, QuestionType } from "./schema.ts";

/** Where a question came from: the shipped bank, or a server's approved submission. */
export type QuestionOrigin =
  | { readonly kind: "bank"; readonly file: string }
  | { readonly kind: "community"; readonly guildId: string; readonly authorId: string };

/** A verified citation: the quote was found in the source at this place. */
export interface Citation {
  readonly source: string;
  readonly quote: string;
  readonly line: number;
  readonly endLine: number;
  readonly section?: string | undefined;
}

/** A verified citation for a claim the explanation makes about another source. */
export interface OtherCitation extends Citation {
  /** What the passage backs, in the author's words ("the State Department's estimate"). */
  readonly note?: string | undefined;
}

/** How a question is answered by typing: the accepted forms (canonical first), an optional cloze span and stem. */
export interface TypedAnswer {
  readonly accept: readonly string[];
  /** The exact words of the citation's quote that a cloze prompt blanks. */
  readonly cloze?: string | undefined;
  /** A stem worded for typing, asked instead of the multiple-choice stem. */
  readonly prompt?: string | undefined;
  /**
   * Forms in another language (questions/ko/: the Korean answer and `accept:` forms), accepted like
   * `accept` but never shown as the canonical form; and each wrong option's text in that language,
   * mapped to the English option, so a Korean wrong option typed is refused as that option.
   */
  readonly translated?: {
    readonly accept: readonly string[];
    readonly wrong: Readonly<Record<string, string>>;
  };
}

/** Why one wrong option is wrong, with its own verified citation. */
export interface WrongNote {
  readonly option: string;
  readonly note: string;
  readonly citation: Citation;
}

/** A checked, askable question. For true/false, `answer` is "True" or "False" and `wrong` the other. */
export interface Question {
  readonly id: string;
  readonly type: QuestionType;
  readonly difficulty: Difficulty;
  readonly topics: readonly string[];
  readonly question: string;
  readonly answer: string;
  readonly wrong: readonly string[];
  readonly explanation: string;
  readonly citation: Citation;
  /** Citations of other sources backing the explanation (shown as "Other sources"). */
  readonly also: readonly OtherCitation[];
  /** The fact this question asks, shared with the other questions that ask it. */
  readonly fact?: string | undefined;
  /** Ids of questions never to be drawn in the same quiz as this one. */
  readonly excludes: readonly string[];
  readonly origin: QuestionOrigin;
  /** Present when the question can be answered by typing. */
  readonly typed?: TypedAnswer | undefined;
  /** Notes on wrong options (shown to a player who picked one); absent or empty: none. */
  readonly wrongNotes?: readonly WrongNote[] | undefined;
}

/** Every option of a question, the right answer first (shuffle before showing). */
export function optionsOf(question: Question): string[] {
  return [question.answer, ...question.wrong];
}

/** Where a question is written, for problem reports: its bank file, or the server that added it. */
export function originFile(question: Question): string {
  return question.origin.kind === "bank" ? question.origin.file : `server ${question.origin.guildId}`;
}
