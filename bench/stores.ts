/** The keyv backends the benchmarks run on: SQLite always, Redis and PostgreSQL where they answer. */
import { randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";
import type Keyv from "keyv";
import { openKeyv } from "../src/store/open.ts";

/** A store backend to measure on. */
export interface BenchBackend {
  readonly name: string;
  readonly open: (namespace: string) => Keyv;
}

/** A fresh namespace, so a run never sees an earlier run's keys on a shared server. */
export function benchNamespace(): string {
  return `bench${randomBytes(4).toString("hex")}`;
}

/** Whether something listens on a loopback port (within a second). */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    // Loopback only: the benchmarks never contact another host.
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** SQLite in `dir`, plus Redis and PostgreSQL on their standard local ports when reachable. */
export async function benchBackends(dir: string): Promise<{ backends: BenchBackend[]; skipped: string[] }> {
  const sqliteFile = path.join(dir, "answer-path.sqlite");
  const backends: BenchBackend[] = [
    { name: "SQLite", open: (namespace) => openKeyv(`sqlite://${sqliteFile}`, { namespace }) },
  ];
  const skipped: string[] = [];
  if (await portOpen(6379)) {
    backends.push({ name: "Redis", open: (namespace) => openKeyv("redis://127.0.0.1:6379", { namespace }) });
  } else skipped.push("Redis");
  if (await portOpen(5432)) {
    backends.push({
      name: "PostgreSQL",
      open: (namespace) =>
        openKeyv("postgres://postgres@127.0.0.1:5432/test", { namespace, table: "keyv_bench" }),
    });
  } else skipped.push("PostgreSQL");
  return { backends, skipped };
}

/** Store requests by kind, as the adapter receives them (one per round trip, or per batch). */
export type StoreCalls = Record<"get" | "getMany" | "set" | "setMany" | "delete", number>;

/**
 * Counts the requests keyv makes to its storage adapter, by wrapping the adapter's methods, so a
 * suite can say how many round trips an operation costs and not only how long it takes.
 */
export function countStoreCalls(keyv: Keyv): StoreCalls {
  const calls = noCalls();
  const adapter = keyv.store as Record<string, unknown>;
  for (const name of Object.keys(calls) as (keyof StoreCalls)[]) {
    const original = adapter[name];
    if (typeof original !== "function") continue;
    adapter[name] = (...args: unknown[]) => {
      calls[name]++;
      return original.apply(adapter, args);
    };
  }
  return calls;
}

/** A zeroed tally of store calls. */
export function noCalls(): StoreCalls {
  return { get: 0, getMany: 0, set: 0, setMany: 0, delete: 0 };
}

/** Runs `work` and adds the store calls it made (as counted in `calls`) to `into`. */
export async function tallyCalls(calls: StoreCalls, into: StoreCalls, work: () => Promise<unknown>) {
  const before = { ...calls };
  await work();
  for (const name of Object.keys(into) as (keyof StoreCalls)[]) into[name] += calls[name] - before[name];
}

/** "2 get + 1 setMany": a tally of store calls, per operation. */
export function describeCalls(total: StoreCalls, operations: number): string {
  const parts = (Object.keys(total) as (keyof StoreCalls)[])
    .filter((name) => total[name] > 0)
    .map((name) => `${Number((total[name] / operations).toFixed(2))} ${name}`);
  return parts.length === 0 ? "none" : parts.join(" + ");
}
