import { describe, expect, it } from "vitest";
import { isMonth, lastMonth, monthLabel, recentMonths, statementDownloadUrl } from "./model";

describe("the statements page's months", () => {
  it("start at last month in Berlin, also across a year end", () => {
    expect(lastMonth(new Date("2026-11-24T12:00:00Z"))).toBe("2026-10");
    expect(lastMonth(new Date("2027-01-01T10:00:00Z"))).toBe("2026-12");
    // 23:30 UTC on 31 December is already 1 January in Berlin.
    expect(lastMonth(new Date("2026-12-31T23:30:00Z"))).toBe("2026-12");
  });

  it("offer this month and the ones before, newest first", () => {
    expect(recentMonths(new Date("2026-02-10T12:00:00Z"), 4)).toEqual([
      "2026-02",
      "2026-01",
      "2025-12",
      "2025-11",
    ]);
  });

  it("are named in the user's language and checked", () => {
    expect(monthLabel("2026-03", "de")).toBe("März 2026");
    expect(monthLabel("2026-03", "en")).toBe("March 2026");
    expect(isMonth("2026-10")).toBe(true);
    expect(isMonth("2026-13")).toBe(false);
    expect(isMonth(null)).toBe(false);
  });

  it("link to the downloads", () => {
    expect(statementDownloadUrl("c1", "2026-10", "pdf")).toBe(
      "/api/staff/customers/c1/statements/2026-10/pdf",
    );
  });
});
