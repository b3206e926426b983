// `npm run deploy|backup|rest-proxy|bank|play`: runs one of the command-line tools in this
// process. Where the development dependencies are installed (a clone after `npm install`) it runs
// the TypeScript sources through tsx, so they need no build; in production (`npm ci --omit=dev`,
// no tsx) it runs the compiled tool from dist/, which `npm run build` wrote before the dev
// dependencies were left out.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const TOOLS = ["backup", "bank", "deploy", "play", "rest-proxy"];
const root = path.resolve(import.meta.dirname, "..");
const tool = process.argv[2];
if (!TOOLS.includes(tool ?? "")) {
  console.error(`usage: node scripts/cli.mjs <${TOOLS.join("|")}> [arguments]`);
  process.exit(2);
}
// The tool reads its own arguments from process.argv, as when it is started directly.
process.argv.splice(2, 1);

async function withTsx() {
  try {
    const { register } = await import("tsx/esm/api");
    register();
    return true;
  } catch {
    return false;
  }
}

if (await withTsx()) {
  await import(pathToFileURL(path.join(root, "src", "cli", `${tool}.ts`)).href);
} else {
  const compiled = path.join(root, "dist", "src", "cli", `${tool}.js`);
  if (!existsSync(compiled)) {
    console.error(
      `${path.relative(process.cwd(), compiled) || compiled} is missing and tsx is not installed: ` +
        "build first (npm ci && npm run build, with the development dependencies), then install for production.",
    );
    process.exit(1);
  }
  await import(pathToFileURL(compiled).href);
}
