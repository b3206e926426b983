// `npm start` (and start:sharded) first: compiles the bot where TypeScript is installed, so a
// development clone always starts what its sources say; in a production install (npm ci
// --omit=dev: no compiler) it starts the dist/ built before, and says what to do if there is none.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const hasCompiler = (() => {
  try {
    createRequire(path.join(root, "package.json")).resolve("typescript");
    return true;
  } catch {
    return false;
  }
})();

if (hasCompiler) {
  try {
    execFileSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "-s", "build"], {
      cwd: root,
      stdio: "inherit",
    });
  } catch {
    // The compiler has printed what is wrong.
    process.exit(1);
  }
} else if (!existsSync(path.join(root, "dist", "src", "main.js"))) {
  console.error(
    "dist/ is missing and TypeScript is not installed: build first (npm ci && npm run build, with the development dependencies), then install for production.",
  );
  process.exit(1);
}
