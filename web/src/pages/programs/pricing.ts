/**
 * The programs page's arithmetic on the API's exact decimal strings (never floats): the price of
 * one execution, which tier applies, how far the next one is, and rates with six places.
 */
import type { paths } from "../../api/schema";
import { type Language, localeOf } from "../../lib/format";

export type CustomerProgram =
  paths["/api/os/customers/{customerId}/customer-programs"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type Tier = CustomerProgram["tiers"][number];

export const programsKey = (customerId: string) => ["customer-programs", customerId] as const;

const PLACES = 6;
const SCALE = 10n ** BigInt(PLACES);

/** `"0.063889"` → 63_889n (millionths). The API sends at most six places. */
export function parseMicros(amount: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(amount.trim());
  if (!match) throw new Error(`Not a decimal amount: ${amount}`);
  const [, sign, whole = "0", fraction = ""] = match;
  const micros = BigInt(whole) * SCALE + BigInt(fraction.padEnd(PLACES, "0"));
  return sign === "-" ? -micros : micros;
}

export function formatMicros(micros: bigint): string {
  const negative = micros < 0n;
  const absolute = negative ? -micros : micros;
  const fraction = (absolute % SCALE).toString().padStart(PLACES, "0");
  return `${negative ? "-" : ""}${absolute / SCALE}.${fraction}`;
}

/** What one execution of `seconds` costs at `ratePerSecond`, before any time account covers it. */
export function priceOfSeconds(seconds: number, ratePerSecond: string): string {
  return formatMicros(BigInt(seconds) * parseMicros(ratePerSecond));
}

/** `"12.34"` hours → 1234 hundredths. */
function hundredthsOf(hours: string): bigint {
  return parseMicros(hours) / 10_000n;
}

/** The index of the tier that applies after `hoursSaved`: the highest threshold reached. */
export function currentTierIndex(tiers: readonly Tier[], hoursSaved: string): number {
  const saved = hundredthsOf(hoursSaved);
  let current = 0;
  tiers.forEach((tier, index) => {
    if (BigInt(tier.fromHours) * 100n <= saved) current = index;
  });
  return current;
}

/** Hours still to save until `fromHours`, as a decimal string with two places (`"3.66"`). */
export function hoursUntil(fromHours: number, hoursSaved: string): string {
  const rest = BigInt(fromHours) * 100n - hundredthsOf(hoursSaved);
  const clamped = rest < 0n ? 0n : rest;
  return `${clamped / 100n}.${(clamped % 100n).toString().padStart(2, "0")}`;
}

/** Hours as the locale writes them, up to two places: `12,5`. */
export function formatHours(hours: string | number, language: Language): string {
  return new Intl.NumberFormat(localeOf(language), { maximumFractionDigits: 2 }).format(
    // Exact for decimal strings (ECMA-402 NumberFormat v3); the cast is for older types.
    hours as unknown as number,
  );
}

/** A rate per second keeps all six places (`0,063889 €`); three would round most rates away. */
export function formatRate(amount: string, currency: string, language: Language): string {
  return new Intl.NumberFormat(localeOf(language), {
    style: "currency",
    currency,
    minimumFractionDigits: 3,
    maximumFractionDigits: PLACES,
  }).format(amount as unknown as number);
}
