import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { apiKeys } from "../api-keys/schema.ts";
import { customers } from "../crm/schema.ts";
import { users } from "../identity/schema.ts";
import { customerPrograms } from "../programs/schema.ts";

const moment = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const PAYMENT_STATUSES = ["not_paid", "paid", "refunded", "revoked"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** One reported run of a customer program, priced when it was recorded (SPEC §7). */
export const executions = pgTable(
  "executions",
  {
    id: uuid("id").primaryKey(),
    customerProgramId: uuid("customer_program_id")
      .notNull()
      .references(() => customerPrograms.id),
    /** The program's customer, kept here so every customer-scoped query needs no join. */
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    reportedByUserId: uuid("reported_by_user_id").references(() => users.id, { onDelete: "set null" }),
    apiKeyId: uuid("api_key_id").references(() => apiKeys.id, { onDelete: "set null" }),
    timeSavedSeconds: integer("time_saved_seconds").notNull(),
    coveredSeconds: integer("covered_seconds").notNull(),
    billedSeconds: integer("billed_seconds").notNull(),
    /** The rate actually applied (the tier's, for tiered pricing). */
    pricePerSecond: numeric("price_per_second", { precision: 14, scale: 6 }).notNull(),
    price: numeric("price", { precision: 14, scale: 6 }).notNull(),
    currency: text("currency").notNull(),
    paymentStatus: text("payment_status").$type<PaymentStatus>().notNull().default("not_paid"),
    /** When the client says the run happened, if it said. */
    occurredAt: moment("occurred_at"),
    paidAt: moment("paid_at"),
    createdAt: moment("created_at").notNull().defaultNow(),
    updatedAt: moment("updated_at")
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (table) => [
    index("executions_customer_created_idx").on(table.customerId, table.createdAt),
    index("executions_program_created_idx").on(table.customerProgramId, table.createdAt),
    check(
      "executions_payment_status_check",
      sql`${table.paymentStatus} IN ('not_paid', 'paid', 'refunded', 'revoked')`,
    ),
    check(
      "executions_seconds_check",
      sql`${table.coveredSeconds} >= 0 AND ${table.billedSeconds} >= 0 AND ${table.coveredSeconds} + ${table.billedSeconds} = ${table.timeSavedSeconds}`,
    ),
  ],
);

/**
 * The first answer to a request carrying an `Idempotency-Key`, per key owner: a retry with the same
 * body gets it again, one with another body is refused.
 */
export const idempotencyRecords = pgTable(
  "idempotency_records",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    /** SHA-256 of the endpoint and the canonical request body. */
    requestHash: text("request_hash").notNull(),
    responseStatus: integer("response_status").notNull(),
    responseBody: jsonb("response_body").notNull(),
    createdAt: moment("created_at").notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.key] })],
);

export type Execution = typeof executions.$inferSelect;
