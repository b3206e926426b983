import type { SessionState, TypedMatch } from "../../engine/session.ts";
import type { LessonsStore } from "../../store/lessons.ts";
import type { StoreWrite } from "../../store/records.ts";

/** An accepted answer, as the grade book keeps it. */
export interface AnswerToKeep {
  readonly userId: string;
  readonly displayName: string;
  readonly chosen: string;
  readonly correct: boolean;
  readonly points: number;
  readonly match?: TypedMatch | undefined;
  readonly hinted?: boolean | undefined;
}

/**
 * The grade-book rows of a round's accepted answers, for a session that keeps them (a channel
 * round or an assignment attempt). They are written in the same atomic batch as the scores, so a
 * row exists exactly when its answer was scored; their keys are per (session, round, player), so
 * a retried write is a no-op.
 */
export function gradeRowWrites(
  lessons: LessonsStore,
  state: SessionState,
  questionId: string,
  answers: readonly AnswerToKeep[],
  at: number,
): StoreWrite[] {
  const resultId = state.resultId;
  if (!resultId) return [];
  return answers.flatMap((a) =>
    lessons.gradeRowWrites(state.guildId, resultId, {
      userId: a.userId,
      displayName: a.displayName,
      sessionId: state.id,
      round: state.round,
      questionId,
      chosen: a.chosen,
      correct: a.correct,
      points: a.points,
      at,
      ...(a.match ? { match: a.match } : {}),
      ...(a.hinted ? { hinted: true } : {}),
    }),
  );
}
