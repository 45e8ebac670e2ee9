import { describe, expect, it } from "vitest";
import { formatChange, formatDateTime, formatDay, formatDuration, formatMoney } from "./format.ts";

describe("formats of NADOO OS", () => {
  it("formats money exactly with three decimals per locale", () => {
    expect(formatMoney("1333.320000", "EUR", "de")).toBe("1.333,320\u00a0€");
    expect(formatMoney("1333.320000", "EUR", "en")).toBe("€1,333.320");
    // Beyond a double's precision: formatted from the string, not a float.
    expect(formatMoney("12345678.123456", "EUR", "de")).toBe("12.345.678,123\u00a0€");
    expect(formatMoney("0.000500", "EUR", "de")).toBe("0,001\u00a0€");
  });

  it("formats durations as hours, minutes and seconds", () => {
    expect(formatDuration(25 * 3600 + 3 * 60 + 5, "de")).toBe("25 Std. 3 Min. 5 Sek.");
    expect(formatDuration(25 * 3600 + 3 * 60 + 5, "en")).toBe("25 h 3 min 5 s");
    expect(formatDuration(0, "de")).toBe("0 Sek.");
    expect(formatDuration(3600, "de")).toBe("1 Std.");
    expect(formatDuration(1200 * 3600, "de")).toBe("1.200 Std.");
  });

  it("shows dates in the given time zone and days as they are", () => {
    expect(formatDateTime("2026-01-31T23:30:00Z", "de", "Europe/Berlin")).toBe("01.02.2026, 00:30");
    expect(formatDateTime("2026-01-31T23:30:00Z", "en", "America/New_York")).toBe("31 Jan 2026, 18:30");
    expect(formatDay("2026-11-24", "de")).toBe("24.11.2026");
  });

  it("gives the change against the previous period, none without one", () => {
    expect(formatChange(150, 100, "de")).toBe("+50\u00a0%");
    expect(formatChange(50, 100, "en")).toBe("-50%");
    expect(formatChange(5, 0, "de")).toBeNull();
  });
});
