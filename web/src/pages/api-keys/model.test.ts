import { describe, expect, it } from "vitest";
import {
  activeKeys,
  authorizationHeader,
  dayOf,
  earliestExpiryDay,
  expiryOfDay,
  lastDayOf,
  mayRevokeCustomerKey,
  scopeOf,
  usageExample,
} from "./model";

const THIS = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";
const GONE = "33333333-3333-4333-8333-333333333333";
const names = new Map([
  [THIS, "Diese GmbH"],
  [OTHER, "Andere AG"],
]);

describe("scopeOf", () => {
  it("says an unrestricted key works for all of its owner's customers", () => {
    expect(scopeOf({ restricted: false, customerIds: [] }, THIS, names)).toEqual({ kind: "unrestricted" });
  });

  it("recognises a key for this customer only", () => {
    expect(scopeOf({ restricted: true, customerIds: [THIS] }, THIS, names)).toEqual({ kind: "thisCustomer" });
  });

  it("names the customers of a wider restriction, sorted, and counts those without a name", () => {
    expect(scopeOf({ restricted: true, customerIds: [THIS, OTHER, GONE] }, THIS, names)).toEqual({
      kind: "customers",
      names: ["Andere AG", "Diese GmbH"],
      includesThis: true,
      unnamed: 1,
    });
    expect(scopeOf({ restricted: true, customerIds: [OTHER] }, THIS, names)).toMatchObject({
      includesThis: false,
      names: ["Andere AG"],
      unnamed: 0,
    });
  });
});

describe("mayRevokeCustomerKey", () => {
  const me = "44444444-4444-4444-8444-444444444444";
  const someone = { id: "55555555-5555-4555-8555-555555555555", code: "X", displayName: "Y" };
  const key = { status: "active" as const, restricted: true, customerIds: [THIS], owner: someone };
  const context = { userId: me, customerId: THIS, mayDelete: true };

  it("offers revoking keys restricted to this customer to holders of delete_api_keys", () => {
    expect(mayRevokeCustomerKey(key, context)).toBe(true);
    expect(mayRevokeCustomerKey(key, { ...context, mayDelete: false })).toBe(false);
  });

  it("leaves others' unrestricted keys to their owners", () => {
    expect(mayRevokeCustomerKey({ ...key, restricted: false, customerIds: [] }, context)).toBe(false);
    expect(
      mayRevokeCustomerKey(
        { ...key, restricted: false, customerIds: [], owner: { ...someone, id: me } },
        { ...context, mayDelete: false },
      ),
    ).toBe(true);
  });

  it("offers nothing for keys that no longer work", () => {
    expect(mayRevokeCustomerKey({ ...key, status: "revoked" }, context)).toBe(false);
    expect(mayRevokeCustomerKey({ ...key, status: "expired" }, context)).toBe(false);
  });
});

it("activeKeys keeps the active ones", () => {
  const keys = [
    { status: "active" as const },
    { status: "revoked" as const },
    { status: "expired" as const },
  ];
  expect(activeKeys(keys)).toEqual([{ status: "active" }]);
});

describe("expiry days", () => {
  it("lets a key work through the whole chosen day, in local time", () => {
    const expiry = expiryOfDay("2026-12-31");
    expect(expiry).toBe(new Date(2027, 0, 1).toISOString());
    expect(dayOf(lastDayOf(expiry as string))).toBe("2026-12-31");
  });

  it("refuses empty and impossible days", () => {
    expect(expiryOfDay("")).toBeNull();
    expect(expiryOfDay("2026-02-30")).toBeNull();
    expect(expiryOfDay("31.12.2026")).toBeNull();
  });

  it("offers tomorrow as the earliest day, across month ends", () => {
    expect(earliestExpiryDay(new Date(2026, 10, 30, 23, 59))).toBe("2026-12-01");
  });
});

it("shows how a program sends the key", () => {
  expect(authorizationHeader("nadoo_abc")).toBe("Authorization: Bearer nadoo_abc");
  const example = usageExample("nadoo_abc", "https://os.example");
  expect(example).toContain("https://os.example/api/v1/executions");
  expect(example).toContain('-H "Authorization: Bearer nadoo_abc"');
});
