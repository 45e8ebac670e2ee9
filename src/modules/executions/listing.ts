/**
 * The executions page of NADOO OS ("Buchungen", SPEC §9) for a customer's execution managers (staff:
 * every customer): filters by period, program and status, pages newest first, totals, and the CSV
 * export of the same filter, streamed in chunks.
 *
 * Order and paging: newest `created_at` first, ties by id, keyset on (created_at, id), so every page
 * and export chunk is a range scan of the (customer_id, created_at) or (customer_program_id,
 * created_at) index, however deep. Totals of day-aligned periods come from the daily rollups, never
 * from scanning executions; the "last 20" are summed from the 20 rows themselves.
 */
import { and, desc, eq, lte, ne, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { ValidationError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import { type Actor, assertHoldsRole } from "../access/policy.ts";
import { addDays, type DayRange, type ListPeriod, listPeriodRange } from "../insights/calendar.ts";
import { FigureSum, type Figures } from "../insights/figures.ts";
import { REPORTING_TIME_ZONE, startOfReportingDay } from "../insights/rollups.ts";
import { executionDailyRollups as rollups } from "../insights/schema.ts";
import { customerProgramsOf, type NamedCustomerProgram, requireCustomerScope } from "../insights/scope.ts";
import { type Execution, executions, type PaymentStatus } from "./schema.ts";

export const DEFAULT_LIST_PAGE = 50;
export const MAX_LIST_PAGE = 200;
const LAST_FEW = 20;

export interface CustomerExecutionFilter {
  customerId: string;
  period: ListPeriod;
  /** For `custom`: inclusive calendar days in the reporting time zone. */
  from?: string;
  to?: string;
  customerProgramId?: string;
  status?: PaymentStatus;
}

export interface Totals {
  executions: number;
  timeSavedSeconds: number;
  costs: Figures["costs"];
}

export interface ExecutionPage {
  /** The days the period covers; null for the last 20. */
  range: DayRange | null;
  items: (Execution & { programName: string })[];
  nextCursor: string | null;
  totals: Totals;
}

interface Cursor {
  createdAt: Date;
  id: string;
}

function encodeCursor(row: Pick<Execution, "createdAt" | "id">): string {
  return Buffer.from(`${row.createdAt.toISOString()}~${row.id}`).toString("base64url");
}

function decodeCursor(cursor: string): Cursor {
  const [moment = "", id = ""] = Buffer.from(cursor, "base64url").toString("utf8").split("~");
  const createdAt = new Date(moment);
  if (Number.isNaN(createdAt.getTime()) || !isUuid(id)) {
    throw new ValidationError("The cursor is not one this list gave out.", [
      { path: "cursor", message: "Use nextCursor of the previous page." },
    ]);
  }
  return { createdAt, id };
}

async function authorize(
  db: Database,
  actor: Actor,
  filter: CustomerExecutionFilter,
  now: Date,
): Promise<DayRange | null> {
  assertHoldsRole(actor, filter.customerId, "execution_manager");
  await requireCustomerScope(db, filter.customerId, filter.customerProgramId);
  return listPeriodRange(filter.period, now, filter);
}

/** The executions the filter selects (without paging). */
function selected(filter: CustomerExecutionFilter, range: DayRange | null): SQL {
  return and(
    eq(executions.customerId, filter.customerId),
    range ? sql`${executions.createdAt} >= ${startOfReportingDay(range.from)}` : undefined,
    range ? sql`${executions.createdAt} < ${startOfReportingDay(addDays(range.to, 1))}` : undefined,
    filter.customerProgramId ? eq(executions.customerProgramId, filter.customerProgramId) : undefined,
    filter.status ? eq(executions.paymentStatus, filter.status) : undefined,
  ) as SQL;
}

/** Older than the cursor; the plain `created_at` bound lets the index range scan start there. */
function olderThan(cursor: Cursor): SQL {
  return and(
    lte(executions.createdAt, cursor.createdAt),
    sql`(${executions.createdAt}, ${executions.id}) < (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id}::uuid)`,
  ) as SQL;
}

/**
 * Totals follow the filter and leave revoked executions out (SPEC §9), unless the filter asks for
 * revoked ones: then they are what the list shows, and what it sums.
 */
function countsTowardsTotals(filter: CustomerExecutionFilter, status: PaymentStatus): boolean {
  return filter.status === "revoked" || status !== "revoked";
}

async function totalsFromRollups(
  db: Database,
  filter: CustomerExecutionFilter,
  range: DayRange,
): Promise<Totals> {
  const result = await db.execute<{
    currency: string;
    executions: string;
    time_saved_seconds: string;
    price: string;
  }>(sql`
    SELECT ${rollups.currency} AS currency, sum(${rollups.executions}) AS executions,
      sum(${rollups.timeSavedSeconds}) AS time_saved_seconds, sum(${rollups.price})::text AS price
    FROM ${rollups}
    WHERE ${and(
      eq(rollups.customerId, filter.customerId),
      sql`${rollups.day} BETWEEN ${range.from}::date AND ${range.to}::date`,
      filter.customerProgramId ? eq(rollups.customerProgramId, filter.customerProgramId) : undefined,
      filter.status ? eq(rollups.paymentStatus, filter.status) : ne(rollups.paymentStatus, "revoked"),
    )}
    GROUP BY ${rollups.currency}`);
  const sum = new FigureSum();
  for (const row of result.rows) {
    sum.add({ ...row, covered_seconds: 0, billed_seconds: 0 });
  }
  const { executions: count, timeSavedSeconds, costs } = sum.view();
  return { executions: count, timeSavedSeconds, costs };
}

function totalsOf(rows: readonly Execution[], filter: CustomerExecutionFilter): Totals {
  const sum = new FigureSum();
  for (const row of rows) {
    if (!countsTowardsTotals(filter, row.paymentStatus)) continue;
    sum.add({
      currency: row.currency,
      executions: 1,
      time_saved_seconds: row.timeSavedSeconds,
      covered_seconds: 0,
      billed_seconds: 0,
      price: row.price,
    });
  }
  const { executions: count, timeSavedSeconds, costs } = sum.view();
  return { executions: count, timeSavedSeconds, costs };
}

export async function listCustomerExecutions(
  db: Database,
  actor: Actor,
  filter: CustomerExecutionFilter,
  page: { cursor?: string; limit?: number } = {},
  now: Date = new Date(),
): Promise<ExecutionPage> {
  const range = await authorize(db, actor, filter, now);
  const cursor = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  const limit = range ? Math.min(Math.max(page.limit ?? DEFAULT_LIST_PAGE, 1), MAX_LIST_PAGE) : LAST_FEW;
  if (!range && cursor) {
    throw new ValidationError("The last 20 executions are one page; there is no next page.", [
      { path: "cursor", message: "Not used with period=last_20." },
    ]);
  }
  const [rows, names, totals] = await Promise.all([
    db
      .select()
      .from(executions)
      .where(and(selected(filter, range), cursor ? olderThan(cursor) : undefined))
      .orderBy(desc(executions.createdAt), desc(executions.id))
      .limit(range ? limit + 1 : limit),
    customerProgramsOf(db, filter.customerId),
    range ? totalsFromRollups(db, filter, range) : undefined,
  ]);
  const more = range !== null && rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const nameOf = new Map(names.map((program) => [program.id, program.name]));
  const last = items.at(-1);
  return {
    range,
    items: items.map((row) => ({ ...row, programName: nameOf.get(row.customerProgramId) ?? "" })),
    nextCursor: more && last ? encodeCursor(last) : null,
    totals: totals ?? totalsOf(items, filter),
  };
}

/** The customer's programs, active or not, for the list's program filter. */
export async function listFilterPrograms(
  db: Database,
  actor: Actor,
  customerId: string,
): Promise<NamedCustomerProgram[]> {
  assertHoldsRole(actor, customerId, "execution_manager");
  await requireCustomerScope(db, customerId, undefined);
  return customerProgramsOf(db, customerId);
}

/** How many rows one export query reads. */
export const EXPORT_CHUNK_ROWS = 5000;

/** German headers of SPEC §9, then currency and status, which the list shows too. */
export const EXPORT_HEADERS = [
  "ID",
  "Programm",
  "Ersparte Zeit (s)",
  "Preis",
  "Erstellt",
  "Währung",
  "Status",
];

export const STATUS_LABELS: Record<PaymentStatus, string> = {
  not_paid: "Offen",
  paid: "Bezahlt",
  refunded: "Erstattet",
  revoked: "Storniert",
};

export interface ExportRow {
  id: string;
  programName: string;
  timeSavedSeconds: number;
  price: string;
  /** `YYYY-MM-DD HH:MM:SS` in the reporting time zone. */
  created: string;
  currency: string;
  paymentStatus: PaymentStatus;
}

export interface ExecutionExport {
  range: DayRange | null;
  /** The rows, newest first, a chunk at a time; each chunk is read only when the previous is consumed. */
  chunks: AsyncGenerator<ExportRow[]>;
}

/**
 * The executions of the filter for a CSV export, read in keyset chunks so memory stays flat whatever
 * the size; the caller turns them into lines as the client reads. Checks happen before the first row.
 */
export async function exportCustomerExecutions(
  db: Database,
  actor: Actor,
  filter: CustomerExecutionFilter,
  now: Date = new Date(),
): Promise<ExecutionExport> {
  const range = await authorize(db, actor, filter, now);
  const names = new Map((await customerProgramsOf(db, filter.customerId)).map((p) => [p.id, p.name]));
  const where = selected(filter, range);
  async function* chunks(): AsyncGenerator<ExportRow[]> {
    let cursor: { at: string; id: string } | undefined;
    let left = range ? Number.POSITIVE_INFINITY : LAST_FEW;
    while (left > 0) {
      const size = Math.min(EXPORT_CHUNK_ROWS, left);
      const result = await db.execute<{
        id: string;
        customer_program_id: string;
        time_saved_seconds: number;
        price: string;
        created: string;
        at: string;
        currency: string;
        payment_status: PaymentStatus;
      }>(sql`
        SELECT id, customer_program_id, time_saved_seconds, price::text AS price, currency, payment_status,
          to_char(created_at AT TIME ZONE ${sql.raw(`'${REPORTING_TIME_ZONE}'`)}, 'YYYY-MM-DD HH24:MI:SS') AS created,
          created_at::text AS at
        FROM ${executions}
        WHERE ${where}${
          cursor
            ? sql` AND created_at <= ${cursor.at}::timestamptz
                   AND (created_at, id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`
            : sql``
        }
        ORDER BY created_at DESC, id DESC
        LIMIT ${size}`);
      const rows = result.rows;
      if (rows.length === 0) return;
      yield rows.map((row) => ({
        id: row.id,
        programName: names.get(row.customer_program_id) ?? "",
        timeSavedSeconds: Number(row.time_saved_seconds),
        price: row.price,
        created: row.created,
        currency: row.currency,
        paymentStatus: row.payment_status,
      }));
      if (rows.length < size) return;
      left -= rows.length;
      const last = rows[rows.length - 1];
      cursor = last ? { at: last.at, id: last.id } : undefined;
    }
  }
  return { range, chunks: chunks() };
}
