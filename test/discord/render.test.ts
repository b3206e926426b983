import { describe, expect, it } from "vitest";
import { loadBank } from "../../src/bank/load.ts";
import { localizeOption, localizeQuestion } from "../../src/bank/localize.ts";
import { leaderboardMessage, statsMessage } from "../../src/discord/render/board.ts";
import { helpMessage, sourceDetailMessage, sourcesMessage } from "../../src/discord/render/info.ts";
import {
  askMessage,
  channelRevealMessage,
  finalScoreboardMessage,
  type MessageBody,
  soloRevealMessage,
} from "../../src/discord/render/quiz.ts";
import { DEFAULT_START_LIMITS } from "../../src/engine/limits.ts";
import { revealOf } from "../../src/engine/reveal.ts";
import { createSession, displayedOptions, standings } from "../../src/engine/session.ts";
import { LOCALES } from "../../src/i18n/index.ts";

const bank = await loadBank();

/** Checks a message against Discord's limits (the fake Discord checks them again end to end). */
function expectWithinLimits(body: MessageBody) {
  expect(body.embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const embed of body.embeds) {
    expect((embed.title ?? "").length).toBeLessThanOrEqual(256);
    expect((embed.description ?? "").length).toBeLessThanOrEqual(4096);
    expect((embed.fields ?? []).length).toBeLessThanOrEqual(25);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeGreaterThan(0);
      expect(field.name.length).toBeLessThanOrEqual(256);
      expect(field.value.length).toBeGreaterThan(0);
      expect(field.value.length).toBeLessThanOrEqual(1024);
      total += field.name.length + field.value.length;
    }
    total +=
      (embed.title ?? "").length + (embed.description ?? "").length + (embed.footer?.text ?? "").length;
  }
  expect(total).toBeLessThanOrEqual(6000);
  expect(body.components.length).toBeLessThanOrEqual(5);
  const ids = new Set<string>();
  for (const row of body.components) {
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const button of row.components) {
      if ("label" in button && button.label !== undefined)
        expect(button.label.length).toBeLessThanOrEqual(80);
      if ("custom_id" in button) {
        expect(button.custom_id.length).toBeLessThanOrEqual(100);
        expect(ids.has(button.custom_id)).toBe(false);
        ids.add(button.custom_id);
      }
    }
  }
}

describe("renderers", () => {
  it.each(LOCALES)(
    "render every shipped question, its solo reveal and its channel reveal within Discord's limits (%s)",
    (locale) => {
      for (const question of bank.questions) {
        const state = createSession(
          {
            id: "s",
            kind: "channel",
            guildId: "g",
            channelId: "c",
            ownerId: "u",
            seed: "x",
            filter: {},
            questions: [question],
          },
          0,
        );
        // In the locale's words: the Korean text, passage translations and source titles included.
        const options = displayedOptions(state, question).map((o) =>
          localizeOption(bank, question, o, locale),
        );
        const shown = localizeQuestion(bank, question, locale);
        const view = { sessionId: "s", round: 0, totalRounds: 1, question: shown, options, endsAt: null };
        const reveal = revealOf(bank, question, locale);
        expectWithinLimits(askMessage(view, "Answer within 30 s.", locale));
        expectWithinLimits(
          soloRevealMessage(
            view,
            reveal,
            { correct: false, chosen: options[1] ?? "", points: 0, choice: 1 },
            locale,
          ),
        );
        const answers = Object.fromEntries(
          Array.from({ length: 500 }, (_, i) => [
            `${100000000000000000n + BigInt(i)}`,
            { choice: 0, correct: true, points: 40, at: 1 },
          ]),
        );
        expectWithinLimits(
          channelRevealMessage(view, reveal, { ...state, answers }, "Next question in 8 s.", locale),
        );
      }
    },
  );

  it("writes every option out in full above the buttons when one is too long to read on a button", () => {
    const long = bank.questions.find((q) => [q.answer, ...q.wrong].some((o) => [...o].length > 55));
    const short = bank.questions.find((q) => [q.answer, ...q.wrong].every((o) => [...o].length <= 40));
    if (!long || !short) throw new Error("the bank has no such questions");
    const viewOf = (question: typeof long) => {
      const state = createSession(
        {
          id: "s",
          kind: "solo",
          guildId: "g",
          channelId: "c",
          ownerId: "u",
          seed: "x",
          filter: {},
          questions: [question],
        },
        0,
      );
      const options = displayedOptions(state, question);
      return { sessionId: "s", round: 0, totalRounds: 1, question, options, endsAt: null };
    };
    const asked = askMessage(viewOf(long));
    const description = asked.embeds[0]?.description ?? "";
    for (const [i, option] of viewOf(long).options.entries()) {
      expect(description).toContain(`**${"ABCD"[i]}.** ${option}`);
    }
    expect(askMessage(viewOf(short)).embeds[0]?.description).toBe(short.question);
  });

  it("shows the full citation in a reveal: title, author, date, the passage and where it is", () => {
    const question = bank.get("uscri-2004-hiding-in-china") ?? bank.questions[0];
    if (!question) throw new Error("empty bank");
    const view = {
      sessionId: "s",
      round: 0,
      totalRounds: 1,
      question,
      options: [question.answer],
      endsAt: null,
    };
    const body = soloRevealMessage(
      view,
      revealOf(bank, question),
      { correct: true, chosen: question.answer, points: 10, choice: 0 },
      "en",
    );
    const text = JSON.stringify(body.embeds[1]);
    const source = bank.sourceOf(question).meta;
    expect(text).toContain(source.title.replaceAll('"', '\\"'));
    expect(text).toContain(source.author);
    expect(text).toContain(`line ${question.citation.line}`);
    expect(text).toContain(question.citation.quote.slice(0, 40));
  });

  it.each(LOCALES)("renders the boards, sources and help within limits (%s)", (locale) => {
    const rows = Array.from({ length: 10 }, (_, i) => ({
      rank: i + 1,
      userId: `${10n ** 18n + BigInt(i)}`,
      points: 100 - i,
    }));
    expectWithinLimits(
      leaderboardMessage(
        { period: "week", page: 0, pages: 3, total: 25, rows, own: { rank: 4, points: 97 } },
        "1",
        locale,
      ),
    );
    expectWithinLimits(
      leaderboardMessage(
        { period: "all-time", page: 0, pages: 1, total: 0, rows: [], own: undefined },
        "1",
        locale,
      ),
    );
    expectWithinLimits(sourcesMessage(bank, locale));
    for (const source of bank.corpus.sources) expectWithinLimits(sourceDetailMessage(bank, source, locale));
    expectWithinLimits(helpMessage(locale, DEFAULT_START_LIMITS));
    expectWithinLimits(statsMessage("1", undefined, undefined, locale));
    const state = createSession(
      {
        id: "s",
        kind: "channel",
        guildId: "g",
        channelId: "c",
        ownerId: "u",
        seed: "x",
        filter: {},
        questions: bank.questions.slice(0, 2),
      },
      0,
    );
    const tallies = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`u${i}`, { points: i, correct: 1, answered: 2 }]),
    );
    const withTallies = { ...state, tallies };
    expectWithinLimits(finalScoreboardMessage(withTallies, standings(withTallies), locale));
  });
});
