/**
 * The staff executions page's filter and its URL query (`?customerId=<id>&program=<id>&status=paid
 * &from=2026-11-01&to=2026-11-30`), and the API query it makes: days are Berlin calendar days, both
 * included. Pure.
 */
import type { PaymentStatus } from "../../executions/filters";
import { STATUSES } from "../../executions/filters";
import { daysToInstants } from "./berlin";

export interface StaffExecutionFilter {
  customerId?: string;
  /** A customer program id. */
  program?: string;
  status?: PaymentStatus;
  /** Inclusive calendar days, `YYYY-MM-DD`. */
  from?: string;
  to?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function filterFromQuery(query: URLSearchParams): StaffExecutionFilter {
  const filter: StaffExecutionFilter = {};
  const customerId = query.get("customerId");
  if (customerId && UUID.test(customerId)) filter.customerId = customerId;
  const program = query.get("program");
  if (filter.customerId && program && UUID.test(program)) filter.program = program;
  const status = STATUSES.find((candidate) => candidate === query.get("status"));
  if (status) filter.status = status;
  for (const bound of ["from", "to"] as const) {
    const day = query.get(bound);
    if (day && DAY.test(day)) filter[bound] = day;
  }
  return filter;
}

export function filterToQuery(filter: StaffExecutionFilter): URLSearchParams {
  const query = new URLSearchParams();
  if (filter.customerId) query.set("customerId", filter.customerId);
  if (filter.customerId && filter.program) query.set("program", filter.program);
  if (filter.status) query.set("status", filter.status);
  if (filter.from) query.set("from", filter.from);
  if (filter.to) query.set("to", filter.to);
  return query;
}

/** True when both days are set and the first lies after the last. */
export function isBackwards(filter: StaffExecutionFilter): boolean {
  return Boolean(filter.from && filter.to && filter.from > filter.to);
}

/** What GET /api/staff/executions takes, besides paging. */
export function apiQuery(filter: StaffExecutionFilter): {
  customerId?: string;
  customerProgramId?: string;
  status?: PaymentStatus;
  from?: string;
  to?: string;
} {
  return {
    ...(filter.customerId ? { customerId: filter.customerId } : {}),
    ...(filter.customerId && filter.program ? { customerProgramId: filter.program } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...daysToInstants(filter.from, filter.to),
  };
}
