import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { call, holdRole, newCustomer, newUser, type SignedIn, signedIn } from "../../testing/people.ts";
import { searchAudit } from "../audit/service.ts";

const database = useTestDatabase();
let app: App;
let staff: SignedIn;
let manager: SignedIn;

const berlin = {
  street: "Hauptstraße",
  houseNumber: "1",
  postalCode: "10115",
  town: "Berlin",
  country: "de",
};

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  staff = await signedIn(database.db, await newUser(database.db, "Staff", { isStaff: true }));
  const managerUser = await newUser(database.db, "Manager");
  const own = await newCustomer(database.db, "Eigene GmbH");
  await holdRole(database.db, managerUser.id, own, "customer_manager", ["edit_customer"]);
  manager = await signedIn(database.db, managerUser);
});
afterAll(async () => {
  await app.close();
});

describe("/api/staff/customers", () => {
  it("creates a customer with addresses, shows it with its counts, and logs every change", async () => {
    const created = await call(app, staff, "POST", "/api/staff/customers", {
      name: " Neukunde AG ",
      customerNumber: "K-7001",
      billingAddress: berlin,
    });
    expect(created.statusCode).toBe(201);
    const customer = created.json();
    expect(customer).toMatchObject({
      name: "Neukunde AG",
      customerNumber: "K-7001",
      isActive: true,
      billingAddress: { town: "Berlin", country: "DE" },
      shippingAddress: null,
      counts: { activeContracts: 0, activeCustomerPrograms: 0, activeTimeAccounts: 0, openComplaints: 0 },
    });
    const url = `/api/staff/customers/${customer.id}`;
    expect((await call(app, staff, "GET", url)).json()).toEqual(customer);

    const person = await newUser(database.db, "Employee");
    await holdRole(database.db, person.id, customer.id, "employee_manager", []);
    expect((await call(app, staff, "GET", url)).json().counts.activeContracts).toBe(1);

    const changed = await call(app, staff, "PATCH", url, {
      name: "Neukunde & Co. AG",
      customerNumber: "K-7002",
      isActive: false,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      name: "Neukunde & Co. AG",
      customerNumber: "K-7002",
      isActive: false,
    });
    const reactivated = await call(app, staff, "PATCH", url, { isActive: true, customerNumber: null });
    expect(reactivated.json()).toMatchObject({ isActive: true, customerNumber: null });

    const shipping = await call(app, staff, "PUT", `${url}/addresses/shipping`, {
      ...berlin,
      town: "Potsdam",
    });
    expect(shipping.json().shippingAddress).toMatchObject({ town: "Potsdam" });
    const removed = await call(app, staff, "DELETE", `${url}/addresses/billing`);
    expect(removed.json().billingAddress).toBeNull();

    const entries = await searchAudit(database.db, { customerId: customer.id, actorUserId: staff.user.id });
    expect(entries.map((entry) => entry.action).reverse()).toEqual([
      "customer.created",
      "customer.renamed",
      "customer.number_changed",
      "customer.deactivated",
      "customer.number_changed",
      "customer.reactivated",
      "customer.shipping_address_changed",
      "customer.billing_address_changed",
    ]);
    const numberChange = entries.find((entry) => entry.action === "customer.number_changed");
    expect(numberChange).toMatchObject({
      before: { customerNumber: "K-7002" },
      after: { customerNumber: null },
    });
  });

  it("refuses a customer number in use with a field error, and bad input with 400", async () => {
    await call(app, staff, "POST", "/api/staff/customers", { name: "Erster", customerNumber: "K-9000" });
    const second = (await call(app, staff, "POST", "/api/staff/customers", { name: "Zweiter" })).json();
    const taken = await call(app, staff, "PATCH", `/api/staff/customers/${second.id}`, {
      customerNumber: "K-9000",
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors).toEqual([{ path: "customerNumber", message: expect.any(String) }]);
    const duplicate = await call(app, staff, "POST", "/api/staff/customers", {
      name: "Dritter",
      customerNumber: "K-9000",
    });
    expect(duplicate.statusCode).toBe(409);

    expect((await call(app, staff, "POST", "/api/staff/customers", { name: " " })).statusCode).toBe(400);
    expect(
      (await call(app, staff, "PATCH", `/api/staff/customers/${second.id}`, { name: "" })).statusCode,
    ).toBe(400);
    expect(
      (
        await call(app, staff, "PUT", `/api/staff/customers/${second.id}/addresses/billing`, {
          country: "Germany",
        })
      ).statusCode,
    ).toBe(400);
    expect((await call(app, staff, "GET", "/api/staff/customers/not-an-id")).statusCode).toBe(400);
    expect(
      (await call(app, staff, "GET", "/api/staff/customers/0199aaaa-0000-7000-8000-000000000000")).statusCode,
    ).toBe(404);
  });

  it("is staff business: customer users get 403 even for their own customer, anonymous 401", async () => {
    const customer = (await call(app, staff, "POST", "/api/staff/customers", { name: "Fremd" })).json();
    const url = `/api/staff/customers/${customer.id}`;
    expect((await call(app, manager, "GET", url)).statusCode).toBe(403);
    expect((await call(app, manager, "PATCH", url, { name: "Gekapert" })).statusCode).toBe(403);
    expect((await call(app, manager, "POST", "/api/staff/customers", { name: "Neu" })).statusCode).toBe(403);
    expect((await call(app, manager, "DELETE", `${url}/addresses/billing`)).statusCode).toBe(403);
    expect((await call(app, null, "GET", url)).statusCode).toBe(401);
    expect((await searchAudit(database.db, { actorUserId: manager.user.id })).length).toBe(0);
  });
});
