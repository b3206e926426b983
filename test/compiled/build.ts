/**
 * The compiled tier's global set-up: builds the bot once (`npm run build`: tsc, then the runtime
 * files tsc does not emit) so every test of the tier starts the same dist/ that users run.
 */
import { execFileSync } from "node:child_process";
import { PROJECT_DIR } from "../helpers/bot-process.ts";

export default function build(): void {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  execFileSync(npm, ["run", "-s", "build"], { cwd: PROJECT_DIR, stdio: "inherit" });
}
