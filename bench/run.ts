/**
 * `npm run bench`: runs the benchmark suites, prints one table and writes the same figures to
 * bench/results.json. Every figure is a ratio or a percentile measured within this run, because
 * absolute times on a shared machine say little. `npm run bench -- leaderboard bank` runs only
 * the suites whose names contain one of the words given.
 */
import path from "node:path";
import { answerPathSuite } from "./answer-path.ts";
import { bankSuite } from "./bank.ts";
import { chartsSuite } from "./charts.ts";
import { endToEndSuite } from "./end-to-end.ts";
import { leaderboardSuite } from "./leaderboard.ts";
import { memorySuite } from "./memory.ts";
import { formatTable, type Measurement, machineInfo, type Suite, statusOf, writeResults } from "./report.ts";
import { sqliteDriversSuite } from "./sqlite-drivers.ts";

/** The suites, in the order they run. Add a suite here (a name and a function returning measurements). */
export const SUITES: readonly Suite[] = [
  { name: "answer path", run: answerPathSuite },
  { name: "sqlite drivers", run: sqliteDriversSuite },
  { name: "leaderboard", run: leaderboardSuite },
  { name: "bank", run: bankSuite },
  { name: "memory", run: memorySuite },
  { name: "charts", run: chartsSuite },
  { name: "end-to-end", run: endToEndSuite },
];

const RESULTS_FILE = path.join(import.meta.dirname, "results.json");

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).map((word) => word.toLowerCase());
  const suites = SUITES.filter(
    (suite) => wanted.length === 0 || wanted.some((word) => suite.name.toLowerCase().includes(word)),
  );
  if (suites.length === 0) throw new Error(`no suite matches ${wanted.join(", ")}`);
  const machine = machineInfo();
  console.log(`${machine.cpu} (${machine.cores} cores), Node ${machine.node}, ${machine.date}`);
  const started = performance.now();
  const measurements: Measurement[] = [];
  const timings: Record<string, number> = {};
  for (const suite of suites) {
    const suiteStart = performance.now();
    console.log(`running ${suite.name}...`);
    measurements.push(...(await suite.run()));
    timings[suite.name] = Math.round(performance.now() - suiteStart) / 1000;
  }
  const seconds = Math.round(performance.now() - started) / 1000;
  console.log(`\n${formatTable(measurements)}\n`);
  const missed = measurements.filter((m) => statusOf(m) === "MISS").length;
  console.log(`${missed === 0 ? "every goal met" : `${missed} goal(s) missed`}; ran in ${seconds} s`);
  await writeResults(RESULTS_FILE, { machine, seconds, suiteSeconds: timings }, measurements);
  console.log(`wrote ${path.relative(process.cwd(), RESULTS_FILE)}`);
}

await main();
// Done: a store client a suite opened (the old SQLite driver's, a pool) must not keep the run alive.
process.exit(0);
