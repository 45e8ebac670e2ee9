/**
 * Writing imported rows so a repeated import is a no-op: rows whose id is new are inserted in bulk;
 * rows that exist are compared on the columns the dump owns and updated only where they differ.
 */
import { eq, getTableColumns, inArray } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Database } from "../../db/connection.ts";
import type { Outcome } from "./report.ts";

export type Row = Record<string, unknown> & { id: string };

const CHUNK = 500;

/** A value as compared: dates by instant, arrays and objects by JSON, everything else as text. */
function comparable(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function differs(existing: Record<string, unknown>, row: Record<string, unknown>, keys: string[]) {
  return keys.filter((key) => comparable(existing[key]) !== comparable(row[key]));
}

/** Inserts the new rows, updates the changed ones on `compared`; returns each row's outcome in order. */
export async function upsertRows(
  db: Database,
  table: PgTable,
  rows: readonly Row[],
  compared: readonly string[],
): Promise<Outcome[]> {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const idColumn = columns.id;
  if (!idColumn) throw new Error("upsertRows needs a table with an id column.");
  const outcomes: Outcome[] = [];
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const found = (await db
      .select()
      .from(table)
      .where(
        inArray(
          idColumn,
          chunk.map((row) => row.id),
        ),
      )) as Row[];
    const existing = new Map(found.map((row) => [row.id, row]));
    const fresh = chunk.filter((row) => !existing.has(row.id));
    if (fresh.length > 0) await db.insert(table).values(fresh as never);
    for (const row of chunk) {
      const before = existing.get(row.id);
      if (!before) {
        outcomes.push("imported");
        continue;
      }
      const changed = differs(before, row, [...compared]);
      if (changed.length === 0) {
        outcomes.push("skipped");
        continue;
      }
      const patch = Object.fromEntries(changed.map((key) => [key, row[key]]));
      await db
        .update(table)
        .set(patch as never)
        .where(eq(idColumn, row.id));
      outcomes.push("updated");
    }
  }
  return outcomes;
}
