import { describe, expect, it } from "vitest";
import { daysToInstants, monthToInstants, startOfBerlinDay } from "./berlin";

describe("Berlin calendar days as instants", () => {
  it("starts a winter day at 23:00 UTC the day before and a summer day at 22:00", () => {
    expect(startOfBerlinDay("2026-01-15")?.toISOString()).toBe("2026-01-14T23:00:00.000Z");
    expect(startOfBerlinDay("2026-07-15")?.toISOString()).toBe("2026-07-14T22:00:00.000Z");
  });

  it("takes the offset of midnight on the days the clocks change", () => {
    expect(startOfBerlinDay("2026-03-29")?.toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(startOfBerlinDay("2026-03-30")?.toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(startOfBerlinDay("2026-10-25")?.toISOString()).toBe("2026-10-24T22:00:00.000Z");
  });

  it("refuses what is not a calendar day", () => {
    expect(startOfBerlinDay("2026-02-30")).toBeNull();
    expect(startOfBerlinDay("24.11.2026")).toBeNull();
  });

  it("covers a range of days up to the start of the day after the last", () => {
    expect(daysToInstants("2026-11-01", "2026-11-30")).toEqual({
      from: "2026-10-31T23:00:00.000Z",
      to: "2026-11-30T23:00:00.000Z",
    });
    expect(daysToInstants(undefined, "2026-06-30")).toEqual({ to: "2026-06-30T22:00:00.000Z" });
    expect(daysToInstants("", "nonsense")).toEqual({});
  });

  it("gives a month's bounds, December into January", () => {
    expect(monthToInstants("2026-10")).toEqual({
      from: "2026-09-30T22:00:00.000Z",
      to: "2026-10-31T23:00:00.000Z",
    });
    expect(monthToInstants("2026-12")).toEqual({
      from: "2026-11-30T23:00:00.000Z",
      to: "2026-12-31T23:00:00.000Z",
    });
    expect(monthToInstants("2026-13")).toBeNull();
  });
});
