/**
 * The store's part of readiness: a real write (set, then delete, of a key of this process's own),
 * bounded in time, so a store that answers reads but refuses writes (a replica, a full disk, a
 * read-only user) is reported as such, and a stalled one never holds a probe past its timeout.
 */
import { hostname } from "node:os";
import type Keyv from "keyv";
import { timed } from "./open.ts";

/** What a probe found: the store takes writes, answers only reads, or answers nothing in time. */
export type StoreProbe =
  | { readonly state: "writable" }
  | { readonly state: "read-only" | "unreachable"; readonly error: string };

const firstLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";

/** Writes and deletes a probe key within `timeoutMs` in all; on a failed write, tells a readable store from a silent one. */
export async function probeStore(keyv: Keyv, timeoutMs: number): Promise<StoreProbe> {
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  // One key per process, expiring on its own if the process dies between the two calls.
  const key = `health:probe:${hostname()}:${process.pid}`;
  try {
    await timed("a probe write", left(), keyv.set(key, Date.now(), 60_000));
    await timed("a probe delete", left(), keyv.delete(key));
    return { state: "writable" };
  } catch (writeError) {
    try {
      await timed("a probe read", left(), keyv.get(key));
      return { state: "read-only", error: firstLine(writeError) };
    } catch {
      return { state: "unreachable", error: firstLine(writeError) };
    }
  }
}
