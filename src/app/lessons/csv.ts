/**
 * CSV files a spreadsheet opens as they are meant: UTF-8 with a byte-order mark (so Excel reads
 * Korean as Korean, not as Latin-1), CRLF lines, fields quoted by csv-stringify (RFC 4180:
 * commas, quotes and newlines survive). Two more things spreadsheets do to data:
 * - an 18-digit user id typed as a number is rounded to 15 digits (Excel keeps 15 significant
 *   digits): it is written as the formula `="…"`, which Excel, LibreOffice and Google Sheets all
 *   show as the exact text;
 * - a text cell starting with `=`, `+`, `-`, `@`, a tab or a CR is run as a formula ("CSV
 *   injection", OWASP): such text, which a member's name or a proposal can be, gets a leading `'`.
 */
import { stringify } from "csv-stringify/sync";

/** A user id (a snowflake), to be written as a cell a spreadsheet keeps as exact text. */
export interface IdCell {
  readonly id: string;
}

/** A user id cell. */
export const idCell = (id: string): IdCell => ({ id });

function idText(id: string): string {
  // Snowflakes are digits only; anything else is written as safe text like any other.
  return /^\d+$/.test(id) ? `="${id}"` : safeText(id);
}

/** Free text made safe from being run as a formula. */
export function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A cell value: text is made safe, numbers and booleans are written as they are. */
export type Cell = string | number | boolean | IdCell;

function cellText(cell: Cell): string {
  if (typeof cell === "string") return safeText(cell);
  if (typeof cell === "object") return idText(cell.id);
  return String(cell);
}

/** Writes a CSV file (with its BOM) from a header and rows; string cells are made formula-safe. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return stringify(
    rows.map((row) => row.map(cellText)),
    { header: true, columns: [...header], bom: true, record_delimiter: "windows" },
  );
}
