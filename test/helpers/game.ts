import type Keyv from "keyv";
import pino from "pino";
import { type AppContext, createAppContext } from "../../src/app/context.ts";
import { Bank } from "../../src/bank/bank.ts";
import { Corpus, Source } from "../../src/bank/corpus.ts";
import type { Question } from "../../src/bank/question.ts";
import type { Difficulty } from "../../src/bank/schema.ts";
import { emptyRecord, historyAfter, type PlayerRecord, recordAfter } from "../../src/engine/player.ts";
import { scoreAnswer } from "../../src/engine/scoring.ts";
import { openKeyv } from "../../src/store/open.ts";
import type { ScoreStore } from "../../src/store/scores.ts";

/** A corpus of two tiny sources, and questions that cite them (citations not re-verified here). */
export function makeTestBank(count = 12): Bank {
  const source = (id: string) =>
    new Source(
      {
        id,
        file: `${id}.txt`,
        sha256: "0".repeat(64),
        title: `Title of ${id}`,
        author: `Author of ${id}`,
        date: "2004",
        sections: [],
        chrome: [],
      },
      "Some text.\n",
    );
  const corpus = new Corpus([source("alpha"), source("beta")]);
  const difficulties: Difficulty[] = ["easy", "medium", "hard"];
  const questions: Question[] = Array.from({ length: count }, (_, i) => ({
    id: `q${i}`,
    type: "multiple-choice",
    difficulty: difficulties[i % 3] as Difficulty,
    topics: [i % 2 === 0 ? "even" : "odd"],
    question: `Question ${i}?`,
    answer: `right ${i}`,
    wrong: [`wrong ${i}a`, `wrong ${i}b`, `wrong ${i}c`],
    explanation: `Because ${i}.`,
    citation: { source: i < count / 2 ? "alpha" : "beta", quote: "Some text.", line: 1, endLine: 1 },
    also: [],
    excludes: [],
    origin: { kind: "bank", file: "test.yaml" },
  }));
  return new Bank(corpus, questions);
}

/** A clock the test moves by hand. */
export class FakeClock {
  constructor(public time = Date.parse("2026-11-24T12:00:00Z")) {}
  readonly now = () => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

/** A silent logger for tests. */
export const silentLogger = pino({ level: "silent" });

/** An application context on an in-memory keyv (or the given one), with a fake clock and counting ids. */
export function makeGame(
  options: { bank?: Bank; keyv?: Keyv; clock?: FakeClock } = {},
): AppContext & { clock: FakeClock; keyv: Keyv } {
  const clock = options.clock ?? new FakeClock();
  const keyv = options.keyv ?? openKeyv("memory://");
  let next = 0;
  const ctx = createAppContext({
    bank: options.bank ?? makeTestBank(),
    keyv,
    logger: silentLogger,
    now: clock.now,
    newId: () => `s${++next}`,
  });
  return { ...ctx, clock, keyv };
}

/**
 * Records one answer for a player straight through the store, scored by the engine's rules as an
 * answer in a quiz would be (for tests that need a history or points without playing a quiz).
 */
export async function recordAnswerFor(
  scores: ScoreStore,
  guildId: string,
  userId: string,
  answer: { questionId: string; sourceId: string; difficulty: Difficulty; correct: boolean },
  now: number,
): Promise<PlayerRecord> {
  const release = await scores.lockPlayers(guildId, [userId]);
  try {
    const loaded = await scores.loadPlayers(guildId, [userId], answer.questionId);
    const before = loaded.records.get(userId) ?? emptyRecord(guildId, userId, now);
    const points = scoreAnswer({
      correct: answer.correct,
      difficulty: answer.difficulty,
      streakBefore: before.streak,
    });
    const record = recordAfter(before, { ...answer, points: points.total }, now);
    const history = historyAfter(loaded.histories.get(userId), answer.correct, now);
    await scores.commit(guildId, {
      questionId: answer.questionId,
      records: new Map([[userId, record]]),
      histories: new Map([[userId, history]]),
    });
    return record;
  } finally {
    release();
  }
}
