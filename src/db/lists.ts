/**
 * A list of values as one statement parameter, whatever its length: the statement text stays the
 * same for every list (so it can be a prepared statement), and no list runs into PostgreSQL's limit
 * of 65535 parameters per statement.
 */
import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/** `column IN (values)` with the values as one JSON parameter. */
export function inList(column: PgColumn, values: readonly string[], type: "uuid" | "text"): SQL {
  const cast = sql.raw(type === "uuid" ? "::uuid" : "");
  return sql`${column} IN (SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)${cast})`;
}
