/**
 * The API keys page's decisions, kept pure for unit tests: what a key is restricted to, who may
 * revoke which key from this page, the expiry of a chosen day, and how a program sends the key.
 */
import type { paths } from "../../api/schema";

export type MyApiKey =
  paths["/api/os/api-keys"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type CustomerApiKey =
  paths["/api/os/customers/{customerId}/api-keys"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type KeyStatus = MyApiKey["status"];

/** Where a key works: every customer its owner works for, or a list of customers. */
export type KeyScope =
  | { kind: "unrestricted" }
  | { kind: "thisCustomer" }
  | { kind: "customers"; names: string[]; includesThis: boolean };

/**
 * A key's restriction in words for the selected customer. Customers the user holds no role for any
 * more have no name here and are shown by count.
 */
export function scopeOf(
  key: Pick<MyApiKey, "restricted" | "customerIds">,
  customerId: string,
  customerNames: ReadonlyMap<string, string>,
): KeyScope & { unnamed?: number } {
  if (!key.restricted) return { kind: "unrestricted" };
  if (key.customerIds.length === 1 && key.customerIds[0] === customerId) return { kind: "thisCustomer" };
  const named = key.customerIds.flatMap((id) => {
    const name = customerNames.get(id);
    return name === undefined ? [] : [name];
  });
  return {
    kind: "customers",
    names: named.sort((a, b) => a.localeCompare(b)),
    includesThis: key.customerIds.includes(customerId),
    unnamed: key.customerIds.length - named.length,
  };
}

/**
 * Whether this page offers to revoke a customer's key: its owner always, and holders of
 * delete_api_keys for keys restricted to this customer (the server checks again).
 */
export function mayRevokeCustomerKey(
  key: Pick<CustomerApiKey, "status" | "restricted" | "customerIds" | "owner">,
  context: { userId: string; customerId: string; mayDelete: boolean },
): boolean {
  if (key.status !== "active") return false;
  if (key.owner.id === context.userId) return true;
  return context.mayDelete && key.restricted && key.customerIds.includes(context.customerId);
}

export function activeKeys<T extends { status: KeyStatus }>(keys: readonly T[]): T[] {
  return keys.filter((key) => key.status === "active");
}

const pad = (value: number) => String(value).padStart(2, "0");

/** A local calendar day as `YYYY-MM-DD` (what `<input type="date">` reads and writes). */
export function dayOf(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The earliest expiry day to offer: tomorrow. */
export function earliestExpiryDay(now: Date): string {
  return dayOf(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));
}

/**
 * A key that "expires on" a day works through that whole day in the user's time zone, so it ends
 * at the start of the next local day. Null for an empty or malformed input.
 */
export function expiryOfDay(day: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = new Date(year, month - 1, date);
  if (start.getFullYear() !== year || start.getMonth() !== month - 1 || start.getDate() !== date) return null;
  return new Date(year, month - 1, date + 1).toISOString();
}

/** The last moment a key works, for showing: a millisecond before its expiry. */
export function lastDayOf(expiresAt: string): Date {
  return new Date(new Date(expiresAt).getTime() - 1);
}

/** The header a program sends, and a complete example request against the reporting API. */
export function authorizationHeader(secret: string): string {
  return `Authorization: Bearer ${secret}`;
}

export function usageExample(secret: string, origin: string): string {
  return [
    `curl -X POST ${origin}/api/v1/executions \\`,
    `  -H "${authorizationHeader(secret)}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{"customerProgramId": "<customer program id>"}'`,
  ].join("\n");
}
