import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** The folders this test file made with `tempDir`, removed after its last test (test/setup/temp-dirs.ts). */
const made = new Set<string>();

/**
 * A new folder in the temp directory, named `<prefix>XXXXXX`, removed when the test file is done.
 * Use it for every file or folder a test writes, so a run leaves the temp directory as it found it.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Removes a folder made by `tempDir` now (a test that makes many need not keep them all to the end). */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  made.delete(dir);
}

/** Removes every folder `tempDir` made in this process. */
export function removeTempDirs(): void {
  for (const dir of made) removeTempDir(dir);
}
