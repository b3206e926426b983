/**
 * `npm run backup -- out.sqlite` (in production: `node dist/src/cli/backup.js out.sqlite`):
 * copies the SQLite store to a file while the bot runs, through SQLite's online backup API. The
 * copy is one consistent snapshot holding every answer committed before the backup started.
 */
import { existsSync } from "node:fs";
import { ConfigError, loadConfig, loadDotEnv } from "../config.ts";
import { backendOf, sqliteFileOf } from "../store/open.ts";
import { backupSqlite } from "../store/sqlite.ts";

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
  if (backendOf(config.storeUrl) !== "sqlite") {
    console.error(
      `STORE_URL names a ${backendOf(config.storeUrl)} store: back it up with its own tools (redis-cli --rdb, pg_dump).`,
    );
    return 1;
  }
  const source = sqliteFileOf(config.storeUrl);
  if (!existsSync(source)) {
    console.error(`There is no store at ${source} to back up.`);
    return 1;
  }
  if (existsSync(out)) {
    console.error(`${out} exists already: choose a new file name.`);
    return 1;
  }
  const pages = await backupSqlite(source, out);
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
