import { boolean, date, index, pgTable, unique, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "../../db/columns.ts";
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

export type Employee = typeof employees.$inferSelect;
export type Contract = typeof contracts.$inferSelect;
