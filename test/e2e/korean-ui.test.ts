/**
 * The Korean interface as a Korean teacher and a Korean server see it, end to end through the fake
 * Discord: a due time typed in Korean and read back with a Korean weekday, set names that end in
 * a consonant or a vowel (no particle after them), the terms of the glossary, and `/settings
 * language auto` naming the language Discord's setting resolves to. The game's clock starts at a
 * fixed moment (Tuesday 2026-12-01 10:00 in Seoul), so "내일 오후 5시" is always the same day.
 */
import { PermissionFlagsBits as P, ApplicationCommandOptionType as T } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotHarness, runCommand, shippedBankOnce, startHarness } from "../helpers/bot.ts";

const KO = "ko";
const TEACHER = P.ViewChannel | P.SendMessages | P.ManageGuild;
const STUDENT = P.ViewChannel | P.SendMessages;
/** Tuesday 2026-12-01 10:00 in Seoul. */
const START = Date.parse("2026-12-01T01:00:00Z");

let h: BotHarness;

beforeAll(async () => {
  const wallStart = Date.now();
  h = await startHarness({
    // A clock that runs from a fixed moment, so that relative due times land on known days.
    now: () => START + (Date.now() - wallStart),
    fake: {
      guilds: [
        { name: "한국 학교", locale: "ko", channels: [{ name: "1반" }, { name: "설정" }] },
        { name: "English school", channels: [{ name: "class" }] },
      ],
    },
  });
});

afterAll(async () => {
  await h?.close();
});

function expectNoViolations() {
  expect(h.fake.violations, h.fake.describeViolations()).toEqual([]);
}

function channelOf(guild: number, channel = 0): string {
  const id = h.fake.guilds[guild]?.channels[channel]?.id;
  if (!id) throw new Error(`no channel ${channel} in guild ${guild}`);
  return id;
}

describe("the Korean interface, as a Korean teacher sees it", () => {
  it("/settings language auto names the language Discord's setting resolves to, in each reader's language", async () => {
    const admin = h.fake.user({ username: "gyojang" });
    const auto = { name: "language", type: T.String, value: "auto" } as const;
    const korean = await runCommand(h, {
      channelId: channelOf(0, 1),
      user: admin,
      memberPermissions: TEACHER,
      name: "settings",
      subcommand: "language",
      locale: KO,
      options: [auto],
    });
    expect(korean.reply.content).toBe(
      "이제 이 서버의 채널 라운드는 Discord 서버 언어(한국어)를 따라요. 나에게만 보이는 답장은 각 멤버의 Discord 언어를 따라요.",
    );
    const english = await runCommand(h, {
      channelId: channelOf(0, 1),
      user: admin,
      memberPermissions: TEACHER,
      name: "settings",
      subcommand: "language",
      locale: "en-US",
      options: [auto],
    });
    expect(english.reply.content).toContain("follow Discord's server language (Korean)");
    // A Korean admin of an English server: the server's language is English, said in Korean.
    const inEnglishServer = await runCommand(h, {
      channelId: channelOf(1),
      user: admin,
      memberPermissions: TEACHER,
      name: "settings",
      subcommand: "language",
      locale: KO,
      options: [auto],
    });
    expect(inEnglishServer.reply.content).toContain("Discord 서버 언어(영어)를 따라요");
    // A member without Manage Server may not, and is told the permission's name in Discord's Korean.
    const refused = await runCommand(h, {
      channelId: channelOf(0, 1),
      user: h.fake.user({ username: "haksaeng" }),
      memberPermissions: STUDENT,
      name: "settings",
      subcommand: "language",
      locale: KO,
      options: [auto],
    });
    expect(refused.reply.content).toBe("퀴즈 설정은 '서버 관리하기' 권한이 있는 멤버만 바꿀 수 있어요.");
    expectNoViolations();
  });

  it("builds and assigns a set with Korean names and a Korean due time, with no particle stuck to a name", async () => {
    const bank = await shippedBankOnce();
    const question = bank.questions.find((q) => q.type === "multiple-choice");
    if (!question) throw new Error("no multiple-choice question");
    const teacher = h.fake.user({ username: "seonsaengnim" });
    const as = { channelId: channelOf(0), user: teacher, memberPermissions: TEACHER, locale: KO } as const;
    const set = (value: string) => ({ name: "set", type: T.String, value }) as const;

    const zone = await runCommand(h, {
      ...as,
      name: "settings",
      subcommand: "time-zone",
      options: [{ name: "zone", type: T.String, value: "Asia/Seoul" }],
    });
    expect(zone.reply.content).toMatch(
      /^이 서버의 시간대를 설정했어요: Asia\/Seoul \(현지 시각 2026-12-01 10:\d\d[^)]*\)\. 이제 마감 시각은 이 시간대를 기준으로 해석해요\.$/,
    );

    // "1반 복습" ends in a consonant (습), where "라는" or "으로" would have been wrong.
    const made = await runCommand(h, {
      ...as,
      name: "set",
      subcommand: "create",
      options: [{ name: "name", type: T.String, value: "1반 복습" }],
    });
    expect(made.reply.content).toBe(
      '"1반 복습" 세트를 만들었어요. `/set add`나 `/set add-matching`으로 문제를 추가해 보세요.',
    );
    const again = await runCommand(h, {
      ...as,
      name: "set",
      subcommand: "create",
      options: [{ name: "name", type: T.String, value: "1반 복습" }],
    });
    expect(again.reply.content).toBe('"1반 복습" 세트가 이미 있어요.');
    const empty = await runCommand(h, { ...as, name: "set", subcommand: "show", options: [set("1반 복습")] });
    expect(empty.reply.embeds[0]?.title).toBe("세트: 1반 복습");
    expect(empty.reply.embeds[0]?.description).toBe(
      "아직 문제가 없어요. `/set add set:1반 복습` 명령어로 추가해 보세요.",
    );
    const added = await runCommand(h, {
      ...as,
      name: "set",
      subcommand: "add",
      options: [set("1반 복습"), { name: "question", type: T.String, value: question.id }],
    });
    expect(added.reply.content).toContain('"1반 복습" 세트에 문제 1개를 추가했어요.');
    const missing = await runCommand(h, {
      ...as,
      name: "set",
      subcommand: "show",
      options: [set("탈북 경로")],
    });
    expect(missing.reply.content).toBe(
      '이 서버에는 "탈북 경로" 세트가 없어요. `/set list`로 세트 목록을 볼 수 있어요.',
    );

    // A due time Korean can say two ways ("5시": morning or afternoon) is refused, not guessed.
    const unclear = await runCommand(h, {
      ...as,
      name: "assign",
      options: [set("1반 복습"), { name: "due", type: T.String, value: "금요일 5시" }],
    });
    expect(unclear.reply.content).toBe(
      '마감 시각으로 인식하지 못했어요: "금요일 5시" (Asia/Seoul 기준). `내일 오후 5시`, `금요일 17:00`, `3일 후`, `2026-12-08 17:00`처럼 입력해 주세요. 영어 형식(`friday 17:00`, `tomorrow 9am`, `in 3 days`)도 돼요.',
    );
    // A student may not assign.
    const student = await runCommand(h, {
      ...as,
      user: h.fake.user({ username: "jiwoo" }),
      memberPermissions: STUDENT,
      name: "assign",
      options: [set("1반 복습"), { name: "due", type: T.String, value: "내일 오후 5시" }],
    });
    expect(student.reply.content).toContain("퀴즈 마스터만 할 수 있어요.");

    const assigned = await runCommand(h, {
      ...as,
      name: "assign",
      options: [set("1반 복습"), { name: "due", type: T.String, value: "내일 오후 5시" }],
    });
    const id = /result:([A-Za-z0-9]+)/.exec(assigned.reply.content ?? "")?.[1];
    expect(assigned.reply.content).toBe(
      `"1반 복습" 과제를 냈어요. 마감: 2026-12-02(수) 17:00 (Asia/Seoul, UTC+09:00). 진행 상황과 결과: \`/results show result:${id}\`.`,
    );
    const assignment = await h.game.lessons.assignment(id ?? "");
    expect(assignment?.dueAt).toBe(Date.parse("2026-12-02T17:00:00+09:00"));
    // The class's post: the teacher "assigned" it (과제 낸 사람), not "wrote the questions" (출제).
    const post = await h.fake.waitForMessage(channelOf(0), (m) => m.embeds[0]?.title === "📚 과제: 1반 복습");
    expect(post.embeds[0]?.description?.split("\n")).toEqual([
      `마감 <t:${Date.parse("2026-12-02T08:00:00Z") / 1000}:F> (<t:${Date.parse("2026-12-02T08:00:00Z") / 1000}:R>)`,
      "문제 1개",
      "응시 1회",
      "마감 시각에 닫혀요",
      `과제 낸 사람: <@${teacher.id}>`,
      "**시작** 버튼을 눌러 주세요. 퀴즈는 나만 볼 수 있고, 내 속도대로 풀 수 있어요.",
    ]);

    // "2반 퀴즈" ends in a vowel, where "으로" would have been wrong: the rename needs no particle.
    const renamed = await runCommand(h, {
      ...as,
      name: "set",
      subcommand: "rename",
      options: [set("1반 복습"), { name: "name", type: T.String, value: "2반 퀴즈" }],
    });
    expect(renamed.reply.content).toBe('세트 이름을 바꿨어요: "1반 복습" → "2반 퀴즈"');

    // The grade book is 성적 기록; results are counted in 건; pages are 페이지.
    const list = await runCommand(h, { ...as, name: "results", subcommand: "list" });
    expect(list.reply.embeds[0]?.title).toBe("성적 기록 (결과 1건)");
    expect(list.reply.embeds[0]?.description).toContain("**과제: 1반 복습** · 문제 1개 · <t:");
    expect(list.reply.embeds[0]?.description).toContain(`· 진행: <@${teacher.id}> · \`${id}\``);
    expect(list.reply.embeds[0]?.footer?.text).toBe("1/1페이지 · /results list page:<n>");
    const shown = await runCommand(h, {
      ...as,
      name: "results",
      subcommand: "show",
      options: [{ name: "result", type: T.String, value: id ?? "" }],
    });
    expect(shown.reply.embeds[0]?.description).toContain("반 평균 정답률: **");
    expect(shown.reply.embeds[0]?.description).toContain("(0명 완료)");
    expectNoViolations();
  });
});
