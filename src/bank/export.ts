import type { Bank } from "./bank.ts";
import { optionsOf } from "./question.ts";

/** The bank as the `bank export --json` command prints it (documented in the README). */
export function exportBankJson(bank: Bank) {
  return {
    sources: bank.corpus.sources.map(({ meta }) => ({
      id: meta.id,
      title: meta.title,
      author: meta.author,
      date: meta.date,
      dateNote: meta.dateNote,
      url: meta.url,
      notes: meta.notes,
      file: `questions/sources/${meta.file}`,
      sha256: meta.sha256,
    })),
    questions: bank.questions.map((q) => ({
      id: q.id,
      type: q.type,
      difficulty: q.difficulty,
      topics: q.topics,
      question: q.question,
      answer: q.answer,
      choices: optionsOf(q),
      explanation: q.explanation,
      citation: {
        source: q.citation.source,
        quote: q.citation.quote,
        line: q.citation.line,
        endLine: q.citation.endLine,
        section: q.citation.section ?? null,
      },
      also: q.also.map((a) => ({
        source: a.source,
        quote: a.quote,
        note: a.note ?? null,
        line: a.line,
        endLine: a.endLine,
      })),
      fact: q.fact ?? null,
      excludes: q.excludes,
    })),
  };
}
