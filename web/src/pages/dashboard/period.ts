/**
 * The dashboard's period: a preset or a custom range of calendar days, kept in the URL query
 * (`?period=last_month`, `?period=custom&from=2026-01-01&to=2026-03-31`) so a reload or a shared
 * link shows the same figures. Days are reporting days in Europe/Berlin, as the insights API counts
 * them; ranges include both ends. Pure (the clock is passed in), so the e2e test can compute the
 * same ranges. No imports: the browser tests load this file under Node.
 */

/** The time zone of reporting days (the server's `REPORTING_TIME_ZONE`). */
export const REPORTING_TIME_ZONE = "Europe/Berlin";

/** The longest range the insights API accepts (three years and a leap day). */
export const MAX_RANGE_DAYS = 3 * 365 + 1;

/** Ranges up to this many days are charted per day; longer ones per month. */
export const MAX_DAILY_DAYS = 62;

export const PRESETS = ["this_month", "last_month", "this_year", "last_12_months"] as const;
export type Preset = (typeof PRESETS)[number];
export type PeriodKind = Preset | "custom";
export const DEFAULT_PERIOD: Preset = "this_month";

export interface DayRange {
  /** First day, inclusive, `YYYY-MM-DD`. */
  from: string;
  /** Last day, inclusive, `YYYY-MM-DD`. */
  to: string;
}

export interface Period extends DayRange {
  kind: PeriodKind;
}

export type Granularity = "day" | "month";

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtc(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) return Number.NaN;
  const [, year, month, date] = match.map(Number) as [number, number, number, number];
  if (year < 1970 || year > 9000) return Number.NaN;
  const ms = Date.UTC(year, month - 1, date);
  const back = new Date(ms);
  // 2026-02-30 would roll over into March: not a calendar day.
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === date
    ? ms
    : Number.NaN;
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isCalendarDay(day: string): boolean {
  return !Number.isNaN(toUtc(day));
}

export function addDays(day: string, days: number): string {
  return fromUtc(toUtc(day) + days * DAY_MS);
}

/** The first day of the month `months` after the one `day` is in. */
export function addMonths(day: string, months: number): string {
  const date = new Date(toUtc(`${day.slice(0, 7)}-01`));
  date.setUTCMonth(date.getUTCMonth() + months);
  return fromUtc(date.getTime());
}

export function startOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function endOfMonth(day: string): string {
  return addDays(addMonths(day, 1), -1);
}

export function lengthInDays(range: DayRange): number {
  return Math.round((toUtc(range.to) - toUtc(range.from)) / DAY_MS) + 1;
}

/** The period of equal length right before `range`, as the summary compares against. */
export function previousPeriod(range: DayRange): DayRange {
  return { from: addDays(range.from, -lengthInDays(range)), to: addDays(range.from, -1) };
}

const todayFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: REPORTING_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The reporting day `now` falls on. */
export function reportingDay(now: Date): string {
  return todayFormat.format(now);
}

/**
 * The days of a preset. Running periods (this month, this year, the last 12 months) end today, not
 * at the end of the month or year: the change against the period before then compares equal
 * lengths of time that have both happened.
 */
export function presetRange(preset: Preset, now: Date): DayRange {
  const today = reportingDay(now);
  switch (preset) {
    case "this_month":
      return { from: startOfMonth(today), to: today };
    case "last_month": {
      // In January this is December of the previous year.
      const first = addMonths(today, -1);
      return { from: first, to: endOfMonth(first) };
    }
    case "this_year":
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case "last_12_months":
      // Whole months from 11 months back, so a monthly chart starts with a full month.
      return { from: addMonths(today, -11), to: today };
  }
}

export type RangeProblem =
  | "fromMissing"
  | "toMissing"
  | "fromInvalid"
  | "toInvalid"
  | "backwards"
  | "tooLong";

/** What is wrong with a custom range, per field; empty when it can be asked for. */
export function rangeProblems(from: string, to: string): { from?: RangeProblem; to?: RangeProblem } {
  const problems: { from?: RangeProblem; to?: RangeProblem } = {};
  if (from === "") problems.from = "fromMissing";
  else if (!isCalendarDay(from)) problems.from = "fromInvalid";
  if (to === "") problems.to = "toMissing";
  else if (!isCalendarDay(to)) problems.to = "toInvalid";
  if (problems.from || problems.to) return problems;
  if (to < from) return { to: "backwards" };
  if (lengthInDays({ from, to }) > MAX_RANGE_DAYS) return { to: "tooLong" };
  return {};
}

function isPreset(value: string | null): value is Preset {
  return (PRESETS as readonly string[]).includes(value ?? "");
}

/**
 * The period a URL query asks for. Without one, or with one that cannot be asked for (a link with a
 * mistyped day), the default; `rejected` then says the link's period was not used.
 */
export function periodFromQuery(query: URLSearchParams, now: Date): Period & { rejected: boolean } {
  const kind = query.get("period");
  if (kind === "custom") {
    const from = query.get("from") ?? "";
    const to = query.get("to") ?? "";
    const problems = rangeProblems(from, to);
    if (!problems.from && !problems.to) return { kind, from, to, rejected: false };
  } else if (kind === null || isPreset(kind)) {
    const preset = kind ?? DEFAULT_PERIOD;
    return { kind: preset, ...presetRange(preset, now), rejected: false };
  }
  return { kind: DEFAULT_PERIOD, ...presetRange(DEFAULT_PERIOD, now), rejected: true };
}

/** The URL query of a period; the default period needs none. */
export function queryOfPeriod(period: { kind: PeriodKind; from?: string; to?: string }): URLSearchParams {
  if (period.kind === "custom") {
    return new URLSearchParams({ period: "custom", from: period.from ?? "", to: period.to ?? "" });
  }
  return period.kind === DEFAULT_PERIOD
    ? new URLSearchParams()
    : new URLSearchParams({ period: period.kind });
}

/** Per day up to about two months, per month beyond, so a chart never has hundreds of bars. */
export function granularityOf(range: DayRange): Granularity {
  return lengthInDays(range) <= MAX_DAILY_DAYS ? "day" : "month";
}
