/**
 * German number and time formats of the statement, the same as the web app's (web/src/lib/format.ts):
 * money with three decimals (`1.333,320 €`), durations as `25 Std. 3 Min. 5 Sek.`. Amounts are exact
 * six-place decimal strings and are rounded as bigints, never through a float. Signs are ASCII: the
 * PDF's standard font (WinAnsi) has no U+2212.
 */
import { decimalToMicros } from "../insights/figures.ts";

/** No-break space between amount and currency sign, as Intl's de-DE currency format uses. */
const NBSP = "\u00a0";

const SYMBOLS: Record<string, string> = { EUR: "€" };

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** An exact decimal with `places` decimals (half away from zero), German separators. */
export function germanDecimal(amount: string, places: number): string {
  const micros = decimalToMicros(amount);
  const negative = micros < 0n;
  const magnitude = negative ? -micros : micros;
  const step = 10n ** BigInt(6 - places);
  const rounded = (magnitude + step / 2n) / step;
  const scale = 10n ** BigInt(places);
  const whole = groupThousands((rounded / scale).toString());
  const fraction = places > 0 ? `,${(rounded % scale).toString().padStart(places, "0")}` : "";
  return `${negative && rounded > 0n ? "-" : ""}${whole}${fraction}`;
}

/** `"1333.320000"`, `EUR` → `1.333,320 €`; other currencies keep their code (`12,500 CHF`). */
export function germanMoney(amount: string, currency: string, places = 3): string {
  return `${germanDecimal(amount, places)}${NBSP}${SYMBOLS[currency] ?? currency}`;
}

/** Whole numbers with thousands dots: `12345` → `12.345`. */
export function germanInteger(value: number): string {
  const text = groupThousands(Math.abs(Math.trunc(value)).toString());
  return value < 0 ? `-${text}` : text;
}

/** Whole seconds as `25 Std. 3 Min. 5 Sek.`; zero parts are left out, zero is `0 Sek.`. */
export function germanDuration(totalSeconds: number): string {
  let rest = Math.abs(Math.trunc(totalSeconds));
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  const parts: string[] = [];
  if (hours) parts.push(`${germanInteger(hours)} Std.`);
  if (minutes) parts.push(`${minutes} Min.`);
  if (seconds || parts.length === 0) parts.push(`${seconds} Sek.`);
  return (totalSeconds < 0 ? "-" : "") + parts.join(" ");
}

/** `YYYY-MM-DD` → `DD.MM.YYYY`. */
export function germanDay(day: string): string {
  const [year, month, date] = day.split("-");
  return `${date}.${month}.${year}`;
}
