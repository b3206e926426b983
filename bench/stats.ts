/** Small statistics and timing helpers: every figure the suites report is built from these. */

/** The value at percentile `p` (0 to 100) of some samples, by the nearest-rank method. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error("no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** The median of some samples (the 50th percentile). */
export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Milliseconds an async call takes, with the high-resolution clock. */
export async function timeAsync(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** Milliseconds a synchronous call takes. */
export function timeSync(work: () => unknown): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

/**
 * Times two async operations `iterations` times, alternating which goes first (A B, B A, ...)
 * so that drift and bursts of noise on a shared machine fall on both alike. `prepare` runs
 * untimed before each pair (to set up what the next A needs).
 */
export async function interleaved(
  iterations: number,
  a: (i: number) => Promise<unknown>,
  b: (i: number) => Promise<unknown>,
  prepare: (i: number) => Promise<unknown> = async () => {},
): Promise<{ a: number[]; b: number[] }> {
  const timesA: number[] = [];
  const timesB: number[] = [];
  for (let i = 0; i < iterations; i++) {
    await prepare(i);
    if (i % 2 === 0) {
      timesA.push(await timeAsync(() => a(i)));
      timesB.push(await timeAsync(() => b(i)));
    } else {
      timesB.push(await timeAsync(() => b(i)));
      timesA.push(await timeAsync(() => a(i)));
    }
  }
  return { a: timesA, b: timesB };
}

/** A number rounded to `digits` significant digits, for tables and JSON that stay readable. */
export function round(value: number, digits = 3): number {
  return value === 0 || !Number.isFinite(value) ? value : Number(value.toPrecision(digits));
}
