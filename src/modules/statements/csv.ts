/**
 * The statement as CSV for German spreadsheets, like the executions export (src/lib/csv.ts): UTF-8
 * with a byte order mark, `;`-separated, decimal comma, CRLF. One row per execution of the month,
 * oldest first, with its status; then one totals row per currency over the billed statuses only.
 * Amounts keep all six places, so the file sums exactly.
 */
import { csvLine, UTF8_BOM } from "../../lib/csv.ts";
import { STATUS_LABELS } from "../executions/listing.ts";
import type { Statement, StatementExecution } from "./statement.ts";

const format = { delimiter: ";" } as const;

export const STATEMENT_CSV_HEADERS = [
  "Datum",
  "Programm",
  "Ersparte Zeit (s)",
  "Gedeckt (s)",
  "Berechnet (s)",
  "Preis pro Sekunde",
  "Betrag",
  "Währung",
  "Status",
];

export const TOTALS_LABEL = "Summe (Offen und Bezahlt)";

const decimalComma = (decimal: string) => decimal.replace(".", ",");

export function statementCsvRow(row: StatementExecution): string {
  return csvLine(
    [
      row.created,
      row.programName,
      String(row.timeSavedSeconds),
      String(row.coveredSeconds),
      String(row.billedSeconds),
      decimalComma(row.pricePerSecond),
      decimalComma(row.price),
      row.currency,
      STATUS_LABELS[row.status],
    ],
    format,
  );
}

/** One totals row per currency; a month without billed executions still gets a zero row. */
export function statementCsvTotals(statement: Statement): string {
  const { totals } = statement;
  const amounts = totals.amounts.length > 0 ? totals.amounts : [{ currency: "", amount: "0.000000" }];
  return amounts
    .map(({ currency, amount }, index) =>
      csvLine(
        [
          TOTALS_LABEL,
          "",
          // The seconds are counted once, on the first currency's row.
          index === 0 ? String(totals.timeSavedSeconds) : "",
          index === 0 ? String(totals.coveredSeconds) : "",
          index === 0 ? String(totals.billedSeconds) : "",
          "",
          decimalComma(amount),
          currency,
          "",
        ],
        format,
      ),
    )
    .join("");
}

/** The whole file, a chunk of executions at a time. */
export async function* statementCsv(
  statement: Statement,
  chunks: AsyncIterable<StatementExecution[]>,
): AsyncGenerator<string> {
  yield UTF8_BOM + csvLine(STATEMENT_CSV_HEADERS, format);
  for await (const rows of chunks) yield rows.map(statementCsvRow).join("");
  yield statementCsvTotals(statement);
}

/** `abrechnung-<customer number, else a slug of the name>-2026-10.csv` (ASCII only). */
export function statementFileName(statement: Statement, extension: "csv" | "pdf"): string {
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replaceAll("ä", "ae")
      .replaceAll("ö", "oe")
      .replaceAll("ü", "ue")
      .replaceAll("ß", "ss")
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60);
  const name =
    slug(statement.customer.customerNumber ?? "") || slug(statement.customer.name) || statement.customer.id;
  return `abrechnung-${name}-${statement.month}.${extension}`;
}
