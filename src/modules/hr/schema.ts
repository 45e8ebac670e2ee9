import { sql } from "drizzle-orm";
import { boolean, check, date, index, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "../../db/columns.ts";
import { type Ability, ROLE_ABILITIES, type Role } from "../access/roles.ts";
import { customers } from "../crm/schema.ts";
import { users } from "../identity/schema.ts";

/** One per user, created on demand. */
export const employees = pgTable("employees", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id")
    .notNull()
    .unique("employees_user_id_unique")
    .references(() => users.id, { onDelete: "cascade" }),
  ...timestamps,
});

/** Employee × customer; the original lacked the uniqueness and crashed on duplicates. */
export const contracts = pgTable(
  "contracts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    employeeId: uuid("employee_id")
      .notNull()
      .references(() => employees.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    isActive: boolean("is_active").notNull().default(true),
    startDate: date("start_date", { mode: "string" }).notNull().defaultNow(),
    endDate: date("end_date", { mode: "string" }),
    deactivationDate: date("deactivation_date", { mode: "string" }),
    ...timestamps,
  },
  (table) => [
    unique("contracts_employee_customer_unique").on(table.employeeId, table.customerId),
    index("contracts_customer_idx").on(table.customerId),
  ],
);

/** The database refuses a role outside the catalogue or an ability its role does not have. */
const catalogueCheck = sql.raw(
  Object.entries(ROLE_ABILITIES)
    .map(
      ([role, abilities]) =>
        `(role = '${role}' AND abilities <@ ARRAY[${abilities.map((ability) => `'${ability}'`).join(", ")}]::text[])`,
    )
    .join(" OR "),
);

/**
 * A role held on one contract, so per employee and customer (SPEC §3), with its abilities. It counts
 * only while the contract is active.
 */
export const roleGrants = pgTable(
  "role_grants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id, { onDelete: "cascade" }),
    role: text("role").$type<Role>().notNull(),
    abilities: text("abilities").array().$type<Ability[]>().notNull().default(sql`'{}'::text[]`),
    ...timestamps,
  },
  (table) => [
    unique("role_grants_contract_role_unique").on(table.contractId, table.role),
    check("role_grants_catalogue_check", catalogueCheck),
  ],
);

export type Employee = typeof employees.$inferSelect;
export type Contract = typeof contracts.$inferSelect;
export type RoleGrant = typeof roleGrants.$inferSelect;
