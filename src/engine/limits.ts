/** Limits on quiz settings, shared by the slash command options, the config and the terminal flags. */
export const QUIZ_LIMITS = {
  minQuestions: 1,
  maxQuestions: 20,
  defaultQuestions: 5,
  minSeconds: 10,
  maxSeconds: 120,
  defaultSeconds: 30,
} as const;

/** How many rounds members may start, per hour (0: no limit). */
export interface StartLimits {
  /** Rounds one member may start (solo, channel, a set played), per hour. */
  readonly perMember: number;
  /** Public rounds (channel rounds, sets played in the channel) one channel may have, per hour. */
  readonly perChannel: number;
}

/** The defaults: far above a class's use, far below a flood (200 starts in two minutes). */
export const DEFAULT_START_LIMITS: StartLimits = { perMember: 30, perChannel: 20 };

/** The longest typed answer taken (the bot's form and the terminal alike; the store keeps up to 200). */
export const TYPED_ANSWER_MAX = 100;
