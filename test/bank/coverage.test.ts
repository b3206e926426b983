import { describe, expect, it } from "vitest";
import { Bank } from "../../src/bank/bank.ts";
import { Source } from "../../src/bank/corpus.ts";
import { bankCoverage, splitSentences } from "../../src/bank/coverage.ts";
import { coverageHtml } from "../../src/bank/coverage-html.ts";
import { loadBank } from "../../src/bank/load.ts";
import { foldPlain } from "../../src/bank/quote.ts";

/** One element or text run of the page, as a small tokenizer reads it. */
type Token =
  | { kind: "open"; tag: string; attrs: Map<string, string> }
  | { kind: "close"; tag: string }
  | { kind: "text"; text: string };

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  for (const m of html.matchAll(/<(\/?)([a-zA-Z0-9!]+)([^>]*)>|([^<]+)/g)) {
    if (m[4] !== undefined) {
      tokens.push({ kind: "text", text: decodeEntities(m[4]) });
    } else if (m[1] === "/") {
      tokens.push({ kind: "close", tag: (m[2] as string).toLowerCase() });
    } else {
      const attrs = new Map<string, string>();
      for (const a of (m[3] ?? "").matchAll(/([a-z-]+)="([^"]*)"/g))
        attrs.set(a[1] as string, decodeEntities(a[2] as string));
      tokens.push({ kind: "open", tag: (m[2] as string).toLowerCase(), attrs });
    }
  }
  return tokens;
}

function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

/**
 * The highlighted passages of the page, per source section and question id: the text of the
 * `a.cited` runs carrying that id, contiguous runs joined and separate ones kept apart.
 */
function highlightedPassages(html: string): Map<string, string[]> {
  const passages = new Map<string, string[]>();
  let section = "";
  let openCites: string[] | undefined;
  let previousCites = new Set<string>();
  for (const token of tokenize(html)) {
    if (token.kind === "open" && token.tag === "section") section = token.attrs.get("id") ?? "";
    if (token.kind === "open" && token.tag === "a" && token.attrs.get("class") === "cited") {
      openCites = (token.attrs.get("data-cites") ?? "").split(" ");
    } else if (token.kind === "close" && token.tag === "a") {
      openCites = undefined;
    } else if (token.kind === "text" && section !== "") {
      const cites = new Set(openCites ?? []);
      for (const id of cites) {
        const key = `${section} ${id}`;
        const list = passages.get(key) ?? [];
        if (previousCites.has(id) && list.length > 0) list[list.length - 1] += token.text;
        else list.push(token.text);
        passages.set(key, list);
      }
      previousCites = cites;
    }
  }
  return passages;
}

describe("bank coverage", () => {
  it("highlights every cited passage of the shipped bank, main and also citations, linked to its question", async () => {
    const bank = await loadBank();
    const html = coverageHtml(bank, bankCoverage(bank));
    const passages = highlightedPassages(html);
    let checked = 0;
    for (const q of bank.questions) {
      for (const citation of [q.citation, ...q.also]) {
        const found = passages.get(`source-${citation.source} ${q.id}`) ?? [];
        const quote = foldPlain(citation.quote);
        expect(
          found.some((passage) => foldPlain(passage).includes(quote)),
          `${q.id}: passage of ${citation.source} not highlighted`,
        ).toBe(true);
        checked++;
      }
      expect(html).toContain(`<li id="q-${q.id}">`);
    }
    expect(checked).toBeGreaterThan(bank.questions.length);
  });

  it("marks sentences nobody cites and page chrome, and counts only content", async () => {
    const full = await loadBank();
    const only = new Bank(
      full.corpus,
      full.questions.filter((q) => q.id === "institute-2009-unhcr-cases").map((q) => ({ ...q, also: [] })),
    );
    const institute = bankCoverage(only).find((c) => c.source.id === "institute-2009");
    expect(institute?.cited).toBe(1);
    expect(institute?.content).toBeGreaterThan(5);
    const html = coverageHtml(only, bankCoverage(only));
    expect(html).toContain('<span class="uncited" title="line 9: no question cites this">For those few');
    expect(html).toContain('<span class="chrome">Bookmark the permalink.</span>');
  });

  it("splits sentences at full stops but not after abbreviations, initials or page breaks", () => {
    const source = new Source(
      {
        id: "s",
        file: "s.txt",
        sha256: "0".repeat(64),
        title: "T",
        author: "A",
        date: "2005",
        sections: ["HEADING"],
        chrome: [],
      },
      "Title line\nHEADING\nThe U.S. Government and Arthur E. Dewey spoke.  Fewer crossed into \n\n\nChina in 2004. “Quoted,” she said. 126 were resettled.\n",
    );
    expect(splitSentences(source).map((s) => [s.kind, s.text])).toEqual([
      ["heading", "Title line"],
      ["heading", "HEADING"],
      ["content", "The U.S. Government and Arthur E. Dewey spoke."],
      ["content", "Fewer crossed into China in 2004."],
      ["content", "“Quoted,” she said."],
      ["content", "126 were resettled."],
    ]);
  });
});
