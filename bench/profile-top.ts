/**
 * `npx tsx bench/profile-top.ts <a.cpuprofile> [<b.cpuprofile>] [--top N]`: the functions with the
 * most self time in a V8 CPU profile (as `BENCH_PROFILE` writes them), grouped by function and
 * file; with two profiles, side by side, sorted by what the first spends beyond the second.
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

/** Self time (ms) per "function (file:line)" of one profile. */
function selfTimes(file: string): Map<string, number> {
  const profile = Profile.parse(JSON.parse(readFileSync(file, "utf8")));
  const names = new Map(
    profile.nodes.map((node) => {
      const { functionName, url, lineNumber } = node.callFrame;
      const where =
        url === ""
          ? ""
          : ` ${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(src|bench|test|commands)\//, "$1/")}:${lineNumber + 1}`;
      return [node.id, `${functionName || "(anonymous)"}${where}`];
    }),
  );
  const times = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const name = names.get(id) ?? "?";
    times.set(name, (times.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return times;
}

const args = process.argv.slice(2);
const topAt = args.indexOf("--top");
const top = topAt >= 0 ? Number(args[topAt + 1]) : 40;
const files = args.filter((arg, i) => !arg.startsWith("--") && (topAt < 0 || i !== topAt + 1));
if (files.length === 0 || files.length > 2) {
  console.error("usage: tsx bench/profile-top.ts <a.cpuprofile> [<b.cpuprofile>] [--top N]");
  process.exit(2);
}
const [a, b] = files.map(selfTimes) as [Map<string, number>, Map<string, number> | undefined];
const total = (m: Map<string, number>) => [...m.values()].reduce((s, v) => s + v, 0);
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
