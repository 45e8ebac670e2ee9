/**
 * Reading one field of a dump record, with errors that name the model, the pk and the field, so an
 * operator can find the bad record in the original system. Also the ids of imported rows: an
 * original UUID is kept; any other pk (integers, natural keys) becomes a UUIDv5 of "model:pk", the
 * same on every run, which is what makes a second import find the rows of the first.
 */
import { createHash } from "node:crypto";
import { AppError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import { formatMoney, parseMoney } from "../../lib/money.ts";
import type { DumpRecord } from "./dump-reader.ts";

export class ImportRecordError extends AppError {
  constructor(record: Pick<DumpRecord, "model" | "pk" | "index">, field: string | null, problem: string) {
    const pk = record.pk === undefined ? `record #${record.index}` : `pk ${JSON.stringify(record.pk)}`;
    super(
      422,
      "import_record_invalid",
      `${record.model} ${pk}${field ? `, field "${field}"` : ""}: ${problem}`,
    );
  }
}

/** Fixed namespace of the ids this importer derives; changing it would duplicate every derived row. */
const NAMESPACE = Buffer.from("3b0d6f0e5a7c4c1e9d2a8f4b6c1e7a90", "hex");

/** RFC 9562 UUIDv5 (SHA-1, name-based) in our namespace. */
export function derivedId(name: string): string {
  const hash = createHash("sha1").update(NAMESPACE).update(name, "utf8").digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of the row made from a record: its UUID pk as it was, else derived from model and pk. */
export function idFor(model: string, pk: unknown): string {
  if (typeof pk === "string" && isUuid(pk)) return pk.toLowerCase();
  return derivedId(`${model}:${JSON.stringify(pk)}`);
}

/** The pk as a map key ("" for none); UUIDs in lower case so references in any case match. */
export function pkKey(pk: unknown): string {
  if (pk === undefined || pk === null) return "";
  if (typeof pk === "string") return isUuid(pk) ? pk.toLowerCase() : pk;
  return JSON.stringify(pk);
}

export class Fields {
  constructor(readonly record: DumpRecord) {}

  fail(field: string | null, problem: string): never {
    throw new ImportRecordError(this.record, field, problem);
  }

  has(field: string): boolean {
    const value = this.record.fields[field];
    return value !== undefined && value !== null;
  }

  raw(field: string): unknown {
    return this.record.fields[field];
  }

  optionalText(field: string): string | null {
    const value = this.record.fields[field];
    if (value === undefined || value === null) return null;
    if (typeof value !== "string") this.fail(field, `expected text, found ${JSON.stringify(value)}`);
    return value;
  }

  text(field: string): string {
    const value = this.optionalText(field);
    if (value === null) this.fail(field, "is missing");
    return value;
  }

  boolean(field: string, fallback: boolean): boolean {
    const value = this.record.fields[field];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== "boolean")
      this.fail(field, `expected true or false, found ${JSON.stringify(value)}`);
    return value;
  }

  /** A whole number within [min, max]; numeric strings are accepted as Django may write them. */
  integer(field: string, fallback: number | null, min: number, max: number): number {
    const value = this.record.fields[field];
    if (value === undefined || value === null) {
      if (fallback === null) this.fail(field, "is missing");
      return fallback;
    }
    const number = typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof number !== "number" || !Number.isSafeInteger(number)) {
      this.fail(field, `expected a whole number, found ${JSON.stringify(value)}`);
    }
    if (number < min || number > max) this.fail(field, `${number} is outside ${min}..${max}`);
    return number;
  }

  /** A django-money amount as a six-place decimal string (numeric(14,6)); the currency is `<field>_currency`. */
  money(field: string): { amount: string; currency: string } {
    const value = this.record.fields[field];
    let amount = "0";
    if (value !== undefined && value !== null) {
      if (typeof value !== "string" && typeof value !== "number") {
        this.fail(field, `expected a decimal amount, found ${JSON.stringify(value)}`);
      }
      amount = String(value);
    }
    let micros: bigint;
    try {
      micros = parseMoney(amount);
    } catch {
      this.fail(
        field,
        `${JSON.stringify(value)} is not a non-negative amount with at most 8 digits and 6 places`,
      );
    }
    const currency = (this.optionalText(`${field}_currency`) ?? "EUR").toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) this.fail(`${field}_currency`, `"${currency}" is not an ISO 4217 code`);
    return { amount: formatMoney(micros), currency };
  }

  optionalDateTime(field: string): Date | null {
    const value = this.record.fields[field];
    if (value === undefined || value === null || value === "") return null;
    const date = typeof value === "string" ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime()))
      this.fail(field, `${JSON.stringify(value)} is not a date and time`);
    return date;
  }

  optionalDate(field: string): string | null {
    const value = this.record.fields[field];
    if (value === undefined || value === null || value === "") return null;
    if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
      this.fail(field, `${JSON.stringify(value)} is not a date (YYYY-MM-DD)`);
    }
    return value;
  }

  /** A foreign key by pk: the referenced pk as a map key, or null when empty. */
  optionalReference(field: string): string | null {
    const value = this.record.fields[field];
    if (value === undefined || value === null) return null;
    if (typeof value === "string" || typeof value === "number") return pkKey(value);
    this.fail(field, `expected the pk of the referenced record, found ${JSON.stringify(value)}`);
  }

  /** A many-to-many field: a list of pks (natural keys are not used by these models). */
  references(field: string): string[] {
    const value = this.record.fields[field];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(field, `expected a list, found ${JSON.stringify(value)}`);
    return value.map((item) => {
      if (typeof item !== "string" && typeof item !== "number") {
        this.fail(field, `expected a list of pks, found ${JSON.stringify(item)}`);
      }
      return pkKey(item);
    });
  }
}
