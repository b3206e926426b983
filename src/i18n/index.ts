/**
 * The message catalogue: every word the bot shows, in English and Korean, looked up by key with
 * `{placeholder}` parameters. Dependency-free on purpose: plain placeholders, plus a plural form
 * chosen by Intl.PluralRules (`{count:one=player|other=players}`, see plural.ts); no ICU syntax.
 */
import type { Catalogue, Locale, MessageArgs, MessageKey, ParamsArg } from "./catalogue.ts";
import { en } from "./en.ts";
import { ko } from "./ko.ts";
import { parsePluralForms, plural } from "./plural.ts";

export type { Catalogue, Locale, MessageArgs, MessageKey, MessageParams, ParamsArg } from "./catalogue.ts";

import { LOCALES } from "./catalogue.ts";

export { LOCALES } from "./catalogue.ts";
export { type PluralForms, plural, pluralCategories } from "./plural.ts";

/** The catalogues by locale. */
export const CATALOGUES: { readonly [L in Locale]: Catalogue } = { en, ko };

/** Every key, in the English catalogue's order. */
export const MESSAGE_KEYS = Object.keys(en) as MessageKey[];

/** `{name}`, or a plural form of a number: `{name:one=…|other=…}`. */
const PLACEHOLDER = /\{(\w+)(?::([^{}]*))?\}/g;

/** The placeholder names of a template, in order of appearance. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? "");
}

/** Fills a template's placeholders; a placeholder without a value is a bug, so it throws. */
function fill(
  locale: Locale,
  key: MessageKey,
  params: Readonly<Record<string, string | number>> | undefined,
): string {
  const template = CATALOGUES[locale][key];
  if (template === undefined) throw new Error(`no message "${key}" in locale ${locale}`);
  return template.replace(PLACEHOLDER, (_, name: string, forms: string | undefined) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`message "${key}" (${locale}) needs the parameter "${name}"`);
    if (forms === undefined) return String(value);
    return plural(locale, Number(value), parsePluralForms(forms));
  });
}

/** A message in a locale, with its parameters filled: `t("ko", "quiz.questionTitle", { round: 1, total: 3 })`. */
export function t<K extends MessageKey>(locale: Locale, key: K, ...[params]: ParamsArg<K>): string {
  return fill(locale, key, params as Readonly<Record<string, string | number>> | undefined);
}

/** A message given as key and parameters (as a UserError carries it), in a locale. */
export function translate(locale: Locale, ...[key, params]: MessageArgs): string {
  return fill(locale, key, params as Readonly<Record<string, string | number>> | undefined);
}

/**
 * The locale to answer an interaction in: Korean when the user's Discord client is in Korean
 * (`ko`), English otherwise. Takes anything with a `locale` (every Discord interaction has one),
 * so this module needs no discord.js import.
 */
export function localeOf(source: { readonly locale?: string | null | undefined }): Locale {
  return source.locale?.toLowerCase().startsWith("ko") ? "ko" : "en";
}

/** What `/settings language` may choose: a language, or "auto" (Discord's server language). */
export const SERVER_LANGUAGES = ["auto", ...LOCALES] as const;
export type ServerLanguage = (typeof SERVER_LANGUAGES)[number];

/**
 * The language of a server's public messages (a channel round's questions, reveals and
 * scoreboard): the one a quiz master set with `/settings language`, else Discord's server
 * language (`guild_locale`), else English. Private replies follow each member's own locale.
 */
export function serverLocale(
  setting: ServerLanguage | undefined,
  guildLocale: string | null | undefined,
): Locale {
  if (setting !== undefined && setting !== "auto") return setting;
  return localeOf({ locale: guildLocale });
}

/** Narrows a stored value to a locale (for records written before locales existed: English). */
export function asLocale(value: string | null | undefined): Locale {
  return value === "ko" ? "ko" : "en";
}
