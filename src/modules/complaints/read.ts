/**
 * Reading complaints: lists (newest first, keyset paging) and one complaint with its thread, for the
 * customer's execution managers and for staff. Policy checks are the callers' (service.ts).
 */
import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { customers } from "../crm/schema.ts";
import { executions, type PaymentStatus } from "../executions/schema.ts";
import { users } from "../identity/schema.ts";
import { customerPrograms, programs } from "../programs/schema.ts";
import {
  type ComplaintStatus,
  complaintComments,
  complaints,
  UNRESOLVED,
  UNRESOLVED_STATUSES,
} from "./schema.ts";

export interface ExecutionRef {
  id: string;
  programName: string;
  timeSavedSeconds: number;
  coveredSeconds: number;
  billedSeconds: number;
  price: string;
  currency: string;
  paymentStatus: PaymentStatus;
  createdAt: Date;
}

export interface ComplaintSummary {
  id: string;
  customerId: string;
  customerName: string;
  status: ComplaintStatus;
  text: string;
  filedBy: { id: string; displayName: string } | null;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  entryCount: number;
  execution: ExecutionRef | null;
}

export interface ComplaintEntry {
  id: string;
  author: { id: string; displayName: string; staff: boolean } | null;
  text: string | null;
  status: ComplaintStatus | null;
  createdAt: Date;
}

export interface ComplaintDetail extends ComplaintSummary {
  /** Oldest first. */
  entries: ComplaintEntry[];
}

export interface ComplaintFilter {
  customerId?: string;
  status?: ComplaintStatus | typeof UNRESOLVED;
}

export interface ComplaintPage {
  items: ComplaintSummary[];
  /** The last item's id: the next page starts after it. */
  nextCursor: string | null;
}

async function summaries(db: Database, where: SQL | undefined, limit?: number): Promise<ComplaintSummary[]> {
  const query = db
    .select({
      id: complaints.id,
      customerId: complaints.customerId,
      customerName: customers.name,
      status: complaints.status,
      text: complaints.text,
      filedById: users.id,
      filedByName: users.displayName,
      createdAt: complaints.createdAt,
      updatedAt: complaints.updatedAt,
      resolvedAt: complaints.resolvedAt,
      entryCount: sql<number>`(SELECT count(*) FROM ${complaintComments}
        WHERE ${complaintComments.complaintId} = ${complaints.id})`.mapWith(Number),
      execution: {
        id: executions.id,
        programName: programs.name,
        timeSavedSeconds: executions.timeSavedSeconds,
        coveredSeconds: executions.coveredSeconds,
        billedSeconds: executions.billedSeconds,
        price: executions.price,
        currency: executions.currency,
        paymentStatus: executions.paymentStatus,
        createdAt: executions.createdAt,
      },
    })
    .from(complaints)
    .innerJoin(customers, eq(customers.id, complaints.customerId))
    .leftJoin(users, eq(users.id, complaints.filedByUserId))
    .leftJoin(executions, eq(executions.id, complaints.executionId))
    .leftJoin(customerPrograms, eq(customerPrograms.id, executions.customerProgramId))
    .leftJoin(programs, eq(programs.id, customerPrograms.programId))
    .where(where)
    .orderBy(desc(complaints.createdAt), desc(complaints.id));
  const rows = limit === undefined ? await query : await query.limit(limit);
  return rows.map(({ filedById, filedByName, execution, ...row }) => ({
    ...row,
    filedBy: filedById && filedByName !== null ? { id: filedById, displayName: filedByName } : null,
    execution: execution.id === null || execution.programName === null ? null : (execution as ExecutionRef),
  }));
}

/** Complaints matching the filter, newest first; `cursor` is the `nextCursor` of the page before. */
export async function complaintPage(
  db: Database,
  filter: ComplaintFilter,
  page: { limit: number; cursor?: string },
): Promise<ComplaintPage> {
  // The cursor names the last complaint shown; the next page holds those ordered after it.
  const after = page.cursor
    ? sql`(${complaints.createdAt}, ${complaints.id}) <
        (SELECT c.created_at, c.id FROM ${complaints} c WHERE c.id = ${page.cursor}::uuid)`
    : undefined;
  const rows = await summaries(
    db,
    and(
      filter.customerId ? eq(complaints.customerId, filter.customerId) : undefined,
      filter.status === UNRESOLVED
        ? inArray(complaints.status, UNRESOLVED_STATUSES)
        : filter.status
          ? eq(complaints.status, filter.status)
          : undefined,
      after,
    ),
    page.limit + 1,
  );
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? last.id : null };
}

export async function complaintSummary(
  db: Database,
  complaintId: string,
): Promise<ComplaintSummary | undefined> {
  const [summary] = await summaries(db, eq(complaints.id, complaintId));
  return summary;
}

export async function complaintEntries(db: Database, complaintId: string): Promise<ComplaintEntry[]> {
  const rows = await db
    .select({
      id: complaintComments.id,
      authorId: users.id,
      authorName: users.displayName,
      authorIsStaff: users.isStaff,
      authorIsSuperuser: users.isSuperuser,
      text: complaintComments.text,
      status: complaintComments.status,
      createdAt: complaintComments.createdAt,
    })
    .from(complaintComments)
    .leftJoin(users, eq(users.id, complaintComments.authorUserId))
    .where(eq(complaintComments.complaintId, complaintId))
    .orderBy(asc(complaintComments.createdAt), asc(complaintComments.id));
  return rows.map(({ authorId, authorName, authorIsStaff, authorIsSuperuser, ...row }) => ({
    ...row,
    author:
      authorId && authorName !== null
        ? { id: authorId, displayName: authorName, staff: Boolean(authorIsStaff || authorIsSuperuser) }
        : null,
  }));
}
