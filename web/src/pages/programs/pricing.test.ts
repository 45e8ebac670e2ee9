import { describe, expect, it } from "vitest";
import {
  currentTierIndex,
  formatHours,
  formatRate,
  hoursUntil,
  parseMicros,
  priceOfSeconds,
  type Tier,
} from "./pricing";

const DEFAULT_TABLE: Tier[] = [
  [0, "230"],
  [6, "200"],
  [11, "170"],
  [16, "140"],
  [21, "110"],
  [26, "80"],
  [31, "50"],
  [45, "30"],
].map(([fromHours, price]) => ({ fromHours: Number(fromHours), pricePerHour: `${price}.000000` }));

describe("the price of one execution", () => {
  it("is seconds times the rate, exactly", () => {
    expect(priceOfSeconds(600, "0.063889")).toBe("38.333400");
    expect(priceOfSeconds(1, "0.000001")).toBe("0.000001");
    expect(priceOfSeconds(0, "0.05")).toBe("0.000000");
  });

  it("does not lose digits where floats would", () => {
    // 0.1 + 0.2 style drift: 3 × 0.1 is 0.3, not 0.30000000000000004.
    expect(priceOfSeconds(3, "0.1")).toBe("0.300000");
    expect(priceOfSeconds(86_400, "0.013889")).toBe("1200.009600");
  });

  it("refuses what is not a decimal", () => {
    expect(() => parseMicros("1e3")).toThrow();
    expect(() => parseMicros("0.1234567")).toThrow();
  });
});

describe("the current tier", () => {
  it("is the highest threshold reached", () => {
    expect(currentTierIndex(DEFAULT_TABLE, "0.00")).toBe(0);
    expect(currentTierIndex(DEFAULT_TABLE, "5.99")).toBe(0);
    expect(currentTierIndex(DEFAULT_TABLE, "6.00")).toBe(1);
    expect(currentTierIndex(DEFAULT_TABLE, "12.50")).toBe(2);
    expect(currentTierIndex(DEFAULT_TABLE, "1000.00")).toBe(7);
  });

  it("tells the hours left to the next one", () => {
    expect(hoursUntil(6, "2.34")).toBe("3.66");
    expect(hoursUntil(11, "6.00")).toBe("5.00");
    expect(hoursUntil(6, "7.00")).toBe("0.00");
  });
});

describe("formats", () => {
  it("write hours and rates as the locale does", () => {
    expect(formatHours("12.50", "de")).toBe("12,5");
    expect(formatHours(1500, "de")).toBe("1.500");
    expect(formatHours("3.66", "en")).toBe("3.66");
    expect(formatRate("0.063889", "EUR", "de")).toBe("0,063889\u00a0€");
    expect(formatRate("0.050000", "EUR", "de")).toBe("0,050\u00a0€");
    expect(formatRate("0.055556", "EUR", "en")).toBe("€0.055556");
  });
});
