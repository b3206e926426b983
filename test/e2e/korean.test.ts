import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { ApplicationCommandOptionType } from "discord.js";
import { describe, expect, it } from "vitest";
import {
  answerButtons,
  buttonsOf,
  quizCommand,
  rightButton,
  runCommand,
  shippedBankOnce,
} from "../helpers/bot.ts";
import { expectNoViolations, QUIZ_MASTER, useHarness } from "../helpers/harness.ts";

/** A Korean client, as Discord reports it on every interaction. */
const KO = "ko";

const h = useHarness({
  fake: {
    guilds: [
      { channels: [{ name: "quiz" }, { name: "quiz-round" }] },
      // A server whose Discord language is Korean (guild_locale "ko").
      { name: "한국 서버", locale: "ko", channels: [{ name: "퀴즈" }, { name: "퀴즈-설정" }] },
    ],
  },
});

function channel(i: number, guild = 0): string {
  const id = h.fake.guilds[guild]?.channels[i]?.id;
  if (!id) throw new Error(`no channel ${i}`);
  return id;
}

describe("Korean (ko) end to end", () => {
  it("/help answers a Korean client in Korean, scoring rules included", async () => {
    const { reply: message } = await runCommand(h, {
      user: h.fake.user(),
      name: "help",
      locale: KO,
    });
    const embed = message.embeds[0];
    expect(embed?.title).toBe("플레이 방법");
    expect(embed?.description).toContain("북한 난민(탈북 난민)");
    expect(embed?.fields?.map((f) => f.name)).toEqual([
      "명령어",
      "점수 계산",
      "필터",
      "제한",
      "누구나",
      "퀴즈 마스터 ('서버 관리하기' 권한 또는 퀴즈 마스터 역할)",
      "서버 관리자 ('서버 관리하기' 권한)",
    ]);
    // How a server makes someone a quiz master, in Korean around the command as typed.
    expect(embed?.fields?.[6]?.value).toContain("`/settings quiz-master-role role:<role>`: 그 역할을 가진");
    expect(embed?.fields?.[1]?.value).toContain("10점(쉬움)");
    // The commands keep the names people type.
    expect(embed?.fields?.[0]?.value).toContain("`/quiz solo`");
    expectNoViolations(h);
  });

  it("/quiz solo: Korean titles, field names and buttons around the original English question and passage", async () => {
    const bank = await shippedBankOnce();
    const player = h.fake.user({ username: "minji" });
    const start = quizCommand(h, player, "solo", { questions: 1, source: "state-dept-2005" }, { locale: KO });
    const asked = await start.waitForMessage((m) => answerButtons(m).length > 0);
    expect(asked.embeds[0]?.title).toBe("문제 1/1");
    const { button, question, shown } = rightButton(asked, bank);
    // The question in Korean where the bank has its Korean (questions/ko/), else as the bank has it.
    expect(asked.embeds[0]?.description?.startsWith(shown.question)).toBe(true);
    const title = (id: string) => bank.translations.sources.get(id)?.title ?? bank.corpus.get(id)?.meta.title;
    const translated = bank.translations.questions.has(question.id);

    // A Korean button click: the reveal is in Korean, the quote exactly as the source has it.
    const click = h.fake.clickButton({
      message: asked,
      customId: button.custom_id,
      user: player,
      locale: KO,
    });
    await click.response();
    const revealed = await h.fake.waitForEdit(asked.id, (m) => m.embeds.length === 2);
    const reveal = revealed.embeds[1];
    expect(reveal?.title).toBe(`✅ 정답이에요! ${shown.answer}`);
    expect(reveal?.fields?.map((f) => f.name).filter((name) => name !== "번역")).toEqual([
      "출처",
      "원문",
      "더 읽을 곳",
      ...question.also.map((other) => `다른 출처: ${title(other.source)}`),
    ]);
    expect(reveal?.fields?.some((f) => f.name === "번역")).toBe(translated);
    expect(reveal?.fields?.[0]?.value).toContain(title(question.citation.source));
    expect(reveal?.fields?.[1]?.value).toBe(
      question.citation.quote
        .split(/\r?\n/)
        .map((line) => `> ${line}`)
        .join("\n"),
    );
    const where = reveal?.fields?.find((f) => f.name === "더 읽을 곳")?.value;
    expect(where).toMatch(new RegExp(`${question.citation.line}(-\\d+)?행`));
    expect(where).toContain("`questions/sources/state-dept-2005.txt`");
    expect(reveal?.description).toBe(shown.explanation);
    expect(reveal?.footer?.text).toMatch(/^\+\d+점 = (쉬움|보통|어려움) \d+점/);
    const labels = buttonsOf(revealed).map((b) => b.label);
    expect(labels).toContain("결과 보기");
    expect(labels).toContain("오류 신고하기");

    const next = buttonsOf(revealed).find((b) => b.custom_id.startsWith("v1:next:"));
    if (!next) throw new Error("no next button");
    await h.fake
      .clickButton({ message: revealed, customId: next.custom_id, user: player, locale: KO })
      .response();
    const summary = await h.fake.waitForEdit(asked.id, (m) => m.embeds[0]?.title === "퀴즈 완료");
    expect(summary.embeds[0]?.description).toContain("**1문제 중 1문제**를 맞혀서");
    expect(summary.embeds[0]?.description).toContain("1위");

    // A click on a quiz that has expired from the store: refused privately, in Korean.
    const { reply: stale } = await runCommand(
      h,
      { user: player, name: "quiz", subcommand: "solo", locale: KO },
      (m) => answerButtons(m).length > 0,
    );
    const staleButton = answerButtons(stale)[0];
    if (!staleButton) throw new Error("no buttons");
    await h.keyv.delete(`session:${staleButton.custom_id.split(":")[2]}`);
    await h.restart();
    const late = h.fake.clickButton({
      message: stale,
      customId: staleButton.custom_id,
      user: player,
      locale: KO,
    });
    const refusal = await late.waitForMessage((m) => (m.content ?? "").length > 0);
    expect(refusal.content).toBe(
      "이 퀴즈는 끝났어요. `/quiz solo`나 `/quiz channel`로 새 퀴즈를 시작해 보세요.",
    );
    expect(late.isEphemeral(refusal)).toBe(true);
    expectNoViolations(h);
  });

  it("words a user error in Korean, keeping what was typed", async () => {
    const { handle: quiz, reply } = await runCommand(h, {
      user: h.fake.user(),
      name: "quiz",
      subcommand: "solo",
      locale: KO,
      options: [{ name: "topic", type: ApplicationCommandOptionType.String, value: "aliens" }],
    });
    expect(reply.content).toBe('없는 주제예요: "aliens". 입력하면서 뜨는 목록에서 골라 주세요.');
    expect(quiz.isEphemeral(reply)).toBe(true);

    const { reply: refused } = await runCommand(h, {
      user: h.fake.user(),
      name: "question",
      subcommand: "review",
      locale: KO,
      memberPermissions: 0n,
    });
    expect(refused.content).toContain("퀴즈 마스터만 할 수 있어요");
    expect(refused.content).toContain("`/settings quiz-master-role`");
    expectNoViolations(h);
  });

  /**
   * Runs a one-question channel round to its final scoreboard: started by `hostLocale`, answered
   * rightly by an English and a Korean player. Returns what the channel and each member saw.
   */
  async function playChannelRound(channelId: string, hostLocale: typeof KO | "en-US") {
    const bank = await shippedBankOnce();
    const host = h.fake.user({ username: `host-${hostLocale}` });
    const start = quizCommand(
      h,
      host,
      "channel",
      { questions: 1, seconds: 60 },
      { channelId: channelId, locale: hostLocale },
    );
    const started = await start.waitForMessage((m) => (m.content ?? "").includes("`/quiz stop`"));
    expect(start.isEphemeral(started)).toBe(true);
    const question = await h.fake.waitForMessage(channelId, (m) => answerButtons(m).length > 0);
    const sessionId = answerButtons(question)[0]?.custom_id.split(":")[2] ?? "";
    const { button } = rightButton(question, bank);
    const english = h.fake.clickButton({
      message: question,
      customId: button.custom_id,
      user: h.fake.user(),
    });
    const englishReply = await english.waitForMessage((m) => (m.content ?? "").length > 0);
    const korean = h.fake.clickButton({
      message: question,
      customId: button.custom_id,
      user: h.fake.user(),
      locale: KO,
    });
    const koreanReply = await korean.waitForMessage((m) => (m.content ?? "").length > 0);
    await h.running.bot.rounds.runNextStepNow(sessionId);
    const revealed = await h.fake.waitForEdit(question.id, (m) => (m.embeds[1]?.fields?.length ?? 0) >= 5);
    await h.running.bot.rounds.runNextStepNow(sessionId);
    const final = await h.fake.waitForMessage(
      channelId,
      (m) => m.embeds[0]?.title === "최종 점수표" || m.embeds[0]?.title === "Final scoreboard",
    );
    const session = await h.game.sessions.get(sessionId);
    return { started, question, englishReply, koreanReply, revealed, final, session };
  }

  it("posts a round a Korean member starts in an English server in English; each player is answered in their own", async () => {
    const round = await playChannelRound(channel(1), KO);
    // Private: the Korean host and the Korean player in Korean, the English player in English.
    expect(round.started.content).toContain("라운드가 시작되었어요");
    expect(round.englishReply.content).toContain("is in");
    expect(round.koreanReply.content).toContain("답을 받았어요");
    // Public: the server's language, English.
    expect(round.session?.locale).toBe("en");
    expect(round.question.embeds[0]?.title).toBe("Question 1 of 1");
    expect(round.question.embeds[0]?.description).toContain("Answer within **60 s**");
    expect(round.revealed.embeds[1]?.fields?.map((f) => f.name).slice(0, 5)).toEqual([
      "Source",
      "The passage",
      "Where to read on",
      "Picks per option",
      "2 of 2 players got it right",
    ]);
    expect(round.final.embeds[0]?.title).toBe("Final scoreboard");
    expect(round.final.embeds[0]?.description).toContain("All 1 question done.");
    expect(round.final.embeds[0]?.fields?.[0]?.name).toBe("Players");
    expectNoViolations(h);
  });

  it("posts a round an English member starts in a Korean server in Korean; each player is answered in their own", async () => {
    const round = await playChannelRound(channel(0, 1), "en-US");
    expect(round.started.content).toContain("Your round of 1 question has started.");
    expect(round.englishReply.content).toContain("is in");
    expect(round.koreanReply.content).toContain("답을 받았어요");
    expect(round.session?.locale).toBe("ko");
    expect(round.question.embeds[0]?.title).toBe("문제 1/1");
    expect(round.question.embeds[0]?.description).toContain("**60초** 안에 답해 주세요");
    expect(
      round.revealed.embeds[1]?.fields
        ?.map((f) => f.name)
        .filter((name) => name !== "번역")
        .slice(0, 5),
    ).toEqual(["출처", "원문", "더 읽을 곳", "보기별 선택", "2명 중 2명 정답"]);
    expect(round.revealed.content).toBe("다음은 최종 점수표예요.");
    expect(round.final.embeds[0]?.title).toBe("최종 점수표");
    expect(round.final.embeds[0]?.description).toContain("1문제를 모두 풀었어요.");
    expect(round.final.embeds[0]?.fields?.[0]?.name).toBe("참가자");
    expectNoViolations(h);
  });

  it("lets a quiz master set the language of channel rounds with /settings language, over Discord's", async () => {
    const admin = h.fake.user({ username: "admin-ko" });
    const set = h.fake.slashCommand({
      channelId: channel(1, 1),
      user: admin,
      memberPermissions: QUIZ_MASTER,
      name: "settings",
      subcommand: "language",
      locale: KO,
      options: [{ name: "language", type: ApplicationCommandOptionType.String, value: "en" }],
    });
    const reply = await set.waitForMessage((m) => (m.content ?? "").length > 0);
    expect(reply.content).toContain("채널 라운드 언어를 바꿨어요: 영어.");
    expect(set.isEphemeral(reply)).toBe(true);
    const round = await playChannelRound(channel(1, 1), KO);
    expect(round.session?.locale).toBe("en");
    expect(round.question.embeds[0]?.title).toBe("Question 1 of 1");
    expect(round.started.content).toContain("라운드가 시작되었어요");
    expectNoViolations(h);
  });

  it("proposing a question in Korean: the form, its problems, and the outcome told in the author's language", async () => {
    const author = h.fake.user({ username: "seoyeon" });
    h.fake.blockDMs(author.id);
    const open = () =>
      h.fake.slashCommand({
        channelId: h.channelId,
        user: author,
        name: "question",
        subcommand: "add",
        locale: KO,
        options: [{ name: "source", type: ApplicationCommandOptionType.String, value: "uscri-2004" }],
      });
    const add = open();
    const modal = await add.waitForModal();
    expect(modal.title).toBe("문제 제안하기 (uscri-2004)");
    expect(JSON.stringify(modal.components)).toContain("근거 인용문 (원문 그대로 복사)");

    // Every problem is named by the form's Korean labels; the checker's own words stay as it writes them.
    const bad = h.fake.submitModal({
      modal: add,
      fields: {
        question: "How many North Koreans were internally displaced?",
        answer: "Nearly 100,000",
        wrong: "Nearly 100,000\nAbout 1,500",
        quote: "Nearly 100,000 others are internally displaced.",
        explanation: "USCRI counted them.",
      },
    });
    const problems = await bad.waitForMessage((m) => m.embeds.length > 0);
    expect(problems.embeds[0]?.title).toBe("고칠 곳이 한 군데 있어요");
    expect(problems.embeds[0]?.description).toContain("**오답 보기 1번째 줄**");
    // The checker's own message is in the catalogue too: Korean, not English.
    expect(problems.embeds[0]?.description).toContain("오답 보기에 정답(");
    expect(problems.embeds[0]?.description).not.toContain("also a wrong option");
    expect(buttonsOf(problems).map((b) => b.label)).toEqual(["고쳐서 다시 제출하기"]);

    const again = open();
    await again.waitForModal();
    const good = h.fake.submitModal({
      modal: again,
      fields: {
        question: "According to USCRI's 2004 survey, how many North Koreans were internally displaced?",
        answer: "Nearly 100,000",
        wrong: "About 7,800\nAbout 1,500",
        quote: "Nearly 100,000 others are internally displaced.",
        explanation: "USCRI counted nearly 100,000 internally displaced North Koreans.",
      },
    });
    const thanks = await good.waitForMessage((m) => m.embeds.length > 0);
    expect(thanks.embeds[0]?.title).toBe("감사해요! 제안한 문제가 검토를 기다리고 있어요");
    const [proposal] = await h.game.community.questions(h.guildId);
    expect(proposal?.locale).toBe("ko");

    // An English-speaking manager approves it: their screen is in English, the author's notice in Korean.
    const manager = h.fake.user({ username: "teacher" });
    const { reply: screen } = await runCommand(h, {
      user: manager,
      memberPermissions: QUIZ_MASTER,
      name: "question",
      subcommand: "review",
    });
    expect(screen.embeds[0]?.title).toBe("Pending review (1 of 1)");
    const approve = buttonsOf(screen).find((b) => b.label === "Approve");
    if (!approve) throw new Error("no approve button");
    await h.fake
      .clickButton({
        message: screen,
        customId: approve.custom_id,
        user: manager,
        memberPermissions: QUIZ_MASTER,
      })
      .response();
    await h.fake.waitForEdit(screen.id, (m) => !buttonsOf(m).some((b) => b.custom_id === approve.custom_id));
    const next = h.fake.slashCommand({ channelId: h.channelId, user: author, name: "help", locale: KO });
    const notice = await next.waitForMessage((m) => (m.content ?? "").includes("📬"));
    expect(notice.content).toContain("좋은 소식이에요! 제안한 문제가 승인되어");
    expect(notice.content).toContain("how many North Koreans were internally displaced?");
    expectNoViolations(h);
  });

  it("registers every command with Korean descriptions and choice names (npm run deploy)", async () => {
    await promisify(execFile)(path.resolve("node_modules/.bin/tsx"), ["src/cli/deploy.ts"], {
      env: {
        ...process.env,
        DISCORD_TOKEN: h.fake.token,
        DISCORD_CLIENT_ID: h.fake.applicationId,
        DISCORD_GUILD_ID: h.guildId,
        DISCORD_API_URL: h.fake.apiUrl,
      },
    });
    const registered = h.fake.commands(h.guildId);
    expect(registered.length).toBeGreaterThan(0);
    for (const command of registered) {
      expect(command.description_localizations?.ko, command.name).toMatch(/\p{Script=Hangul}/u);
    }
    const quiz = registered.find((c) => c.name === "quiz");
    expect(quiz?.description_localizations?.ko).toBe("북한 난민에 관한 퀴즈 풀기 (모든 정답에 출처 제시)");
    const solo = quiz?.options?.find((o) => o.name === "solo");
    const difficulty =
      solo && "options" in solo ? solo.options?.find((o) => o.name === "difficulty") : undefined;
    expect(difficulty?.description_localizations?.ko).toBe("이 난이도의 문제만");
    const choices = difficulty && "choices" in difficulty ? difficulty.choices : undefined;
    expect(choices?.map((c) => [c.value, c.name, c.name_localizations?.ko])).toEqual([
      ["easy", "easy", "쉬움"],
      ["medium", "medium", "보통"],
      ["hard", "hard", "어려움"],
    ]);
    expectNoViolations(h);
  });
});
