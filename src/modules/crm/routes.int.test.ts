import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { call, holdRole, newCustomer, newUser, type SignedIn, signedIn } from "../../testing/people.ts";
import { searchAudit } from "../audit/service.ts";

const database = useTestDatabase();
let app: App;
let customer: string;
let editor: SignedIn;
let reader: SignedIn;

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  customer = await newCustomer(database.db, "Muster GmbH");
  const editorUser = await newUser(database.db, "Editor");
  await holdRole(database.db, editorUser.id, customer, "customer_manager", ["edit_customer"]);
  editor = await signedIn(database.db, editorUser);
  const readerUser = await newUser(database.db, "Reader");
  await holdRole(database.db, readerUser.id, customer, "customer_manager", []);
  reader = await signedIn(database.db, readerUser);
});
afterAll(async () => {
  await app.close();
});

describe("/api/os/customers/{customerId}", () => {
  it("lets customer managers with edit_customer rename the customer and set addresses, audit-logged", async () => {
    const url = `/api/os/customers/${customer}`;
    const renamed = await call(app, editor, "PATCH", url, { name: " Muster & Söhne GmbH " });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: "Muster & Söhne GmbH", billingAddress: null });

    const billing = await call(app, editor, "PUT", `${url}/addresses/billing`, {
      street: "Hauptstraße",
      houseNumber: "1",
      postalCode: "10115",
      town: "Berlin",
      country: "de",
    });
    expect(billing.statusCode).toBe(200);
    expect(billing.json().billingAddress).toMatchObject({ town: "Berlin", country: "DE" });

    const seen = await call(app, reader, "GET", url);
    expect(seen.json()).toMatchObject({
      name: "Muster & Söhne GmbH",
      billingAddress: { street: "Hauptstraße" },
    });
    expect((await call(app, reader, "PATCH", url, { name: "Hijacked" })).statusCode).toBe(403);

    const removed = await call(app, editor, "DELETE", `${url}/addresses/billing`);
    expect(removed.json().billingAddress).toBeNull();
    const actions = (await searchAudit(database.db, { actorUserId: editor.user.id })).map(
      (entry) => entry.action,
    );
    expect(actions).toEqual([
      "customer.billing_address_changed",
      "customer.billing_address_changed",
      "customer.renamed",
    ]);
  });

  it("rejects bad input with 400", async () => {
    const url = `/api/os/customers/${customer}`;
    expect((await call(app, editor, "PATCH", url, { name: "" })).statusCode).toBe(400);
    expect(
      (await call(app, editor, "PUT", `${url}/addresses/billing`, { country: "Germany" })).statusCode,
    ).toBe(400);
    expect((await call(app, editor, "PUT", `${url}/addresses/elsewhere`, {})).statusCode).toBe(400);
  });
});
