import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { call, holdRole, newCustomer, newUser, type SignedIn, signedIn } from "../../testing/people.ts";
import { formatUserCode } from "../identity/user-code.ts";
import { recordAudit } from "./service.ts";

const database = useTestDatabase();
let app: App;
let customerA: string;
let customerB: string;
let staff: SignedIn;
let manager: SignedIn;
let actorCode: string;
let actorId: string;

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  customerA = await newCustomer(database.db, "Audit A");
  customerB = await newCustomer(database.db, "Audit B");
  staff = await signedIn(database.db, await newUser(database.db, "Auditor", { isStaff: true }));
  const managerUser = await newUser(database.db, "Customer Manager A");
  await holdRole(database.db, managerUser.id, customerA, "customer_manager", []);
  manager = await signedIn(database.db, managerUser);
  const actor = await newUser(database.db, "Busy Person");
  actorCode = formatUserCode(actor.code);
  actorId = actor.id;
  for (let index = 0; index < 7; index++) {
    await recordAudit(
      database.db,
      { userId: actor.id, ip: "192.0.2.7" },
      { action: "test.changed", customerId: index % 2 ? customerA : customerB, targetId: String(index) },
    );
  }
});
afterAll(async () => {
  await app.close();
});

describe("GET /api/staff/audit", () => {
  it("searches by actor code, customer and action, newest first, with the actor's name", async () => {
    const response = await call(app, staff, "GET", `/api/staff/audit?actor=${actorCode}&action=test.changed`);
    expect(response.statusCode).toBe(200);
    const items = response.json().items;
    expect(items.map((item: { targetId: string }) => item.targetId)).toEqual([
      "6",
      "5",
      "4",
      "3",
      "2",
      "1",
      "0",
    ]);
    expect(items[0]).toMatchObject({
      actor: { id: actorId, code: actorCode, displayName: "Busy Person" },
      ip: "192.0.2.7",
    });
    const byCustomer = await call(
      app,
      staff,
      "GET",
      `/api/staff/audit?actor=${actorId}&customerId=${customerA}`,
    );
    expect(byCustomer.json().items.map((item: { targetId: string }) => item.targetId)).toEqual([
      "5",
      "3",
      "1",
    ]);
    expect(byCustomer.json().items[0].customer).toEqual({ id: customerA, name: "Audit A" });
  });

  it("finds every action of a kind by the kind and a dot, taking _ and % literally", async () => {
    await recordAudit(database.db, { userId: actorId }, { action: "test_kind.one", targetId: "k1" });
    await recordAudit(database.db, { userId: actorId }, { action: "testXkind.two", targetId: "k2" });
    const search = async (action: string) =>
      (
        await call(
          app,
          staff,
          "GET",
          `/api/staff/audit?actor=${actorId}&action=${encodeURIComponent(action)}`,
        )
      )
        .json()
        .items.map((item: { targetId: string }) => item.targetId);
    expect(await search("test_kind.")).toEqual(["k1"]);
    expect(await search("test%.")).toEqual([]);
    expect(await search("test_kind.one")).toEqual(["k1"]);
    expect(await search("test_kind")).toEqual([]);
    const entry = (await call(app, staff, "GET", `/api/staff/audit?action=test_kind.one`)).json().items[0];
    expect(entry.customer).toBeNull();
  });

  it("pages with a cursor and filters by time range", async () => {
    const base = `/api/staff/audit?action=test.changed&limit=3`;
    const first = (await call(app, staff, "GET", base)).json();
    expect(first.items).toHaveLength(3);
    const second = (await call(app, staff, "GET", `${base}&cursor=${first.nextCursor}`)).json();
    const third = (await call(app, staff, "GET", `${base}&cursor=${second.nextCursor}`)).json();
    const ids = [...first.items, ...second.items, ...third.items].map(
      (item: { targetId: string }) => item.targetId,
    );
    expect(ids).toEqual(["6", "5", "4", "3", "2", "1", "0"]);
    expect(third.nextCursor).toBeNull();

    const future = new Date(Date.now() + 60_000).toISOString();
    const none = await call(app, staff, "GET", `/api/staff/audit?action=test.changed&from=${future}`);
    expect(none.json().items).toEqual([]);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    const all = await call(
      app,
      staff,
      "GET",
      `/api/staff/audit?action=test.changed&from=${past}&to=${future}`,
    );
    expect(all.json().items).toHaveLength(7);
  });

  it("answers bad input with 400 and unknown actors with 404", async () => {
    const later = new Date().toISOString();
    const earlier = new Date(Date.now() - 1000).toISOString();
    expect((await call(app, staff, "GET", `/api/staff/audit?from=${later}&to=${earlier}`)).statusCode).toBe(
      400,
    );
    expect((await call(app, staff, "GET", "/api/staff/audit?cursor=bm9wZQ")).statusCode).toBe(400);
    expect((await call(app, staff, "GET", "/api/staff/audit?limit=0")).statusCode).toBe(400);
    expect((await call(app, staff, "GET", "/api/staff/audit?actor=ZZZZ-ZZZZ-ZZZZ")).statusCode).toBe(404);
  });
});

describe("GET /api/os/customers/{customerId}/audit", () => {
  it("shows a customer manager their customer's entries only", async () => {
    const own = await call(app, manager, "GET", `/api/os/customers/${customerA}/audit?action=test.changed`);
    expect(own.statusCode).toBe(200);
    const items = own.json().items as { customerId: string }[];
    expect(items).toHaveLength(3);
    expect(items.every((item) => item.customerId === customerA)).toBe(true);
    expect((await call(app, manager, "GET", `/api/os/customers/${customerB}/audit`)).statusCode).toBe(403);
    expect((await call(app, manager, "GET", "/api/staff/audit")).statusCode).toBe(403);
  });
});
