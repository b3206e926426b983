import path from "node:path";
import { describe, expect, it } from "vitest";
import { conflictsWith, withoutConflicts } from "../../src/bank/groups.ts";
import { loadBank, readBank } from "../../src/bank/load.ts";
import { embedLength, revealEmbed } from "../../src/discord/render/quiz.ts";
import { seededRandom } from "../../src/engine/random.ts";
import { revealOf } from "../../src/engine/reveal.ts";
import { selectQuestions } from "../../src/engine/select.ts";
import { LOCALES } from "../../src/i18n/index.ts";
import { makeQuestionsDir, mcQuestion } from "../helpers/temp-bank.ts";

async function problemsFor(...questions: string[]) {
  const dir = await makeQuestionsDir({ "a.yaml": `questions:\n${questions.join("\n")}` });
  const report = await readBank(dir);
  return report.problems.map((p) => ({
    file: path.basename(p.file),
    id: p.questionId,
    field: p.field,
    message: p.message,
  }));
}

const otherQuote = '"They cross the boarder at night"';

describe("the loader's group and citation rules, each naming file, id and field", () => {
  it("excludes: an id no question has", async () => {
    expect(await problemsFor(mcQuestion("q1", { excludes: "[q2, nobody]" }), mcQuestion("q2"))).toEqual([
      { file: "a.yaml", id: "q1", field: "excludes.1", message: 'no question has the id "nobody"' },
    ]);
  });

  it("excludes: the question itself", async () => {
    expect(await problemsFor(mcQuestion("q1", { excludes: "[q1]" }))).toEqual([
      { file: "a.yaml", id: "q1", field: "excludes.0", message: "a question cannot exclude itself" },
    ]);
  });

  it("fact: a key no other question shares (a typo)", async () => {
    expect(
      await problemsFor(mcQuestion("q1", { fact: "hiding" }), mcQuestion("q2", { fact: "hidnig" })),
    ).toEqual([
      { file: "a.yaml", id: "q1", field: "fact", message: 'no other question has fact "hiding"' },
      { file: "a.yaml", id: "q2", field: "fact", message: 'no other question has fact "hidnig"' },
    ]);
  });

  it("fact: one fact asked twice from the same source", async () => {
    expect(
      await problemsFor(mcQuestion("q1", { fact: "hiding" }), mcQuestion("q2", { fact: "hiding" })),
    ).toEqual([
      {
        file: "a.yaml",
        id: "q2",
        field: "fact",
        message: 'fact "hiding" is already asked from sample by q1',
      },
    ]);
  });

  it("also: a quote not in its source, an unknown source, and the question's own source", async () => {
    const problems = await problemsFor(
      mcQuestion("q1", { also: `[{ source: elsewhere, quote: ${otherQuote} }]` }),
      mcQuestion("q2", { also: `[{ source: sample, quote: ${otherQuote} }]` }),
    );
    expect(problems.map(({ file, id, field }) => ({ file, id, field }))).toEqual([
      { file: "a.yaml", id: "q1", field: "also.0.source" },
      { file: "a.yaml", id: "q2", field: "also.0.source" },
    ]);
    expect(problems[0]?.message).toBe('unknown source "elsewhere"');
    expect(problems[1]?.message).toBe('cites the question\'s own source "sample"');
  });

  it("also: the schema (note too long, a missing quote, more than four)", async () => {
    const five = Array.from({ length: 5 }, () => `{ source: x, quote: y }`).join(", ");
    const problems = await problemsFor(
      mcQuestion("q1", { also: `[{ source: elsewhere }]` }),
      mcQuestion("q2", { also: `[${five}]` }),
      mcQuestion("q3", { also: `[{ source: elsewhere, quote: y, note: "${"n".repeat(201)}" }]` }),
    );
    const fields = problems.map(({ file, id, field }) => ({ file, id, field }));
    expect(fields).toContainEqual({ file: "a.yaml", id: "q1", field: "also.0.quote" });
    expect(fields).toContainEqual({ file: "a.yaml", id: "q2", field: "also" });
    expect(fields).toContainEqual({ file: "a.yaml", id: "q3", field: "also.0.note" });
    expect(problems.find((p) => p.field === "also")?.message).toBe("give at most 4");
  });
});

describe("exclusion groups in the shipped bank", () => {
  it("are symmetric: a fact key or an excludes entry links both questions", async () => {
    const bank = await loadBank();
    expect(
      bank.conflictsOf("institute-2009-china-convention").has("state-dept-2005-china-party-convention"),
    ).toBe(true);
    expect(
      bank.conflictsOf("state-dept-2005-economic-migrants").has("tvedt-2018-illegal-economic-migrants"),
    ).toBe(true);
    expect(conflictsWith(bank, ["state-dept-2005-dewey"])).toEqual(
      new Set(["state-dept-2005-dewey-visit-dates"]),
    );
  });

  it("never put two questions of one group in one quiz, over 5,000 draws", async () => {
    const bank = await loadBank();
    const grouped = bank.questions.filter((q) => bank.conflictsOf(q.id).size > 0);
    expect(grouped.length).toBeGreaterThan(20);
    const filters = [
      {},
      { topic: "figures" },
      { topic: "china" },
      { topic: "law" },
      { difficulty: "medium" as const },
    ];
    let sawAGroupMember = 0;
    for (let draw = 0; draw < 5000; draw++) {
      const filter = filters[draw % filters.length];
      const quiz = selectQuestions(bank, { ...filter, count: 5 + (draw % 30) }, seededRandom(`draw ${draw}`));
      const ids = quiz.map((q) => q.id);
      for (const id of ids) {
        const clash = ids.find((other) => bank.conflictsOf(id).has(other));
        expect(clash, `quiz ${draw} holds ${id} and ${clash}`).toBeUndefined();
      }
      if (ids.some((id) => bank.conflictsOf(id).size > 0)) sawAGroupMember++;
    }
    expect(sawAGroupMember).toBeGreaterThan(4000);
  });

  it("withoutConflicts keeps order, skips what an earlier pick or an existing set rules out, and stops at a limit", async () => {
    const bank = await loadBank();
    const ids = [
      "uscri-2004-hiding-in-china",
      "state-dept-2005-current-estimate",
      "state-dept-2005-dewey",
      "state-dept-2005-dewey-visit-dates",
      "institute-2009-p1-p3",
    ];
    const questions = ids.map((id) => bank.get(id)).filter((q) => q !== undefined);
    expect(withoutConflicts(bank, questions).map((q) => q.id)).toEqual([
      "uscri-2004-hiding-in-china",
      "state-dept-2005-dewey",
      "institute-2009-p1-p3",
    ]);
    expect(
      withoutConflicts(bank, questions, {
        alreadyChosen: ["state-dept-2005-dewey-visit-dates"],
        limit: 2,
      }).map((q) => q.id),
    ).toEqual(["uscri-2004-hiding-in-china", "institute-2009-p1-p3"]);
  });
});

describe("Other sources in the reveal", () => {
  it("shows each also citation with its passage, within Discord's embed limits, in both languages", async () => {
    const bank = await loadBank();
    const withOthers = bank.questions.filter((q) => q.also.length > 0);
    expect(withOthers.length).toBeGreaterThan(30);
    for (const q of bank.questions) {
      for (const locale of LOCALES) {
        const embed = revealEmbed(
          revealOf(bank, q),
          { correct: false, chosen: "x".repeat(80), points: 0 },
          locale,
        );
        expect(embedLength(embed), q.id).toBeLessThanOrEqual(6000);
        expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(25);
        for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(1024);
        const others = (embed.fields ?? []).filter((f) =>
          f.name.startsWith(locale === "en" ? "Other sources" : "다른 출처"),
        );
        expect(others).toHaveLength(q.also.length);
      }
    }
    const q = bank.get("uscri-2004-death-penalty-contact");
    const field = revealEmbed(revealOf(bank, q as NonNullable<typeof q>), undefined, "en").fields?.at(-1);
    expect(field?.name).toBe(
      "Other sources: The Status of North Korean Asylum Seekers and the USG Policy Towards Them",
    );
    expect(field?.value).toContain("> Some sources assert that the harshest treatment is reserved");
    expect(field?.value).toContain("*Reported only as what some sources assert*");
  });
});
