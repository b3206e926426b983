/** Limits on quiz settings, shared by the slash command options, the config and the terminal flags. */
export const QUIZ_LIMITS = {
  minQuestions: 1,
  maxQuestions: 20,
  defaultQuestions: 5,
  minSeconds: 10,
  maxSeconds: 120,
  defaultSeconds: 30,
} as const;
