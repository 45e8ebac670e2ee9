/**
 * Insights for a customer (SPEC §7 "Insights", §9 dashboard): figures for a period of reporting days
 * with the change against the period before, series per day or month, and a breakdown per program.
 * Everything is summed from the daily rollups, never from the executions table, so the cost of a read
 * depends on the days and programs asked about, not on how many executions there are.
 *
 * What counts: executions that are `not_paid` or `paid`. Revoked (complaint filed) and refunded
 * executions are left out, as they are not owed.
 */
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { type Actor, holdsRole } from "../access/policy.ts";
import { customerBalanceSeconds } from "../time-accounts/service.ts";
import { type DayRange, daysOf, monthsOf, previousPeriod } from "./calendar.ts";
import { changeBetween, FigureSum, type Figures, type SumRow } from "./figures.ts";
import { assertMayReadInsights } from "./policy.ts";
import { executionDailyRollups as rollups } from "./schema.ts";
import { customerProgramsOf, requireCustomerScope } from "./scope.ts";

/** The payment statuses insights count. */
export const COUNTED_STATUSES = ["not_paid", "paid"] as const;

export interface InsightQuery {
  customerId: string;
  range: DayRange;
  customerProgramId?: string;
}

const sums = sql`${rollups.currency} AS currency,
  sum(${rollups.executions}) AS executions,
  sum(${rollups.timeSavedSeconds}) AS time_saved_seconds,
  sum(${rollups.coveredSeconds}) AS covered_seconds,
  sum(${rollups.billedSeconds}) AS billed_seconds,
  sum(${rollups.price})::text AS price`;

function counted(customerId: string, range: DayRange, customerProgramId?: string): SQL {
  return and(
    eq(rollups.customerId, customerId),
    sql`${rollups.day} BETWEEN ${range.from}::date AND ${range.to}::date`,
    inArray(rollups.paymentStatus, [...COUNTED_STATUSES]),
    customerProgramId ? eq(rollups.customerProgramId, customerProgramId) : undefined,
  ) as SQL;
}

async function authorize(db: Database, actor: Actor, query: InsightQuery): Promise<void> {
  assertMayReadInsights(actor, query.customerId);
  await requireCustomerScope(db, query.customerId, query.customerProgramId);
}

export interface Summary {
  current: DayRange & Figures;
  previous: DayRange & Figures;
  change: ReturnType<typeof changeBetween>;
  /** Null for readers who may not see the customer's time accounts (SPEC §3). */
  prepaidBalanceSeconds: number | null;
}

export async function insightsSummary(db: Database, actor: Actor, query: InsightQuery): Promise<Summary> {
  await authorize(db, actor, query);
  const before = previousPeriod(query.range);
  const result = await db.execute<SumRow & { current: boolean }>(sql`
    SELECT ${rollups.day} >= ${query.range.from}::date AS current, ${sums}
    FROM ${rollups}
    WHERE ${counted(query.customerId, { from: before.from, to: query.range.to }, query.customerProgramId)}
    GROUP BY 1, ${rollups.currency}`);
  const current = new FigureSum();
  const previous = new FigureSum();
  for (const row of result.rows) (row.current ? current : previous).add(row);
  return {
    current: { ...query.range, ...current.view() },
    previous: { ...before, ...previous.view() },
    change: changeBetween(current, previous),
    prepaidBalanceSeconds: holdsRole(actor, query.customerId, "time_account_manager")
      ? await customerBalanceSeconds(db, query.customerId)
      : null,
  };
}

export type Granularity = "day" | "month";

export interface SeriesPoint extends Figures {
  /** `YYYY-MM-DD` for days, `YYYY-MM` for months. */
  period: string;
}

/** One point per day or month of the range, zeros where nothing happened. */
export async function insightsSeries(
  db: Database,
  actor: Actor,
  query: InsightQuery & { granularity: Granularity },
): Promise<SeriesPoint[]> {
  await authorize(db, actor, query);
  const bucket =
    query.granularity === "day"
      ? sql`to_char(${rollups.day}, 'YYYY-MM-DD')`
      : sql`to_char(${rollups.day}, 'YYYY-MM')`;
  const result = await db.execute<SumRow & { period: string }>(sql`
    SELECT ${bucket} AS period, ${sums}
    FROM ${rollups}
    WHERE ${counted(query.customerId, query.range, query.customerProgramId)}
    GROUP BY 1, ${rollups.currency}`);
  const periods = query.granularity === "day" ? daysOf(query.range) : monthsOf(query.range);
  const byPeriod = new Map(periods.map((period) => [period, new FigureSum()]));
  for (const row of result.rows) byPeriod.get(row.period)?.add(row);
  return periods.map((period) => ({ period, ...(byPeriod.get(period) ?? new FigureSum()).view() }));
}

export interface ProgramFigures extends Figures {
  customerProgramId: string;
  name: string;
  isActive: boolean;
  /** Percent of the period's time saved, one decimal; null when nothing was saved. */
  share: number | null;
}

/**
 * Every customer program of the customer with its figures, most time saved first; inactive programs
 * only when they have figures in the range.
 */
export async function insightsPrograms(
  db: Database,
  actor: Actor,
  query: Omit<InsightQuery, "customerProgramId">,
): Promise<{ items: ProgramFigures[]; total: Figures }> {
  await authorize(db, actor, query);
  const [named, result] = await Promise.all([
    customerProgramsOf(db, query.customerId),
    db.execute<SumRow & { customer_program_id: string }>(sql`
      SELECT ${rollups.customerProgramId} AS customer_program_id, ${sums}
      FROM ${rollups}
      WHERE ${counted(query.customerId, query.range)}
      GROUP BY 1, ${rollups.currency}`),
  ]);
  const byProgram = new Map(named.map((program) => [program.id, new FigureSum()]));
  const total = new FigureSum();
  for (const row of result.rows) {
    byProgram.get(row.customer_program_id)?.add(row);
    total.add(row);
  }
  const items = named
    .map((program) => ({ program, figures: byProgram.get(program.id) ?? new FigureSum() }))
    .filter(({ program, figures }) => program.isActive || figures.executions !== 0)
    .map(({ program, figures }) => ({
      customerProgramId: program.id,
      name: program.name,
      isActive: program.isActive,
      ...figures.view(),
      share:
        total.timeSavedSeconds === 0
          ? null
          : Math.round((figures.timeSavedSeconds * 1000) / total.timeSavedSeconds) / 10,
    }))
    .sort((a, b) => b.timeSavedSeconds - a.timeSavedSeconds || a.name.localeCompare(b.name));
  return { items, total: total.view() };
}
