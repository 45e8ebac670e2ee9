import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Append-only (a trigger refuses UPDATE and DELETE, see the migration). No foreign keys: an entry
 * must outlive whatever it names.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey(),
    // Millisecond precision, as JavaScript dates have: keyset paging compares them exactly.
    occurredAt: timestamp("occurred_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    actorUserId: uuid("actor_user_id"),
    actorApiKeyId: uuid("actor_api_key_id"),
    action: text("action").notNull(),
    customerId: uuid("customer_id"),
    targetType: text("target_type"),
    targetId: text("target_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    ip: text("ip"),
    requestId: text("request_id"),
  },
  (table) => [
    index("audit_log_occurred_at_idx").on(table.occurredAt),
    index("audit_log_actor_idx").on(table.actorUserId, table.occurredAt),
    index("audit_log_customer_idx").on(table.customerId, table.occurredAt),
    index("audit_log_action_idx").on(table.action, table.occurredAt),
  ],
);

export type AuditEntry = typeof auditLog.$inferSelect;
