/**
 * The Korean bank end to end (issue 29): a Korean member playing alone and a Korean server's
 * channel round get the question, its options and explanation in Korean, with no English left,
 * and every reveal shows the passage exactly as the source has it, with its Korean rendering
 * beneath it labelled 번역 (and each "other source" likewise).
 */
import type { APIEmbed, APIMessage } from "discord.js";
import { ApplicationCommandOptionType } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Bank } from "../../src/bank/bank.ts";
import type { Question } from "../../src/bank/question.ts";
import { blockQuote } from "../../src/discord/render/text.ts";
import { t } from "../../src/i18n/index.ts";
import {
  answerButtons,
  type BotHarness,
  buttonsOf,
  rightButton,
  runCommand,
  shippedBankOnce,
  startHarness,
} from "../helpers/bot.ts";
import { recordAnswerFor } from "../helpers/game.ts";
import { englishIn, koreanOf } from "../helpers/korean.ts";

const KO = "ko";
const SOURCE = "institute-2009";
const DAY = 24 * 3600 * 1000;

let h: BotHarness;
let bank: Bank;

beforeAll(async () => {
  h = await startHarness({
    fake: { guilds: [{ name: "한국 서버", locale: "ko", channels: [{ name: "퀴즈" }, { name: "라운드" }] }] },
  });
  bank = await shippedBankOnce();
});

afterAll(async () => {
  await h?.close();
});

function expectNoViolations() {
  expect(h.fake.violations, h.fake.describeViolations()).toEqual([]);
}

function roundChannel(): string {
  const id = h.fake.guilds[0]?.channels[1]?.id;
  if (!id) throw new Error("no round channel");
  return id;
}

/** The question embed in Korean: the Korean stem, Korean options, Korean topic names; no English. */
function expectKoreanQuestion(message: APIMessage, question: Question) {
  const ko = koreanOf(bank, question);
  const embed = message.embeds[0];
  expect(embed?.description?.split("\n")[0]).toBe(ko.question.split("\n")[0]);
  expect(englishIn(embed?.description ?? ""), question.id).toEqual([]);
  const labels = answerButtons(message).map((b) => b.label.slice(3));
  const options = question.type === "true-false" ? ["참", "거짓"] : [ko.answer, ...(ko.wrong ?? [])];
  expect([...labels].sort()).toEqual([...options].sort());
  for (const label of labels) expect(englishIn(label), `${question.id}: ${label}`).toEqual([]);
  // "쉬움 · 수치, 중국", never "easy · figures" nor "쉬움 · treatment".
  const footer = embed?.footer?.text ?? "";
  for (const topic of question.topics) expect(footer).toContain(bank.translations.topics.get(topic));
  expect(footer).not.toMatch(/[A-Za-z]/);
}

/**
 * The reveal in Korean: the Korean answer and explanation, the source's Korean title, the passage
 * verbatim under 원문 with its Korean rendering under 번역, and each other source's passage
 * verbatim with a line "번역: ..." beneath it.
 */
function expectKoreanReveal(reveal: APIEmbed | undefined, question: Question) {
  const ko = koreanOf(bank, question);
  const answer = question.type === "true-false" ? (question.answer === "True" ? "참" : "거짓") : ko.answer;
  expect(reveal?.title).toContain(answer);
  expect(englishIn(reveal?.title ?? ""), question.id).toEqual([]);
  expect(reveal?.description).toBe(ko.explanation);
  expect(englishIn(ko.explanation), question.id).toEqual([]);
  const fields = reveal?.fields ?? [];
  expect(fields.slice(0, 4).map((f) => f.name)).toEqual(["출처", "원문", "번역", "더 읽을 곳"]);
  expect(fields[0]?.value).toContain(bank.translations.sources.get(question.citation.source)?.title);
  // The evidence exactly as the source has it, and the translation apart from it, not as a quote.
  expect(fields[1]?.value).toBe(blockQuote(question.citation.quote));
  expect(fields[2]?.value).toBe(ko.quote);
  const others = fields.filter((f) => f.name.startsWith("다른 출처: "));
  expect(others).toHaveLength(question.also.length);
  question.also.forEach((other, i) => {
    const value = others[i]?.value ?? "";
    expect(value.startsWith(`${ko.also[i]?.note ? `*${ko.also[i]?.note}*\n` : ""}> `), question.id).toBe(
      true,
    );
    expect(value).toContain(`> ${other.quote.slice(0, 30)}`);
    expect(value).toContain(`\n번역: ${ko.also[i]?.quote.slice(0, 10)}`);
    expect(others[i]?.name).toBe(`다른 출처: ${bank.translations.sources.get(other.source)?.title}`);
  });
  // Inside Discord's limits with both the passage and its translation.
  const size =
    (reveal?.title?.length ?? 0) +
    (reveal?.description?.length ?? 0) +
    fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0) +
    (reveal?.footer?.text.length ?? 0);
  expect(size).toBeLessThanOrEqual(6000);
  for (const f of fields) expect(f.value.length).toBeLessThanOrEqual(1024);
}

/** Plays a private quiz (solo or review) already asked in `first` to its summary, checking every round. */
async function playPrivately(
  first: APIMessage,
  player: ReturnType<BotHarness["fake"]["user"]>,
  rounds: number,
) {
  let asked = first;
  const seen: string[] = [];
  for (let round = 1; round <= rounds; round++) {
    expect(asked.embeds[0]?.title).toBe(`문제 ${round}/${rounds}`);
    const { button, question } = rightButton(asked, bank);
    expectKoreanQuestion(asked, question);
    seen.push(question.id);
    if (round === 1) {
      // Another member forges this private quiz's answer onto a public message they can see: refused,
      // in their own language, and the quiz goes on untouched.
      const intruder = h.fake.user({ username: `intruder-${player.id}` });
      const { reply: board } = await runCommand(h, { user: intruder, name: "leaderboard", locale: KO });
      const refused = h.fake.clickButton({
        message: board,
        customId: button.custom_id,
        user: intruder,
        locale: KO,
        forged: true,
      });
      const reply = await refused.waitForMessage((m) => (m.content ?? "").length > 0);
      expect(reply.content).toBe(t("ko", "answer.notYourQuiz", { ownerId: player.id }));
    }
    await h.fake
      .clickButton({ message: asked, customId: button.custom_id, user: player, locale: KO })
      .response();
    const revealed = await h.fake.waitForEdit(asked.id, (m) => m.embeds.length === 2);
    expectKoreanQuestion(revealed, question);
    expectKoreanReveal(revealed.embeds[1], question);
    const next = buttonsOf(revealed).find((b) => b.custom_id.startsWith("v1:next:"));
    if (!next) throw new Error("no next button");
    await h.fake
      .clickButton({ message: revealed, customId: next.custom_id, user: player, locale: KO })
      .response();
    asked =
      round < rounds
        ? await h.fake.waitForEdit(asked.id, (m) => m.embeds[0]?.title === `문제 ${round + 1}/${rounds}`)
        : await h.fake.waitForEdit(asked.id, (m) => m.embeds[0]?.title === "퀴즈 완료");
  }
  return seen;
}

describe("the Korean bank, end to end", () => {
  it("a Korean member's solo quiz of every Institute question: Korean text, the passage verbatim and translated", async () => {
    const player = h.fake.user({ username: "jiwoo" });
    const institute = bank.filter({ source: SOURCE });
    expect(institute).toHaveLength(16);
    const start = h.fake.slashCommand({
      channelId: h.channelId,
      user: player,
      name: "quiz",
      subcommand: "solo",
      locale: KO,
      options: [
        { name: "questions", type: ApplicationCommandOptionType.Integer, value: 16 },
        { name: "source", type: ApplicationCommandOptionType.String, value: SOURCE },
      ],
    });
    const asked = await start.waitForMessage((m) => answerButtons(m).length > 0);
    const rounds = asked.embeds[0]?.title?.match(/^문제 1\/(\d+)$/)?.[1];
    // A quiz never holds two questions of one group: fewer than 16 may be drawn; all are Institute's.
    expect(Number(rounds)).toBeGreaterThanOrEqual(8);
    const seen = await playPrivately(asked, player, Number(rounds));
    for (const id of seen) expect(id.startsWith(`${SOURCE}-`)).toBe(true);
    // Both kinds of question were played: the true/false ones as 참/거짓.
    const kinds = new Set(seen.map((id) => bank.get(id)?.type));
    expect(kinds).toEqual(new Set(["multiple-choice", "true-false"]));
    expectNoViolations();
  });

  it("a Korean member's review: the due Institute questions in Korean, with the translated passage", async () => {
    const player = h.fake.user({ username: "seojun" });
    // Answered wrong a day ago, so due now: one with four other sources, one true/false, one plain.
    const due = [
      "institute-2009-outside-the-north",
      "institute-2009-well-founded-fear",
      "institute-2009-p1-p3",
    ];
    for (const id of due) {
      const question = bank.get(id);
      if (!question) throw new Error(`no question ${id}`);
      await recordAnswerFor(
        h.game.scores,
        h.guildId,
        player.id,
        { questionId: id, sourceId: SOURCE, difficulty: question.difficulty, correct: false },
        Date.now() - DAY,
      );
    }
    const review = h.fake.slashCommand({ channelId: h.channelId, user: player, name: "review", locale: KO });
    const asked = await review.waitForMessage((m) => answerButtons(m).length > 0);
    const seen = await playPrivately(asked, player, due.length);
    expect([...seen].sort()).toEqual([...due].sort());
    expectNoViolations();
  });

  it("a channel round in a Korean server: the question, options and reveal in Korean for everyone", async () => {
    const host = h.fake.user({ username: "host-en" });
    // Started by an English-speaking member: the round is public, so it is in the server's language.
    const start = h.fake.slashCommand({
      channelId: roundChannel(),
      user: host,
      name: "quiz",
      subcommand: "channel",
      locale: "en-US",
      options: [
        { name: "questions", type: ApplicationCommandOptionType.Integer, value: 3 },
        { name: "seconds", type: ApplicationCommandOptionType.Integer, value: 60 },
        { name: "source", type: ApplicationCommandOptionType.String, value: SOURCE },
      ],
    });
    await start.waitForMessage((m) => (m.content ?? "").includes("`/quiz stop`"));
    const seenMessages = new Set<string>();
    for (let round = 1; round <= 3; round++) {
      const asked = await h.fake.waitForMessage(
        roundChannel(),
        (m) => answerButtons(m).length > 0 && !seenMessages.has(m.id),
      );
      seenMessages.add(asked.id);
      expect(asked.embeds[0]?.title).toBe(`문제 ${round}/3`);
      const sessionId = answerButtons(asked)[0]?.custom_id.split(":")[2] ?? "";
      const { button, question, shown } = rightButton(asked, bank);
      expect(question.citation.source).toBe(SOURCE);
      expect(asked.embeds[0]?.description?.startsWith(shown.question)).toBe(true);
      expect(englishIn(shown.question)).toEqual([]);
      // A Korean player is told what they picked as the button said it; a forged choice is refused.
      const player = h.fake.user({ username: `player-${round}` });
      const taken = h.fake.clickButton({
        message: asked,
        customId: button.custom_id,
        user: player,
        locale: KO,
      });
      expect((await taken.waitForMessage((m) => (m.content ?? "").length > 0)).content).toBe(
        t("ko", "answer.taken", { chosen: shown.answer }),
      );
      const forged = h.fake.clickButton({
        message: asked,
        customId: button.custom_id.replace(/:\d+$/, ":7"),
        user: h.fake.user({ username: `forger-${round}` }),
        locale: KO,
        forged: true,
      });
      expect((await forged.waitForMessage((m) => (m.content ?? "").length > 0)).content).toBe(
        t("ko", "answer.notTaken"),
      );
      await h.running.bot.rounds.runNextStepNow(sessionId);
      const revealed = await h.fake.waitForEdit(asked.id, (m) => m.embeds.length === 2);
      const reveal = revealed.embeds[1];
      expectKoreanReveal(
        // The round's own fields (picks, who got it right) sit between "더 읽을 곳" and the other sources.
        {
          ...reveal,
          fields: reveal?.fields?.filter((f) => !["보기별 선택"].includes(f.name) && !/정답$/.test(f.name)),
        },
        question,
      );
      // The picks name the options as the buttons did, in Korean.
      const picks = reveal?.fields?.find((f) => f.name === "보기별 선택")?.value ?? "";
      expect(picks).toContain(`${shown.answer} ✓`);
      await h.running.bot.rounds.runNextStepNow(sessionId);
    }
    const final = await h.fake.waitForMessage(roundChannel(), (m) => m.embeds[0]?.title === "최종 점수표");
    expect(final.embeds[0]?.description).toContain("3문제를 모두 풀었어요.");
    expectNoViolations();
  });
});
