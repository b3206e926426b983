import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  HTTP_RERUN,
  HTTP_RERUN_EXCLUDED,
  isListed,
  misplacedTestFiles,
  PRIMARY_TIERS,
  TIME_SENSITIVE,
  testFiles,
} from "./tiers.ts";

const root = path.resolve(import.meta.dirname, "..");

describe("the test tiers (test/tiers.ts)", () => {
  it("put every test file in exactly one of unit, store, e2e, compiled, production", () => {
    expect(testFiles(root).length).toBeGreaterThan(50);
    expect(misplacedTestFiles(root)).toEqual([]);
  });

  it("name only files and folders that exist", () => {
    const entries = [
      ...Object.values(PRIMARY_TIERS).flat(),
      ...TIME_SENSITIVE,
      ...HTTP_RERUN,
      ...HTTP_RERUN_EXCLUDED,
    ];
    expect(entries.filter((entry) => !existsSync(path.join(root, entry)))).toEqual([]);
  });

  it("re-run over HTTP only end-to-end files, and a year ahead only files that exist", () => {
    const files = testFiles(root);
    const overHttp = files.filter(
      (file) => isListed(file, HTTP_RERUN) && !isListed(file, HTTP_RERUN_EXCLUDED),
    );
    expect(overHttp.length).toBeGreaterThan(10);
    expect(overHttp.filter((file) => !isListed(file, PRIMARY_TIERS.e2e))).toEqual([]);
    expect(TIME_SENSITIVE.filter((entry) => !files.includes(entry))).toEqual([]);
  });

  it("keep the unit tier free of the end-to-end and store folders", () => {
    expect(
      testFiles(root).filter(
        (file) => isListed(file, PRIMARY_TIERS.unit) && /^test\/(e2e|compiled|production)\//.test(file),
      ),
    ).toEqual([]);
  });
});
