/** Every slash command, listed explicitly: a broken module fails loudly at start-up, never silently. */
import type { Command } from "../context.ts";
import { question } from "./community/question-command.ts";
import { help } from "./info/help-command.ts";
import { sources } from "./info/sources-command.ts";
import { status } from "./info/status-command.ts";
import { assign } from "./lessons/assign-command.ts";
import { results } from "./lessons/results-command.ts";
import { set } from "./lessons/set-command.ts";
import { quiz } from "./quiz/quiz-command.ts";
import { review } from "./quiz/review-command.ts";
import { settings } from "./settings/settings-command.ts";
import { source } from "./sources/source-command.ts";
import { leaderboard } from "./standing/leaderboard-command.ts";
import { stats } from "./standing/stats-command.ts";

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
  source,
];
