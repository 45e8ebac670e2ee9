/** Types, query keys and formats of the staff executions page, from the generated API types. */
import type { paths } from "../../../api/schema";
import { type Language, localeOf } from "../../../lib/format";

export type StaffExecutionPage =
  paths["/api/staff/executions"]["get"]["responses"][200]["content"]["application/json"];
export type StaffExecution = StaffExecutionPage["items"][number];
export type DeleteResult =
  paths["/api/staff/executions/{executionId}"]["delete"]["responses"][200]["content"]["application/json"];

/** Every query of this page starts with it, so marking paid or deleting refreshes them all. */
export const STAFF_EXECUTIONS_KEY = ["staff", "executions"] as const;

export const PAGE_SIZE = 50;

/** A rate per second as `0,004167 €/Sek.`: the six places the server keeps, trailing zeros dropped to two. */
export function formatRate(
  pricePerSecond: string,
  currency: string,
  language: Language,
  unit: string,
): string {
  const amount = new Intl.NumberFormat(localeOf(language), {
    style: "currency",
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 6,
  }).format(pricePerSecond as unknown as number);
  return `${amount}/${unit}`;
}

/** A month (`YYYY-MM`) as `November 2026`. */
export function formatMonth(month: string, language: Language): string {
  const [year, number] = month.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat(localeOf(language), {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year, number - 1, 1)));
}
