import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { complaints } from "../complaints/schema.ts";
import { customers } from "../crm/schema.ts";
import { users } from "../identity/schema.ts";

export const NOTIFICATION_KINDS = [
  "complaint_filed",
  "complaint_status_changed",
  "complaint_commented",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * An in-app notification for one user (the bell), written in the same transaction as the event it
 * tells about. The complaint link survives as null if the complaint is ever removed.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").$type<NotificationKind>().notNull(),
    complaintId: uuid("complaint_id").references(() => complaints.id, { onDelete: "set null" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true, precision: 3 }),
  },
  (table) => [
    index("notifications_user_created_idx").on(table.userId, table.createdAt.desc(), table.id.desc()),
    index("notifications_user_unread_idx").on(table.userId).where(sql`${table.readAt} IS NULL`),
    check(
      "notifications_kind_check",
      sql`${table.kind} IN ('complaint_filed', 'complaint_status_changed', 'complaint_commented')`,
    ),
  ],
);

export type Notification = typeof notifications.$inferSelect;
