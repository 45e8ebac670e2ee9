import { describe, expect, it } from "vitest";
import { ValidationError } from "../../lib/errors.ts";
import { germanMonthName, parseMonth, startOfDayInZone } from "./month.ts";

describe("statement months", () => {
  it("start and end at midnight in Berlin: UTC+2 in summer time, UTC+1 in winter", () => {
    expect(parseMonth("2026-10")).toEqual({
      month: "2026-10",
      from: new Date("2026-09-30T22:00:00.000Z"),
      to: new Date("2026-10-31T23:00:00.000Z"),
    });
    expect(parseMonth("2026-03")).toMatchObject({
      from: new Date("2026-02-28T23:00:00.000Z"),
      to: new Date("2026-03-31T22:00:00.000Z"),
    });
  });

  it("roll over into the next year in December", () => {
    expect(parseMonth("2025-12").to).toEqual(new Date("2025-12-31T23:00:00.000Z"));
    expect(startOfDayInZone("2028-02-29")).toEqual(new Date("2028-02-28T23:00:00.000Z"));
  });

  it("are refused unless written YYYY-MM with a real month", () => {
    for (const bad of [
      "2026-13",
      "2026-00",
      "2026-1",
      "26-10",
      "2026-10-01",
      "oktober",
      "",
      "1999-12",
      "3000-01",
    ]) {
      expect(() => parseMonth(bad), bad).toThrow(ValidationError);
    }
  });

  it("have German names", () => {
    expect(germanMonthName("2026-10")).toBe("Oktober 2026");
    expect(germanMonthName("2027-03")).toBe("März 2027");
  });
});
