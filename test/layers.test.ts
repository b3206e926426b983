import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layout is the architecture: each folder is a layer, and a module may import only from its
 * own layer or a lower one (type imports included: they are arrows a reader follows too).
 * docs/architecture.md draws the same table.
 */
const LAYERS: readonly { readonly rank: number; readonly prefixes: readonly string[] }[] = [
  // Leaves: the en/ko catalogue, generic helpers with no dependency (src/lib), the package root.
  { rank: 0, prefixes: ["src/i18n/", "src/lib/", "src/paths.ts"] },
  // The domain: the bank, the pure engine (sessions, answers, scoring, the review scheduler);
  // logging and the chart renderer (SVG and PNG from plain data) are leaves too.
  { rank: 1, prefixes: ["src/bank/", "src/engine/", "src/log.ts", "src/charts/"] },
  // The records the application works on and the store keeps (schemas and types, no I/O).
  { rank: 2, prefixes: ["src/records/"] },
  { rank: 3, prefixes: ["src/store/"] },
  // The configuration checks STORE_URL with the store's own parser; operations (health, metrics,
  // shutdown) watch the store and are used by the Discord layer and the entry points.
  { rank: 4, prefixes: ["src/app/", "src/config.ts", "src/ops/"] },
  // Transport, interactions, features (one folder per feature: what its commands, buttons and
  // forms do), drivers (round steps, assignment deadlines) and renderers.
  { rank: 5, prefixes: ["src/discord/"] },
  // The slash commands, one module each: its definition and its entry handler, which hands the
  // work to its feature folder.
  { rank: 6, prefixes: ["commands/"] },
  // Entry points wire everything (the composition root hands the store to the application).
  { rank: 7, prefixes: ["src/main.ts", "src/shard.ts", "src/cli/"] },
];

/**
 * Imports that the ranks allow but the layout forbids: the Discord layer reaches the store only
 * through src/app (which re-exports the little it needs: the step queue's type, store failures).
 */
const FORBIDDEN: readonly { readonly from: string; readonly to: string; readonly why: string }[] = [
  { from: "src/discord/", to: "src/store/", why: "the Discord layer goes through src/app" },
  { from: "commands/", to: "src/store/", why: "a command goes through src/app" },
  { from: "src/engine/", to: "src/records/", why: "the engine knows no stored record" },
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

/** Every module of src/ with the project files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of [...filesUnder("src"), ...filesUnder("commands")]) {
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

  it("never import from a higher layer (lib <- bank/engine <- records <- store <- app <- discord <- commands <- entry points)", () => {
    const upward: string[] = [];
    for (const [file, targets] of graph)
      for (const target of targets) if (rankOf(target) > rankOf(file)) upward.push(`${file} -> ${target}`);
    expect(upward).toEqual([]);
  });

  it("keep the Discord layer off the store, and the engine off the records", () => {
    const broken: string[] = [];
    for (const [file, targets] of graph)
      for (const target of targets)
        for (const rule of FORBIDDEN)
          if (file.startsWith(rule.from) && target.startsWith(rule.to))
            broken.push(`${file} -> ${target} (${rule.why})`);
    expect(broken).toEqual([]);
  });

  it("keep the Discord layer off the stores the application context carries", () => {
    // AppContext holds the stores for src/app; the Discord layer calls src/app's functions instead.
    const STORE_FIELDS =
      /\bapp\.(community|scores|sessions|answers|leaderboards|lessons|quarantine|interactions|transactions)\b/;
    const reaching = [...graph.keys()].filter(
      (file) =>
        (file.startsWith("src/discord/") || file.startsWith("commands/")) &&
        STORE_FIELDS.test(readFileSync(file, "utf8")),
    );
    expect(reaching).toEqual([]);
  });

  it("keep src/lib free of dependencies: Node's built-ins and src/lib only", () => {
    const outside: string[] = [];
    for (const file of graph.keys()) {
      if (!file.startsWith("src/lib/")) continue;
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
        const spec = m[1] as string;
        const inLib =
          spec.startsWith(".") && path.normalize(path.join(path.dirname(file), spec)).startsWith("src/lib/");
        if (!inLib && !spec.startsWith("node:")) outside.push(`${file} -> ${spec}`);
      }
    }
    expect(outside).toEqual([]);
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
