/**
 * Who holds a lease, and whether that holder is certainly gone. A lease records its holder's host,
 * pid and the kernel's start time of that pid, so a process restarted right after a crash can see
 * that the holder was a process of this host that no longer exists, and take the lease at once
 * instead of waiting for it to expire.
 */
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { z } from "zod";

/** Who holds a lease, as its holder wrote it. */
export const HolderSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  /** The pid's start time as the kernel counts it (Linux), to tell a reused pid from the holder. */
  start: z.string().optional(),
});
export type Holder = z.infer<typeof HolderSchema>;

/** Parses a holder from the text a lease stores, or undefined when it names none. */
export function holderOf(text: string | null | undefined): Holder | undefined {
  try {
    return HolderSchema.parse(JSON.parse(text ?? ""));
  } catch {
    return undefined;
  }
}

/**
 * When the process `pid` started, in clock ticks since boot (field 22 of /proc/{pid}/stat), or
 * undefined where there is no /proc (then liveness rests on the pid alone).
 */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19];
  } catch {
    return undefined;
  }
}

/** This process, as a lease records its holder. */
export function thisProcess(): Holder {
  const start = processStart(process.pid);
  return { pid: process.pid, host: hostname(), ...(start === undefined ? {} : { start }) };
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether `holder` is certainly gone: it ran on this host and its pid is dead, or the pid now
 * belongs to a process started at another time (the pid was reused). A holder on another host,
 * or one this host cannot judge, is not gone: only its lease's expiry says it stopped.
 */
export function holderIsGone(holder: Holder): boolean {
  if (holder.host !== hostname() || holder.pid === process.pid) return false;
  if (!pidExists(holder.pid)) return true;
  if (holder.start === undefined) return false;
  const start = processStart(holder.pid);
  return start !== undefined && start !== holder.start;
}

/** "pid N on host H": how a message names a holder. */
export function describeHolder(holder: Holder | undefined): string {
  return holder ? `pid ${holder.pid} on host ${holder.host}` : "another process";
}
