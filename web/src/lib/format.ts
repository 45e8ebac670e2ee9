/**
 * Locale formats of NADOO OS (SPEC: de `1.333,320 €`, `25 Std. 3 Min. 5 Sek.`). Amounts arrive as
 * exact decimal strings and are formatted as strings, never through a float.
 */
export type Language = "de" | "en";

const LOCALES: Record<Language, string> = { de: "de-DE", en: "en-GB" };

export function localeOf(language: Language): string {
  return LOCALES[language];
}

/** An exact decimal string (`"1333.320000"`) as money with three decimals: `1.333,320 €`. */
export function formatMoney(amount: string, currency: string, language: Language): string {
  const format = new Intl.NumberFormat(localeOf(language), {
    style: "currency",
    currency,
    minimumFractionDigits: 3,
    maximumFractionDigits: 3,
  });
  // Intl formats a numeric string exactly (ECMA-402 NumberFormat v3); the cast is for older types.
  return format.format(amount as unknown as number);
}

export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(localeOf(language)).format(value);
}

const UNITS: Record<Language, [string, string, string]> = {
  de: ["Std.", "Min.", "Sek."],
  en: ["h", "min", "s"],
};

/** Whole seconds as `25 Std. 3 Min. 5 Sek.`; zero parts are left out, zero is `0 Sek.`. */
export function formatDuration(totalSeconds: number, language: Language): string {
  const [hourUnit, minuteUnit, secondUnit] = UNITS[language];
  const negative = totalSeconds < 0;
  let rest = Math.abs(Math.trunc(totalSeconds));
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  const parts: string[] = [];
  if (hours) parts.push(`${formatNumber(hours, language)} ${hourUnit}`);
  if (minutes) parts.push(`${minutes} ${minuteUnit}`);
  if (seconds || parts.length === 0) parts.push(`${seconds} ${secondUnit}`);
  return (negative ? "−" : "") + parts.join(" ");
}

/** The browser's time zone: dates are shown in the user's own. */
export function userTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function formatDateTime(value: string | Date, language: Language, timeZone = userTimeZone()): string {
  return new Intl.DateTimeFormat(localeOf(language), {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  }).format(new Date(value));
}

/** A calendar day (`2026-11-24`, no time zone) as `24.11.2026`. */
export function formatDay(day: string, language: Language): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}

/** Change against the previous period as `+12,5 %`; null when there was nothing before. */
export function formatChange(current: number, previous: number, language: Language): string | null {
  if (previous === 0) return null;
  const ratio = (current - previous) / previous;
  return new Intl.NumberFormat(localeOf(language), {
    style: "percent",
    maximumFractionDigits: 1,
    signDisplay: "exceptZero",
  }).format(ratio);
}
