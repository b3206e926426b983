/** Time zones: IANA names as Intl knows them, and times shown in a server's zone. */
import { DateTime, IANAZone } from "luxon";

/** Every IANA zone name this runtime knows (plus UTC), for checking and autocomplete. */
export function knownTimeZones(): string[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];
}

/** The canonical spelling of a zone name typed in any case, or undefined if it is not a zone. */
export function canonicalTimeZone(typed: string): string | undefined {
  const needle = typed.trim().toLowerCase();
  const known = knownTimeZones().find((z) => z.toLowerCase() === needle);
  if (known) return known;
  // Aliases Intl accepts but does not list (such as "Asia/Calcutta") are valid too.
  return IANAZone.isValidZone(typed.trim()) ? typed.trim() : undefined;
}

/** Zone names containing what was typed, best matches first, at most `limit`. */
export function timeZoneChoices(typed: string, limit: number): string[] {
  const needle = typed.trim().toLowerCase().replaceAll(" ", "_");
  const zones = knownTimeZones();
  if (needle === "") return zones.slice(0, limit);
  const starts = zones.filter((z) => z.toLowerCase().startsWith(needle));
  const city = zones.filter(
    (z) => !starts.includes(z) && z.toLowerCase().split("/").at(-1)?.startsWith(needle),
  );
  const contains = zones.filter(
    (z) => !starts.includes(z) && !city.includes(z) && z.toLowerCase().includes(needle),
  );
  return [...starts, ...city, ...contains].slice(0, limit);
}

/** A moment in a zone with its offset, as a spreadsheet reads it: `2026-12-08 17:00:00 +09:00`. */
export function formatWithOffset(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toFormat("yyyy-MM-dd HH:mm:ss ZZ");
}
