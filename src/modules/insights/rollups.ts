/**
 * Keeping the daily rollups in step with executions. Every writer of executions calls these in the
 * same transaction as its change: after inserting rows, `addToRollups`; before deleting rows,
 * `subtractFromRollups`; around a status change, subtract before and add after (with a condition that
 * still selects the same rows). Rows that sum to nothing are removed, so a rebuild and the
 * incremental path give identical tables.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { executions } from "../executions/schema.ts";
import { executionDailyRollups } from "./schema.ts";

/**
 * The time zone whose calendar days the rollups (and so insights, list totals and statements) use.
 * The operating company and its customers bill by German calendar days and months. Changing it means
 * rebuilding the rollups (`rebuildRollups`).
 */
export const REPORTING_TIME_ZONE = "Europe/Berlin";

/** The reporting day of an execution's creation, as SQL. */
export const executionDay = sql`(${executions.createdAt} AT TIME ZONE ${sql.raw(`'${REPORTING_TIME_ZONE}'`)})::date`;

async function shift(db: Database, where: SQL, sign: 1 | -1): Promise<void> {
  const factor = sql.raw(String(sign));
  const touched = await db.execute<{
    customer_program_id: string;
    day: string;
    payment_status: string;
    currency: string;
    executions: string;
  }>(sql`
    INSERT INTO ${executionDailyRollups} AS r
      (customer_program_id, customer_id, day, payment_status, currency,
       executions, time_saved_seconds, covered_seconds, billed_seconds, price)
    SELECT customer_program_id, customer_id, ${executionDay}, payment_status, currency,
      ${factor} * count(*), ${factor} * sum(time_saved_seconds), ${factor} * sum(covered_seconds),
      ${factor} * sum(billed_seconds), ${factor} * sum(price)
    FROM ${executions}
    WHERE ${where}
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (customer_program_id, day, payment_status, currency) DO UPDATE SET
      executions = r.executions + excluded.executions,
      time_saved_seconds = r.time_saved_seconds + excluded.time_saved_seconds,
      covered_seconds = r.covered_seconds + excluded.covered_seconds,
      billed_seconds = r.billed_seconds + excluded.billed_seconds,
      price = r.price + excluded.price
    RETURNING customer_program_id, day::text, payment_status, currency, executions`);
  const emptied = touched.rows.filter((row) => Number(row.executions) === 0);
  if (emptied.length === 0) return;
  const keys = emptied.map(
    (row) =>
      sql`(${row.customer_program_id}::uuid, ${row.day}::date, ${row.payment_status}, ${row.currency})`,
  );
  await db.execute(sql`
    DELETE FROM ${executionDailyRollups}
    WHERE (customer_program_id, day, payment_status, currency) IN (${sql.join(keys, sql`, `)})
      AND executions = 0`);
}

/** Adds the executions matching `where` (a condition on the executions table) to the rollups. */
export function addToRollups(db: Database, where: SQL): Promise<void> {
  return shift(db, where, 1);
}

/** Takes the executions matching `where` out of the rollups (before they are deleted or changed). */
export function subtractFromRollups(db: Database, where: SQL): Promise<void> {
  return shift(db, where, -1);
}

/** Recomputes the rollups from the executions table (after an import, or to repair). */
export async function rebuildRollups(db: Database): Promise<void> {
  await db.execute(sql`DELETE FROM ${executionDailyRollups}`);
  await addToRollups(db, sql`true`);
}
