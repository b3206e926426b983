import type Keyv from "keyv";
import type { z } from "zod";

/** Told about a stored record that does not parse, with its key, so it can be logged. */
export type CorruptRecordReporter = (key: string, problem: string) => void;

/** The outcome of reading a record: absent, valid, or corrupt (with what is wrong). */
export type ReadResult<T> =
  | { readonly kind: "absent" }
  | { readonly kind: "ok"; readonly value: T }
  | { readonly kind: "corrupt"; readonly raw: unknown; readonly problem: string };

/** Reads a record and validates it with zod: store contents cross a trust boundary too. */
export async function readValidated<T>(
  keyv: Keyv,
  key: string,
  schema: z.ZodType<T>,
): Promise<ReadResult<T>> {
  return validated(await keyv.get(key), schema);
}

/** Validates a value read from the store (by `get` or `getMany`) with zod. */
export function validated<T>(raw: unknown, schema: z.ZodType<T>): ReadResult<T> {
  if (raw === undefined || raw === null) return { kind: "absent" };
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { kind: "ok", value: parsed.data };
  const problem = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "(record)"}: ${issue.message}`)
    .join("; ");
  return { kind: "corrupt", raw, problem };
}

/**
 * Moves a corrupt record aside (to `corrupt:{key}:{now}`) so that the bot can go on with a fresh
 * one while nothing is deleted: an operator can still inspect and repair it.
 */
export async function quarantine(keyv: Keyv, key: string, raw: unknown, now: number): Promise<string> {
  const aside = `corrupt:${key}:${now}`;
  await keyv.set(aside, raw);
  await keyv.delete(key);
  return aside;
}
