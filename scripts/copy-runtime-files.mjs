// After `tsc`: copies every file under src/ and commands/ that tsc does not emit (plain JavaScript
// such as the chart worker, JSON) into dist/ beside the compiled modules that load it, so
// `node dist/src/main.js` finds them. Data folders (questions/, assets/) stay at the package root,
// where src/paths.ts finds them from either tree.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const compiled = /\.(ts|mts|cts)$/;

/** Every file below `dir` (relative to the package root) that tsc leaves out of dist/. */
function runtimeFiles(dir) {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return runtimeFiles(file);
    return compiled.test(entry.name) ? [] : [file];
  });
}

for (const file of ["src", "commands"].flatMap(runtimeFiles)) {
  const target = path.join(root, "dist", file);
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(path.join(root, file), target);
}
