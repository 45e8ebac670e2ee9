/**
 * For tests only: executions written at chosen moments (as an import would write them) and added to
 * the rollups, so insights can be checked against worked examples across day and month boundaries.
 */
import { asc, inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { uuidv7 } from "../../lib/ids.ts";
import { formatMoney, parseMoney } from "../../lib/money.ts";
import { executions, type PaymentStatus } from "../executions/schema.ts";
import { addToRollups } from "./rollups.ts";
import { executionDailyRollups } from "./schema.ts";

export interface PlacedExecution {
  customerId: string;
  customerProgramId: string;
  createdAt: Date | string;
  timeSavedSeconds: number;
  coveredSeconds?: number;
  /** Per second, six places; the price is billed seconds × this. */
  pricePerSecond?: string;
  currency?: string;
  paymentStatus?: PaymentStatus;
}

/** Inserts the executions and adds them to the rollups; returns their ids in the given order. */
export async function placeExecutions(db: Database, placed: readonly PlacedExecution[]): Promise<string[]> {
  if (placed.length === 0) return [];
  const rows = placed.map((item) => {
    const covered = item.coveredSeconds ?? 0;
    const billed = item.timeSavedSeconds - covered;
    const rate = parseMoney(item.pricePerSecond ?? "0.010000");
    return {
      id: uuidv7(),
      customerId: item.customerId,
      customerProgramId: item.customerProgramId,
      timeSavedSeconds: item.timeSavedSeconds,
      coveredSeconds: covered,
      billedSeconds: billed,
      pricePerSecond: formatMoney(rate),
      price: formatMoney(rate * BigInt(billed)),
      currency: item.currency ?? "EUR",
      paymentStatus: item.paymentStatus ?? "not_paid",
      createdAt: new Date(item.createdAt),
    };
  });
  await db.insert(executions).values(rows);
  const ids = rows.map((row) => row.id);
  await addToRollups(db, inArray(executions.id, ids));
  return ids;
}

/** The rollup table's contents in a stable order, for comparing two ways of computing it. */
export async function rollupContents(db: Database) {
  return db
    .select({
      customerProgramId: executionDailyRollups.customerProgramId,
      customerId: executionDailyRollups.customerId,
      day: executionDailyRollups.day,
      paymentStatus: executionDailyRollups.paymentStatus,
      currency: executionDailyRollups.currency,
      executions: executionDailyRollups.executions,
      timeSavedSeconds: executionDailyRollups.timeSavedSeconds,
      coveredSeconds: executionDailyRollups.coveredSeconds,
      billedSeconds: executionDailyRollups.billedSeconds,
      price: sql<string>`${executionDailyRollups.price}::text`,
    })
    .from(executionDailyRollups)
    .orderBy(
      asc(executionDailyRollups.customerProgramId),
      asc(executionDailyRollups.day),
      asc(executionDailyRollups.paymentStatus),
      asc(executionDailyRollups.currency),
    );
}
