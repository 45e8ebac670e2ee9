import { boolean, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "../../db/columns.ts";

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** As issued: 12 Crockford characters without dashes, or a legacy 6-character code. */
    code: text("code").notNull().unique("users_code_unique"),
    /** Normalised form used for lookups (see user-code.ts); legacy codes may share one. */
    codeKey: text("code_key").notNull(),
    displayName: text("display_name").notNull(),
    isActive: boolean("is_active").notNull().default(true),
    isStaff: boolean("is_staff").notNull().default(false),
    isSuperuser: boolean("is_superuser").notNull().default(false),
    language: text("language", { enum: ["de", "en"] })
      .notNull()
      .default("de"),
    ...timestamps,
  },
  (table) => [index("users_code_key_idx").on(table.codeKey)],
);

export type User = typeof users.$inferSelect;
