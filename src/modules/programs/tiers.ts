/**
 * Tier tables of `tiered` pricing (SPEC §4): from a number of hours saved on, a price per hour. The
 * rate applied is that of the highest threshold at or below the hours this customer program has
 * already saved.
 */
import { divideRounded, type Micros, parseMoney } from "../../lib/money.ts";
import type { CustomerProgram, Tier } from "./schema.ts";

/** The default table: cumulative hours saved → € per hour. */
export const DEFAULT_TIERS: readonly Tier[] = [
  { fromHours: 0, pricePerHour: "230.000000" },
  { fromHours: 6, pricePerHour: "200.000000" },
  { fromHours: 11, pricePerHour: "170.000000" },
  { fromHours: 16, pricePerHour: "140.000000" },
  { fromHours: 21, pricePerHour: "110.000000" },
  { fromHours: 26, pricePerHour: "80.000000" },
  { fromHours: 31, pricePerHour: "50.000000" },
  { fromHours: 45, pricePerHour: "30.000000" },
];

/** The tier that applies after `savedSeconds` (tables are ascending and start at 0 hours). */
export function tierFor(tiers: readonly Tier[], savedSeconds: number): Tier {
  let current = tiers[0];
  if (!current) throw new Error("A tier table needs at least one tier.");
  for (const tier of tiers) {
    if (tier.fromHours * 3600 <= savedSeconds) current = tier;
    else break;
  }
  return current;
}

/** The tier's price per hour as micros. */
export function pricePerHourOf(tier: Tier): Micros {
  return parseMoney(tier.pricePerHour);
}

/** The per-second rate of a tier, rounded to six places (what is stored as the rate applied). */
export function ratePerSecondOf(tier: Tier): Micros {
  return divideRounded(pricePerHourOf(tier), 3600n);
}

/** The table a customer program is priced by: its own, or the default table when it has none. */
export function effectiveTiers(program: Pick<CustomerProgram, "tiers">): readonly Tier[] {
  return program.tiers ?? DEFAULT_TIERS;
}

/** The first tier not reached yet after `savedSeconds`, or null when the last one applies. */
export function nextTierAfter(tiers: readonly Tier[], savedSeconds: number): Tier | null {
  return tiers.find((tier) => tier.fromHours * 3600 > savedSeconds) ?? null;
}
