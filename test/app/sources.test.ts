/** Server sources in src/app/sources: the metadata a quiz master types, documents as text, and what a change does. */
import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/app/errors.ts";
import { documentKind, documentText } from "../../src/app/sources/document.ts";
import { impactOf, sourceMeta } from "../../src/app/sources/sources.ts";
import { Source } from "../../src/bank/corpus.ts";
import type { CommunityQuestion } from "../../src/records/community.ts";

function src(text: string, sections: string[] = []) {
  return new Source(
    {
      id: "s-x",
      file: "x.md",
      sha256: "0".repeat(64),
      title: "X",
      author: "Y",
      date: "2024",
      sections,
      chrome: [],
    },
    text,
  );
}

function question(id: string, quote: string, extra: Partial<CommunityQuestion> = {}): CommunityQuestion {
  return {
    v: 1,
    id,
    guildId: "g",
    authorId: "a",
    status: "approved",
    draft: {
      source: "s-x",
      difficulty: "easy",
      topic: "community",
      question: "Q?",
      answer: "A",
      wrong: "B",
      quote,
      explanation: "E.",
    },
    createdAt: 0,
    reviewerId: "r",
    reviewedAt: 1,
    reason: null,
    ...extra,
  };
}

async function errorKey(work: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof work === "function" ? work() : work);
  } catch (error) {
    return error instanceof UserError ? error.args[0] : `not a UserError: ${String(error)}`;
  }
  return undefined;
}

describe("sourceMeta", () => {
  const base = { title: "T", author: "A", date: "2024-03", url: null, chrome: null };
  it("reads chrome ranges and refuses what it cannot read", async () => {
    expect(sourceMeta({ ...base, chrome: "1-3, 9" }).chrome.map((c) => [c.from, c.to])).toEqual([
      [1, 3],
      [9, 9],
    ]);
    expect(await errorKey(() => sourceMeta({ ...base, chrome: "3-1" }))).toBe("source.badChrome");
    expect(await errorKey(() => sourceMeta({ ...base, date: "March 2024" }))).toBe("source.badDate");
    expect(await errorKey(() => sourceMeta({ ...base, url: "javascript:alert(1)" }))).toBe("source.badUrl");
    expect(await errorKey(() => sourceMeta({ ...base, title: "A\u202eB" }))).toBe("source.hostileText");
  });
});

describe("documentText", () => {
  it("knows a document's kind by its name or type", () => {
    expect(documentKind("a.PDF")).toBe("pdf");
    expect(documentKind("notes.md")).toBe("markdown");
    expect(documentKind("x", "text/plain; charset=utf-8")).toBe("text");
    expect(documentKind("slides.pptx", "application/vnd.ms-powerpoint")).toBeUndefined();
  });

  it("extracts a PDF's text page by page and refuses one without text", async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage().drawText("First page says 1,200 people.", { x: 50, y: 700, size: 12, font });
    doc.addPage().drawText("Second page.", { x: 50, y: 700, size: 12, font });
    expect(await documentText(await doc.save(), "pdf")).toBe("First page says 1,200 people.\n\nSecond page.");
    const blank = await PDFDocument.create();
    blank.addPage();
    expect(await errorKey(documentText(await blank.save(), "pdf"))).toBe("source.pdfNoText");
    expect(await errorKey(documentText(new TextEncoder().encode("not a pdf"), "pdf"))).toBe(
      "source.pdfUnreadable",
    );
  });

  it("refuses text that is not UTF-8, empty, or hides characters; folds line endings", async () => {
    expect(await documentText(new TextEncoder().encode("a\r\nb\fc"), "text")).toBe("a\nb\n\nc");
    expect(await errorKey(documentText(new Uint8Array([0xff, 0xfe, 0x00]), "text"))).toBe("source.notText");
    expect(await errorKey(documentText(new TextEncoder().encode("  \n "), "text"))).toBe("source.empty");
    expect(await errorKey(documentText(new TextEncoder().encode("x\u0007y"), "text"))).toBe(
      "source.hostileText",
    );
  });
});

describe("impactOf", () => {
  const before = src("# One\nAlpha beta gamma delta.\n# Two\nEpsilon zeta eta theta.\n", ["# One", "# Two"]);
  it("keeps, moves, withdraws (with the nearest passage) and restores", () => {
    const after = src("# One\nNew line.\nAlpha beta gamma delta.\n# Two\nEpsilon zeta eta iota.\n", [
      "# One",
      "# Two",
    ]);
    const impact = impactOf(before, after, [
      question("moved", "Alpha beta gamma delta."),
      question("gone", "Epsilon zeta eta theta."),
      question("back", "New line.", {
        status: "disabled",
        withdrawn: { sourceId: "s-x", at: 0, version: 1 },
      }),
    ]);
    expect(impact.map((i) => i.kind)).toEqual(["moved", "withdrawn", "restored"]);
    const moved = impact[0];
    expect(moved?.kind === "moved" && [moved.from.line, moved.to.line]).toEqual([2, 3]);
    const gone = impact[1];
    expect(gone?.kind === "withdrawn" && gone.nearest).toBe("Epsilon zeta eta iota.");
  });

  it("a section change is a move even on the same line; a removal removes every question", () => {
    const after = src("# Uno\nAlpha beta gamma delta.\n# Two\nEpsilon zeta eta theta.\n", ["# Uno", "# Two"]);
    const [item] = impactOf(before, after, [question("q", "Alpha beta gamma delta.")]);
    expect(item?.kind).toBe("moved");
    expect(
      impactOf(before, undefined, [question("q", "Alpha beta gamma delta.")]).map((i) => i.kind),
    ).toEqual(["removed"]);
    expect(impactOf(before, before, [question("q", "Alpha beta gamma delta.")]).map((i) => i.kind)).toEqual([
      "kept",
    ]);
  });
});
