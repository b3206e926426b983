/**
 * Sharing a set with a colleague in another server, end to end through the fake Discord: a quiz
 * master exports a set (CSV or the bank's YAML) in one guild, another imports the file in a second
 * guild and gets the same questions in the same order. Plain members can neither import nor
 * export (the file carries the answer key); files with unknown ids are imported without them and
 * say which; files too large or of another kind are refused with a message saying why.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { type APIUser, ApplicationCommandOptionType as T } from "discord.js";
import yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { optionsOf, runCommand, shippedBankOnce } from "../helpers/bot.ts";
import { expectNoViolations, MEMBER, QUIZ_MASTER, useHarness } from "../helpers/harness.ts";

const h = useHarness({ fake: { guilds: [{ name: "school A" }, { name: "school B" }] } });
let guildB = "";
let channelB = "";

beforeAll(() => {
  guildB = h.fake.guilds[1]?.id ?? "";
  channelB = h.fake.guilds[1]?.channels[0]?.id ?? "";
});

const text = (m: { content?: string; embeds: unknown[] }) =>
  `${m.content ?? ""}\n${JSON.stringify(m.embeds)}`;

/** For the lead's report: a reply's text as the member reads it, written when SET_IMPORT_OUT is set. */
function keep(
  label: string,
  reply: { content?: string; embeds: { title?: string; description?: string; footer?: { text: string } }[] },
) {
  const out = process.env.SET_IMPORT_OUT;
  if (!out) return;
  mkdirSync(out, { recursive: true });
  const embed = reply.embeds[0];
  const parts = [
    reply.content ?? "",
    embed
      ? `| ${embed.title ?? ""}\n| ${(embed.description ?? "").replace(/\n/g, "\n| ")}\n| ${embed.footer?.text ?? ""}`
      : "",
  ];
  writeFileSync(path.join(out, `${label}.txt`), parts.filter(Boolean).join("\n\n"));
}

/** The newest file the bot sent whose name starts with `prefix`. */
function sentFile(prefix: string) {
  const file = h.fake.calls.flatMap((c) => c.files).findLast((f) => f.name.startsWith(prefix));
  if (!file) throw new Error(`the bot sent no file named ${prefix}…`);
  return file;
}

/** `/set import` in guild B with a file attached. */
function importInB(
  user: APIUser,
  file: { filename: string; data: Buffer | string; contentType?: string },
  name?: string,
  locale?: string,
) {
  return runCommand(h, {
    user,
    channelId: channelB,
    memberPermissions: user === colleague ? QUIZ_MASTER : MEMBER,
    name: "set",
    subcommand: "import",
    ...(locale ? { locale } : {}),
    options: [
      { name: "file", type: T.Attachment, value: file },
      ...(name ? [{ name: "name", type: T.String as const, value: name }] : []),
    ],
  });
}

let colleague: APIUser;

describe("/set export and /set import across servers", () => {
  it("copies a set to another server's quiz masters, in order, and refuses what it cannot read", async () => {
    const teacher = h.fake.user({ username: "teacher A" });
    colleague = h.fake.user({ username: "teacher B" });
    const student = h.fake.user({ username: "student B" });
    const bank = await shippedBankOnce();
    // Three questions added out of the bank's order, so "the same order" means the set's order.
    const picked = [bank.questions[7], bank.questions[2], bank.questions[12]].map((q) => q?.id ?? "");
    const asTeacher = { user: teacher, memberPermissions: QUIZ_MASTER, name: "set" } as const;
    await runCommand(h, {
      ...asTeacher,
      subcommand: "create",
      options: [{ name: "name", type: T.String, value: "Week 3" }],
    });
    const setA = (await h.game.lessons.sets(h.guildId)).find((s) => s.name === "Week 3");
    if (!setA) throw new Error("the set was not created");
    const setOption = { name: "set", type: T.String, value: setA.id } as const;
    for (const id of picked) {
      await runCommand(h, {
        ...asTeacher,
        subcommand: "add",
        options: [setOption, { name: "question", type: T.String, value: id }],
      });
    }

    // The CSV export, imported in B under a name: the same questions in the same order.
    await runCommand(h, { ...asTeacher, subcommand: "export", options: [setOption] });
    const csv = sentFile("set-");
    expect(csv.name).toMatch(/\.csv$/);
    const imported = await importInB(
      colleague,
      { filename: csv.name, data: csv.data, contentType: "text/csv; charset=utf-8" },
      "Week 3 from A",
    );
    expect(imported.reply.content).toContain('Imported "Week 3 from A": 3 questions');
    const inB = (await h.game.lessons.sets(guildB)).find((s) => s.name === "Week 3 from A");
    expect(inB?.questionIds).toEqual(picked);
    expect(inB?.createdBy).toBe(colleague.id);
    keep("imported-en", imported.reply);
    for (const id of picked) expect(text(imported.reply)).toContain(id);

    // The same name again is refused, saying how to go on.
    const clash = await importInB(colleague, { filename: csv.name, data: csv.data }, "week 3 FROM a");
    expect(clash.reply.content).toContain('There is already a set called "week 3 FROM a"');
    expect(clash.reply.content).toContain("name:");

    // The YAML export carries the questions' full text; imported under the file's name.
    await runCommand(h, {
      ...asTeacher,
      subcommand: "export",
      options: [setOption, { name: "format", type: T.String, value: "yaml" }],
    });
    const bankFile = sentFile("set-");
    if (process.env.SET_IMPORT_OUT)
      writeFileSync(path.join(process.env.SET_IMPORT_OUT, "export.yaml"), bankFile.data);
    expect(bankFile.name).toBe(`set-${setA.id}.yaml`);
    const parsed = yaml.load(bankFile.data.toString("utf8")) as {
      questions: { id: string; question: string }[];
    };
    expect(parsed.questions.map((q) => q.id)).toEqual(picked);
    expect(parsed.questions[0]?.question).toBe(bank.get(picked[0] ?? "")?.question);
    const fromYaml = await importInB(colleague, { filename: bankFile.name, data: bankFile.data });
    expect(fromYaml.reply.content).toContain(`Imported "set-${setA.id}"`);
    expect((await h.game.lessons.sets(guildB)).find((s) => s.name === `set-${setA.id}`)?.questionIds).toEqual(
      picked,
    );

    // Ids B's bank lacks are named and skipped; the rest are imported in order.
    const rows = parse(csv.data.toString("utf8"), { bom: true, columns: true }) as Record<string, string>[];
    const withUnknown = [
      "position,question_id,question",
      "1,made-up-question,Not in any bank",
      ...rows.map((r, i) => `${i + 2},${r.question_id},"${r.question?.replace(/"/g, '""')}"`),
      "5,another-stranger,",
    ].join("\n");
    const partly = await importInB(colleague, { filename: "mixed.csv", data: withUnknown }, "Mixed");
    expect(partly.reply.content).toContain('Imported "Mixed": 3 questions');
    expect(partly.reply.content).toContain("Skipped 2 ids this server's bank does not have");
    expect(partly.reply.content).toContain("`made-up-question`, `another-stranger`");
    keep("partly-en", partly.reply);
    expect((await h.game.lessons.sets(guildB)).find((s) => s.name === "Mixed")?.questionIds).toEqual(picked);

    // A file too large, a file of another kind, a CSV without the id column: refused, nothing made.
    const setsBefore = (await h.game.lessons.sets(guildB)).length;
    const huge = `question_id\n${"x".repeat(70 * 1024)}\n`;
    const tooLarge = await importInB(
      colleague,
      { filename: "big.csv", data: huge, contentType: "text/csv" },
      "Big",
    );
    expect(tooLarge.reply.content).toContain("larger than 64 KiB");
    keep("too-large-en", tooLarge.reply);
    const notes = await importInB(colleague, {
      filename: "notes.txt",
      data: "hello",
      contentType: "text/plain",
    });
    expect(notes.reply.content).toContain("Attach a `.csv` or `.yaml` file");
    const noColumn = await importInB(
      colleague,
      { filename: "ids.csv", data: "id,text\nq1,hi\n" },
      "No column",
    );
    expect(noColumn.reply.content).toContain("`question_id` column");
    const noneKnown = await importInB(
      colleague,
      { filename: "x.yaml", data: "questions:\n  - id: nope\n" },
      "X",
    );
    expect(noneKnown.reply.content).toContain("None of the file's 1 question ids");
    expect((await h.game.lessons.sets(guildB)).length).toBe(setsBefore);

    // In Korean too.
    const ko = await importInB(colleague, { filename: "notes.txt", data: "hello" }, undefined, "ko");
    expect(ko.reply.content).toContain("`.csv` 또는 `.yaml` 파일을 첨부해 주세요");
    keep("wrong-type-ko", ko.reply);
    const partlyKo = await importInB(
      colleague,
      { filename: "mixed.csv", data: withUnknown },
      "한국어 세트",
      "ko",
    );
    expect(partlyKo.reply.content).toContain('"한국어 세트" 세트를 가져왔어요. 문제 수: 3개');
    expect(partlyKo.reply.content).toContain(
      "건너뛰었어요 (개수: 2): `made-up-question`, `another-stranger`",
    );
    keep("partly-ko", partlyKo.reply);

    // A plain member can neither import nor take the answer key home.
    const refused = await importInB(student, { filename: csv.name, data: csv.data }, "Mine");
    expect(refused.reply.content).toContain("quiz master");
    const filesBefore = h.fake.calls.flatMap((c) => c.files).length;
    const studentExport = await runCommand(h, {
      user: student,
      channelId: channelB,
      memberPermissions: MEMBER,
      name: "set",
      subcommand: "export",
      options: optionsOf({ set: "Week 3 from A", format: "yaml" }),
    });
    expect(studentExport.reply.content).toContain("quiz master");
    expect(h.fake.calls.flatMap((c) => c.files).length).toBe(filesBefore);
    expect((await h.game.lessons.sets(guildB)).some((s) => s.name === "Mine")).toBe(false);
    expectNoViolations(h);
  });
});
