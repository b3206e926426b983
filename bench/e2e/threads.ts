/**
 * CPU time per thread of this process, by thread name (Linux: /proc/self/task/<tid>/stat and
 * comm), so a burst's CPU can be split between the main thread, V8's garbage-collection workers
 * and libuv's pool. Empty where /proc is not there.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's utime and stime (100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/** User + system CPU (ms) of each thread of this process, summed by thread name. */
export function cpuByThread(): Map<string, number> {
  const byName = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync("/proc/self/task");
  } catch {
    return byName;
  }
  for (const tid of tids) {
    try {
      const name = readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim();
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      // Fields after the parenthesised name: state is field 3, utime 14 and stime 15.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ticks = Number(fields[11]) + Number(fields[12]);
      // The main thread is named after the process ("node", or the title tsx gives it).
      const key = tid === String(process.pid) ? "main thread" : name;
      byName.set(key, (byName.get(key) ?? 0) + (ticks * 1000) / TICKS_PER_SECOND);
    } catch {
      // The thread ended while being read.
    }
  }
  return byName;
}

/** The CPU each thread name spent between two readings (ms), largest first. */
export function cpuSince(before: Map<string, number>, after: Map<string, number> = cpuByThread()) {
  return [...after]
    .map(([name, ms]) => [name, ms - (before.get(name) ?? 0)] as const)
    .filter(([, ms]) => ms > 0)
    .sort((a, b) => b[1] - a[1]);
}
