/**
 * The customer program form of the staff console (SPEC §4): pricing by a fixed rate per second or a
 * tier table, currency, status and the ordered time accounts. Amounts stay decimal strings; the
 * arithmetic of the previews is done on millionths as bigints, never on floats.
 */
import type { paths } from "../../../api/schema";

export type CustomerProgram =
  paths["/api/staff/customer-programs"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type TimeAccount =
  paths["/api/os/customers/{customerId}/time-accounts"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type PricingMode = CustomerProgram["pricingMode"];

export const customerProgramsKey = (customerId: string) =>
  ["staff", "customer-programs", customerId] as const;

export const MAX_DEFAULT_TIME_SAVED_SECONDS = 86_400;
export const MAX_TIER_HOURS = 100_000;
export const MAX_TIERS = 100;
export const MAX_TIME_ACCOUNTS = 20;

export const CUSTOMER_PROGRAM_FIELDS = [
  "programId",
  "defaultTimeSavedSeconds",
  "pricingMode",
  "pricePerSecond",
  "tiers",
  "currency",
  "isActive",
  "timeAccountIds",
] as const;

/** One row of the tier editor; both values as typed. */
export interface TierRow {
  /** A stable key for React while rows move and go. */
  key: number;
  fromHours: string;
  pricePerHour: string;
}

export interface CustomerProgramForm {
  programId: string | null;
  defaultTimeSavedSeconds: string;
  pricingMode: PricingMode;
  pricePerSecond: string;
  /** null: the default table. */
  tiers: TierRow[] | null;
  currency: string;
  isActive: boolean;
  timeAccountIds: string[];
}

let nextKey = 1;
export function tierRow(fromHours = "", pricePerHour = ""): TierRow {
  return { key: nextKey++, fromHours, pricePerHour };
}

/** `"0.050000"` → `"0.05"`: what a person would type. */
export function plainDecimal(amount: string): string {
  return amount.includes(".") ? amount.replace(/0+$/, "").replace(/\.$/, "") : amount;
}

export function customerProgramFormOf(program: CustomerProgram | null): CustomerProgramForm {
  if (!program) {
    return {
      programId: null,
      defaultTimeSavedSeconds: "",
      pricingMode: "tiered",
      pricePerSecond: "",
      tiers: null,
      currency: "EUR",
      isActive: true,
      timeAccountIds: [],
    };
  }
  return {
    programId: program.program.id,
    defaultTimeSavedSeconds: String(program.defaultTimeSavedSeconds),
    pricingMode: program.pricingMode,
    pricePerSecond: plainDecimal(program.pricePerSecond),
    tiers: program.defaultTiers ? null : rowsOf(program.tiers),
    currency: program.currency,
    isActive: program.isActive,
    timeAccountIds: [...program.timeAccounts]
      .sort((a, b) => a.position - b.position)
      .map((account) => account.id),
  };
}

/** Editor rows for a stored table (e.g. the default one, to start an own table from it). */
export function rowsOf(tiers: readonly { fromHours: number; pricePerHour: string }[]): TierRow[] {
  return tiers.map((tier) => tierRow(String(tier.fromHours), plainDecimal(tier.pricePerHour)));
}

/** A decimal as typed, with a point or a German comma: at most 8 digits before and 6 after. */
const DECIMAL = /^(\d{1,8})(?:[.,](\d{1,6}))?$/;

/** The decimal with a point (`"0,05"` → `"0.05"`), or null when it is none. */
export function decimalOf(text: string): string | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const [, whole, fraction] = match;
  return fraction === undefined ? (whole as string) : `${whole}.${fraction}`;
}

const SCALE = 1_000_000n;

function microsOf(decimal: string): bigint {
  const [whole = "0", fraction = ""] = decimal.split(".");
  return BigInt(whole) * SCALE + BigInt(fraction.padEnd(6, "0"));
}

function decimalOfMicros(micros: bigint): string {
  return `${micros / SCALE}.${(micros % SCALE).toString().padStart(6, "0")}`;
}

/** The hourly price of a rate per second, exactly: `"0.05"` → `"180.000000"`. */
export function perHourOf(pricePerSecond: string): string {
  return decimalOfMicros(microsOf(pricePerSecond) * 3600n);
}

/** Whole seconds as typed, or null. */
export function wholeNumberOf(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) return null;
  return Number(trimmed);
}

export type FieldProblem = "required" | "wholeSeconds" | "decimal" | "currency" | "tooMany";
export type TierProblem = "wholeHours" | "decimal" | "firstAtZero" | "ascending";

export interface FormProblems {
  fields: Partial<
    Record<
      "programId" | "defaultTimeSavedSeconds" | "pricePerSecond" | "currency" | "timeAccountIds",
      FieldProblem
    >
  >;
  /** By row index. */
  tiers: Record<number, Partial<Record<"fromHours" | "pricePerHour", TierProblem>>>;
  /** A problem of the whole table. */
  table: "empty" | "tooMany" | null;
}

export function hasProblems(problems: FormProblems): boolean {
  return (
    Object.keys(problems.fields).length > 0 ||
    Object.keys(problems.tiers).length > 0 ||
    problems.table !== null
  );
}

/**
 * What is wrong before sending. The tier rules are the server's: whole hours from 0 to 100000,
 * the first tier at 0 hours, thresholds strictly ascending, prices as decimals.
 */
export function customerProgramProblems(form: CustomerProgramForm): FormProblems {
  const fields: FormProblems["fields"] = {};
  if (!form.programId) fields.programId = "required";
  const seconds = wholeNumberOf(form.defaultTimeSavedSeconds);
  if (form.defaultTimeSavedSeconds.trim() === "") fields.defaultTimeSavedSeconds = "required";
  else if (seconds === null || seconds > MAX_DEFAULT_TIME_SAVED_SECONDS)
    fields.defaultTimeSavedSeconds = "wholeSeconds";
  if (form.pricingMode === "fixed") {
    if (form.pricePerSecond.trim() === "") fields.pricePerSecond = "required";
    else if (decimalOf(form.pricePerSecond) === null) fields.pricePerSecond = "decimal";
  }
  if (!/^[A-Z]{3}$/.test(form.currency.trim())) fields.currency = "currency";
  if (form.timeAccountIds.length > MAX_TIME_ACCOUNTS) fields.timeAccountIds = "tooMany";
  const tiers: FormProblems["tiers"] = {};
  let table: FormProblems["table"] = null;
  if (form.pricingMode === "tiered" && form.tiers !== null) {
    if (form.tiers.length === 0) table = "empty";
    else if (form.tiers.length > MAX_TIERS) table = "tooMany";
    let previous: number | null = null;
    form.tiers.forEach((row, index) => {
      const problems: Partial<Record<"fromHours" | "pricePerHour", TierProblem>> = {};
      const hours = wholeNumberOf(row.fromHours);
      if (hours === null || hours > MAX_TIER_HOURS) problems.fromHours = "wholeHours";
      else if (index === 0 && hours !== 0) problems.fromHours = "firstAtZero";
      else if (index > 0 && previous !== null && hours <= previous) problems.fromHours = "ascending";
      if (decimalOf(row.pricePerHour) === null) problems.pricePerHour = "decimal";
      if (Object.keys(problems).length > 0) tiers[index] = problems;
      previous = hours ?? previous;
    });
  }
  return { fields, tiers, table };
}

/** The fields both POST and PATCH take, from a form without problems. */
function sharedFields(form: CustomerProgramForm) {
  const price = decimalOf(form.pricePerSecond);
  return {
    defaultTimeSavedSeconds: wholeNumberOf(form.defaultTimeSavedSeconds) ?? 0,
    pricingMode: form.pricingMode,
    // Tiered pricing keeps the stored rate unless a valid one was typed.
    ...(price === null ? {} : { pricePerSecond: price }),
    // Fixed pricing keeps the stored table; it is only edited while tiered.
    ...(form.pricingMode === "tiered"
      ? {
          tiers:
            form.tiers === null
              ? null
              : form.tiers.map((row) => ({
                  fromHours: wholeNumberOf(row.fromHours) ?? 0,
                  pricePerHour: decimalOf(row.pricePerHour) ?? "",
                })),
        }
      : {}),
    currency: form.currency.trim(),
    isActive: form.isActive,
    timeAccountIds: form.timeAccountIds,
  };
}

export function createPayloadOf(form: CustomerProgramForm, customerId: string) {
  return { programId: form.programId ?? "", customerId, ...sharedFields(form) };
}

export function changePayloadOf(form: CustomerProgramForm) {
  return sharedFields(form);
}

/** The list with the entry at `index` moved one place up (-1) or down (+1). */
export function moved<T>(list: readonly T[], index: number, step: -1 | 1): T[] {
  const target = index + step;
  if (target < 0 || target >= list.length) return [...list];
  const next = [...list];
  [next[index], next[target]] = [next[target] as T, next[index] as T];
  return next;
}
