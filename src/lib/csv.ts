/**
 * CSV for spreadsheets (RFC 4180 quoting), safe against formula injection: a cell beginning with
 * `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, so Excel, LibreOffice and
 * Google Sheets show it as text instead of evaluating it (OWASP "CSV injection").
 */

/** The byte order mark that makes Excel read the file as UTF-8. */
export const UTF8_BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r]/;

export interface CsvFormat {
  /** `;` for German spreadsheets (whose decimal separator is the comma), `,` elsewhere. */
  delimiter: ";" | ",";
}

export function csvCell(value: string, format: CsvFormat): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return safe.includes(format.delimiter) || /["\r\n]/.test(safe) || safe !== safe.trim()
    ? `"${safe.replaceAll('"', '""')}"`
    : safe;
}

/** One record with its line end (CRLF, as RFC 4180 and Excel expect). */
export function csvLine(values: readonly string[], format: CsvFormat): string {
  return `${values.map((value) => csvCell(value, format)).join(format.delimiter)}\r\n`;
}
