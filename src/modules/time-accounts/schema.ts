import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "../../db/columns.ts";
import { customers } from "../crm/schema.ts";

/** Prepaid seconds of one customer (SPEC §5). The balance is the sum of its ledger, never negative. */
export const timeAccounts = pgTable(
  "time_accounts",
  {
    id: uuid("id").primaryKey(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    name: text("name").notNull(),
    isActive: boolean("is_active").notNull().default(true),
    balanceSeconds: bigint("balance_seconds", { mode: "number" }).notNull().default(0),
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true, precision: 3 }),
    ...timestamps,
  },
  (table) => [
    index("time_accounts_customer_idx").on(table.customerId),
    check("time_accounts_balance_not_negative", sql`${table.balanceSeconds} >= 0`),
  ],
);

export const LEDGER_KINDS = ["top_up", "execution_debit", "refund", "adjustment", "transfer"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * The append-only ledger of a time account (a trigger refuses UPDATE and DELETE). `seconds` is
 * signed: positive adds to the balance. `executionId` has no foreign key: the entry outlives a
 * deleted execution.
 */
export const timeAccountEntries = pgTable(
  "time_account_entries",
  {
    id: uuid("id").primaryKey(),
    timeAccountId: uuid("time_account_id")
      .notNull()
      .references(() => timeAccounts.id),
    kind: text("kind").$type<LedgerKind>().notNull(),
    seconds: bigint("seconds", { mode: "number" }).notNull(),
    balanceAfterSeconds: bigint("balance_after_seconds", { mode: "number" }).notNull(),
    executionId: uuid("execution_id"),
    actorUserId: uuid("actor_user_id"),
    actorApiKeyId: uuid("actor_api_key_id"),
    reason: text("reason"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    index("time_account_entries_account_idx").on(table.timeAccountId, table.id),
    index("time_account_entries_execution_idx").on(table.executionId),
    check(
      "time_account_entries_kind_check",
      sql`${table.kind} IN ('top_up', 'execution_debit', 'refund', 'adjustment', 'transfer')`,
    ),
    check("time_account_entries_seconds_check", sql`${table.seconds} <> 0`),
    check("time_account_entries_balance_check", sql`${table.balanceAfterSeconds} >= 0`),
  ],
);

export type TimeAccount = typeof timeAccounts.$inferSelect;
export type TimeAccountEntry = typeof timeAccountEntries.$inferSelect;
