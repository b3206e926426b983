/** Every slash command, listed explicitly: a broken module fails loudly at start-up, never silently. */
import type { Command } from "../src/discord/context.ts";
import { question } from "./question.ts";
import { help } from "./help.ts";
import { sources } from "./sources.ts";
import { status } from "./status.ts";
import { assign } from "./assign.ts";
import { results } from "./results.ts";
import { set } from "./set.ts";
import { quiz } from "./quiz.ts";
import { review } from "./review.ts";
import { settings } from "./settings.ts";
import { leaderboard } from "./leaderboard.ts";
import { stats } from "./stats.ts";

export const commands: readonly Command[] = [
  quiz,
  review,
  leaderboard,
  stats,
  sources,
  question,
  settings,
  help,
  set,
  assign,
  results,
  status,
];
