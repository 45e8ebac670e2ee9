/**
 * `/api/os/...` time accounts over HTTP: who may create, list, see, deactivate and read the ledger,
 * what the answers look like, and the ledger's pages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { call, holdRole, newCustomer, newUser, type SignedIn, signedIn } from "../../testing/people.ts";
import type { Ability } from "../access/roles.ts";
import { searchAudit } from "../audit/service.ts";
import { postToLedger } from "./ledger.ts";
import { timeAccountWith } from "./test-fixtures.ts";

const database = useTestDatabase();
let app: App;
let customerA: string;
let customerB: string;
let staff: SignedIn;

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  customerA = await newCustomer(database.db, "Alpha GmbH");
  customerB = await newCustomer(database.db, "Beta AG");
  staff = await signedIn(database.db, await newUser(database.db, "Staff Member", { isStaff: true }));
});
afterAll(async () => {
  await app.close();
});

async function manager(
  name: string,
  customerId: string,
  abilities: Ability[],
  options: { activeContract?: boolean } = {},
): Promise<SignedIn> {
  const user = await newUser(database.db, name);
  await holdRole(database.db, user.id, customerId, "time_account_manager", abilities, options);
  return signedIn(database.db, user);
}

const UNKNOWN = "0199aaaa-0000-7000-8000-000000000001";

describe("creating time accounts", () => {
  it("lets a manager with create_time_accounts create one with balance 0, audit-logged", async () => {
    const creator = await manager("Creator", customerA, ["create_time_accounts"]);
    const response = await call(app, creator, "POST", `/api/os/customers/${customerA}/time-accounts`, {
      name: "  Support 2025  ",
    });
    expect(response.statusCode).toBe(201);
    const account = response.json();
    expect(account).toEqual({
      id: expect.any(String),
      customerId: customerA,
      name: "Support 2025",
      isActive: true,
      balanceSeconds: 0,
      balance: { hours: 0, minutes: 0, seconds: 0 },
      deactivatedAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const [audit] = await searchAudit(database.db, { action: "time_account.created", customerId: customerA });
    expect(audit).toMatchObject({
      actorUserId: creator.user.id,
      targetType: "time_account",
      targetId: account.id,
      after: { name: "Support 2025", isActive: true, balanceSeconds: 0 },
    });
  });

  it("refuses managers without the ability, of another customer, on an inactive contract, and others", async () => {
    const url = `/api/os/customers/${customerA}/time-accounts`;
    const refused = [
      await manager("Viewer", customerA, ["delete_time_accounts", "grant_role"]),
      await manager("Other Customer", customerB, ["create_time_accounts"]),
      await manager("Inactive", customerA, ["create_time_accounts"], { activeContract: false }),
      await signedIn(database.db, await newUser(database.db, "Nobody")),
    ];
    for (const who of refused) {
      const response = await call(app, who, "POST", url, { name: "Not allowed" });
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe("forbidden");
    }
    expect((await call(app, null, "POST", url, { name: "Anonymous" })).statusCode).toBe(401);
  });

  it("answers an unknown customer with 404 for staff and 403 for everybody else", async () => {
    const url = `/api/os/customers/${UNKNOWN}/time-accounts`;
    expect((await call(app, staff, "POST", url, { name: "X" })).statusCode).toBe(404);
    const creator = await manager("Creator Elsewhere", customerA, ["create_time_accounts"]);
    expect((await call(app, creator, "POST", url, { name: "X" })).statusCode).toBe(403);
  });

  it("validates the name and the customer id", async () => {
    const url = `/api/os/customers/${customerA}/time-accounts`;
    for (const body of [{}, { name: "   " }, { name: "x".repeat(201) }, { name: 5 }]) {
      expect((await call(app, staff, "POST", url, body)).statusCode).toBe(400);
    }
    expect(
      (await call(app, staff, "POST", "/api/os/customers/nope/time-accounts", { name: "X" })).statusCode,
    ).toBe(400);
  });
});

describe("listing and viewing", () => {
  it("lists the customer's accounts active first, then by name, with the total, to any holder of the role", async () => {
    const customer = await newCustomer(database.db, "Gamma KG");
    const zulu = await timeAccountWith(database.db, customer, 3725, { name: "Zulu" });
    const alpha = await timeAccountWith(database.db, customer, 100, { name: "Alpha" });
    const retired = await timeAccountWith(database.db, customer, 50, { name: "Aardvark", isActive: false });
    await timeAccountWith(database.db, customerA, 999, { name: "Not Gamma's" });
    const viewer = await manager("Gamma Viewer", customer, []);
    const response = await call(app, viewer, "GET", `/api/os/customers/${customer}/time-accounts`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.items.map((item: { id: string }) => item.id)).toEqual([alpha, zulu, retired]);
    expect(body.totalBalanceSeconds).toBe(3725 + 100 + 50);
    expect(body.items[1]).toMatchObject({
      balanceSeconds: 3725,
      balance: { hours: 1, minutes: 2, seconds: 5 },
    });
    expect(body.items[2]).toMatchObject({ isActive: false, deactivatedAt: expect.any(String) });

    const outsider = await manager("Alpha Viewer", customerA, [
      "create_time_accounts",
      "delete_time_accounts",
    ]);
    expect((await call(app, outsider, "GET", `/api/os/customers/${customer}/time-accounts`)).statusCode).toBe(
      403,
    );
    const inactive = await manager("Gamma Inactive", customer, [], { activeContract: false });
    expect((await call(app, inactive, "GET", `/api/os/customers/${customer}/time-accounts`)).statusCode).toBe(
      403,
    );
    expect(
      (await call(app, staff, "GET", `/api/os/customers/${customer}/time-accounts`)).json().items,
    ).toHaveLength(3);
    expect((await call(app, staff, "GET", `/api/os/customers/${UNKNOWN}/time-accounts`)).statusCode).toBe(
      404,
    );
    expect((await call(app, viewer, "GET", `/api/os/customers/${UNKNOWN}/time-accounts`)).statusCode).toBe(
      403,
    );
  });

  it("shows one account to its customer's managers: 403 for another customer's, 404 for an unknown id", async () => {
    const id = await timeAccountWith(database.db, customerA, 7200, { name: "Viewed" });
    const viewer = await manager("Viewer A", customerA, []);
    const response = await call(app, viewer, "GET", `/api/os/time-accounts/${id}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id,
      name: "Viewed",
      balanceSeconds: 7200,
      balance: { hours: 2 },
    });

    const otherManager = await manager("Viewer B", customerB, ["create_time_accounts"]);
    expect((await call(app, otherManager, "GET", `/api/os/time-accounts/${id}`)).statusCode).toBe(403);
    const inactive = await manager("Viewer A inactive", customerA, [], { activeContract: false });
    expect((await call(app, inactive, "GET", `/api/os/time-accounts/${id}`)).statusCode).toBe(403);
    expect((await call(app, viewer, "GET", `/api/os/time-accounts/${UNKNOWN}`)).statusCode).toBe(404);
    expect((await call(app, staff, "GET", `/api/os/time-accounts/${UNKNOWN}`)).statusCode).toBe(404);
    expect((await call(app, staff, "GET", "/api/os/time-accounts/not-a-uuid")).statusCode).toBe(400);
  });
});

describe("deactivating", () => {
  it("deactivates with delete_time_accounts, keeps balance and history, and is idempotent", async () => {
    const id = await timeAccountWith(database.db, customerA, 500, { name: "Retiring" });
    const deleter = await manager("Deleter", customerA, ["delete_time_accounts"]);
    const first = await call(app, deleter, "POST", `/api/os/time-accounts/${id}/deactivate`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      id,
      isActive: false,
      balanceSeconds: 500,
      deactivatedAt: expect.any(String),
    });
    const second = await call(app, deleter, "POST", `/api/os/time-accounts/${id}/deactivate`);
    expect(second.statusCode).toBe(200);
    expect(second.json().deactivatedAt).toBe(first.json().deactivatedAt);

    const audits = (await searchAudit(database.db, { action: "time_account.deactivated" })).filter(
      (entry) => entry.targetId === id,
    );
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      customerId: customerA,
      targetType: "time_account",
      before: { isActive: true, balanceSeconds: 500 },
      after: { isActive: false, balanceSeconds: 500 },
    });
    const ledger = await call(app, deleter, "GET", `/api/os/time-accounts/${id}/ledger`);
    expect(ledger.json().items).toHaveLength(1);
  });

  it("refuses without the ability, for another customer, on an inactive contract; 404 for unknown ids", async () => {
    const id = await timeAccountWith(database.db, customerA, 0, { name: "Kept" });
    const refused = [
      await manager("Creator only", customerA, ["create_time_accounts", "grant_role"]),
      await manager("Deleter B", customerB, ["delete_time_accounts"]),
      await manager("Deleter inactive", customerA, ["delete_time_accounts"], { activeContract: false }),
    ];
    for (const who of refused) {
      expect((await call(app, who, "POST", `/api/os/time-accounts/${id}/deactivate`)).statusCode).toBe(403);
    }
    expect((await call(app, staff, "GET", `/api/os/time-accounts/${id}`)).json().isActive).toBe(true);
    expect(
      (await call(app, refused[0] ?? null, "POST", `/api/os/time-accounts/${UNKNOWN}/deactivate`)).statusCode,
    ).toBe(404);
    expect((await call(app, staff, "POST", `/api/os/time-accounts/${id}/deactivate`)).statusCode).toBe(200);
  });
});

describe("the ledger", () => {
  it("pages newest first by id with the actor of each entry", async () => {
    const id = await timeAccountWith(database.db, customerA, 0, { name: "Paged" });
    const poster = await newUser(database.db, "Poster Person");
    for (let index = 1; index <= 7; index++) {
      await postToLedger(database.db, { userId: poster.id }, [
        { timeAccountId: id, kind: "top_up", seconds: index * 10, reason: `top-up ${index}` },
      ]);
    }
    const executionId = "0199aaaa-0000-7000-8000-0000000000e1";
    await postToLedger(database.db, { userId: null }, [
      { timeAccountId: id, kind: "execution_debit", seconds: -5, executionId },
    ]);
    const viewer = await manager("Ledger Viewer", customerA, []);
    const url = `/api/os/time-accounts/${id}/ledger`;

    const first = await call(app, viewer, "GET", `${url}?limit=3`);
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.items).toHaveLength(3);
    expect(page1.items[0]).toEqual({
      id: expect.any(String),
      kind: "execution_debit",
      seconds: -5,
      balanceAfterSeconds: 275,
      executionId,
      actor: { type: "system", id: null },
      reason: null,
      createdAt: expect.any(String),
    });
    expect(page1.items[1]).toMatchObject({
      kind: "top_up",
      seconds: 70,
      balanceAfterSeconds: 280,
      reason: "top-up 7",
      actor: { type: "user", id: poster.id, displayName: "Poster Person" },
    });
    const page2 = (await call(app, viewer, "GET", `${url}?limit=3&cursor=${page1.nextCursor}`)).json();
    const page3 = (await call(app, viewer, "GET", `${url}?limit=3&cursor=${page2.nextCursor}`)).json();
    expect(page3.nextCursor).toBeNull();
    const seconds = [...page1.items, ...page2.items, ...page3.items].map((item) => item.seconds);
    expect(seconds).toEqual([-5, 70, 60, 50, 40, 30, 20, 10]);

    const all = (await call(app, viewer, "GET", url)).json();
    expect(all.items).toHaveLength(8);
    expect(all.nextCursor).toBeNull();
  });

  it("validates paging and refuses outsiders", async () => {
    const id = await timeAccountWith(database.db, customerA, 10);
    const url = `/api/os/time-accounts/${id}/ledger`;
    for (const query of ["limit=0", "limit=501", "limit=x", "cursor=abc"]) {
      expect((await call(app, staff, "GET", `${url}?${query}`)).statusCode).toBe(400);
    }
    expect((await call(app, staff, "GET", `${url}?limit=500`)).statusCode).toBe(200);
    const outsider = await manager("Ledger Outsider", customerB, []);
    expect((await call(app, outsider, "GET", url)).statusCode).toBe(403);
    const inactive = await manager("Ledger Inactive", customerA, [], { activeContract: false });
    expect((await call(app, inactive, "GET", url)).statusCode).toBe(403);
    expect((await call(app, outsider, "GET", `/api/os/time-accounts/${UNKNOWN}/ledger`)).statusCode).toBe(
      404,
    );
    expect((await call(app, null, "GET", url)).statusCode).toBe(401);
  });
});
