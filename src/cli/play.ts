/**
 * `npm run play`: a solo quiz in the terminal on the same engine, bank and store as the bot, with
 * no Discord token. Answers come from the keyboard or, piped, one per line:
 *   printf '1\n3\n2\n' | npm run play -- --count 3
 * With --typed, the questions that allow it are answered by typing (a cloze from the source).
 */
import { userInfo } from "node:os";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { AppContext } from "../app/context.ts";
import { openGame } from "../app/open.ts";
import { answer, nextQuestion, QUIZ_LIMITS, roundView, startSolo } from "../app/quiz.ts";
import { playerStats } from "../app/standing.ts";
import { BankLoadError } from "../bank/problems.ts";
import { DIFFICULTIES, type Difficulty } from "../bank/schema.ts";
import { ConfigError, loadConfig, loadDotEnv } from "../config.ts";
import { TYPED_ANSWER_MAX } from "../engine/limits.ts";
import { locationText, type RevealView } from "../engine/reveal.ts";
import { standings } from "../engine/session.ts";
import { createLogger } from "../log.ts";
import { typedPromptLines, typedVerdictLines } from "./play-typed.ts";

/** Terminal players share one "server" in the store, so their leaderboard is their own. */
export const TERMINAL_GUILD = "terminal";

const HELP = `usage: npm run play -- [options]
  --count N          how many questions (${QUIZ_LIMITS.minQuestions}-${QUIZ_LIMITS.maxQuestions}, default ${QUIZ_LIMITS.defaultQuestions})
  --source ID        only questions citing this source (see: npm run bank -- stats)
  --topic TOPIC      only questions on this topic
  --difficulty D     easy, medium or hard
  --player NAME      whose score this is (default: your login name)
  --typed            type the answers where a question allows it (the others are picked)
Answer with the option's number (1-4) or letter (a-d), or type it where asked; q quits.`;

const LETTERS = "abcd";

/** Reads the command line; a bad one (unknown option, missing value) is told with the usage, not a stack trace. */
function readArgs() {
  try {
    return parseArgs({
      options: {
        count: { type: "string" },
        source: { type: "string" },
        topic: { type: "string" },
        difficulty: { type: "string" },
        player: { type: "string" },
        typed: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    // node:util's parseArgs throws TypeErrors with an ERR_PARSE_ARGS_* code for what was typed wrong.
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_")) {
      console.error(`${(error as Error).message}\n${HELP}`);
      return undefined;
    }
    throw error;
  }
}

/** The exit status after Ctrl-C: 128 + SIGINT's number, as shells report it. */
const INTERRUPTED_STATUS = 130;

async function main(): Promise<number> {
  const values = readArgs();
  if (values === undefined) return 2;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const count = Number(values.count ?? QUIZ_LIMITS.defaultQuestions);
  if (!Number.isInteger(count) || count < QUIZ_LIMITS.minQuestions || count > QUIZ_LIMITS.maxQuestions) {
    console.error(
      `--count must be a whole number from ${QUIZ_LIMITS.minQuestions} to ${QUIZ_LIMITS.maxQuestions}`,
    );
    return 2;
  }
  const parsedDifficulty = z.enum(DIFFICULTIES).optional().safeParse(values.difficulty);
  if (!parsedDifficulty.success) {
    console.error(`--difficulty must be one of: ${DIFFICULTIES.join(", ")}`);
    return 2;
  }
  const difficulty = parsedDifficulty.data;

  loadDotEnv();
  const config = loadConfig();
  // Logs go to stderr at warn and above, so they never mix with the quiz on stdout.
  const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel);
  const game = await openGame({ storeUrl: config.storeUrl, logger });
  try {
    const ctx = game.ctx;
    if (values.source !== undefined && !ctx.bank.corpus.get(values.source)) {
      console.error(`unknown source "${values.source}": use one of ${ctx.bank.corpus.ids().join(", ")}`);
      return 2;
    }
    if (values.topic !== undefined && !ctx.bank.topics().includes(values.topic)) {
      console.error(`unknown topic "${values.topic}": use one of ${ctx.bank.topics().join(", ")}`);
      return 2;
    }
    const player = values.player ?? userInfo().username;
    return await playQuiz(ctx, player, {
      count,
      typed: values.typed === true,
      filter: {
        source: values.source,
        topic: values.topic,
        difficulty,
      },
    });
  } finally {
    await game.close();
  }
}

interface PlayOptions {
  readonly count: number;
  readonly typed: boolean;
  readonly filter: { source?: string; topic?: string; difficulty?: Difficulty };
}

async function playQuiz(ctx: AppContext, player: string, options: PlayOptions): Promise<number> {
  const input = createInterface({ input: process.stdin, terminal: false });
  const lines = input[Symbol.asyncIterator]();
  // Ctrl-C ends the quiz as `q` does (the answers so far are already saved), with the summary;
  // a second Ctrl-C leaves at once.
  const interrupt = new AbortController();
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(INTERRUPTED_STATUS);
    interrupt.abort();
  };
  process.on("SIGINT", onSigint);
  try {
    return await askAll(ctx, player, options, lines, interrupt.signal);
  } finally {
    process.off("SIGINT", onSigint);
    // An open terminal would keep the process waiting for input that nobody will read.
    input.close();
  }
}

async function askAll(
  ctx: AppContext,
  player: string,
  options: PlayOptions,
  lines: AsyncIterator<string>,
  interrupted: AbortSignal,
): Promise<number> {
  let state = await startSolo(ctx, {
    guildId: TERMINAL_GUILD,
    channelId: "terminal",
    userId: player,
    filter: options.filter,
    count: options.count,
    ...(options.typed ? { mode: "typed" as const } : {}),
  });
  const how = options.typed ? "Type the answer where asked, else pick 1-4 or a-d" : "Answer with 1-4 or a-d";
  console.log(
    `\nA quiz of ${state.questionIds.length} ${state.questionIds.length === 1 ? "question" : "questions"} for ${player}. ${how}; q quits.`,
  );
  let status = 0;
  while (state.phase !== "finished") {
    const view = await roundView(ctx, state);
    console.log(`\nQuestion ${view.round + 1} of ${view.totalRounds} (${view.question.difficulty})`);
    if (view.typed) for (const line of typedPromptLines(view.question)) console.log(line);
    else {
      console.log(view.question.question);
      for (const [i, option] of view.options.entries()) console.log(`  ${i + 1}) ${option}`);
    }
    const choice = view.typed
      ? await readTyped(lines, interrupted)
      : await readChoice(lines, view.options.length, interrupted);
    if (choice === "quit" || choice === "interrupted") {
      if (choice === "interrupted") status = INTERRUPTED_STATUS;
      console.log(
        choice === "interrupted"
          ? "\n\nInterrupted (Ctrl-C): quiz left unfinished; your answers so far are saved."
          : "\nQuiz left unfinished; your answers so far are saved.",
      );
      break;
    }
    const click = typeof choice === "number" ? { choice } : { choice: 0, typed: choice.typed };
    const result = await answer(ctx, { sessionId: state.id, round: view.round, userId: player, ...click });
    const outcome = result.session === "solo" ? result.outcome : undefined;
    if (outcome?.kind !== "revealed")
      throw new Error(`unexpected answer outcome: ${outcome?.kind ?? result.session}`);
    console.log(
      outcome.correct
        ? `\n✔ Right! +${outcome.points.total} points`
        : `\n✘ Not quite. The answer: ${outcome.reveal.answer}`,
    );
    if (outcome.typed) {
      const title = (id: string) => ctx.bank.corpus.get(id)?.meta.title ?? id;
      for (const line of typedVerdictLines(outcome.typed, outcome.view.question, title)) console.log(line);
    }
    printReveal(outcome.reveal);
    const change = await nextQuestion(ctx, { sessionId: state.id, userId: player, round: view.round });
    if (change.kind !== "changed") throw new Error(`the quiz ended unexpectedly (${change.kind})`);
    state = change.state;
  }
  const tally = standings(state)[0]?.tally ?? { points: 0, correct: 0, answered: 0 };
  console.log(`\nSummary: ${tally.correct} of ${tally.answered} right, ${tally.points} points this quiz.`);
  const stats = await playerStats(ctx, TERMINAL_GUILD, player);
  if (stats) {
    const rank = stats.rank ? `rank ${stats.rank.rank} among terminal players` : "not ranked yet";
    const accuracy = stats.accuracy === null ? "-" : `${Math.round(stats.accuracy * 100)}%`;
    console.log(
      `Your standing: ${stats.points} points in all, ${accuracy} right, best streak ${stats.bestStreak}, ${rank}.`,
    );
  }
  return status;
}

/** Resolves when `signal` aborts (at once if it already has). */
function whenAborted(signal: AbortSignal): Promise<"interrupted"> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve("interrupted");
    else signal.addEventListener("abort", () => resolve("interrupted"), { once: true });
  });
}

async function readChoice(
  lines: AsyncIterator<string>,
  optionCount: number,
  interrupted: AbortSignal,
): Promise<number | "quit" | "interrupted"> {
  for (;;) {
    process.stdout.write(`Your answer (1-${optionCount}): `);
    const next = await Promise.race([lines.next(), whenAborted(interrupted)]);
    if (next === "interrupted") return next;
    if (next.done) {
      process.stdout.write("\n");
      return "quit";
    }
    // Piped answers are not echoed by a terminal: print them so the transcript reads naturally.
    if (!process.stdin.isTTY) process.stdout.write(`${next.value}\n`);
    const text = next.value.trim().toLowerCase();
    if (text === "q" || text === "quit") return "quit";
    const byNumber = Number(text);
    if (Number.isInteger(byNumber) && byNumber >= 1 && byNumber <= optionCount) return byNumber - 1;
    const byLetter = LETTERS.indexOf(text);
    if (text.length === 1 && byLetter >= 0 && byLetter < optionCount) return byLetter;
    console.log(`"${next.value.trim()}" is not an option: type a number from 1 to ${optionCount}.`);
  }
}

/** Reads a typed answer (a line of text; empty lines are asked again). */
async function readTyped(
  lines: AsyncIterator<string>,
  interrupted: AbortSignal,
): Promise<{ typed: string } | "quit" | "interrupted"> {
  for (;;) {
    process.stdout.write("Your answer: ");
    const next = await Promise.race([lines.next(), whenAborted(interrupted)]);
    if (next === "interrupted") return next;
    if (next.done) {
      process.stdout.write("\n");
      return "quit";
    }
    if (!process.stdin.isTTY) process.stdout.write(`${next.value}\n`);
    const text = next.value.trim();
    if (text === "q" || text === "quit") return "quit";
    // The bot's form takes at most this much; the engine keeps no more.
    if (text.length > 0 && text.length <= TYPED_ANSWER_MAX) return { typed: text };
    console.log(`Type an answer of 1 to ${TYPED_ANSWER_MAX} characters, or q to quit.`);
  }
}

function printReveal(reveal: RevealView): void {
  const c = reveal.citation;
  console.log(reveal.explanation);
  console.log(`\n  Source: ${c.title}`);
  console.log(
    `  ${c.author}, ${c.date === "undated" ? `undated (${c.dateNote ?? "no date given"})` : c.date}`,
  );
  console.log(`  "${c.quote}"`);
  console.log(`  (${locationText(c)} of questions/sources/${c.sourceId}.txt${c.url ? `, ${c.url}` : ""})`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof BankLoadError) console.error(error.message);
    else console.error(error);
    process.exitCode = 1;
  },
);
