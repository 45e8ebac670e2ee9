import { describe, expect, it } from "vitest";
import {
  granularityOf,
  periodFromQuery,
  presetRange,
  previousPeriod,
  queryOfPeriod,
  rangeProblems,
  reportingDay,
} from "./period";

// 24 November 2026, 12:00 in Berlin.
const now = new Date("2026-11-24T11:00:00Z");

describe("presetRange", () => {
  it("runs this month, this year and the last 12 months up to today", () => {
    expect(presetRange("this_month", now)).toEqual({ from: "2026-11-01", to: "2026-11-24" });
    expect(presetRange("this_year", now)).toEqual({ from: "2026-01-01", to: "2026-11-24" });
    expect(presetRange("last_12_months", now)).toEqual({ from: "2025-12-01", to: "2026-11-24" });
  });

  it("takes the whole of last month, in January December of the year before", () => {
    expect(presetRange("last_month", now)).toEqual({ from: "2026-10-01", to: "2026-10-31" });
    expect(presetRange("last_month", new Date("2026-01-15T12:00:00Z"))).toEqual({
      from: "2025-12-01",
      to: "2025-12-31",
    });
    expect(presetRange("last_month", new Date("2028-03-10T12:00:00Z"))).toEqual({
      from: "2028-02-01",
      to: "2028-02-29",
    });
  });

  it("counts days in Berlin: 23:30 UTC on 31 January is already February", () => {
    const late = new Date("2026-01-31T23:30:00Z");
    expect(reportingDay(late)).toBe("2026-02-01");
    expect(presetRange("this_month", late)).toEqual({ from: "2026-02-01", to: "2026-02-01" });
  });
});

describe("previousPeriod", () => {
  it("is the period of equal length that ends the day before", () => {
    expect(previousPeriod({ from: "2026-11-01", to: "2026-11-24" })).toEqual({
      from: "2026-10-08",
      to: "2026-10-31",
    });
    expect(previousPeriod({ from: "2026-02-01", to: "2026-02-28" })).toEqual({
      from: "2026-01-04",
      to: "2026-01-31",
    });
  });
});

describe("rangeProblems", () => {
  it("accepts a range of real days in order, one day included", () => {
    expect(rangeProblems("2026-01-01", "2026-03-31")).toEqual({});
    expect(rangeProblems("2026-05-05", "2026-05-05")).toEqual({});
  });

  it("names what is missing or wrong per field", () => {
    expect(rangeProblems("", "")).toEqual({ from: "fromMissing", to: "toMissing" });
    expect(rangeProblems("2026-02-30", "2026-03-01")).toEqual({ from: "fromInvalid" });
    expect(rangeProblems("2026-03-01", "03/04/2026")).toEqual({ to: "toInvalid" });
    expect(rangeProblems("2026-03-02", "2026-03-01")).toEqual({ to: "backwards" });
    expect(rangeProblems("2020-01-01", "2026-01-01")).toEqual({ to: "tooLong" });
  });
});

describe("periodFromQuery and queryOfPeriod", () => {
  it("defaults to this month without a query", () => {
    expect(periodFromQuery(new URLSearchParams(), now)).toEqual({
      kind: "this_month",
      from: "2026-11-01",
      to: "2026-11-24",
      rejected: false,
    });
  });

  it("reads a preset and a custom range back from the query it wrote", () => {
    for (const period of [
      { kind: "last_month" as const },
      { kind: "this_year" as const },
      { kind: "last_12_months" as const },
      { kind: "custom" as const, from: "2026-03-01", to: "2026-04-15" },
    ]) {
      const read = periodFromQuery(queryOfPeriod(period), now);
      expect(read.kind).toBe(period.kind);
      expect(read.rejected).toBe(false);
      if (period.kind === "custom") expect(read).toMatchObject({ from: "2026-03-01", to: "2026-04-15" });
    }
    expect(queryOfPeriod({ kind: "this_month" }).toString()).toBe("");
    expect(queryOfPeriod({ kind: "custom", from: "2026-03-01", to: "2026-04-15" }).toString()).toBe(
      "period=custom&from=2026-03-01&to=2026-04-15",
    );
  });

  it("falls back to this month for a link it cannot use, and says so", () => {
    for (const query of ["period=soon", "period=custom&from=2026-04-01&to=2026-03-01", "period=custom"]) {
      expect(periodFromQuery(new URLSearchParams(query), now)).toEqual({
        kind: "this_month",
        from: "2026-11-01",
        to: "2026-11-24",
        rejected: true,
      });
    }
  });
});

describe("granularityOf", () => {
  it("charts up to 62 days per day and longer ranges per month", () => {
    expect(granularityOf({ from: "2026-11-01", to: "2026-11-24" })).toBe("day");
    expect(granularityOf({ from: "2026-01-01", to: "2026-03-03" })).toBe("day");
    expect(granularityOf({ from: "2026-01-01", to: "2026-03-04" })).toBe("month");
    expect(granularityOf(presetRange("this_year", now))).toBe("month");
    expect(granularityOf(presetRange("last_12_months", now))).toBe("month");
  });
});
