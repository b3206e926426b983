import type { Bank } from "./bank.ts";
import { optionsOf, type Question, type TypedAnswer } from "./question.ts";
import type { QuestionInputWritten } from "./schema.ts";

/** A checked question written back as an author writes it in a bank file (what `bank check` reads). */
export function asBankInput(q: Question): QuestionInputWritten {
  const common = {
    id: q.id,
    difficulty: q.difficulty,
    topics: [...q.topics],
    question: q.question,
    explanation: q.explanation,
    citation: { source: q.citation.source, quote: q.citation.quote },
    ...(q.fact === undefined ? {} : { fact: q.fact }),
    excludes: [...q.excludes],
    also: q.also.map((a) => ({
      source: a.source,
      quote: a.quote,
      ...(a.note === undefined ? {} : { note: a.note }),
    })),
  };
  return q.type === "true-false"
    ? { type: "true-false", ...common, answer: q.answer === "True" }
    : {
        type: "multiple-choice",
        ...common,
        answer: q.answer,
        wrong: [...q.wrong],
        // As written: the Korean forms joined at load (typed.translated) live in questions/ko/.
        ...(q.typed ? { typed: writtenTyped(q.typed) } : {}),
        ...(q.wrongNotes?.length
          ? {
              wrong_notes: q.wrongNotes.map((n) => ({
                option: n.option,
                note: n.note,
                source: n.citation.source,
                quote: n.citation.quote,
              })),
            }
          : {}),
      };
}

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

/** A typed block as a bank file holds it: without the forms joined from questions/ko/ at load. */
function writtenTyped({ translated: _joined, ...typed }: TypedAnswer) {
  return { ...typed, accept: [...typed.accept] };
}
