/**
 * Money as exact fixed-point decimals with six places, as the `numeric(14,6)` columns store them
 * (prices per second are tiny fractions of a cent). Amounts are bigints counting millionths
 * ("micros"); JavaScript numbers never carry money. See docs/decisions/0006.
 */
import { z } from "zod";

export const MONEY_SCALE = 6;
const FACTOR = 10n ** BigInt(MONEY_SCALE);
/** numeric(14,6): at most eight digits before the point and six after. */
const DECIMAL = /^(\d{1,8})(?:\.(\d{1,6}))?$/;

/** Millionths of a currency unit. */
export type Micros = bigint;

/** "0.063889" → 63889n. Throws on anything that is not a non-negative numeric(14,6) decimal. */
export function parseMoney(text: string): Micros {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new RangeError(`Not a decimal with at most 8 digits and 6 places: ${text}`);
  const [, whole = "0", fraction = ""] = match;
  return BigInt(whole) * FACTOR + BigInt(fraction.padEnd(MONEY_SCALE, "0"));
}

/** 63889n → "0.063889": always six places, as PostgreSQL prints numeric(14,6). */
export function formatMoney(micros: Micros): string {
  const sign = micros < 0n ? "-" : "";
  const magnitude = micros < 0n ? -micros : micros;
  const fraction = (magnitude % FACTOR).toString().padStart(MONEY_SCALE, "0");
  return `${sign}${magnitude / FACTOR}.${fraction}`;
}

/** numerator / denominator rounded half up (both non-negative, denominator positive). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) throw new RangeError("divideRounded takes non-negative values");
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/** A request field holding a non-negative amount: "0.05", "230", "0.063889". */
export const moneyField = z
  .string()
  .trim()
  .regex(DECIMAL, "Use a decimal string with at most 8 digits before and 6 after the point, e.g. 0.05");
