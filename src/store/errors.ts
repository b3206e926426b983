/**
 * How the store fails, whichever backend it is: a store that does not answer in time, one that is
 * unreachable at start, a write the disk refuses. The backends map their clients' errors onto
 * these, so the layers above never ask which backend failed.
 */
/** How long a call to a Redis or PostgreSQL store may take before it counts as unanswered. */
export const STORE_TIMEOUT_MS = 2_000;

/**
 * Thrown when the store does not answer in time (a server paused, restarting or unreachable).
 * The operation may still complete later: callers drop what they cached about it and read afresh.
 */
export class StoreUnavailableError extends Error {
  constructor(operation: string, timeoutMs: number) {
    super(`the store did not answer ${operation} within ${timeoutMs} ms`);
    this.name = "StoreUnavailableError";
  }
}

/** Bounds a call to a networked store: a StoreUnavailableError once `timeoutMs` has passed. */
export function timed<T>(operation: string, timeoutMs: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(operation, timeoutMs)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** How a client reports a connection lost, refused or timed out (node-postgres gives these no SQLSTATE). */
export const CONNECTION_FAILURE =
  /connection terminated|connection error|timeout|not queryable|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH/i;

/**
 * A call that failed because the connection did (refused, cut, timed out) is the store being
 * unavailable: the player is told so, and the next call tries again. An error the server answered
 * with, or a bug, is kept as it is.
 */
export function unavailableIfDisconnected(error: unknown, operation: string): unknown {
  if (error instanceof StoreUnavailableError || !(error instanceof Error)) return error;
  if ("severity" in error) return error; // the server answered (a PostgreSQL error): not a lost connection
  const code = (error as { code?: unknown }).code;
  if (!CONNECTION_FAILURE.test(error.message) && !CONNECTION_FAILURE.test(String(code))) return error;
  const failure = new StoreUnavailableError(operation, STORE_TIMEOUT_MS);
  failure.message = `${failure.message} (${error.message})`;
  return failure;
}

/** Thrown at start when the store does not answer: its message says which store and why. */
export class StoreUnreachableError extends Error {
  override name = "StoreUnreachableError";
}

/** SQLite's errors for a write that cannot be made: the disk full, an I/O error, a read-only file. */
export function isStoreWriteFailure(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return (
    typeof code === "string" &&
    (code === "SQLITE_FULL" || code.startsWith("SQLITE_IOERR") || code.startsWith("SQLITE_READONLY"))
  );
}
