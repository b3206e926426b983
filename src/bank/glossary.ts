/**
 * The glossary (questions/glossary.yaml): one Korean rendering per English term, so a term is
 * always translated the same way. `bank check` enforces the terms of scope `bank` on every field
 * of the Korean bank; terms of scope `interface` are the bot's own words (set, assignment, ...),
 * listed here so the interface and the bank share one list.
 */
import { z } from "zod";
import { text } from "./schema.ts";

export const GlossaryTermSchema = z.strictObject({
  /** The English forms that call for the rendering (matched as whole words, any case). */
  en: z.array(text(80)).min(1),
  /** The Korean rendering, or its accepted forms (the first is the one to use). */
  ko: z.array(text(80)).min(1),
  /** Renderings that are wrong for this term, refused where the English has it. */
  refuse: z.array(text(80)).default([]),
  /** `bank`: enforced on the Korean bank; `interface`: the bot's own words (not enforced on questions). */
  scope: z.enum(["bank", "interface"]).default("bank"),
  note: text(500).optional(),
});
export type GlossaryTerm = z.infer<typeof GlossaryTermSchema>;

export const GlossaryFileSchema = z.strictObject({ terms: z.array(GlossaryTermSchema).min(1) });
export type Glossary = readonly GlossaryTerm[];

/** Korean compared without spaces: "북한 난민" and "북한난민" are one rendering. */
const squeeze = (korean: string): string => korean.replace(/\s+/g, "");

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether an English text has one of a term's forms, as whole words (spaces and hyphens alike). */
function hasEnglish(text: string, forms: readonly string[]): boolean {
  return forms.some((form) => {
    const words = form
      .trim()
      .split(/[\s-]+/)
      .map(escapeRegExp)
      .join("[\\s-]+");
    return new RegExp(`(?<![\\p{L}\\p{N}])${words}(?![\\p{L}\\p{N}])`, "iu").test(text);
  });
}

/**
 * What a Korean text gets wrong against the glossary, for the English it translates: a term of
 * the English whose rendering the Korean lacks, and a refused rendering it uses. The Korean may
 * instead keep the English word itself (a question about the word "refoulement" names the word).
 * A refused form is allowed when another term of the English calls for it (탈북민 is wrong for
 * refugees in China, right for people resettled in South Korea).
 */
export function glossaryProblems(english: string, korean: string, glossary: Glossary): string[] {
  const present = glossary.filter((term) => term.scope === "bank" && hasEnglish(english, term.en));
  const squeezed = squeeze(korean);
  const wanted = present.flatMap((term) => term.ko.map(squeeze));
  const problems: string[] = [];
  for (const term of present) {
    const rendered = term.ko.some((form) => squeezed.includes(squeeze(form)));
    const keptInEnglish = hasEnglish(korean, term.en);
    if (!rendered && !keptInEnglish)
      problems.push(`the English has "${term.en[0]}": the glossary's Korean is "${term.ko[0]}"`);
    for (const wrong of term.refuse) {
      const form = squeeze(wrong);
      if (squeezed.includes(form) && !wanted.some((w) => w.includes(form)))
        problems.push(`"${wrong}" is not used for "${term.en[0]}": the glossary's Korean is "${term.ko[0]}"`);
    }
  }
  return problems;
}
