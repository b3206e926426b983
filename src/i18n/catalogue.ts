import type { en } from "./en.ts";

/** The languages the interface speaks. English is the source of truth; Korean mirrors it key for key. */
export const LOCALES = ["en", "ko"] as const;
export type Locale = (typeof LOCALES)[number];

/** Every message's key, as English defines them. */
export type MessageKey = keyof typeof en;

/** A language's messages: exactly the English keys (a missing or extra key is a type error). */
export type Catalogue = { readonly [K in MessageKey]: string };

/**
 * The `{name}` placeholders of a message template, as a union of names. A plural placeholder
 * `{count:one=player|other=players}` names its number, `count` (see src/i18n/plural.ts).
 */
export type PlaceholdersOf<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? (Name extends `${infer Number}:${string}` ? Number : Name) | PlaceholdersOf<Rest>
  : never;

/** The parameters a message needs: one value per placeholder of its English template. */
export type MessageParams<K extends MessageKey> = {
  readonly [P in PlaceholdersOf<(typeof en)[K]>]: string | number;
};

/** What follows the key in a call: the parameters when the message has placeholders, else nothing. */
export type ParamsArg<K extends MessageKey> = [PlaceholdersOf<(typeof en)[K]>] extends [never]
  ? [params?: undefined]
  : [params: MessageParams<K>];

/** A key with its parameters, for any key: what a UserError carries to be translated later. */
export type MessageArgs = { [K in MessageKey]: [key: K, ...params: ParamsArg<K>] }[MessageKey];
