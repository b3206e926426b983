/**
 * PostgreSQL's prefix scan: pages of keyset queries (`key > last`), each a query whose error is
 * thrown. (@keyv/postgres's own iterator catches a query error, emits an event and stops, so a cut
 * connection looked like the data had run out.)
 */
import type KeyvPostgres from "@keyv/postgres";

/** Rows of one PostgreSQL page. */
const PAGE_ROWS = 1_000;

/** Rows [full key, raw text] whose keys start with `like` (already escaped), a page at a time; errors are thrown. */
export async function* postgresRows(store: KeyvPostgres, lower: string, like: string) {
  const { schema, table } = store.opts as { schema: string; table: string };
  const from = `"${schema.replace(/"/g, '""')}"."${table.replace(/"/g, '""')}"`;
  let after: string | null = null;
  for (;;) {
    const rows = (await store.query(
      after === null
        ? `SELECT key, value FROM ${from} WHERE key LIKE $1 AND key >= $2 ORDER BY key LIMIT $3`
        : `SELECT key, value FROM ${from} WHERE key LIKE $1 AND key > $2 ORDER BY key LIMIT $3`,
      [like, after ?? lower, PAGE_ROWS],
    )) as { key: string; value: string }[];
    for (const row of rows) yield [row.key, row.value] as [string, unknown];
    const last = rows.at(-1);
    if (!last || rows.length < PAGE_ROWS) return;
    after = last.key;
  }
}
