/**
 * `/api/staff/time-accounts/...` over HTTP: top-ups, adjustments and transfers, their refusals (which
 * change nothing) and their audit entries.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { call, holdRole, newCustomer, newUser, type SignedIn, signedIn } from "../../testing/people.ts";
import { searchAudit } from "../audit/service.ts";
import { timeAccountEntries, timeAccounts } from "./schema.ts";
import { timeAccountWith } from "./test-fixtures.ts";

const database = useTestDatabase();
let app: App;
let customerA: string;
let customerB: string;
let staff: SignedIn;
let superuser: SignedIn;
let fullManager: SignedIn;

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  customerA = await newCustomer(database.db, "Alpha GmbH");
  customerB = await newCustomer(database.db, "Beta AG");
  staff = await signedIn(database.db, await newUser(database.db, "Staff Member", { isStaff: true }));
  superuser = await signedIn(database.db, await newUser(database.db, "Super User", { isSuperuser: true }));
  const manager = await newUser(database.db, "Full Manager");
  await holdRole(database.db, manager.id, customerA, "time_account_manager", [
    "create_time_accounts",
    "delete_time_accounts",
    "grant_role",
  ]);
  fullManager = await signedIn(database.db, manager);
});
afterAll(async () => {
  await app.close();
});

const UNKNOWN = "0199aaaa-0000-7000-8000-000000000002";

async function balance(id: string): Promise<number | undefined> {
  const [row] = await database.db.select().from(timeAccounts).where(eq(timeAccounts.id, id));
  return row?.balanceSeconds;
}

async function entryCount(id: string): Promise<number> {
  return (await database.db.select().from(timeAccountEntries).where(eq(timeAccountEntries.timeAccountId, id)))
    .length;
}

async function auditsOf(action: string, id: string) {
  return (await searchAudit(database.db, { action })).filter((entry) => entry.targetId === id);
}

describe("top-ups", () => {
  it("adds seconds for staff, answers the entry and the account, and logs before and after", async () => {
    const id = await timeAccountWith(database.db, customerA, 100);
    const response = await call(app, staff, "POST", `/api/staff/time-accounts/${id}/top-ups`, {
      seconds: 3600,
      reason: "Invoice 2025-17",
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      entry: {
        id: expect.any(String),
        kind: "top_up",
        seconds: 3600,
        balanceAfterSeconds: 3700,
        executionId: null,
        actor: { type: "user", id: staff.user.id, displayName: "Staff Member" },
        reason: "Invoice 2025-17",
        createdAt: expect.any(String),
      },
      timeAccount: expect.objectContaining({
        id,
        balanceSeconds: 3700,
        balance: { hours: 1, minutes: 1, seconds: 40 },
      }),
    });
    expect(await auditsOf("time_account.topped_up", id)).toMatchObject([
      {
        actorUserId: staff.user.id,
        customerId: customerA,
        targetType: "time_account",
        before: { balanceSeconds: 100 },
        after: { balanceSeconds: 3700, seconds: 3600, reason: "Invoice 2025-17" },
      },
    ]);
    const withoutReason = await call(app, superuser, "POST", `/api/staff/time-accounts/${id}/top-ups`, {
      seconds: 1,
    });
    expect(withoutReason.statusCode).toBe(201);
    expect(withoutReason.json().entry.reason).toBeNull();
    expect(await balance(id)).toBe(3701);
  });

  it("refuses an inactive account with 409 time_account_inactive, changing nothing", async () => {
    const id = await timeAccountWith(database.db, customerA, 10, { isActive: false });
    const response = await call(app, staff, "POST", `/api/staff/time-accounts/${id}/top-ups`, {
      seconds: 60,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe("time_account_inactive");
    expect(await balance(id)).toBe(10);
    expect(await entryCount(id)).toBe(1);
    expect(await auditsOf("time_account.topped_up", id)).toEqual([]);
  });

  it("refuses non-staff (even the customer's managers), unknown ids and bad amounts", async () => {
    const id = await timeAccountWith(database.db, customerA, 0);
    const url = `/api/staff/time-accounts/${id}/top-ups`;
    expect((await call(app, fullManager, "POST", url, { seconds: 60 })).statusCode).toBe(403);
    expect((await call(app, null, "POST", url, { seconds: 60 })).statusCode).toBe(401);
    expect(
      (await call(app, staff, "POST", `/api/staff/time-accounts/${UNKNOWN}/top-ups`, { seconds: 60 }))
        .statusCode,
    ).toBe(404);
    for (const body of [
      {},
      { seconds: 0 },
      { seconds: -5 },
      { seconds: 1.5 },
      { seconds: 1_000_000_001 },
      { seconds: "60" },
      { seconds: 60, reason: "x".repeat(501) },
    ]) {
      expect((await call(app, staff, "POST", url, body)).statusCode).toBe(400);
    }
    expect((await call(app, staff, "POST", url, { seconds: 1_000_000_000 })).statusCode).toBe(201);
    expect(await balance(id)).toBe(1_000_000_000);
  });
});

describe("adjustments", () => {
  it("corrects either way with a reason, also on an inactive account", async () => {
    const id = await timeAccountWith(database.db, customerA, 1000, { isActive: false });
    const url = `/api/staff/time-accounts/${id}/adjustments`;
    const down = await call(app, staff, "POST", url, { seconds: -400, reason: "Double booking" });
    expect(down.statusCode).toBe(201);
    expect(down.json()).toMatchObject({
      entry: { kind: "adjustment", seconds: -400, balanceAfterSeconds: 600, reason: "Double booking" },
      timeAccount: { id, balanceSeconds: 600, isActive: false },
    });
    const up = await call(app, staff, "POST", url, { seconds: 50, reason: "Goodwill" });
    expect(up.json().timeAccount.balanceSeconds).toBe(650);
    expect(await auditsOf("time_account.adjusted", id)).toMatchObject([
      { after: { balanceSeconds: 650, seconds: 50 }, before: { balanceSeconds: 600 } },
      {
        after: { balanceSeconds: 600, seconds: -400, reason: "Double booking" },
        before: { balanceSeconds: 1000 },
      },
    ]);
  });

  it("refuses going below zero with 409 insufficient_balance and leaves everything as it was", async () => {
    const id = await timeAccountWith(database.db, customerA, 30);
    const response = await call(app, staff, "POST", `/api/staff/time-accounts/${id}/adjustments`, {
      seconds: -31,
      reason: "Too much",
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe("insufficient_balance");
    expect(await balance(id)).toBe(30);
    expect(await entryCount(id)).toBe(1);
    expect(await auditsOf("time_account.adjusted", id)).toEqual([]);
    const exact = await call(app, staff, "POST", `/api/staff/time-accounts/${id}/adjustments`, {
      seconds: -30,
      reason: "Empty it",
    });
    expect(exact.json().timeAccount.balanceSeconds).toBe(0);
  });

  it("needs a reason and a non-zero amount; staff only; 404 for unknown ids", async () => {
    const id = await timeAccountWith(database.db, customerA, 30);
    const url = `/api/staff/time-accounts/${id}/adjustments`;
    for (const body of [
      { seconds: 5 },
      { seconds: 5, reason: "  " },
      { seconds: 0, reason: "Zero" },
      { seconds: -1_000_000_001, reason: "Huge" },
      { seconds: 2.5, reason: "Fraction" },
    ]) {
      expect((await call(app, staff, "POST", url, body)).statusCode).toBe(400);
    }
    expect((await call(app, fullManager, "POST", url, { seconds: 5, reason: "Me" })).statusCode).toBe(403);
    const unknown = `/api/staff/time-accounts/${UNKNOWN}/adjustments`;
    expect((await call(app, staff, "POST", unknown, { seconds: 5, reason: "Ghost" })).statusCode).toBe(404);
    expect(await balance(id)).toBe(30);
  });
});

describe("transfers", () => {
  it("moves seconds between two accounts of one customer with two entries and one audit entry", async () => {
    const from = await timeAccountWith(database.db, customerA, 1000, { isActive: false });
    const to = await timeAccountWith(database.db, customerA, 5);
    const response = await call(app, staff, "POST", `/api/staff/time-accounts/${from}/transfers`, {
      toTimeAccountId: to,
      seconds: 600,
      reason: "Merge",
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.entries).toMatchObject([
      { kind: "transfer", seconds: -600, balanceAfterSeconds: 400, reason: "Merge" },
      { kind: "transfer", seconds: 600, balanceAfterSeconds: 605, reason: "Merge" },
    ]);
    expect(body.from).toMatchObject({ id: from, balanceSeconds: 400 });
    expect(body.to).toMatchObject({ id: to, balanceSeconds: 605 });
    expect(await auditsOf("time_account.transferred", from)).toMatchObject([
      {
        customerId: customerA,
        targetType: "time_account",
        before: { balanceSeconds: 1000, toTimeAccountId: to, toBalanceSeconds: 5 },
        after: { balanceSeconds: 400, toBalanceSeconds: 605, seconds: 600 },
      },
    ]);
  });

  it("refuses what it must, changing nothing", async () => {
    const from = await timeAccountWith(database.db, customerA, 100);
    const sibling = await timeAccountWith(database.db, customerA, 0);
    const retired = await timeAccountWith(database.db, customerA, 0, { isActive: false });
    const foreign = await timeAccountWith(database.db, customerB, 0);
    const url = `/api/staff/time-accounts/${from}/transfers`;
    const cases: [unknown, number, string][] = [
      [{ toTimeAccountId: from, seconds: 10 }, 400, "validation_failed"],
      [{ toTimeAccountId: foreign, seconds: 10 }, 400, "validation_failed"],
      [{ toTimeAccountId: retired, seconds: 10 }, 409, "time_account_inactive"],
      [{ toTimeAccountId: sibling, seconds: 101 }, 409, "insufficient_balance"],
      [{ toTimeAccountId: UNKNOWN, seconds: 10 }, 404, "not_found"],
      [{ toTimeAccountId: sibling, seconds: 0 }, 400, "validation_failed"],
      [{ toTimeAccountId: "nope", seconds: 10 }, 400, "validation_failed"],
    ];
    for (const [body, status, code] of cases) {
      const response = await call(app, staff, "POST", url, body);
      expect([response.statusCode, response.json().code]).toEqual([status, code]);
    }
    const ghost = await call(app, staff, "POST", `/api/staff/time-accounts/${UNKNOWN}/transfers`, {
      toTimeAccountId: sibling,
      seconds: 1,
    });
    expect(ghost.statusCode).toBe(404);
    expect(
      (await call(app, fullManager, "POST", url, { toTimeAccountId: sibling, seconds: 1 })).statusCode,
    ).toBe(403);
    for (const id of [from, sibling, retired, foreign])
      expect(await entryCount(id)).toBe(id === from ? 1 : 0);
    expect(await balance(from)).toBe(100);
    expect(await auditsOf("time_account.transferred", from)).toEqual([]);
  });
});
