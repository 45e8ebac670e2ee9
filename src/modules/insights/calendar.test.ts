import { describe, expect, it } from "vitest";
import {
  addMonths,
  checkedRange,
  daysOf,
  endOfMonth,
  isCalendarDay,
  listPeriodRange,
  MAX_RANGE_DAYS,
  monthsOf,
  previousPeriod,
  reportingDay,
} from "./calendar.ts";

describe("reporting days", () => {
  it("are Berlin's: 23:30 UTC on the last day of January is 1 February; in summer 22:00 UTC is midnight", () => {
    expect(reportingDay(new Date("2026-01-31T22:59:59Z"))).toBe("2026-01-31");
    expect(reportingDay(new Date("2026-01-31T23:30:00Z"))).toBe("2026-02-01");
    expect(reportingDay(new Date("2026-07-31T21:59:59Z"))).toBe("2026-07-31");
    expect(reportingDay(new Date("2026-07-31T22:00:00Z"))).toBe("2026-08-01");
  });

  it("accept only real calendar days", () => {
    expect(isCalendarDay("2028-02-29")).toBe(true);
    expect(isCalendarDay("2026-02-29")).toBe(false);
    expect(isCalendarDay("2026-13-01")).toBe(false);
    expect(isCalendarDay("2026-1-01")).toBe(false);
    expect(isCalendarDay("yesterday")).toBe(false);
    expect(isCalendarDay("9999-12-31")).toBe(false);
    expect(isCalendarDay("0001-01-01")).toBe(false);
  });

  it("step over month ends and daylight-saving changes", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-01");
    expect(addMonths("2026-01-15", -1)).toBe("2025-12-01");
    expect(endOfMonth("2028-02-10")).toBe("2028-02-29");
    expect(daysOf({ from: "2026-03-28", to: "2026-03-30" })).toEqual([
      "2026-03-28",
      "2026-03-29",
      "2026-03-30",
    ]);
    expect(monthsOf({ from: "2025-11-30", to: "2026-02-01" })).toEqual([
      "2025-11",
      "2025-12",
      "2026-01",
      "2026-02",
    ]);
  });
});

describe("periods", () => {
  it("compare with the period of equal length right before", () => {
    expect(previousPeriod({ from: "2026-03-01", to: "2026-03-31" })).toEqual({
      from: "2026-01-29",
      to: "2026-02-28",
    });
    expect(previousPeriod({ from: "2026-01-01", to: "2026-01-01" })).toEqual({
      from: "2025-12-31",
      to: "2025-12-31",
    });
  });

  it("refuse backwards, malformed and too long ranges with 400", () => {
    expect(() => checkedRange("2026-02-01", "2026-01-31")).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => checkedRange("2026-02-30", "2026-03-01")).toThrow(expect.objectContaining({ status: 400 }));
    expect(checkedRange("2026-01-01", "2028-12-31")).toEqual({ from: "2026-01-01", to: "2028-12-31" });
    expect(MAX_RANGE_DAYS).toBe(1096);
    expect(() => checkedRange("2026-01-01", "2029-01-01")).toThrow(expect.objectContaining({ status: 400 }));
  });

  it("take 'last month' in January from December of the previous year (the original's defect)", () => {
    const january = new Date("2027-01-15T10:00:00Z");
    expect(listPeriodRange("last_month", january)).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(listPeriodRange("last_month", new Date("2026-03-31T12:00:00Z"))).toEqual({
      from: "2026-02-01",
      to: "2026-02-28",
    });
  });

  it("know today, this month and this year in Berlin, and that the last 20 are no range", () => {
    // 23:30 UTC on 31 December 2026 is already 1 January 2027 in Berlin.
    const now = new Date("2026-12-31T23:30:00Z");
    expect(listPeriodRange("today", now)).toEqual({ from: "2027-01-01", to: "2027-01-01" });
    expect(listPeriodRange("this_month", now)).toEqual({ from: "2027-01-01", to: "2027-01-31" });
    expect(listPeriodRange("this_year", now)).toEqual({ from: "2027-01-01", to: "2027-12-31" });
    expect(listPeriodRange("last_20", now)).toBeNull();
    expect(listPeriodRange("custom", now, { from: "2026-05-01", to: "2026-05-31" })).toEqual({
      from: "2026-05-01",
      to: "2026-05-31",
    });
    expect(() => listPeriodRange("custom", now, { from: "2026-05-01" })).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });
});
