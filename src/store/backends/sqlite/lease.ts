/**
 * SQLite's lease: one process per database file, whatever its shards. A lock file next to the
 * database (`{file}.lock`) created exclusively, holding the holder's identity (host, pid, the pid's
 * start time). It survives SIGKILL, so a file whose pid is no longer alive is stale and is taken
 * over at once.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { LeaseHeldError, type StoreLease } from "../../lease.ts";
import { type Holder, holderIsGone, holderOf, thisProcess } from "../../lease-holder.ts";

/** SQLite: an exclusive lock file whose holder's pid is checked for liveness. */
export function sqliteLease(databaseFile: string): StoreLease {
  const lockFile = `${path.resolve(databaseFile)}.lock`;
  const mine = JSON.stringify(thisProcess());
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, "wx");
      writeSync(fd, mine);
      closeSync(fd);
      return {
        async release() {
          try {
            if (readFileSync(lockFile, "utf8") === mine) unlinkSync(lockFile);
          } catch {
            // Already gone.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let holder: Holder | undefined;
    try {
      holder = holderOf(readFileSync(lockFile, "utf8"));
    } catch {
      holder = undefined; // Unreadable (a crash while writing it): stale.
    }
    // A file naming this very pid was left by an earlier process that had it (pids are reused).
    const stale =
      !holder || (holder.host === hostname() && (holder.pid === process.pid || holderIsGone(holder)));
    if (holder && !stale && holder.host === hostname())
      throw new LeaseHeldError(`pid ${holder.pid} holds ${lockFile}`);
    if (holder && !stale)
      throw new LeaseHeldError(
        `${lockFile} was taken on host ${holder.host}; delete it if that bot is stopped`,
      );
    // The holder died (SIGKILL leaves the file): the lease is stale, take it over.
    try {
      unlinkSync(lockFile);
    } catch {
      // Another process removed it first; the exclusive create decides between us.
    }
  }
  throw new LeaseHeldError(`another process took ${lockFile} at the same moment`);
}
