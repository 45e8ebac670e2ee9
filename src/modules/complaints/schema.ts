import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "../../db/columns.ts";
import { customers } from "../crm/schema.ts";
import { executions } from "../executions/schema.ts";
import { users } from "../identity/schema.ts";

export const COMPLAINT_STATUSES = ["open", "in_progress", "accepted", "rejected"] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
/** A list filter, not a status: the complaints still waiting for a decision. */
export const UNRESOLVED = "unresolved";
export const UNRESOLVED_STATUSES: ComplaintStatus[] = ["open", "in_progress"];

/**
 * A customer's complaint about one execution (SPEC §8). Filing revokes the execution; staff work it
 * through `open → in_progress → accepted | rejected`. The execution link survives as null when staff
 * delete the execution, so the complaint and its thread stay readable.
 */
export const complaints = pgTable(
  "complaints",
  {
    id: uuid("id").primaryKey(),
    executionId: uuid("execution_id").references(() => executions.id, { onDelete: "set null" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    filedByUserId: uuid("filed_by_user_id").references(() => users.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    status: text("status").$type<ComplaintStatus>().notNull().default("open"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, precision: 3 }),
    ...timestamps,
  },
  (table) => [
    index("complaints_customer_created_idx").on(table.customerId, table.createdAt),
    index("complaints_execution_idx").on(table.executionId),
    index("complaints_status_idx").on(table.status, table.createdAt),
    check("complaints_status_check", sql`${table.status} IN ('open', 'in_progress', 'accepted', 'rejected')`),
  ],
);

/**
 * The thread of a complaint, visible to the customer and to staff. An entry is a comment (`text`), or
 * a status change made by staff (`status`, the new status) with an optional comment.
 */
export const complaintComments = pgTable(
  "complaint_comments",
  {
    id: uuid("id").primaryKey(),
    complaintId: uuid("complaint_id")
      .notNull()
      .references(() => complaints.id, { onDelete: "cascade" }),
    authorUserId: uuid("author_user_id").references(() => users.id, { onDelete: "set null" }),
    text: text("text"),
    status: text("status").$type<ComplaintStatus>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("complaint_comments_complaint_idx").on(table.complaintId, table.createdAt),
    check(
      "complaint_comments_status_check",
      sql`${table.status} IS NULL OR ${table.status} IN ('in_progress', 'accepted', 'rejected')`,
    ),
    check("complaint_comments_content_check", sql`${table.text} IS NOT NULL OR ${table.status} IS NOT NULL`),
  ],
);

export type Complaint = typeof complaints.$inferSelect;
export type ComplaintComment = typeof complaintComments.$inferSelect;
