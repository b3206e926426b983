/** What a benchmark suite reports, and how the run prints it and saves it as JSON. */
import { writeFile } from "node:fs/promises";
import os from "node:os";
import { round } from "./stats.ts";

/** A target a figure must meet: below `limit` (strictly, or at most with `inclusive`). */
export interface Goal {
  readonly limit: number;
  readonly inclusive?: boolean;
}

/** One reported figure: a ratio or a percentile measured in this run, with its goal if it has one. */
export interface Measurement {
  readonly suite: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly goal?: Goal | undefined;
  /** The raw figures behind the value (medians, sizes), so a reader can check it. */
  readonly detail?: string | undefined;
}

/** A group of measurements; the run executes an explicit list of these. */
export interface Suite {
  readonly name: string;
  readonly run: () => Promise<Measurement[]>;
}

/** PASS or MISS against the goal, or "info" for a figure that has none. */
export type Status = "PASS" | "MISS" | "info";

/** Whether a measurement meets its goal. */
export function statusOf(m: Measurement): Status {
  if (!m.goal) return "info";
  const ok = m.goal.inclusive ? m.value <= m.goal.limit : m.value < m.goal.limit;
  return ok ? "PASS" : "MISS";
}

/** The machine and runtime the figures come from (they only compare within one run). */
export function machineInfo() {
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.availableParallelism(),
    memoryGb: round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    date: new Date().toISOString(),
  };
}

function goalText(m: Measurement): string {
  if (!m.goal) return "";
  return `${m.goal.inclusive ? "≤" : "<"} ${m.goal.limit} ${m.unit}`;
}

/** The measurements as a plain-text table, one row each. */
export function formatTable(measurements: readonly Measurement[]): string {
  const header = ["suite", "measurement", "value", "goal", "status", "detail"];
  const rows = measurements.map((m) => [
    m.suite,
    m.name,
    `${round(m.value)} ${m.unit}`,
    goalText(m),
    statusOf(m),
    m.detail ?? "",
  ]);
  // The detail column is last and left ragged, so long details do not widen every row.
  const widths = header.map((h, i) =>
    i === header.length - 1 ? 0 : Math.max(h.length, ...rows.map((r) => (r[i] as string).length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w || 6))), ...rows.map(line)].join("\n");
}

/** Writes the run (machine and timings in `header`, then every figure with its status) to a JSON file. */
export async function writeResults(
  file: string,
  header: Record<string, unknown>,
  measurements: readonly Measurement[],
) {
  const results = measurements.map((m) => ({ ...m, value: round(m.value, 4), status: statusOf(m) }));
  const body = { ...header, results };
  await writeFile(file, `${JSON.stringify(body, null, 2)}\n`);
}
