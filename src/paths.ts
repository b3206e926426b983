import { existsSync } from "node:fs";
import path from "node:path";

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
