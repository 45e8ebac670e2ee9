import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "../../db/columns.ts";
import { customers } from "../crm/schema.ts";
import { users } from "../identity/schema.ts";

const moment = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * A key for the reporting APIs (SPEC §6). Only the SHA-256 hex digest of the secret is stored, plus a
 * display prefix; keys imported from the original system are UUID strings hashed the same way.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    keyHash: text("key_hash").notNull().unique("api_keys_key_hash_unique"),
    /** The start of the secret, enough to recognise it: `nadoo_AbC1` (legacy keys: their first 4 characters). */
    displayPrefix: text("display_prefix").notNull(),
    /** Imported from the original system (a raw UUID string), not a `nadoo_` key. */
    legacy: boolean("legacy").notNull().default(false),
    /** When true, the key works only for the customers in api_key_customers. */
    restricted: boolean("restricted").notNull().default(false),
    expiresAt: moment("expires_at"),
    lastUsedAt: moment("last_used_at"),
    revokedAt: moment("revoked_at"),
    revokedByUserId: uuid("revoked_by_user_id").references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (table) => [
    index("api_keys_user_idx").on(table.userId),
    check("api_keys_key_hash_check", sql`${table.keyHash} ~ '^[0-9a-f]{64}$'`),
  ],
);

/** The customers a restricted key may report for. */
export const apiKeyCustomers = pgTable(
  "api_key_customers",
  {
    apiKeyId: uuid("api_key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
  },
  (table) => [
    primaryKey({ columns: [table.apiKeyId, table.customerId] }),
    index("api_key_customers_customer_idx").on(table.customerId),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
