import { describe, expect, it } from "vitest";
import {
  apiQuery,
  exportUrl,
  filterFromQuery,
  filterToQuery,
  localDay,
  rangeProblem,
  withPeriod,
} from "./filters.ts";

const PROGRAM = "0199aaaa-0000-7000-8000-000000000001";
const CUSTOMER = "0199aaaa-0000-7000-8000-000000000002";

const read = (query: string) => filterFromQuery(new URLSearchParams(query));

describe("the executions filter in the URL", () => {
  it("defaults to this month with nothing in the URL", () => {
    expect(read("")).toEqual({ period: "this_month" });
    expect(filterToQuery({ period: "this_month" }).toString()).toBe("");
  });

  it("reads and writes every part, and the two agree", () => {
    const query = `period=custom&from=2026-01-01&to=2026-01-31&program=${PROGRAM}&status=not_paid`;
    const filter = read(query);
    expect(filter).toEqual({
      period: "custom",
      from: "2026-01-01",
      to: "2026-01-31",
      program: PROGRAM,
      status: "not_paid",
    });
    expect(filterToQuery(filter).toString()).toBe(query);
    for (const period of ["today", "last_month", "this_year", "last_20"] as const) {
      expect(read(filterToQuery({ period }).toString())).toEqual({ period });
    }
  });

  it("ignores unknown periods, statuses, malformed program ids and days outside a custom range", () => {
    expect(read("period=yesterday&status=lost&program=1%3B%20DROP")).toEqual({ period: "this_month" });
    expect(read("period=last_month&from=2026-01-01&to=2026-01-31")).toEqual({ period: "last_month" });
  });

  it("keeps days of a custom range as typed, and says what is wrong with them", () => {
    expect(rangeProblem(read("period=custom"))).toBe("missingDays");
    expect(rangeProblem(read("period=custom&from=2026-02-30&to=2026-03-01"))).toBe("missingDays");
    expect(rangeProblem(read("period=custom&from=2026-03-02&to=2026-03-01"))).toBe("backwards");
    expect(rangeProblem(read("period=custom&from=2026-03-01&to=2026-03-01"))).toBeNull();
    expect(rangeProblem(read("period=today"))).toBeNull();
  });
});

describe("the API query of a filter", () => {
  it("names the program and status as the API does, and days only for custom", () => {
    expect(apiQuery(CUSTOMER, { period: "this_year", program: PROGRAM, status: "paid" })).toEqual({
      customerId: CUSTOMER,
      period: "this_year",
      customerProgramId: PROGRAM,
      status: "paid",
    });
    expect(apiQuery(CUSTOMER, { period: "custom", from: "2026-01-01", to: "2026-01-02" })).toEqual({
      customerId: CUSTOMER,
      period: "custom",
      from: "2026-01-01",
      to: "2026-01-02",
    });
  });

  it("exports the same filter", () => {
    expect(exportUrl(CUSTOMER, { period: "last_month", status: "revoked" })).toBe(
      `/api/os/executions/export.csv?customerId=${CUSTOMER}&period=last_month&status=revoked`,
    );
  });
});

describe("choosing a period", () => {
  it("starts a custom range at the first of this month up to today, and keeps other filters", () => {
    expect(withPeriod({ period: "this_month", status: "paid" }, "custom", "2026-11-24")).toEqual({
      period: "custom",
      from: "2026-11-01",
      to: "2026-11-24",
      status: "paid",
    });
    expect(
      withPeriod({ period: "custom", from: "2026-01-01", to: "2026-01-31" }, "custom", "2026-11-24"),
    ).toMatchObject({ from: "2026-01-01", to: "2026-01-31" });
    expect(
      withPeriod({ period: "custom", from: "2026-01-01", to: "2026-01-31" }, "today", "2026-11-24"),
    ).toEqual({
      period: "today",
    });
  });

  it("reads today in the user's time zone", () => {
    const lateInBerlin = new Date("2026-11-24T23:30:00Z");
    expect(localDay(lateInBerlin, "Europe/Berlin")).toBe("2026-11-25");
    expect(localDay(lateInBerlin, "America/New_York")).toBe("2026-11-24");
  });
});
