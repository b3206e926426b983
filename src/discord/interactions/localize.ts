import type { APIApplicationCommandOptionChoice, LocalizationMap } from "discord.js";
import type { AppContext } from "../../app/context.ts";
import { serverLanguageOf } from "../../app/settings.ts";
import { type Locale, type MessageKey, type ParamsArg, serverLocale, t } from "../../i18n/index.ts";

/**
 * Command definitions in every language: the English text is the default, and Korean goes in
 * Discord's localization fields (`ko`), which Discord shows to users whose client is in Korean.
 * Command and option names stay English: interactions always carry the default names, and the
 * replies refer to commands by the names people type (`/quiz solo`).
 */
export function localizations<K extends MessageKey>(key: K, ...params: ParamsArg<K>): LocalizationMap {
  return { ko: t("ko", key, ...params) };
}

interface Describable {
  setDescription(description: string): this;
  setDescriptionLocalizations(localizations: LocalizationMap | null): this;
}

/** Sets a command's, subcommand's or option's description from the catalogue, in every language. */
export function described<B extends Describable, K extends MessageKey>(
  builder: B,
  key: K,
  ...params: ParamsArg<K>
): B {
  return builder
    .setDescription(t("en", key, ...params))
    .setDescriptionLocalizations(localizations(key, ...params));
}

/** An option choice whose name is shown in the user's language (its value stays as the code reads it). */
export function choice<V extends string>(key: ChoiceKey, value: V): APIApplicationCommandOptionChoice<V> {
  return { name: t("en", key), name_localizations: localizations(key), value };
}

/** Keys without parameters: what a choice name can be. */
type ChoiceKey = {
  [K in MessageKey]: ParamsArg<K> extends [params?: undefined] ? K : never;
}[MessageKey];

/**
 * The language of what a server shares (a channel round, a CSV file a teacher hands round): the
 * one set with `/settings language`, else Discord's server language.
 */
export async function serverLocaleOf(
  app: AppContext,
  interaction: { readonly guildId: string; readonly guildLocale: string | null },
): Promise<Locale> {
  return serverLocale(await serverLanguageOf(app, interaction.guildId), interaction.guildLocale);
}
