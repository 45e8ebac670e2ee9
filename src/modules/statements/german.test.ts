import { describe, expect, it } from "vitest";
import { germanDay, germanDecimal, germanDuration, germanInteger, germanMoney } from "./german.ts";

describe("German formats of the statement", () => {
  it("write money with three decimals, thousands dots and the euro sign, rounding half up exactly", () => {
    expect(germanMoney("1333.320000", "EUR")).toBe("1.333,320\u00a0€");
    expect(germanMoney("0.000500", "EUR")).toBe("0,001\u00a0€");
    expect(germanMoney("0.000499", "EUR")).toBe("0,000\u00a0€");
    expect(germanMoney("12345678.999999", "EUR")).toBe("12.345.679,000\u00a0€");
    expect(germanMoney("12.5", "CHF")).toBe("12,500\u00a0CHF");
    expect(germanDecimal("0.063889", 6)).toBe("0,063889");
    expect(germanDecimal("1234.5", 0)).toBe("1.235");
  });

  it("write durations as the web app does", () => {
    expect(germanDuration(90185)).toBe("25 Std. 3 Min. 5 Sek.");
    expect(germanDuration(3_600_000)).toBe("1.000 Std.");
    expect(germanDuration(600)).toBe("10 Min.");
    expect(germanDuration(0)).toBe("0 Sek.");
  });

  it("write whole numbers and days", () => {
    expect(germanInteger(1234567)).toBe("1.234.567");
    expect(germanInteger(12)).toBe("12");
    expect(germanDay("2026-10-01")).toBe("01.10.2026");
  });
});
