import { describe, expect, it } from "vitest";
import { divideRounded, formatMoney, moneyField, parseMoney } from "./money.ts";

describe("money", () => {
  it("parses decimal strings into exact millionths", () => {
    expect(parseMoney("0.063889")).toBe(63_889n);
    expect(parseMoney("230")).toBe(230_000_000n);
    expect(parseMoney("0.5")).toBe(500_000n);
    expect(parseMoney("99999999.999999")).toBe(99_999_999_999_999n);
  });

  it.each(["", "-1", "1.1234567", "1e3", "123456789", "1,5", " . "])("refuses %j", (text) => {
    expect(() => parseMoney(text)).toThrow(RangeError);
  });

  it("formats with six places, as PostgreSQL prints numeric(14,6)", () => {
    expect(formatMoney(0n)).toBe("0.000000");
    expect(formatMoney(63_889n)).toBe("0.063889");
    expect(formatMoney(230_000_000n)).toBe("230.000000");
    expect(formatMoney(-1n)).toBe("-0.000001");
    expect(formatMoney(parseMoney("12.5"))).toBe("12.500000");
  });

  it("divides rounding half up", () => {
    expect(divideRounded(230_000_000n, 3600n)).toBe(63_889n);
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(4n, 2n)).toBe(2n);
    expect(divideRounded(0n, 7n)).toBe(0n);
    expect(() => divideRounded(1n, 0n)).toThrow(RangeError);
  });

  it("validates request fields", () => {
    expect(moneyField.safeParse("0.05").success).toBe(true);
    expect(moneyField.safeParse("0.0000001").success).toBe(false);
    expect(moneyField.safeParse("-3").success).toBe(false);
  });
});
