/** Per test file: the folders made with `tempDir` go when the file's tests are done. */
import { afterAll } from "vitest";
import { removeTempDirs } from "../helpers/temp-dir.ts";

afterAll(removeTempDirs);
