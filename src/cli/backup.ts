/**
 * `npm run backup -- out.sqlite` (in production: `node dist/src/cli/backup.js out.sqlite`):
 * copies the SQLite store to a file while the bot runs, through SQLite's online backup API. The
 * copy is one consistent snapshot holding every answer committed before the backup started.
 */
import { existsSync } from "node:fs";
import { ConfigError, loadConfig, loadDotEnv } from "../config.ts";
import { driverOf } from "../store/open.ts";

const USAGE = `Usage: npm run backup -- <out.sqlite>
Copies the SQLite store that STORE_URL names (default sqlite://data/quiz.sqlite) to <out.sqlite>
while the bot keeps running. Refuses to overwrite an existing file.`;

async function main(args: string[]): Promise<number> {
  loadDotEnv();
  const config = loadConfig();
  const out = args[0];
  if (!out || args.length > 1 || out.startsWith("-")) {
    console.error(USAGE);
    return 2;
  }
  const driver = driverOf(config.storeUrl);
  if (!driver.backup.supported) {
    console.error(
      `STORE_URL names a ${driver.name} store, which this command cannot copy: ${driver.backup.reason}.`,
    );
    return 1;
  }
  const source = driver.backup.source(config.storeUrl);
  if (!existsSync(source)) {
    console.error(`There is no store at ${source} to back up.`);
    return 1;
  }
  if (existsSync(out)) {
    console.error(`${out} exists already: choose a new file name.`);
    return 1;
  }
  const { pages } = await driver.backup.copy(config.storeUrl, out);
  console.log(`Backed up ${source} to ${out} (${pages} pages).`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `The backup failed: ${String(error)}`);
    process.exitCode = 1;
  },
);
