import { boolean, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "../../db/columns.ts";

export const addresses = pgTable("addresses", {
  id: uuid("id").primaryKey().defaultRandom(),
  addressedTo: text("addressed_to"),
  street: text("street"),
  houseNumber: text("house_number"),
  postalCode: text("postal_code"),
  town: text("town"),
  /** ISO 3166-1 alpha-2. */
  country: text("country"),
  ...timestamps,
});

export const customers = pgTable("customers", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  customerNumber: text("customer_number").unique("customers_customer_number_unique"),
  isActive: boolean("is_active").notNull().default(true),
  // Deleting an address clears the link, as in the original (SET NULL).
  billingAddressId: uuid("billing_address_id").references(() => addresses.id, { onDelete: "set null" }),
  shippingAddressId: uuid("shipping_address_id").references(() => addresses.id, { onDelete: "set null" }),
  ...timestamps,
});

export type Address = typeof addresses.$inferSelect;
export type Customer = typeof customers.$inferSelect;
