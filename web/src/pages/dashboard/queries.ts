/**
 * The dashboard's three requests (summary, series, programs), made in parallel, one per widget.
 * While another period loads, the figures of the last one stay on screen (dimmed by the widget),
 * but never those of another customer.
 */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import type { DayRange, Granularity } from "./period";

type Ok<P extends keyof paths> = P extends keyof paths
  ? paths[P] extends { get: { responses: { 200: { content: { "application/json": infer T } } } } }
    ? T
    : never
  : never;

export type Summary = Ok<"/api/os/insights/summary">;
export type Series = Ok<"/api/os/insights/series">;
export type Programs = Ok<"/api/os/insights/programs">;

/** Keeps the previous answer while the next loads, unless it belonged to another customer. */
function sameCustomer<T>(customerId: string) {
  return (previous: T | undefined, previousQuery: { queryKey: readonly unknown[] } | undefined) =>
    previousQuery?.queryKey[2] === customerId ? previous : undefined;
}

export function useSummary(customerId: string, range: DayRange) {
  const query = { customerId, from: range.from, to: range.to };
  return useQuery({
    queryKey: ["insights", "summary", customerId, range.from, range.to],
    queryFn: () => unwrap(api.GET("/api/os/insights/summary", { params: { query } })),
    placeholderData: sameCustomer<Summary>(customerId),
  });
}

export function useSeries(customerId: string, range: DayRange, granularity: Granularity) {
  const query = { customerId, from: range.from, to: range.to, granularity };
  return useQuery({
    queryKey: ["insights", "series", customerId, range.from, range.to, granularity],
    queryFn: () => unwrap(api.GET("/api/os/insights/series", { params: { query } })),
    placeholderData: sameCustomer<Series>(customerId),
  });
}

export function usePrograms(customerId: string, range: DayRange) {
  const query = { customerId, from: range.from, to: range.to };
  return useQuery({
    queryKey: ["insights", "programs", customerId, range.from, range.to],
    queryFn: () => unwrap(api.GET("/api/os/insights/programs", { params: { query } })),
    placeholderData: sameCustomer<Programs>(customerId),
  });
}
