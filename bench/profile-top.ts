/**
 * `npx tsx bench/profile-top.ts <a.cpuprofile>[,<more>] [<b.cpuprofile>[,<more>]] [--top N] [--areas]`: the functions with the
 * most self time in a V8 CPU profile (as `BENCH_PROFILE` writes them), grouped by function and
 * file (or, with --areas, by where the code lives: src, the fake, each package, node, GC); with two profiles, side by side, sorted by what the first spends beyond the second.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const Profile = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

/** Where a function lives, coarsely: the bot's own code, the fake, a package, Node, or V8. */
function areaOf(url: string, functionName: string): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "native";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith("node:")) return "node";
  const own = /\/(src|commands|bench)\//.exec(url)?.[1];
  if (own) return own;
  if (url.includes("/test/fake-discord/")) return "the fake";
  return "other";
}

/** Self time (ms) per "function (file:line)" of one profile, or per area with --areas. */
function selfTimes(file: string): Map<string, number> {
  const profile = Profile.parse(JSON.parse(readFileSync(file, "utf8")));
  const names = new Map(
    profile.nodes.map((node) => {
      const { functionName, url, lineNumber } = node.callFrame;
      const where =
        url === ""
          ? ""
          : ` ${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(src|bench|test|commands)\//, "$1/")}:${lineNumber + 1}`;
      return [node.id, byArea ? areaOf(url, functionName) : `${functionName || "(anonymous)"}${where}`];
    }),
  );
  // Starting the profiler shows up as the inspector's own work at the start: not the burst's.
  const children = z
    .array(z.object({ id: z.number(), children: z.array(z.number()).optional() }))
    .parse((JSON.parse(readFileSync(file, "utf8")) as { nodes: unknown }).nodes);
  const skipped = new Set<number>();
  const skip = (id: number) => {
    skipped.add(id);
    for (const child of children.find((n) => n.id === id)?.children ?? []) skip(child);
  };
  for (const node of profile.nodes) if (node.callFrame.functionName === "startProfiler") skip(node.id);
  const times = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    if (skipped.has(id)) return;
    const name = names.get(id) ?? "?";
    times.set(name, (times.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return times;
}

const args = process.argv.slice(2).filter((arg) => arg !== "--areas");
const byArea = process.argv.includes("--areas");
const topAt = args.indexOf("--top");
const top = topAt >= 0 ? Number(args[topAt + 1]) : 40;
const files = args.filter((arg, i) => !arg.startsWith("--") && (topAt < 0 || i !== topAt + 1));
if (files.length === 0 || files.length > 2) {
  console.error("usage: tsx bench/profile-top.ts <a.cpuprofile> [<b.cpuprofile>] [--top N]");
  process.exit(2);
}
/** Several profiles of one arm, given as "a.cpuprofile,b.cpuprofile", are summed. */
function summed(list: string): Map<string, number> {
  const sum = new Map<string, number>();
  for (const file of list.split(","))
    for (const [key, ms] of selfTimes(file)) sum.set(key, (sum.get(key) ?? 0) + ms);
  return sum;
}
const [a, b] = files.map(summed) as [Map<string, number>, Map<string, number> | undefined];
/** Time the process was doing something: everything but "(idle)". */
const total = (m: Map<string, number>) =>
  [...m].reduce((sum, [key, value]) => (key.startsWith("(idle)") ? sum : sum + value), 0);
console.log(
  files
    .map((f, i) => `${path.basename(f)}: ${total(i === 0 ? a : (b as Map<string, number>)).toFixed(1)} ms`)
    .join("  |  "),
);
const keys = new Set([...a.keys(), ...(b?.keys() ?? [])]);
const rows = [...keys].map((key) => ({ key, a: a.get(key) ?? 0, b: b?.get(key) ?? 0 }));
rows.sort((x, y) => (b ? y.a - y.b - (x.a - x.b) : y.a - x.a));
for (const row of rows.slice(0, top)) {
  const cols = b
    ? `${row.a.toFixed(1).padStart(8)} ${row.b.toFixed(1).padStart(8)} ${(row.a - row.b).toFixed(1).padStart(8)}`
    : row.a.toFixed(1).padStart(8);
  console.log(`${cols}  ${row.key}`);
}
