/** Every slash command, listed explicitly: a broken module fails loudly at start-up, never silently. */
import type { Command } from "../src/discord/context.ts";
import { assign } from "./assign.ts";
import { help } from "./help.ts";
import { leaderboard } from "./leaderboard.ts";
import { question } from "./question.ts";
import { quiz } from "./quiz.ts";
import { results } from "./results.ts";
import { review } from "./review.ts";
import { set } from "./set.ts";
import { settings } from "./settings.ts";
import { source } from "./source.ts";
import { sources } from "./sources.ts";
import { stats } from "./stats.ts";
import { status } from "./status.ts";

export const commands: readonly Command[] = [
  quiz,
  review,
  leaderboard,
  stats,
  sources,
  source,
  question,
  settings,
  help,
  set,
  assign,
  results,
  status,
];
