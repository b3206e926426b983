/**
 * Plural forms chosen by the language's own rules (Intl.PluralRules), so that no message says
 * "player(s)". A template writes `{count:one=player|other=players}`: the form for the category
 * of `count` in that language, `other` when the language has no form for that category.
 * Korean has a single form, so its templates rarely need one.
 */
import type { Locale } from "./catalogue.ts";

/** A plural category as CLDR names it. */
export type PluralCategory = Intl.LDMLPluralRule;

/** The forms of a word by plural category; `other` is required (every language has it). */
export type PluralForms = Readonly<Partial<Record<PluralCategory, string>>> & { readonly other: string };

const RULES = new Map<Locale, Intl.PluralRules>();

function rulesOf(locale: Locale): Intl.PluralRules {
  let rules = RULES.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    RULES.set(locale, rules);
  }
  return rules;
}

/** The categories a language distinguishes (English: one, other; Korean: other). */
export function pluralCategories(locale: Locale): readonly PluralCategory[] {
  return rulesOf(locale).resolvedOptions().pluralCategories;
}

/** The form of a word for a count in a language: `plural("en", 1, { one: "player", other: "players" })`. */
export function plural(locale: Locale, count: number, forms: PluralForms): string {
  return forms[rulesOf(locale).select(count)] ?? forms.other;
}

const CATEGORIES: ReadonlySet<string> = new Set(["zero", "one", "two", "few", "many", "other"]);

/**
 * Parses the forms of a plural placeholder (`one=player|other=players`); throws on a malformed
 * one, since that is a bug in the catalogue (a test parses every template).
 */
export function parsePluralForms(spec: string): PluralForms {
  const forms: Partial<Record<PluralCategory, string>> = {};
  for (const part of spec.split("|")) {
    const eq = part.indexOf("=");
    const category = part.slice(0, eq);
    if (eq < 0 || !CATEGORIES.has(category)) throw new Error(`bad plural form "${part}" in "${spec}"`);
    forms[category as PluralCategory] = part.slice(eq + 1);
  }
  if (forms.other === undefined) throw new Error(`plural "${spec}" has no "other" form`);
  return { ...forms, other: forms.other };
}
