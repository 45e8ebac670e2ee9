/**
 * The JSON shapes of complaints, shared by the OS and the staff routes.
 */
import { z } from "zod";
import { PAYMENT_STATUSES } from "../executions/schema.ts";
import type { ComplaintDetail, ComplaintEntry, ComplaintSummary } from "./read.ts";
import { COMPLAINT_STATUSES, UNRESOLVED } from "./schema.ts";

export const complaintStatus = z.enum(COMPLAINT_STATUSES);

export const executionRefView = z.object({
  id: z.uuid(),
  programName: z.string(),
  timeSavedSeconds: z.number().int(),
  coveredSeconds: z.number().int(),
  billedSeconds: z.number().int(),
  price: z.string().describe("Exact decimal, six places"),
  currency: z.string(),
  paymentStatus: z.enum(PAYMENT_STATUSES),
  createdAt: z.string(),
});

export const complaintSummaryView = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  customerName: z.string(),
  status: complaintStatus,
  text: z.string(),
  filedBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
  entryCount: z.number().int().describe("Entries in the thread (comments and status changes)"),
  execution: executionRefView.nullable().describe("Null once staff deleted the execution"),
});

export const complaintEntryView = z.object({
  id: z.uuid(),
  author: z
    .object({ id: z.uuid(), displayName: z.string(), staff: z.boolean() })
    .nullable()
    .describe("Null when the author's user no longer exists"),
  text: z.string().nullable(),
  status: complaintStatus.nullable().describe("The new status, when the entry is a status change"),
  createdAt: z.string(),
});

export const complaintDetailView = complaintSummaryView.extend({
  entries: z.array(complaintEntryView).describe("Oldest first"),
});

export const complaintPageView = z.object({
  items: z.array(complaintSummaryView),
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last"),
});

export function viewComplaintSummary(summary: ComplaintSummary): z.infer<typeof complaintSummaryView> {
  const { execution } = summary;
  return {
    ...summary,
    createdAt: summary.createdAt.toISOString(),
    updatedAt: summary.updatedAt.toISOString(),
    resolvedAt: summary.resolvedAt?.toISOString() ?? null,
    execution: execution ? { ...execution, createdAt: execution.createdAt.toISOString() } : null,
  };
}

export function viewComplaintEntry(entry: ComplaintEntry): z.infer<typeof complaintEntryView> {
  return { ...entry, createdAt: entry.createdAt.toISOString() };
}

export function viewComplaintDetail(detail: ComplaintDetail): z.infer<typeof complaintDetailView> {
  return { ...viewComplaintSummary(detail), entries: detail.entries.map(viewComplaintEntry) };
}

/** Paging parameters of the complaint lists. */
export const complaintListQuery = z.object({
  status: z
    .enum([...COMPLAINT_STATUSES, UNRESOLVED])
    .optional()
    .describe("One status, or `unresolved` for open and in progress (the work waiting)"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.uuid().optional().describe("`nextCursor` of the previous page"),
});
