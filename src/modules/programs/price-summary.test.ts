import { describe, expect, it } from "vitest";
import { hoursWithTwoPlaces, priceSummary } from "./price-summary.ts";
import type { CustomerProgram } from "./schema.ts";
import { effectiveTiers, nextTierAfter } from "./tiers.ts";

type Pricing = Pick<CustomerProgram, "pricingMode" | "pricePerSecond" | "tiers" | "tierBasisSeconds">;
const tiered = (tierBasisSeconds: number, tiers: Pricing["tiers"] = null): Pricing => ({
  pricingMode: "tiered",
  pricePerSecond: "0.000000",
  tiers,
  tierBasisSeconds,
});

describe("priceSummary", () => {
  it("starts at the default table's first tier: 230 €/h is 0.063889 €/s", () => {
    expect(priceSummary(tiered(0))).toMatchObject({
      defaultTiers: true,
      hoursSaved: "0.00",
      currentPricePerSecond: "0.063889",
      currentPricePerHour: "230.000000",
      nextTier: { fromHours: 6, pricePerHour: "200.000000" },
    });
  });

  it("changes tier exactly at the threshold, not a second before", () => {
    expect(priceSummary(tiered(6 * 3600 - 1))).toMatchObject({
      hoursSaved: "5.99",
      currentPricePerHour: "230.000000",
    });
    expect(priceSummary(tiered(6 * 3600))).toMatchObject({
      hoursSaved: "6.00",
      currentPricePerSecond: "0.055556",
      currentPricePerHour: "200.000000",
      nextTier: { fromHours: 11, pricePerHour: "170.000000" },
    });
  });

  it("has no next tier at the last one", () => {
    expect(priceSummary(tiered(100 * 3600))).toMatchObject({
      hoursSaved: "100.00",
      currentPricePerSecond: "0.008333",
      currentPricePerHour: "30.000000",
      nextTier: null,
    });
  });

  it("uses a program's own table with prices in six places", () => {
    const own = [
      { fromHours: 0, pricePerHour: "36" },
      { fromHours: 2, pricePerHour: "18.5" },
    ];
    expect(priceSummary(tiered(3 * 3600, own))).toEqual({
      tiers: [
        { fromHours: 0, pricePerHour: "36.000000" },
        { fromHours: 2, pricePerHour: "18.500000" },
      ],
      defaultTiers: false,
      hoursSaved: "3.00",
      currentPricePerSecond: "0.005139",
      currentPricePerHour: "18.500000",
      nextTier: null,
    });
  });

  it("prices fixed programs by their price per second, whatever the hours saved", () => {
    const fixed: Pricing = {
      pricingMode: "fixed",
      pricePerSecond: "0.05",
      tiers: null,
      tierBasisSeconds: 50 * 3600,
    };
    expect(priceSummary(fixed)).toMatchObject({
      defaultTiers: true,
      hoursSaved: "50.00",
      currentPricePerSecond: "0.050000",
      currentPricePerHour: "180.000000",
      nextTier: null,
    });
  });
});

describe("tier helpers", () => {
  it("falls back to the default table and finds the next tier", () => {
    const tiers = effectiveTiers({ tiers: null });
    expect(tiers[0]).toEqual({ fromHours: 0, pricePerHour: "230.000000" });
    expect(nextTierAfter(tiers, 45 * 3600 - 1)?.fromHours).toBe(45);
    expect(nextTierAfter(tiers, 45 * 3600)).toBeNull();
  });

  it("rounds hours down to two places", () => {
    expect(hoursWithTwoPlaces(0)).toBe("0.00");
    expect(hoursWithTwoPlaces(35)).toBe("0.00");
    expect(hoursWithTwoPlaces(36)).toBe("0.01");
    expect(hoursWithTwoPlaces(3600 * 1234 + 1800)).toBe("1234.50");
  });
});
