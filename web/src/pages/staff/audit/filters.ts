/**
 * The audit page's filter and its URL query (`?action=time_account.&customerId=<id>&actor=ABCD-EFGH-JKLM
 * &from=2026-11-01&to=2026-11-30`) and the API query it makes: days are Berlin calendar days, both
 * included (the API's `to` is inclusive, so it gets the last millisecond of the last day). Pure.
 */
import { daysToInstants } from "../executions/berlin";

export interface AuditFilter {
  action?: string;
  customerId?: string;
  /** A user code or user id. */
  actor?: string;
  from?: string;
  to?: string;
}

const FIELDS = ["action", "customerId", "actor", "from", "to"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function filterFromQuery(query: URLSearchParams): AuditFilter {
  const filter: AuditFilter = {};
  for (const field of FIELDS) {
    const value = query.get(field)?.trim();
    if (!value) continue;
    if (field === "customerId" && !UUID.test(value)) continue;
    if ((field === "from" || field === "to") && !DAY.test(value)) continue;
    filter[field] = value;
  }
  return filter;
}

export function filterToQuery(filter: AuditFilter): URLSearchParams {
  const query = new URLSearchParams();
  for (const field of FIELDS) {
    const value = filter[field]?.trim();
    if (value) query.set(field, value);
  }
  return query;
}

export function isBackwards(filter: AuditFilter): boolean {
  return Boolean(filter.from && filter.to && filter.from > filter.to);
}

export function apiQuery(
  filter: AuditFilter,
): Omit<AuditFilter, "from" | "to"> & { from?: string; to?: string } {
  const { from, to } = daysToInstants(filter.from, filter.to);
  return {
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.customerId ? { customerId: filter.customerId } : {}),
    ...(filter.actor ? { actor: filter.actor } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to: new Date(Date.parse(to) - 1).toISOString() } : {}),
  };
}

/** Suggestions for the action field: the actions seen so far and their kinds (`time_account.`). */
export function actionSuggestions(actions: readonly string[]): string[] {
  const kinds = actions.flatMap((action) => {
    const dot = action.indexOf(".");
    return dot > 0 ? [action.slice(0, dot + 1)] : [];
  });
  return [...new Set([...kinds, ...actions])].sort();
}
