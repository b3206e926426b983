import type Keyv from "keyv";
import type { Logger } from "pino";
import type { z } from "zod";
import type { KeyedLock } from "../lib/keyed-lock.ts";

/**
 * Told about a stored record that does not parse, with its key (to log) and the value read (to
 * move aside: see Quarantine). It never throws and is never awaited, so a caller that holds the
 * record's lock can report it.
 */
export type CorruptRecordReporter = (key: string, problem: string, raw?: unknown) => void;

/** A stored value that is not JSON: its text, kept so that it can be moved aside as it is. */
export class UnreadableRecord {
  constructor(readonly text: string) {}
}

/** The store's deserializer: JSON, or an UnreadableRecord (never an exception that ends a read or a scan). */
export function deserializeRecord(text: string): { value?: unknown; expires?: number | null } {
  try {
    return JSON.parse(text) as { value?: unknown; expires?: number | null };
  } catch {
    return { value: new UnreadableRecord(text) };
  }
}

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

/** True if two values read from the store are the same record. */
function sameRecord(a: unknown, b: unknown): boolean {
  if (a instanceof UnreadableRecord || b instanceof UnreadableRecord)
    return a instanceof UnreadableRecord && b instanceof UnreadableRecord && a.text === b.text;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Moves corrupt records aside, in the background and under each record's lock: a copy goes to
 * `corrupt:{key}:{time}` with a log line naming the key, and the record itself is deleted only
 * if it still holds the corrupt value (the reader may have written a fresh record meanwhile,
 * under the same lock). A key already being moved aside is not copied twice.
 */
export class Quarantine {
  private readonly moving = new Map<string, Promise<void>>();

  constructor(
    private readonly keyv: Keyv,
    private readonly lock: KeyedLock,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  /** Reports a corrupt record and moves it aside (never throws; see `idle` to wait for it). */
  readonly report: CorruptRecordReporter = (key, problem, raw) => {
    if (raw === undefined) {
      this.logger.error({ key, problem }, "a stored record is corrupt");
      return;
    }
    if (this.moving.has(key)) return;
    const work = this.lock
      .run(key, async () => {
        const aside = `corrupt:${key}:${this.now()}`;
        await this.keyv.set(aside, raw instanceof UnreadableRecord ? raw.text : raw);
        const unchanged = sameRecord(await this.keyv.get(key), raw);
        if (unchanged) await this.keyv.delete(key);
        this.logger.error(
          { key, problem, aside, replaced: !unchanged },
          "a stored record is corrupt: moved aside",
        );
      })
      .catch((error: unknown) =>
        this.logger.error(
          { key, problem, err: error },
          "a stored record is corrupt and could not be moved aside",
        ),
      )
      .finally(() => this.moving.delete(key));
    this.moving.set(key, work);
  };

  /** Resolves when every record reported so far has been moved aside (or failed to be). */
  async idle(): Promise<void> {
    while (this.moving.size > 0) await Promise.all(this.moving.values());
  }
}
