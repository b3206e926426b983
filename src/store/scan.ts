/**
 * Prefix scans that complete or fail loudly, on every backend. keyv's adapters differ in how a
 * scan ends when the store fails: @keyv/postgres catches a query error inside its iterator, emits
 * an event and stops, so a cut connection looked like the data had run out (an empty leaderboard,
 * no round to resume). So each backend gives its rows by reads whose errors are thrown (its
 * `rows`, see backend.ts); here every read of a networked store is bounded in time, and a stored
 * value that is not JSON is handed to the caller as an UnreadableRecord (to be moved aside)
 * instead of ending the scan.
 */
import type Keyv from "keyv";
import { STORE_TIMEOUT_MS, StoreUnavailableError } from "./errors.ts";
import { backendFor } from "./registry.ts";
import { deserializeRecord } from "./validated.ts";

/** Thrown when a scan kept failing: the player is told the store is unavailable, never "no data". */
export class ScanFailedError extends StoreUnavailableError {
  constructor(
    prefix: string,
    attempts: number,
    override readonly cause: unknown,
  ) {
    super(`a scan of ${prefix}`, STORE_TIMEOUT_MS);
    this.name = "ScanFailedError";
    this.message = `a scan of ${prefix} failed ${attempts} times: ${cause instanceof Error ? cause.message : String(cause)}`;
  }
}

/** A read bounded by the store timeout (a paused Redis queues commands without failing). */
async function bounded<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError("a scan", STORE_TIMEOUT_MS)), STORE_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The records whose keys start with `prefix` (such as `score:`), as [key, value] pairs, keys
 * without the namespace. A value that is not JSON comes as an UnreadableRecord (see validated.ts); expired records
 * are left out. A store error ends the scan with that error, never early and quietly.
 */
export async function* scanPrefix(keyv: Keyv, prefix: string): AsyncGenerator<[string, unknown]> {
  const namespace = keyv.namespace ?? "";
  const skip = namespace ? namespace.length + 1 : 0;
  const backend = backendFor(keyv);
  const networked = backend.networked;
  const rows = backend.rows(prefix);
  const now = Date.now();
  try {
    for (;;) {
      const next = networked ? await bounded(rows.next()) : await rows.next();
      if (next.done) return;
      const [fullKey, raw] = next.value;
      const key = fullKey.slice(skip);
      // Written by keyv with the store's JSON serializer: { value, expires }.
      const data = deserializeRecord(String(raw));
      if (typeof data?.expires === "number" && now > data.expires) continue;
      yield [key, data?.value];
    }
  } finally {
    void rows.return?.(undefined)?.catch(() => {});
  }
}

/** Delays between attempts of a scan that failed: about 4 s in all before the player is told. */
export const SCAN_RETRY_MS = [250, 1_000, 2_500] as const;

/**
 * Runs a whole scan (`collect` reads it from the start), again after a failure, with backoff;
 * after the last attempt it throws a ScanFailedError (shown as the store-unavailable message).
 */
export async function withScanRetry<T>(
  prefix: string,
  collect: () => Promise<T>,
  onRetry: (error: unknown, attempt: number) => void = () => {},
  delays: readonly number[] = SCAN_RETRY_MS,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await collect();
    } catch (error) {
      const delay = delays[attempt - 1];
      if (delay === undefined) throw new ScanFailedError(prefix, attempt, error);
      onRetry(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
