/**
 * What a changed source does to the questions that cite it (`npm run bank -- check` after a
 * source's file and sha256 changed in questions/sources.yaml): each citing question's quote is
 * located in the recorded text (the last commit) and in the new one. A quote no longer found is a
 * problem the checker already reports, with the closest passage; a quote found on another line or
 * under another heading is listed as moved, so the change is seen, not silently followed.
 */
import type { Source } from "./corpus.ts";
import type { Question } from "./question.ts";

/** A citation whose passage is found at another place in the new text. */
export interface MovedCitation {
  readonly questionId: string;
  /** `citation` or `also.N`. */
  readonly field: string;
  readonly from: { readonly line: number; readonly section?: string | undefined };
  readonly to: { readonly line: number; readonly section?: string | undefined };
}

/** The citations of `questions` into `after` (the new text) whose place differs from `before` (the recorded one). */
export function movedCitations(
  before: Source,
  after: Source,
  questions: readonly Question[],
): MovedCitation[] {
  const moved: MovedCitation[] = [];
  for (const q of questions) {
    const citations = [
      { field: "citation", citation: q.citation },
      ...q.also.map((citation, i) => ({ field: `also.${i}`, citation })),
    ];
    for (const { field, citation } of citations) {
      if (citation.source !== after.id) continue;
      const then = before.locate(citation.quote);
      if (!then) continue;
      if (then.line !== citation.line || then.section !== citation.section)
        moved.push({
          questionId: q.id,
          field,
          from: { line: then.line, section: then.section },
          to: { line: citation.line, section: citation.section },
        });
    }
  }
  return moved;
}
