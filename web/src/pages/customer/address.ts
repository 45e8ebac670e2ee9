/**
 * The company data page's pure pieces: address forms (what the server accepts, checked before
 * sending), the API's per-field errors mapped to form fields, and how an address reads.
 */
import type { ApiError } from "../../api/client";
import type { paths } from "../../api/schema";
import { type Language, localeOf } from "../../lib/format";

export type Customer =
  paths["/api/os/customers/{customerId}"]["get"]["responses"][200]["content"]["application/json"];
export type Address = NonNullable<Customer["billingAddress"]>;
export type AddressKind = "billing" | "shipping";

export const customerKey = (customerId: string) => ["customer", customerId] as const;

export const ADDRESS_FIELDS = [
  "addressedTo",
  "street",
  "houseNumber",
  "postalCode",
  "town",
  "country",
] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];
export type AddressForm = Record<AddressField, string>;

/** The server's limits (crm/routes.ts). */
export const MAX_LENGTH: Record<AddressField, number> = {
  addressedTo: 200,
  street: 200,
  houseNumber: 20,
  postalCode: 20,
  town: 100,
  country: 2,
};
export const MAX_NAME_LENGTH = 200;

/** A postal address needs these; the server would store less, but a bill could not be sent. */
const REQUIRED: readonly AddressField[] = ["street", "postalCode", "town", "country"];

export type FieldProblem = "required" | "tooLong" | "country";

export function formOf(address: Address | null): AddressForm {
  return {
    addressedTo: address?.addressedTo ?? "",
    street: address?.street ?? "",
    houseNumber: address?.houseNumber ?? "",
    postalCode: address?.postalCode ?? "",
    town: address?.town ?? "",
    country: address?.country ?? "DE",
  };
}

export function addressProblems(form: AddressForm): Partial<Record<AddressField, FieldProblem>> {
  const problems: Partial<Record<AddressField, FieldProblem>> = {};
  for (const field of ADDRESS_FIELDS) {
    const value = form[field].trim();
    if (value === "" && REQUIRED.includes(field)) problems[field] = "required";
    else if (field === "country" && value !== "" && !/^[A-Za-z]{2}$/.test(value)) problems[field] = "country";
    else if (value.length > MAX_LENGTH[field]) problems[field] = "tooLong";
  }
  return problems;
}

/** The request body: trimmed, empty fields as null, the country in capitals. */
export function payloadOf(form: AddressForm): Record<AddressField, string | null> {
  const value = (field: AddressField) => form[field].trim() || null;
  return {
    addressedTo: value("addressedTo"),
    street: value("street"),
    houseNumber: value("houseNumber"),
    postalCode: value("postalCode"),
    town: value("town"),
    country: value("country")?.toUpperCase() ?? null,
  };
}

export function nameProblem(name: string): FieldProblem | null {
  const trimmed = name.trim();
  if (trimmed === "") return "required";
  if (trimmed.length > MAX_NAME_LENGTH) return "tooLong";
  return null;
}

/**
 * The API's per-field messages (`errors[].path` like `body.street`) for the fields of a form;
 * anything it cannot place stays for the general error.
 */
export function fieldErrorsOf<F extends string>(
  error: ApiError | null,
  fields: readonly F[],
): { byField: Partial<Record<F, string>>; placed: boolean } {
  const byField: Partial<Record<F, string>> = {};
  let placed = false;
  for (const detail of error?.problem.errors ?? []) {
    const field = detail.path.replace(/^body\.?/, "").split(".")[0] as F;
    if (fields.includes(field)) {
      byField[field] = byField[field] ? `${byField[field]} ${detail.message}` : detail.message;
      placed = true;
    }
  }
  return { byField, placed };
}

/** The address as it is written on an envelope, one line each, the country by name. */
export function addressLines(address: Address, language: Language): string[] {
  const join = (...parts: (string | null)[]) => parts.filter(Boolean).join(" ");
  const lines = [
    address.addressedTo ?? "",
    join(address.street, address.houseNumber),
    join(address.postalCode, address.town),
    address.country ? countryName(address.country, language) : "",
  ];
  return lines.filter((line) => line !== "");
}

export function countryName(code: string, language: Language): string {
  try {
    return new Intl.DisplayNames([localeOf(language)], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}
