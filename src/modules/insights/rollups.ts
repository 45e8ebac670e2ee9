/**
 * Keeping the daily rollups in step with executions. Every writer of executions calls these in the
 * same transaction as its change: after inserting rows, `addToRollups`; before deleting rows,
 * `subtractFromRollups` (on rows it holds locked); for a change of payment status,
 * `changePaymentStatus`, which updates the executions and moves their figures between the status rows
 * in ONE statement, so an execution recorded concurrently can never be changed without being moved.
 * Rows that sum to nothing are removed, so a rebuild and the incremental path give identical tables.
 *
 * Rollup rows are written in key order, so two transactions touching the same rows wait for each
 * other instead of deadlocking.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { executions, type PaymentStatus } from "../executions/schema.ts";
import { executionDailyRollups } from "./schema.ts";

/**
 * The time zone whose calendar days the rollups (and so insights, list totals and statements) use.
 * The operating company and its customers bill by German calendar days and months. Changing it means
 * rebuilding the rollups (`rebuildRollups`).
 */
export const REPORTING_TIME_ZONE = "Europe/Berlin";

const ZONE = sql.raw(`'${REPORTING_TIME_ZONE}'`);

/** The reporting day of a `timestamptz` expression, as SQL. */
export function reportingDayOf(moment: SQL): SQL {
  return sql`(${moment} AT TIME ZONE ${ZONE})::date`;
}

/** The reporting day of an execution's creation, as SQL. */
export const executionDay = reportingDayOf(sql`${executions.createdAt}`);

/** The first moment of a reporting day given as `YYYY-MM-DD`, as a SQL `timestamptz`. */
export function startOfReportingDay(day: string): SQL {
  return sql`(${day}::date::timestamp AT TIME ZONE ${ZONE})`;
}

/** The columns a source of changes yields, one row per execution and sign. */
const DELTA_COLUMNS = sql.raw(
  "customer_program_id, customer_id, created_at, payment_status, currency, time_saved_seconds, covered_seconds, billed_seconds, price",
);

interface Emptied {
  customer_program_id: string;
  day: string;
  payment_status: string;
  currency: string;
}

/**
 * Adds signed execution rows (`source`: DELTA_COLUMNS plus `sign`, +1 or -1) to the rollups, one
 * upsert per key, in key order so concurrent writers wait on each other instead of deadlocking.
 */
function upsertSigned(source: SQL): SQL {
  return sql`
    INSERT INTO ${executionDailyRollups} AS r
      (customer_program_id, customer_id, day, payment_status, currency,
       executions, time_saved_seconds, covered_seconds, billed_seconds, price)
    SELECT customer_program_id, customer_id, ${reportingDayOf(sql`created_at`)}, payment_status, currency,
      sum(sign), sum(sign * time_saved_seconds), sum(sign * covered_seconds),
      sum(sign * billed_seconds), sum(sign * price)
    FROM ${source} AS source
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 3, 4, 5
    ON CONFLICT (customer_program_id, day, payment_status, currency) DO UPDATE SET
      executions = r.executions + excluded.executions,
      time_saved_seconds = r.time_saved_seconds + excluded.time_saved_seconds,
      covered_seconds = r.covered_seconds + excluded.covered_seconds,
      billed_seconds = r.billed_seconds + excluded.billed_seconds,
      price = r.price + excluded.price`;
}

/**
 * Applies signed execution rows to the rollups. `prefix` may define CTEs `deltas` reads from (such as
 * a data-modifying UPDATE); `deltas` yields DELTA_COLUMNS plus `sign` (+1 or -1). `extra` is a scalar
 * the statement returns alongside (e.g. how many executions an UPDATE changed).
 */
async function applyDeltas(
  db: Database,
  prefix: SQL | undefined,
  deltas: SQL,
  extra: SQL = sql`0`,
): Promise<number> {
  const result = await db.execute<{ extra: string | number; emptied: Emptied[] | string | null }>(sql`
    WITH ${prefix ? sql`${prefix}, ` : sql``}deltas AS (${deltas}),
    applied AS (
      ${upsertSigned(sql`deltas`)}
      RETURNING customer_program_id, day, payment_status, currency, executions
    )
    SELECT (${extra}) AS extra,
      (SELECT json_agg(json_build_object(
          'customer_program_id', customer_program_id, 'day', day::text,
          'payment_status', payment_status, 'currency', currency))
        FROM applied WHERE executions = 0) AS emptied`);
  const row = result.rows[0];
  const emptied: Emptied[] =
    typeof row?.emptied === "string" ? (JSON.parse(row.emptied) as Emptied[]) : (row?.emptied ?? []);
  if (emptied.length > 0) {
    const keys = emptied.map(
      (key) =>
        sql`(${key.customer_program_id}::uuid, ${key.day}::date, ${key.payment_status}, ${key.currency})`,
    );
    await db.execute(sql`
      DELETE FROM ${executionDailyRollups}
      WHERE (customer_program_id, day, payment_status, currency) IN (${sql.join(keys, sql`, `)})
        AND executions = 0`);
  }
  return Number(row?.extra ?? 0);
}

function shift(db: Database, where: SQL, sign: 1 | -1): Promise<number> {
  return applyDeltas(
    db,
    undefined,
    sql`SELECT ${DELTA_COLUMNS}, ${sql.raw(String(sign))} AS sign FROM ${executions} WHERE ${where}`,
  );
}

/** Adds the executions matching `where` (a condition on the executions table) to the rollups. */
export async function addToRollups(db: Database, where: SQL): Promise<void> {
  await shift(db, where, 1);
}

/**
 * Takes the executions matching `where` out of the rollups, before they are deleted. The caller holds
 * them locked (or deletes by the same condition in the same snapshot), so nothing else changes them.
 */
export async function subtractFromRollups(db: Database, where: SQL): Promise<void> {
  await shift(db, where, -1);
}

/**
 * Sets the payment status of the executions matching `where` that have status `from` to `to`, and
 * moves them between the rollups' status rows, in one statement (one snapshot): the rows moved are
 * exactly the rows the UPDATE changed. `set` adds columns to set (e.g. `paid_at`). Returns how many
 * executions changed.
 */
export function changePaymentStatus(
  db: Database,
  change: { where: SQL; from: PaymentStatus; to: PaymentStatus; set?: SQL },
): Promise<number> {
  if (change.from === change.to) throw new RangeError("A status change needs two different statuses.");
  const changed = sql`changed AS (
    UPDATE ${executions}
    SET payment_status = ${change.to}, updated_at = now()${change.set ? sql`, ${change.set}` : sql``}
    WHERE ${executions.paymentStatus} = ${change.from} AND (${change.where})
    RETURNING ${DELTA_COLUMNS})`;
  const columns = (status: PaymentStatus) =>
    sql`customer_program_id, customer_id, created_at, ${status}::text AS payment_status, currency,
        time_saved_seconds, covered_seconds, billed_seconds, price`;
  return applyDeltas(
    db,
    changed,
    sql`SELECT ${columns(change.from)}, -1 AS sign FROM changed
        UNION ALL SELECT ${columns(change.to)}, 1 AS sign FROM changed`,
    sql`SELECT count(*) FROM changed`,
  );
}

/** Recomputes the rollups from the executions table (after an import, or to repair). */
export async function rebuildRollups(db: Database): Promise<void> {
  await db.execute(sql`DELETE FROM ${executionDailyRollups}`);
  await addToRollups(db, sql`true`);
}

/**
 * The statement adding new executions to the rollups, as the last part of the writer's own `WITH`
 * statement: `source` yields the inserted executions' DELTA_COLUMNS. Only adds, so no rollup row can
 * empty.
 */
export function rollupInsertOf(source: SQL): SQL {
  return upsertSigned(sql`(SELECT *, 1 AS sign FROM (${source}) AS added)`);
}
