/**
 * The staff customers pages' types and query keys (GET /api/staff/customers, .../{customerId}).
 */
import type { paths } from "../../../api/schema";

export type StaffCustomer =
  paths["/api/staff/customers/{customerId}"]["get"]["responses"][200]["content"]["application/json"];

export const PAGE_SIZE = 25;

export const staffCustomersKey = ["staff", "customers"] as const;
export const staffCustomerKey = (customerId: string) => ["staff", "customers", customerId] as const;

/** The server's per-field messages under `prefix` (e.g. `billingAddress`), keyed by the field inside it. */
export function nestedFieldErrors<F extends string>(
  problemErrors: readonly { path: string; message: string }[] | undefined,
  prefix: string,
  fields: readonly F[],
): Partial<Record<F, string>> {
  const byField: Partial<Record<F, string>> = {};
  for (const detail of problemErrors ?? []) {
    const path = detail.path.replace(/^body\.?/, "").split(".");
    const field = path[1] as F;
    if (path[0] === prefix && fields.includes(field)) byField[field] = detail.message;
  }
  return byField;
}
