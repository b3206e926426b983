import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layout is the architecture: each folder is a layer, and a module may import only from its
 * own layer or a lower one (type imports included: they are arrows a reader follows too).
 */
const LAYERS: readonly { readonly rank: number; readonly prefixes: readonly string[] }[] = [
  { rank: 0, prefixes: ["src/i18n/", "src/lib/", "src/paths.ts"] },
  // The domain: the bank, the pure quiz engine, the review scheduler; logging and the chart
  // renderer (SVG and PNG from plain data) are leaves too.
  { rank: 1, prefixes: ["src/bank/", "src/engine/", "src/records/", "src/log.ts", "src/charts/"] },
  { rank: 2, prefixes: ["src/store/"] },
  // The configuration checks STORE_URL with the store's own parser; operations (health, metrics,
  // shutdown) watch the store and are used by the Discord layer and the entry points.
  { rank: 3, prefixes: ["src/app/", "src/config.ts", "src/ops/"] },
  { rank: 4, prefixes: ["src/discord/"] },
  // Entry points wire everything.
  { rank: 6, prefixes: ["src/main.ts", "src/shard.ts", "src/cli/"] },
];

function rankOf(file: string): number {
  const layer = LAYERS.find((l) => l.prefixes.some((p) => file === p || file.startsWith(p)));
  if (!layer) throw new Error(`${file} belongs to no layer: add its folder to LAYERS`);
  return layer.rank;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return full.endsWith(".ts") ? [full] : [];
  });
}

/** Every module of src/ and commands/ with the project files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of filesUnder("src")) {
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((m) =>
      path.normalize(path.join(path.dirname(file), m[1] as string)),
    );
    graph.set(file, targets);
  }
  return graph;
}

describe("the layers", () => {
  const graph = importGraph();

  it("never import from a higher layer (quiz/bank/learn <- store <- app <- discord <- commands)", () => {
    const upward: string[] = [];
    for (const [file, targets] of graph)
      for (const target of targets) if (rankOf(target) > rankOf(file)) upward.push(`${file} -> ${target}`);
    expect(upward).toEqual([]);
  });

  it("have no import cycle", () => {
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(" -> "));
        return;
      }
      state.set(file, "visiting");
      for (const target of graph.get(file) ?? []) visit(target, [...trail, file]);
      state.set(file, "done");
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it("keep raw keyv inside src/store", () => {
    const outside = [...graph.keys()].filter(
      (file) => !file.startsWith("src/store/") && /from "keyv"/.test(readFileSync(file, "utf8")),
    );
    // The entry points open the store and hand it to the application, which passes it to src/store;
    // the metrics count the store's calls by wrapping it.
    const wiring = ["src/app/context.ts", "src/app/open.ts", "src/ops/metrics.ts"];
    expect(outside.filter((f) => !wiring.includes(f))).toEqual([]);
  });
});
