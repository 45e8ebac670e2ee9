/**
 * A customer's monthly statement (SPEC §10): the month's executions, summed per customer program, for
 * staff to bill and to mark paid.
 *
 * Which executions: those created in the month (Europe/Berlin month boundaries). All of them are
 * listed with their status; only `not_paid` and `paid` ones count towards the lines and totals.
 * Revoked executions (a complaint is open or was accepted) and refunded ones are listed but not billed.
 * Sums come straight from the executions (the customer's `(customer_id, created_at)` index), so a
 * statement never depends on the insights rollups; amounts are exact six-place decimals.
 */
import { and, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { formatMoney, type Micros } from "../../lib/money.ts";
import { type Actor, assertStaff } from "../access/policy.ts";
import { recordAudit } from "../audit/service.ts";
import type { Address } from "../crm/schema.ts";
import { getCustomer } from "../crm/service.ts";
import { executions, PAYMENT_STATUSES, type PaymentStatus } from "../executions/schema.ts";
import { decimalToMicros } from "../insights/figures.ts";
import { REPORTING_TIME_ZONE } from "../insights/rollups.ts";
import { customerProgramsOf } from "../insights/scope.ts";
import { parseMonth, type StatementMonth } from "./month.ts";

/** Statuses that are billed: everything else is listed but left out of the sums. */
export const BILLED_STATUSES: readonly PaymentStatus[] = ["not_paid", "paid"];

export interface StatementLine {
  customerProgramId: string;
  programName: string;
  currency: string;
  executions: number;
  timeSavedSeconds: number;
  coveredSeconds: number;
  billedSeconds: number;
  /** Exact, six places. */
  amount: string;
}

export interface StatementTotals {
  executions: number;
  timeSavedSeconds: number;
  coveredSeconds: number;
  billedSeconds: number;
  /** One per currency billed in the month, by currency code. */
  amounts: { currency: string; amount: string }[];
}

export type StatusCounts = Record<PaymentStatus, number>;

export interface StatementCustomer {
  id: string;
  name: string;
  customerNumber: string | null;
  billingAddress: Pick<
    Address,
    "addressedTo" | "street" | "houseNumber" | "postalCode" | "town" | "country"
  > | null;
}

export interface Statement extends StatementMonth {
  customer: StatementCustomer;
  lines: StatementLine[];
  totals: StatementTotals;
  statusCounts: StatusCounts;
}

/** One group of the month's executions as SQL sums it. */
export interface ExecutionGroup {
  customerProgramId: string;
  currency: string;
  status: PaymentStatus;
  executions: number;
  timeSavedSeconds: number;
  coveredSeconds: number;
  billedSeconds: number;
  /** Exact decimal. */
  price: string;
}

/** Lines per program and currency (billed statuses only, by program name), totals and status counts. */
export function summarize(
  groups: readonly ExecutionGroup[],
  programNames: ReadonlyMap<string, string>,
): Pick<Statement, "lines" | "totals" | "statusCounts"> {
  const statusCounts = Object.fromEntries(PAYMENT_STATUSES.map((status) => [status, 0])) as StatusCounts;
  const lines = new Map<string, StatementLine & { micros: Micros }>();
  const totals = { executions: 0, timeSavedSeconds: 0, coveredSeconds: 0, billedSeconds: 0 };
  const amounts = new Map<string, Micros>();
  for (const group of groups) {
    statusCounts[group.status] += group.executions;
    if (!BILLED_STATUSES.includes(group.status)) continue;
    const key = `${group.customerProgramId}:${group.currency}`;
    const line = lines.get(key) ?? {
      customerProgramId: group.customerProgramId,
      programName: programNames.get(group.customerProgramId) ?? "",
      currency: group.currency,
      executions: 0,
      timeSavedSeconds: 0,
      coveredSeconds: 0,
      billedSeconds: 0,
      amount: "",
      micros: 0n,
    };
    const price = decimalToMicros(group.price);
    line.executions += group.executions;
    line.timeSavedSeconds += group.timeSavedSeconds;
    line.coveredSeconds += group.coveredSeconds;
    line.billedSeconds += group.billedSeconds;
    line.micros += price;
    lines.set(key, line);
    totals.executions += group.executions;
    totals.timeSavedSeconds += group.timeSavedSeconds;
    totals.coveredSeconds += group.coveredSeconds;
    totals.billedSeconds += group.billedSeconds;
    amounts.set(group.currency, (amounts.get(group.currency) ?? 0n) + price);
  }
  return {
    lines: [...lines.values()]
      .sort(
        (a, b) =>
          a.programName.localeCompare(b.programName, "de") ||
          a.customerProgramId.localeCompare(b.customerProgramId) ||
          a.currency.localeCompare(b.currency),
      )
      .map(({ micros, ...line }) => ({ ...line, amount: formatMoney(micros) })),
    totals: {
      ...totals,
      amounts: [...amounts]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, micros]) => ({ currency, amount: formatMoney(micros) })),
    },
    statusCounts,
  };
}

function inMonth(customerId: string, month: StatementMonth): SQL {
  return and(
    eq(executions.customerId, customerId),
    gte(executions.createdAt, month.from),
    lt(executions.createdAt, month.to),
  ) as SQL;
}

/** The statement of a customer and month (staff only; 400 for a bad month, 404 for an unknown customer). */
export async function loadStatement(
  db: Database,
  actor: Actor,
  customerId: string,
  monthText: string,
): Promise<Statement> {
  assertStaff(actor.user);
  const month = parseMonth(monthText);
  const customer = await getCustomer(db, customerId);
  const [groups, programs] = await Promise.all([
    db
      .select({
        customerProgramId: executions.customerProgramId,
        currency: executions.currency,
        status: executions.paymentStatus,
        executions: sql<number>`count(*)::int`,
        timeSavedSeconds: sql<number>`sum(${executions.timeSavedSeconds})::bigint`,
        coveredSeconds: sql<number>`sum(${executions.coveredSeconds})::bigint`,
        billedSeconds: sql<number>`sum(${executions.billedSeconds})::bigint`,
        price: sql<string>`sum(${executions.price})::text`,
      })
      .from(executions)
      .where(inMonth(customer.id, month))
      .groupBy(executions.customerProgramId, executions.currency, executions.paymentStatus),
    customerProgramsOf(db, customer.id),
  ]);
  const address = customer.billingAddress;
  return {
    ...month,
    customer: {
      id: customer.id,
      name: customer.name,
      customerNumber: customer.customerNumber,
      billingAddress: address && {
        addressedTo: address.addressedTo,
        street: address.street,
        houseNumber: address.houseNumber,
        postalCode: address.postalCode,
        town: address.town,
        country: address.country,
      },
    },
    ...summarize(
      groups.map((group) => ({
        ...group,
        executions: Number(group.executions),
        timeSavedSeconds: Number(group.timeSavedSeconds),
        coveredSeconds: Number(group.coveredSeconds),
        billedSeconds: Number(group.billedSeconds),
      })),
      new Map(programs.map((program) => [program.id, program.name])),
    ),
  };
}

/** Logs a download of the statement as CSV or PDF (SPEC §13: every staff action). */
export async function recordStatementDownload(
  db: Database,
  actor: Actor,
  statement: Statement,
  format: "csv" | "pdf",
): Promise<void> {
  await recordAudit(db, actor.context, {
    action: "statement.downloaded",
    customerId: statement.customer.id,
    targetType: "customer",
    targetId: statement.customer.id,
    after: { month: statement.month, format },
  });
}

export interface StatementExecution {
  id: string;
  /** `DD.MM.YYYY HH:MM:SS` in the reporting time zone. */
  created: string;
  programName: string;
  timeSavedSeconds: number;
  coveredSeconds: number;
  billedSeconds: number;
  /** Exact, six places. */
  pricePerSecond: string;
  price: string;
  currency: string;
  status: PaymentStatus;
}

/** How many executions one read of the list takes. */
export const STATEMENT_CHUNK_ROWS = 2000;

/**
 * The month's executions, oldest first, in keyset chunks: each chunk is read when the previous one has
 * been consumed, so a large month never sits in memory at once.
 */
export async function* statementExecutions(
  db: Database,
  statement: Statement,
  chunkRows = STATEMENT_CHUNK_ROWS,
): AsyncGenerator<StatementExecution[]> {
  const names = new Map(
    (await customerProgramsOf(db, statement.customer.id)).map((program) => [program.id, program.name]),
  );
  const where = inMonth(statement.customer.id, statement);
  let cursor: { at: string; id: string } | undefined;
  for (;;) {
    const result = await db.execute<{
      id: string;
      customer_program_id: string;
      created: string;
      at: string;
      time_saved_seconds: number;
      covered_seconds: number;
      billed_seconds: number;
      price_per_second: string;
      price: string;
      currency: string;
      payment_status: PaymentStatus;
    }>(sql`
      SELECT id, customer_program_id, time_saved_seconds, covered_seconds, billed_seconds,
        price_per_second::text AS price_per_second, price::text AS price, currency, payment_status,
        to_char(created_at AT TIME ZONE ${sql.raw(`'${REPORTING_TIME_ZONE}'`)}, 'DD.MM.YYYY HH24:MI:SS') AS created,
        created_at::text AS at
      FROM ${executions}
      WHERE ${where}${
        cursor
          ? sql` AND created_at >= ${cursor.at}::timestamptz
                 AND (created_at, id) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`
          : sql``
      }
      ORDER BY created_at, id
      LIMIT ${chunkRows}`);
    const rows = result.rows;
    if (rows.length === 0) return;
    yield rows.map((row) => ({
      id: row.id,
      created: row.created,
      programName: names.get(row.customer_program_id) ?? "",
      timeSavedSeconds: Number(row.time_saved_seconds),
      coveredSeconds: Number(row.covered_seconds),
      billedSeconds: Number(row.billed_seconds),
      pricePerSecond: row.price_per_second,
      price: row.price,
      currency: row.currency,
      status: row.payment_status,
    }));
    if (rows.length < chunkRows) return;
    const last = rows[rows.length - 1];
    if (!last) return;
    cursor = { at: last.at, id: last.id };
  }
}
