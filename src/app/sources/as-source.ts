/**
 * A server's document as the bank sees a source: the same `Source` class as the shipped corpus
 * (the same fold, the same chrome rule, lines and sections), so a quote is verified against it
 * exactly as the shipped bank is.
 */
import { Source } from "../../bank/corpus.ts";
import type { ServerSource } from "../../records/sources.ts";

/** Markdown headings (`# Title`, `## Part`) as sections: a citation says which part it is in. */
function markdownSections(text: string): string[] {
  return [...new Set(text.split("\n").filter((line) => /^#{1,6} \S/.test(line.trim())))].map((line) =>
    line.trim(),
  );
}

/** A dated source's date as the bank's metadata allows it (YYYY, YYYY-MM or YYYY-MM-DD), or "undated". */
function bankDate(date: string): string {
  return /^\d{4}(-\d{2}(-\d{2})?)?$/.test(date) ? date : "undated";
}

/** The prefix of an uploaded source's `file` (see src/discord/render/info.ts). */
export const UPLOADED_PREFIX = "upload:";

export function sourceOfRecord(record: ServerSource): Source {
  const { meta } = record;
  return new Source(
    {
      id: record.id,
      // Marked as uploaded: /sources shows it as the server's own, not as a file of questions/sources/.
      file: `${UPLOADED_PREFIX}${record.fileName}`,
      sha256: record.sha256,
      title: meta.title,
      author: meta.author,
      date: bankDate(meta.date),
      ...(bankDate(meta.date) === "undated" ? { dateNote: meta.date } : {}),
      url: meta.url,
      sections: record.kind === "markdown" ? markdownSections(record.text) : [],
      chrome: meta.chrome,
    },
    record.text,
  );
}
