/**
 * The application's side of "read, then write only if unchanged" (src/store/checked.ts): runs an
 * attempt (read, decide, commit) until one commits, a bounded number of times, pausing a little
 * longer after each conflict; then a TransactionConflictError (the player is told to try again).
 */
import { conflictPause, TRANSACTION_ATTEMPTS, TransactionConflictError } from "../store/transact.ts";

/** What one attempt came to: committed (or nothing to commit) with its result, or a conflict. */
export type Attempt<T> = { readonly committed: true; readonly result: T } | { readonly committed: false };

export async function untilCommitted<T>(attempt: () => Promise<Attempt<T>>): Promise<T> {
  for (let n = 1; ; n++) {
    const outcome = await attempt();
    if (outcome.committed) return outcome.result;
    if (n >= TRANSACTION_ATTEMPTS) throw new TransactionConflictError(n);
    await conflictPause(n);
  }
}
