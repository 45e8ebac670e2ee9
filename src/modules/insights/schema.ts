import { bigint, date, index, numeric, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { customers } from "../crm/schema.ts";
import type { PaymentStatus } from "../executions/schema.ts";
import { customerPrograms } from "../programs/schema.ts";

/**
 * Executions summed per customer program, day (in the reporting time zone), payment status and
 * currency, kept in step with the executions table in the same transaction as every change to it, so
 * insights and list totals never scan executions (SPEC §7 "Insights").
 */
export const executionDailyRollups = pgTable(
  "execution_daily_rollups",
  {
    customerProgramId: uuid("customer_program_id")
      .notNull()
      .references(() => customerPrograms.id),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    day: date("day", { mode: "string" }).notNull(),
    paymentStatus: text("payment_status").$type<PaymentStatus>().notNull(),
    currency: text("currency").notNull(),
    executions: bigint("executions", { mode: "number" }).notNull(),
    timeSavedSeconds: bigint("time_saved_seconds", { mode: "number" }).notNull(),
    coveredSeconds: bigint("covered_seconds", { mode: "number" }).notNull(),
    billedSeconds: bigint("billed_seconds", { mode: "number" }).notNull(),
    price: numeric("price", { precision: 20, scale: 6 }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.customerProgramId, table.day, table.paymentStatus, table.currency] }),
    index("execution_daily_rollups_customer_day_idx").on(table.customerId, table.day),
  ],
);

export type ExecutionDailyRollup = typeof executionDailyRollups.$inferSelect;
