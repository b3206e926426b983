import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * The project's folder (the one with package.json), found by walking up from this module: the
 * same from src/ under tsx and from dist/src/ when compiled, so data files such as questions/ are
 * found either way and from any working directory.
 */
export const PROJECT_ROOT = ((): string => {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${import.meta.dirname}`);
  }
})();

const PackageSchema = z.object({ version: z.string().min(1) });

/** The bot's version, as package.json says (what the build info metric and /status report). */
export const PACKAGE_VERSION: string = PackageSchema.parse(
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")),
).version;
