/**
 * The figures insights answer with: counts and seconds as integers, costs as exact six-place decimal
 * strings per currency (a customer may be billed in more than one), and the change against another
 * period. Sums arrive from SQL as text and are added as bigint micros, never as floats.
 */
import { z } from "zod";
import { formatMoney, type Micros } from "../../lib/money.ts";

export const costView = z.object({
  currency: z.string().describe("ISO 4217 code"),
  amount: z.string().describe("Exact decimal with six places, e.g. 12.345600"),
});

export const figuresView = z.object({
  executions: z.number().int(),
  timeSavedSeconds: z.number().int(),
  coveredSeconds: z.number().int().describe("Paid from prepaid time accounts"),
  billedSeconds: z.number().int().describe("Billed at the price per second"),
  costs: z.array(costView).describe("One entry per currency with executions, by currency code"),
});

export type Figures = z.infer<typeof figuresView>;

/** One row of a rollup sum grouped by currency, as SQL returns it. */
export type SumRow = {
  currency: string | null;
  executions: string | number | null;
  time_saved_seconds: string | number | null;
  covered_seconds: string | number | null;
  billed_seconds: string | number | null;
  price: string | null;
};

/** Six-place decimal text (any length, maybe negative) → micros. */
export function decimalToMicros(text: string): Micros {
  const match = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!match) throw new RangeError(`Not a decimal with at most six places: ${text}`);
  const [, sign, whole = "0", fraction = ""] = match;
  const micros = BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, "0"));
  return sign === "-" ? -micros : micros;
}

/** Accumulates rows (of several currencies) into figures. */
export class FigureSum {
  executions = 0;
  timeSavedSeconds = 0;
  coveredSeconds = 0;
  billedSeconds = 0;
  readonly costs = new Map<string, Micros>();

  add(row: SumRow): this {
    if (row.currency === null) return this;
    this.executions += Number(row.executions ?? 0);
    this.timeSavedSeconds += Number(row.time_saved_seconds ?? 0);
    this.coveredSeconds += Number(row.covered_seconds ?? 0);
    this.billedSeconds += Number(row.billed_seconds ?? 0);
    this.costs.set(row.currency, (this.costs.get(row.currency) ?? 0n) + decimalToMicros(row.price ?? "0"));
    return this;
  }

  view(): Figures {
    return {
      executions: this.executions,
      timeSavedSeconds: this.timeSavedSeconds,
      coveredSeconds: this.coveredSeconds,
      billedSeconds: this.billedSeconds,
      costs: [...this.costs]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, micros]) => ({ currency, amount: formatMoney(micros) })),
    };
  }
}

export const changeView = z.object({
  executions: z.number().nullable(),
  timeSavedSeconds: z.number().nullable(),
  coveredSeconds: z.number().nullable(),
  billedSeconds: z.number().nullable(),
  costs: z.array(z.object({ currency: z.string(), percent: z.number().nullable() })),
});

/** Percent change from `before` to `now`, one decimal; null when there was nothing before. */
export function percentChange(now: number | bigint, before: number | bigint): number | null {
  const current = BigInt(now);
  const previous = BigInt(before);
  if (previous === 0n) return null;
  // Tenths of a percent, rounded half away from zero, in exact integer arithmetic.
  const scaled = (current - previous) * 2000n;
  const denominator = previous < 0n ? -previous : previous;
  const tenths = scaled >= 0n ? (scaled / denominator + 1n) / 2n : -((-scaled / denominator + 1n) / 2n);
  return Number(tenths) / 10;
}

export function changeBetween(current: FigureSum, previous: FigureSum): z.infer<typeof changeView> {
  const currencies = [...new Set([...current.costs.keys(), ...previous.costs.keys()])].sort();
  return {
    executions: percentChange(current.executions, previous.executions),
    timeSavedSeconds: percentChange(current.timeSavedSeconds, previous.timeSavedSeconds),
    coveredSeconds: percentChange(current.coveredSeconds, previous.coveredSeconds),
    billedSeconds: percentChange(current.billedSeconds, previous.billedSeconds),
    costs: currencies.map((currency) => ({
      currency,
      percent: percentChange(current.costs.get(currency) ?? 0n, previous.costs.get(currency) ?? 0n),
    })),
  };
}
