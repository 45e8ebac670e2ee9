import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ConflictError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { searchAudit, systemActor } from "../audit/service.ts";
import { addresses, customers } from "./schema.ts";
import { createCustomer, getCustomer, setCustomerAddress } from "./service.ts";

const database = useTestDatabase();
const staff = { userId: "33333333-3333-4333-8333-333333333333", requestId: "req-crm" };

describe("createCustomer", () => {
  it("stores the customer with billing and shipping addresses and audit-logs it", async () => {
    const customer = await createCustomer(database.db, staff, {
      name: " Muster GmbH ",
      customerNumber: "K-1001",
      billingAddress: {
        street: "Hauptstraße",
        houseNumber: "1",
        postalCode: "10115",
        town: "Berlin",
        country: "de",
      },
      shippingAddress: { addressedTo: "Lager", street: "Hafenweg", houseNumber: "7", town: "Hamburg" },
    });
    const loaded = await getCustomer(database.db, customer.id);
    expect(loaded).toMatchObject({ name: "Muster GmbH", customerNumber: "K-1001", isActive: true });
    expect(loaded.billingAddress).toMatchObject({ street: "Hauptstraße", town: "Berlin", country: "DE" });
    expect(loaded.shippingAddress).toMatchObject({ addressedTo: "Lager", town: "Hamburg", country: null });
    const [entry] = await searchAudit(database.db, { customerId: customer.id, action: "customer.created" });
    expect(entry).toMatchObject({ actorUserId: staff.userId, requestId: "req-crm", targetId: customer.id });
  });

  it("works without addresses", async () => {
    const customer = await createCustomer(database.db, systemActor, { name: "Ohne Adresse" });
    const loaded = await getCustomer(database.db, customer.id);
    expect(loaded.billingAddress).toBeNull();
    expect(loaded.shippingAddress).toBeNull();
  });

  it("refuses an empty name, a bad country and a duplicate customer number", async () => {
    await expect(createCustomer(database.db, systemActor, { name: " " })).rejects.toThrow(ValidationError);
    await expect(
      createCustomer(database.db, systemActor, { name: "X", billingAddress: { country: "Germany" } }),
    ).rejects.toThrow(ValidationError);
    await createCustomer(database.db, systemActor, { name: "A", customerNumber: "K-2" });
    await expect(
      createCustomer(database.db, systemActor, { name: "B", customerNumber: "K-2" }),
    ).rejects.toThrow(ConflictError);
    expect(await database.db.select().from(customers).where(eq(customers.name, "B"))).toHaveLength(0);
  });
});

describe("getCustomer", () => {
  it("404s an unknown or malformed id", async () => {
    await expect(getCustomer(database.db, "00000000-0000-4000-8000-000000000000")).rejects.toThrow(
      NotFoundError,
    );
    await expect(getCustomer(database.db, "1; drop table customers")).rejects.toThrow(NotFoundError);
  });
});

describe("addresses", () => {
  it("replaces and removes one address without touching the other", async () => {
    const customer = await createCustomer(database.db, systemActor, {
      name: "Umzug AG",
      billingAddress: { town: "Köln" },
      shippingAddress: { town: "Bonn" },
    });
    const oldBillingId = (await getCustomer(database.db, customer.id)).billingAddressId;
    const moved = await setCustomerAddress(database.db, staff, customer.id, "billing", {
      town: "Düsseldorf",
    });
    expect(moved.billingAddress?.town).toBe("Düsseldorf");
    expect(moved.shippingAddress?.town).toBe("Bonn");
    expect(
      await database.db
        .select()
        .from(addresses)
        .where(eq(addresses.id, oldBillingId ?? "")),
    ).toHaveLength(0);
    const removed = await setCustomerAddress(database.db, staff, customer.id, "shipping", null);
    expect(removed.shippingAddress).toBeNull();
    expect(removed.billingAddress?.town).toBe("Düsseldorf");
    const changes = await searchAudit(database.db, { customerId: customer.id, actorUserId: staff.userId });
    expect(changes.map((entry) => entry.action).sort()).toEqual([
      "customer.billing_address_changed",
      "customer.shipping_address_changed",
    ]);
  });

  it("clears the customer's link when an address row is deleted", async () => {
    const customer = await createCustomer(database.db, systemActor, {
      name: "Link",
      billingAddress: { town: "Ulm" },
    });
    const { billingAddressId } = await getCustomer(database.db, customer.id);
    await database.db.delete(addresses).where(eq(addresses.id, billingAddressId ?? ""));
    expect((await getCustomer(database.db, customer.id)).billingAddressId).toBeNull();
  });

  it("keeps one address per kind when changed concurrently", async () => {
    const customer = await createCustomer(database.db, systemActor, {
      name: "Parallel",
      billingAddress: { town: "A" },
    });
    const towns = ["B", "C", "D", "E"];
    await Promise.all(
      towns.map((town) => setCustomerAddress(database.db, staff, customer.id, "billing", { town })),
    );
    const { rows } = await database.db.execute<{ count: number }>(
      sql`select count(*)::int as count from addresses a
          where not exists (select 1 from customers c where a.id in (c.billing_address_id, c.shipping_address_id))`,
    );
    expect(rows[0]?.count).toBe(0);
    // Each change saw the address the one before it left: the "before" towns chain from A.
    const changes = await searchAudit(database.db, {
      customerId: customer.id,
      action: "customer.billing_address_changed",
    });
    const befores = changes.map((entry) => (entry.before as { town: string }).town);
    const afters = changes.map((entry) => (entry.after as { town: string }).town);
    const final = (await getCustomer(database.db, customer.id)).billingAddress?.town;
    expect([...afters].sort()).toEqual(towns);
    expect([...befores].sort()).toEqual(["A", ...afters.filter((town) => town !== final)].sort());
  });

  it("404s an unknown customer", async () => {
    await expect(
      setCustomerAddress(database.db, staff, "00000000-0000-4000-8000-000000000000", "billing", {
        town: "X",
      }),
    ).rejects.toThrow(NotFoundError);
    await expect(setCustomerAddress(database.db, staff, "nope", "billing", { town: "X" })).rejects.toThrow(
      NotFoundError,
    );
  });
});
