import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { timestamps } from "../../db/columns.ts";
import { customers } from "../crm/schema.ts";
import { timeAccounts } from "../time-accounts/schema.ts";

/** The catalogue of programs (staff-managed, SPEC §4). */
export const programs = pgTable("programs", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  isActive: boolean("is_active").notNull().default(true),
  ...timestamps,
});

/** "program depends on dependency": edges of a DAG; the service refuses cycles. */
export const programDependencies = pgTable(
  "program_dependencies",
  {
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    dependencyId: uuid("dependency_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
  },
  (table) => [
    primaryKey({ columns: [table.programId, table.dependencyId] }),
    index("program_dependencies_dependency_idx").on(table.dependencyId),
    check("program_dependencies_not_self", sql`${table.programId} <> ${table.dependencyId}`),
  ],
);

/** One step of a tier table: from this many hours saved on, this price per hour. */
export interface Tier {
  fromHours: number;
  /** Decimal string, e.g. "230.000000". */
  pricePerHour: string;
}

export const PRICING_MODES = ["fixed", "tiered"] as const;
export type PricingMode = (typeof PRICING_MODES)[number];

/** A program installed and billed for one customer: the billable unit (SPEC §4). */
export const customerPrograms = pgTable(
  "customer_programs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    defaultTimeSavedSeconds: integer("default_time_saved_seconds").notNull().default(0),
    pricingMode: text("pricing_mode").$type<PricingMode>().notNull().default("tiered"),
    /** The rate of `fixed` pricing. */
    pricePerSecond: numeric("price_per_second", { precision: 14, scale: 6 }).notNull().default("0"),
    /** The tier table of `tiered` pricing; null means the default table of SPEC §4. */
    tiers: jsonb("tiers").$type<Tier[]>(),
    currency: text("currency").notNull().default("EUR"),
    isActive: boolean("is_active").notNull().default(true),
    /**
     * Seconds saved by this program's executions that are `not_paid` or `paid`: the basis of the tier
     * rate, kept in step by every change of an execution (so pricing never sums the executions).
     */
    tierBasisSeconds: bigint("tier_basis_seconds", { mode: "number" }).notNull().default(0),
    ...timestamps,
  },
  (table) => [
    index("customer_programs_customer_idx").on(table.customerId),
    index("customer_programs_program_idx").on(table.programId),
    check(
      "customer_programs_default_time_saved_check",
      sql`${table.defaultTimeSavedSeconds} BETWEEN 0 AND 86400`,
    ),
    check("customer_programs_pricing_mode_check", sql`${table.pricingMode} IN ('fixed', 'tiered')`),
    check("customer_programs_price_check", sql`${table.pricePerSecond} >= 0`),
    check("customer_programs_currency_check", sql`${table.currency} ~ '^[A-Z]{3}$'`),
    check("customer_programs_tier_basis_check", sql`${table.tierBasisSeconds} >= 0`),
  ],
);

/** The time accounts a customer program draws from, in order (position 0 first). */
export const customerProgramTimeAccounts = pgTable(
  "customer_program_time_accounts",
  {
    customerProgramId: uuid("customer_program_id")
      .notNull()
      .references(() => customerPrograms.id, { onDelete: "cascade" }),
    timeAccountId: uuid("time_account_id")
      .notNull()
      .references(() => timeAccounts.id),
    position: integer("position").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.customerProgramId, table.timeAccountId] }),
    unique("customer_program_time_accounts_position_unique").on(table.customerProgramId, table.position),
    index("customer_program_time_accounts_account_idx").on(table.timeAccountId),
  ],
);

export type Program = typeof programs.$inferSelect;
export type CustomerProgram = typeof customerPrograms.$inferSelect;
