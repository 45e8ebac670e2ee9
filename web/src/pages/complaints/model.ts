/** Types, query keys and status colours of the complaint pages (NADOO OS and staff console). */
import type { paths } from "../../api/schema";

export type ComplaintDetail =
  paths["/api/os/complaints/{complaintId}"]["get"]["responses"][200]["content"]["application/json"];
export type ComplaintEntry = ComplaintDetail["entries"][number];
export type ComplaintSummary = Omit<ComplaintDetail, "entries">;
export type ComplaintStatus = ComplaintDetail["status"];

export const COMPLAINT_STATUSES: readonly ComplaintStatus[] = ["open", "in_progress", "accepted", "rejected"];

export function isComplaintStatus(value: unknown): value is ComplaintStatus {
  return COMPLAINT_STATUSES.includes(value as ComplaintStatus);
}

/** What the lists filter by: one status, or `unresolved` (open and in progress, the work waiting). */
export type StatusChoice = ComplaintStatus | "unresolved";

export function isStatusChoice(value: unknown): value is StatusChoice {
  return value === "unresolved" || isComplaintStatus(value);
}

export const STATUS_COLORS: Record<ComplaintStatus, string> = {
  open: "yellow",
  in_progress: "blue",
  accepted: "green",
  rejected: "red",
};

/** Every complaint query starts with it, so a comment or status change refreshes them all. */
export const COMPLAINTS_KEY = ["complaints"] as const;
export const customerComplaintsKey = (customerId: string, status: StatusChoice | null) =>
  [...COMPLAINTS_KEY, "customer", customerId, status] as const;
export const complaintKey = (complaintId: string) => [...COMPLAINTS_KEY, "detail", complaintId] as const;
export const staffComplaintsKey = (status: StatusChoice | null, customerId: string | null) =>
  [...COMPLAINTS_KEY, "staff", status, customerId] as const;

/** The page size asked for. */
export const PAGE_SIZE = 50;
