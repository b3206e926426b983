/** Drafting questions from a document (src/bank/draft-questions.ts, draft-spans.ts): spans, options, chrome. */
import { describe, expect, it } from "vitest";
import { checkQuestions } from "../../src/bank/check.ts";
import { Corpus, Source } from "../../src/bank/corpus.ts";
import { draftQuestions } from "../../src/bank/draft-questions.ts";
import { readSentences, sentencesOf } from "../../src/bank/draft-spans.ts";
import { draftToInput } from "../../src/bank/submission.ts";

const TEXT = `Printed for Room 12 by the U.S. Office of Printing in 1990.

In 2023, the Ministry of Unification counted 196 arrivals, up from 67 in 2022.
About 72 percent of the arrivals were women, according to the Korea Hana Foundation.
The settlement centre near Anseong is called Hanawon.
The Database Center for North Korean Human Rights recorded 1,350 testimonies in 2021.
In March 2024, the UN Human Rights Council renewed the mandate of its Special Rapporteur.
By 2020, about 33,800 North Koreans had settled in South Korea since 1998.
The North Korean Refugees Protection and Settlement Support Act of 1997 sets out the support each arrival receives.
In 2019, 1,047 people arrived, and in 2021 only 63 did.
`;

function source(text = TEXT, chrome: { from: number; to: number; why: string }[] = []) {
  return new Source(
    {
      id: "s-reading",
      file: "reading.txt",
      sha256: "0".repeat(64),
      title: "Reading",
      author: "Room 12",
      date: "2024",
      sections: [],
      chrome,
    },
    text,
  );
}

describe("reading a document for spans", () => {
  it("splits sentences at full stops but not after abbreviations, and at blank lines", () => {
    const texts = sentencesOf(
      "The U.S. Office met Mr. Kim in 2003. Then it ended.\n\nA heading\nNext line.",
    ).map((s) => s.text);
    expect(texts).toEqual([
      "The U.S. Office met Mr. Kim in 2003.",
      "Then it ended.",
      "A heading\nNext line.",
    ]);
  });

  it("finds figures, dates, organisations, places, laws and definitions, not section numbers or times", () => {
    const spans = readSentences(
      "Under section 301 of the Act, at 12:58 GMT, 7,800 people left China for Mongolia in May 2004. Its centre is called Hanawon.",
    ).flatMap((s) => s.spans.map((x) => `${x.kind}:${x.text}`));
    expect(spans).toEqual(
      expect.arrayContaining([
        "figure:7,800",
        "date:May 2004",
        "place:China",
        "place:Mongolia",
        "term:Hanawon",
      ]),
    );
    expect(spans.some((s) => s.includes("301") || s.includes("58"))).toBe(false);
  });
});

describe("draftQuestions", () => {
  const drafts = draftQuestions(source(), { limit: 20 });

  it("makes questions whose answer is a span of the quoted sentence and whose wrong options are not in it", () => {
    expect(drafts.length).toBeGreaterThanOrEqual(6);
    for (const { draft } of drafts) {
      expect(TEXT).toContain(draft.quote);
      expect(draft.quote).toContain(draft.answer);
      const wrong = draft.wrong.split("\n");
      expect(wrong.length).toBeGreaterThanOrEqual(2);
      for (const option of wrong) {
        expect(draft.quote).not.toContain(option);
        expect(option).not.toBe(draft.answer);
      }
    }
  });

  it("asks a definition as a question and the rest as a gap in the sentence", () => {
    const term = drafts.find((d) => d.kind === "term");
    expect(term?.draft.question).toBe(
      'According to "Reading", what is the settlement centre near Anseong called?',
    );
    expect(term?.draft.answer).toBe("Hanawon");
    const cloze = drafts.find((d) => d.kind !== "term");
    expect(cloze?.form).toBe("cloze");
    expect(cloze?.draft.question).toContain("_____");
    expect(cloze?.draft.question).not.toContain(cloze?.draft.answer ?? "?");
  });

  it("takes wrong options of the same kind and shape from the same document (years with years)", () => {
    const year = drafts.find((d) => d.kind === "date" && /^\d{4}$/.test(d.draft.answer));
    for (const option of year?.draft.wrong.split("\n") ?? ["none"]) expect(option).toMatch(/^\d{4}$/);
  });

  it("blanks whole words only, and takes no place out of a longer name", () => {
    const text =
      "Some North Koreans were sent back to North Korea by the border police.\nThe United States Committee for Refugees counted them in China and Mongolia in 2004.\nMost went to South Korea or Thailand before 2005, not to Russia.\n";
    const drafted = draftQuestions(source(text), { limit: 10 });
    const korea = drafted.find((d) => d.draft.answer === "North Korea");
    expect(korea?.draft.question).toContain(
      "Some North Koreans were sent back to _____ by the border police.",
    );
    expect(drafted.some((d) => d.draft.answer === "United States")).toBe(false);
  });

  it("never offers the answer under another name as a wrong option (an acronym, a capital, the Convention)", () => {
    const text = [
      "The United Nations High Commissioner for Refugees (UNHCR) has no access to the border.",
      "China will not let UNHCR staff travel to the northeast.",
      "The Chinese Government and the Asia Pacific Human Rights Coalition disagree on this point.",
      "The House International Relations Committee held a hearing on the matter.",
      "Officials in Pyongyang denied the report, and so did China and Russia.",
      "Some were sent back to North Korea after arrest in Mongolia.",
      "China is a party to the 1951 Refugee Convention and the Convention and Protocol.",
      "The North Korean Penal Code punishes defection, unlike the Immigration and Nationality Act.",
    ].join("\n");
    const drafted = draftQuestions(source(text), { limit: 20 });
    expect(drafted.length).toBeGreaterThan(2);
    const aliases: Record<string, string[]> = {
      UNHCR: ["United Nations High Commissioner for Refugees"],
      "United Nations High Commissioner for Refugees": ["UNHCR"],
      Pyongyang: ["North Korea"],
      "North Korea": ["Pyongyang"],
    };
    // The text is made so that such answers are drafted: the check below has something to check.
    expect(
      drafted.filter((d) => d.draft.answer in aliases || d.draft.answer.includes("Convention")).length,
    ).toBeGreaterThan(0);
    for (const { draft } of drafted) {
      const wrong = draft.wrong.split("\n");
      for (const alias of aliases[draft.answer] ?? []) expect(wrong).not.toContain(alias);
      if (draft.answer.includes("Convention"))
        expect(wrong.some((w) => w.includes("Convention"))).toBe(false);
    }
  });

  it("passes the bank's own checker", () => {
    const corpus = new Corpus([source()]);
    const { problems } = checkQuestions(
      drafts.map((d, i) => ({
        file: "draft",
        fallbackId: `#${i}`,
        raw: draftToInput(d.draft, `d-${i}`),
        origin: { kind: "bank", file: "draft" } as const,
      })),
      corpus,
    );
    expect(problems).toEqual([]);
  });

  it("never quotes page chrome, and drafts nothing from a document with nothing to ask", () => {
    const withChrome = draftQuestions(source(TEXT, [{ from: 3, to: 6, why: "test" }]), { limit: 20 });
    expect(withChrome.length).toBeGreaterThan(0);
    for (const d of withChrome) expect(d.line < 3 || d.line > 6).toBe(true);
    expect(draftQuestions(source("Nothing to ask here at all, only words.\n"), { limit: 5 })).toEqual([]);
  });
});
