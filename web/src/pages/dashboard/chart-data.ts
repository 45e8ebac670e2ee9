/**
 * Shaping the insights API's answers for the dashboard's cards and charts: hours for the time axis,
 * one money series per currency, axis labels in the locale, the direction and colour of a change.
 * Money stays an exact decimal string wherever it is shown as text; only chart heights become
 * numbers.
 */
import type { Language } from "../../lib/format";
import type { Granularity } from "./period";

const LOCALES: Record<Language, string> = { de: "de-DE", en: "en-GB" };

export interface Cost {
  currency: string;
  amount: string;
}

export interface Figures {
  executions: number;
  timeSavedSeconds: number;
  coveredSeconds: number;
  billedSeconds: number;
  costs: Cost[];
}

export interface SeriesPoint extends Figures {
  /** `YYYY-MM-DD` or `YYYY-MM`. */
  period: string;
}

/** One bar or point of the time and cost charts. Costs are under their currency code. */
export interface ChartRow {
  period: string;
  label: string;
  hours: number;
  [currency: string]: number | string;
}

/** Seconds as hours with two decimals, for chart heights (text uses formatDuration). */
export function hoursOf(seconds: number): number {
  return Math.round((seconds / 3600) * 100) / 100;
}

/** An axis label for a day (`24. Nov.`) or a month (`Nov. 26`). */
export function periodLabel(period: string, granularity: Granularity, language: Language): string {
  const [year, month, day = 1] = period.split("-").map(Number) as [number, number, number?];
  const date = new Date(Date.UTC(year, month - 1, day));
  const options: Intl.DateTimeFormatOptions =
    granularity === "day"
      ? { day: "numeric", month: "short", timeZone: "UTC" }
      : { month: "short", year: "2-digit", timeZone: "UTC" };
  return new Intl.DateTimeFormat(LOCALES[language], options).format(date);
}

/** A longer label for tooltips and summaries: `24. Nov. 2026`, `November 2026`. */
export function periodLongLabel(period: string, granularity: Granularity, language: Language): string {
  const [year, month, day = 1] = period.split("-").map(Number) as [number, number, number?];
  const date = new Date(Date.UTC(year, month - 1, day));
  const options: Intl.DateTimeFormatOptions =
    granularity === "day"
      ? { dateStyle: "medium", timeZone: "UTC" }
      : { month: "long", year: "numeric", timeZone: "UTC" };
  return new Intl.DateTimeFormat(LOCALES[language], options).format(date);
}

/** Every currency that has costs in any of the figures, sorted. */
export function currenciesOf(figures: readonly Pick<Figures, "costs">[]): string[] {
  return [...new Set(figures.flatMap((entry) => entry.costs.map((cost) => cost.currency)))].sort();
}

/** The rows of the time and cost charts: hours saved, and per currency the amount as a number. */
export function chartRows(
  points: readonly SeriesPoint[],
  granularity: Granularity,
  language: Language,
): { rows: ChartRow[]; currencies: string[] } {
  const currencies = currenciesOf(points);
  const rows = points.map((point) => {
    const row: ChartRow = {
      period: point.period,
      label: periodLabel(point.period, granularity, language),
      hours: hoursOf(point.timeSavedSeconds),
    };
    for (const currency of currencies) {
      const cost = point.costs.find((entry) => entry.currency === currency);
      row[currency] = cost ? Number(cost.amount) : 0;
    }
    return row;
  });
  return { rows, currencies };
}

/** True when nothing happened in any point: the chart would be a flat line. */
export function isEmptySeries(points: readonly Pick<Figures, "executions">[]): boolean {
  return points.every((point) => point.executions === 0);
}

/** The point with the most time saved (the first of equals), for the chart's text summary. */
export function peakOf<T extends Pick<Figures, "timeSavedSeconds">>(points: readonly T[]): T | null {
  let peak: T | null = null;
  for (const point of points) if (!peak || point.timeSavedSeconds > peak.timeSavedSeconds) peak = point;
  return peak && peak.timeSavedSeconds > 0 ? peak : null;
}

/**
 * A duration whose numbers stay with their units (`34\u00a0Std.`), so a narrow card wraps it
 * between the parts, never between `19` and `Min.`.
 */
export function keepUnits(duration: string): string {
  return duration.replace(/(\d) (?=\D)/g, "$1\u00a0");
}

/** A name shortened for an axis (the table next to it has it in full). */
export function shortName(name: string, max = 18): string {
  return name.length <= max ? name : `${name.slice(0, max - 1).trimEnd()}…`;
}

/** Hours on an axis or in a tooltip: `12,5 Std.`, `12.5 h`. */
export function formatHours(hours: number, language: Language): string {
  const number = new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 1 }).format(hours);
  return `${number} ${language === "de" ? "Std." : "h"}`;
}

/** Money on an axis: whole units unless the values are small, `1.200 €`, `0,45 €`. */
export function formatAxisMoney(value: number, currency: string, language: Language): string {
  const small = Math.abs(value) < 10 && value !== 0;
  return new Intl.NumberFormat(LOCALES[language], {
    style: "currency",
    currency,
    minimumFractionDigits: 0,
    maximumFractionDigits: small ? 2 : 0,
  }).format(value);
}

export type ChangeTone = "good" | "bad" | "neutral";

export interface ChangeView {
  /** Null when the previous period had nothing to compare with. */
  direction: "up" | "down" | "flat" | null;
  tone: ChangeTone;
  /** `+12,5 %`; null when there is no change to show. */
  text: string | null;
}

/**
 * A change in percent (one decimal, from the API) for display. `higherIsBetter` decides the colour:
 * more time saved is good, more cost is not.
 */
export function changeView(percent: number | null, language: Language, higherIsBetter = true): ChangeView {
  if (percent === null) return { direction: null, tone: "neutral", text: null };
  const text = new Intl.NumberFormat(LOCALES[language], {
    style: "percent",
    maximumFractionDigits: 1,
    signDisplay: "exceptZero",
  }).format(percent / 100);
  if (percent === 0) return { direction: "flat", tone: "neutral", text };
  const up = percent > 0;
  return { direction: up ? "up" : "down", tone: up === higherIsBetter ? "good" : "bad", text };
}

/** The part of the saved time prepaid time accounts covered, in percent (0 when none was saved). */
export function coveredPercent(figures: Pick<Figures, "coveredSeconds" | "timeSavedSeconds">): number {
  if (figures.timeSavedSeconds === 0) return 0;
  return Math.round((figures.coveredSeconds / figures.timeSavedSeconds) * 1000) / 10;
}

export interface ProgramRow {
  id: string;
  name: string;
  hours: number;
}

/** The per-program bars: programs with time saved, most first (the API's order). */
export function programBars(
  items: readonly { customerProgramId: string; name: string; timeSavedSeconds: number }[],
): ProgramRow[] {
  return items
    .filter((item) => item.timeSavedSeconds > 0)
    .map((item) => ({ id: item.customerProgramId, name: item.name, hours: hoursOf(item.timeSavedSeconds) }));
}

/** Six-place decimal text → micros, exactly. */
function microsOf(amount: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(amount.trim());
  if (!match) return 0n;
  const [, sign, whole = "0", fraction = ""] = match;
  const micros = BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, "0"));
  return sign === "-" ? -micros : micros;
}

function decimalOf(micros: bigint): string {
  const negative = micros < 0n;
  const absolute = negative ? -micros : micros;
  const fraction = (absolute % 1_000_000n).toString().padStart(6, "0");
  return `${negative ? "-" : ""}${absolute / 1_000_000n}.${fraction}`;
}

/** The costs of several points added up per currency, as exact decimal strings. */
export function sumCosts(points: readonly Pick<Figures, "costs">[]): Cost[] {
  const totals = new Map<string, bigint>();
  for (const point of points)
    for (const cost of point.costs)
      totals.set(cost.currency, (totals.get(cost.currency) ?? 0n) + microsOf(cost.amount));
  return [...totals]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, micros]) => ({ currency, amount: decimalOf(micros) }));
}
