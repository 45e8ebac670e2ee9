/**
 * What a customer program costs right now, as staff and program managers see it (SPEC §4): the
 * effective tier table, the hours saved so far, the current rate and the next cheaper tier. Pure;
 * the rate is the one pricing applies (executions/pricing.ts uses the same tier functions).
 */
import { formatMoney, parseMoney } from "../../lib/money.ts";
import type { CustomerProgram, Tier } from "./schema.ts";
import { effectiveTiers, nextTierAfter, pricePerHourOf, ratePerSecondOf, tierFor } from "./tiers.ts";

export interface PriceSummary {
  /** The effective table, prices with six places. */
  tiers: Tier[];
  /** True when the program has no table of its own. */
  defaultTiers: boolean;
  /** Hours saved so far (the tier basis) with two places, rounded down so a threshold shows only once reached. */
  hoursSaved: string;
  currentPricePerSecond: string;
  currentPricePerHour: string;
  /** Tiered pricing: the next tier; null when the last one applies or the price is fixed. */
  nextTier: Tier | null;
}

const normal = (tier: Tier): Tier => ({
  fromHours: tier.fromHours,
  pricePerHour: formatMoney(pricePerHourOf(tier)),
});

/** `seconds / 3600` with two places, rounded down: 21_599 s → "5.99". */
export function hoursWithTwoPlaces(seconds: number): string {
  const hundredths = (BigInt(seconds) * 100n) / 3600n;
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, "0")}`;
}

export function priceSummary(
  program: Pick<CustomerProgram, "pricingMode" | "pricePerSecond" | "tiers" | "tierBasisSeconds">,
): PriceSummary {
  const tiers = effectiveTiers(program);
  const basis = program.tierBasisSeconds;
  const common = {
    tiers: tiers.map(normal),
    defaultTiers: program.tiers === null,
    hoursSaved: hoursWithTwoPlaces(basis),
  };
  if (program.pricingMode === "fixed") {
    const perSecond = parseMoney(program.pricePerSecond);
    return {
      ...common,
      currentPricePerSecond: formatMoney(perSecond),
      currentPricePerHour: formatMoney(perSecond * 3600n),
      nextTier: null,
    };
  }
  const tier = tierFor(tiers, basis);
  const next = nextTierAfter(tiers, basis);
  return {
    ...common,
    currentPricePerSecond: formatMoney(ratePerSecondOf(tier)),
    currentPricePerHour: formatMoney(pricePerHourOf(tier)),
    nextTier: next && normal(next),
  };
}
