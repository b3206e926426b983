/**
 * `npm run bank -- draft FILE --source ID`: drafts questions from one of the bank's sources (or a
 * new document) and writes them as a bank file for review. Each draft is checked exactly as a bank
 * question (its quote found in the source), and the YAML says above each one how it was made and
 * what the duplicate warning and the giveaway check found, so a reviewer keeps, fixes or deletes it.
 */
import yaml from "js-yaml";
import type { Bank } from "./bank.ts";
import { checkQuestions } from "./check.ts";
import type { Source } from "./corpus.ts";
import { type DraftedQuestion, draftQuestions } from "./draft-questions.ts";
import { nearDuplicates } from "./duplicates.ts";
import { giveawaysOfNewQuestion } from "./giveaways.ts";
import type { Question } from "./question.ts";
import { draftToInput } from "./submission.ts";

/** One draft as written to the file, with what the checks said. */
export interface DraftReport {
  readonly drafted: DraftedQuestion;
  readonly question?: Question | undefined;
  readonly problems: readonly string[];
  readonly warnings: readonly string[];
}

/** Drafts, checks and warns: a draft that the source's own citation gives away is dropped (no link allows it). */
export function draftsForBank(bank: Bank, source: Source, limit: number): DraftReport[] {
  const corpus = bank.corpus.get(source.id) ? bank.corpus : bank.corpus.with([source]);
  const reports: DraftReport[] = [];
  const taken = new Set(bank.questions.map((q) => q.id));
  const drafts = draftQuestions(source, { limit: limit * 2 });
  drafts.forEach((drafted, i) => {
    const id = `${source.id}-draft-${String(i + 1).padStart(2, "0")}`;
    const checked = checkQuestions(
      [
        {
          file: "draft",
          fallbackId: id,
          raw: draftToInput(drafted.draft, id),
          origin: { kind: "bank", file: "draft" },
        },
      ],
      corpus,
      taken,
    );
    const question = checked.questions[0];
    const problems = checked.problems.map((p) => `${p.field ?? ""}: ${p.message}`);
    const warnings: string[] = [];
    if (question) {
      const giveaways = giveawaysOfNewQuestion(question, { questions: bank.questions, corpus });
      if (giveaways.some((g) => "sourceId" in g.by && g.askedId === question.id)) return;
      for (const d of nearDuplicates(question, bank.questions))
        warnings.push(`near-duplicate of ${d.id} (same ${d.reason})`);
      const shownBy = new Set<string>();
      const shows = new Set<string>();
      for (const g of giveaways) {
        if (!("questionId" in g.by)) continue;
        if (g.askedId === question.id) shownBy.add(g.by.questionId);
        else shows.add(g.askedId);
      }
      if (shownBy.size > 0) warnings.push(`its answer is shown by ${[...shownBy].join(", ")}`);
      if (shows.size > 0) warnings.push(`it shows the answer of ${[...shows].join(", ")}`);
    }
    reports.push({ drafted, question, problems, warnings });
  });
  return reports.filter((r) => r.problems.length === 0).slice(0, limit);
}

/** The drafts as a bank file, each with a comment saying how it was made and what to look at. */
export function draftsYaml(source: Source, reports: readonly DraftReport[]): string {
  const header = [
    `# Drafted from ${source.id} ("${source.meta.title}") by npm run bank -- draft.`,
    "# Every quote below is verbatim and was found in the source; the questions are not reviewed.",
    "# Read each against its passage: keep it, fix its wording or options, or delete it.",
    "questions:",
  ];
  const entries = reports.map(({ drafted, question, warnings }) => {
    const input = question ? draftToInput(drafted.draft, question.id) : {};
    const body = yaml
      .dump([input], { lineWidth: 100, noRefs: true })
      .trimEnd()
      .split("\n")
      .map((line) => `  ${line}`);
    const notes = [
      `  # ${drafted.form === "cloze" ? "cloze" : "question"} on ${/^[aeiou]/.test(drafted.kind) ? "an" : "a"} ${drafted.kind}, line ${drafted.line}${drafted.contrast ? ", the sentence draws a contrast" : ""}`,
      ...warnings.map((w) => `  # warning: ${w}`),
    ];
    return [...notes, ...body].join("\n");
  });
  return `${[...header, ...entries].join("\n")}\n`;
}
