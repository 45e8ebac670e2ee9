import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { newCustomer, newUser } from "../../testing/people.ts";
import {
  balanceOf,
  newApiKey,
  newCustomerProgram,
  newReportingWorld,
  type ReportingWorld,
} from "../../testing/reporting.ts";
import { systemActor } from "../audit/service.ts";
import { ensureContract, setContractActive } from "../hr/service.ts";
import { users } from "../identity/schema.ts";
import { formatUserCode } from "../identity/user-code.ts";
import { customerPrograms } from "../programs/schema.ts";
import { timeAccountEntries } from "../time-accounts/schema.ts";
import { timeAccountWith } from "../time-accounts/test-fixtures.ts";
import { executions } from "./schema.ts";

const database = useTestDatabase();
let app: App;

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
});

afterAll(async () => {
  await app.close();
});

function report(secret: string | null, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return app.inject({
    method: url.endsWith("customer-programs") ? "GET" : "POST",
    url,
    headers: { ...(secret === null ? {} : { authorization: `Bearer ${secret}` }), ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function ledgerSum(accountId: string): Promise<number> {
  const [row] = await database.db
    .select({ sum: sql<string>`coalesce(sum(${timeAccountEntries.seconds}), 0)` })
    .from(timeAccountEntries)
    .where(eq(timeAccountEntries.timeAccountId, accountId));
  return Number(row?.sum);
}

async function executionCount(customerProgramId: string): Promise<number> {
  const rows = await database.db
    .select({ id: executions.id })
    .from(executions)
    .where(eq(executions.customerProgramId, customerProgramId));
  return rows.length;
}

describe("POST /api/v1/executions", () => {
  let world: ReportingWorld;
  beforeAll(async () => {
    world = await newReportingWorld(database.db, 1000);
  });

  it("records an execution, drawing from the time account first, and answers 201 with its price", async () => {
    const response = await report(world.key.secret, "/api/v1/executions", {
      customerProgramId: world.customerProgramId,
      timeSavedSeconds: 1360,
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toEqual({
      id: expect.any(String),
      customerProgramId: world.customerProgramId,
      timeSavedSeconds: 1360,
      coveredSeconds: 1000,
      billedSeconds: 360,
      pricePerSecond: "0.063889",
      price: "23.000000",
      currency: "EUR",
      paymentStatus: "not_paid",
      occurredAt: null,
      createdAt: expect.any(String),
      remainingBalanceSeconds: 0,
    });
    expect(await balanceOf(database.db, world.accountId)).toBe(0);
    expect(await ledgerSum(world.accountId)).toBe(0);
    const [stored] = await database.db.select().from(executions).where(eq(executions.id, body.id));
    expect(stored).toMatchObject({
      reportedByUserId: world.reporter.id,
      apiKeyId: world.key.id,
      price: "23.000000",
      pricePerSecond: "0.063889",
    });
    const [program] = await database.db
      .select()
      .from(customerPrograms)
      .where(eq(customerPrograms.id, world.customerProgramId));
    expect(program?.tierBasisSeconds).toBe(1360);
  });

  it("uses the program's default time saved when none is given and keeps occurredAt", async () => {
    const response = await report(world.key.secret, "/api/v1/executions", {
      customerProgramId: world.customerProgramId,
      occurredAt: "2026-11-01T10:00:00+01:00",
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      timeSavedSeconds: 600,
      coveredSeconds: 0,
      billedSeconds: 600,
      occurredAt: "2026-11-01T09:00:00.000Z",
    });
  });

  it.each([
    ["no Authorization header", null],
    ["an unknown key", "nadoo_unknownunknownunknownunknown000000"],
  ])("answers 401 for %s", async (_name, secret) => {
    const response = await report(secret, "/api/v1/executions", {
      customerProgramId: world.customerProgramId,
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.headers["www-authenticate"]).toContain("Bearer");
  });

  it("answers 401 for a malformed Authorization header, before looking at the body", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/executions",
      headers: { authorization: `Basic ${world.key.secret}` },
      payload: { nonsense: true },
    });
    expect(response.statusCode).toBe(401);
  });

  it("answers 401 for a revoked or an expired key", async () => {
    const revoked = await newApiKey(database.db, world.reporter, { revokedAt: new Date() });
    const expired = await newApiKey(database.db, world.reporter, { expiresAt: new Date(Date.now() - 1000) });
    for (const [key, message] of [
      [revoked, "revoked"],
      [expired, "expired"],
    ] as const) {
      const response = await report(key.secret, "/api/v1/executions", {
        customerProgramId: world.customerProgramId,
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().detail).toContain(message);
    }
  });

  it("answers 403 when the key's owner is deactivated", async () => {
    const owner = await newUser(database.db, "Deactivated Reporter");
    await ensureContract(database.db, systemActor, owner.id, world.customerId);
    const key = await newApiKey(database.db, owner);
    await database.db.update(users).set({ isActive: false }).where(eq(users.id, owner.id));
    const response = await report(key.secret, "/api/v1/executions", {
      customerProgramId: world.customerProgramId,
    });
    expect(response.statusCode).toBe(403);
  });

  it("answers 403 without an active contract with the program's customer", async () => {
    const outsider = await newUser(database.db, "Outsider");
    const key = await newApiKey(database.db, outsider);
    expect(
      (await report(key.secret, "/api/v1/executions", { customerProgramId: world.customerProgramId }))
        .statusCode,
    ).toBe(403);
    const { contract } = await ensureContract(database.db, systemActor, outsider.id, world.customerId);
    await setContractActive(database.db, systemActor, contract.id, false);
    const response = await report(key.secret, "/api/v1/executions", {
      customerProgramId: world.customerProgramId,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe("not_an_employee");
  });

  it("answers 403 when the key is restricted to other customers", async () => {
    const other = await newCustomer(database.db, "Other Customer");
    const key = await newApiKey(database.db, world.reporter, { customerIds: [other] });
    const response = await report(key.secret, "/api/v1/executions", {
      customerProgramId: world.customerProgramId,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe("key_not_allowed");
  });

  it("answers 404 for an unknown customer program and 409 for an inactive one", async () => {
    const unknown = await report(world.key.secret, "/api/v1/executions", {
      customerProgramId: "0199aaaa-0000-7000-8000-000000000000",
    });
    expect(unknown.statusCode).toBe(404);
    const inactive = await newCustomerProgram(database.db, world.customerId, { isActive: false });
    const response = await report(world.key.secret, "/api/v1/executions", { customerProgramId: inactive });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe("program_inactive");
  });

  it.each([0, -5, 86_401, 1.5, "600", null])(
    "answers 400 for time saved %j and stores nothing",
    async (value) => {
      const before = await executionCount(world.customerProgramId);
      const response = await report(world.key.secret, "/api/v1/executions", {
        customerProgramId: world.customerProgramId,
        timeSavedSeconds: value,
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers["content-type"]).toContain("application/problem+json");
      expect(response.json().errors[0].path).toContain("timeSavedSeconds");
      expect(await executionCount(world.customerProgramId)).toBe(before);
    },
  );

  it("checks the program before the time saved, in SPEC's order", async () => {
    const response = await report(world.key.secret, "/api/v1/executions", {
      customerProgramId: "0199aaaa-0000-7000-8000-000000000000",
      timeSavedSeconds: 0,
    });
    expect(response.statusCode).toBe(404);
  });

  it("accepts the boundaries 1 and 86400", async () => {
    for (const seconds of [1, 86_400]) {
      const response = await report(world.key.secret, "/api/v1/executions", {
        customerProgramId: world.customerProgramId,
        timeSavedSeconds: seconds,
      });
      expect(response.statusCode).toBe(201);
    }
  });

  it("answers 400 for a body that is not an execution", async () => {
    for (const payload of [{}, { customerProgramId: "not-a-uuid" }]) {
      expect((await report(world.key.secret, "/api/v1/executions", payload)).statusCode).toBe(400);
    }
  });
});

describe("Idempotency-Key", () => {
  let world: ReportingWorld;
  beforeAll(async () => {
    world = await newReportingWorld(database.db, 5000);
  });

  it("returns the first result for a retry with the same body, without a second execution", async () => {
    const body = { customerProgramId: world.customerProgramId, timeSavedSeconds: 100 };
    const headers = { "idempotency-key": "retry-1" };
    const first = await report(world.key.secret, "/api/v1/executions", body, headers);
    const second = await report(world.key.secret, "/api/v1/executions", body, headers);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(await executionCount(world.customerProgramId)).toBe(1);
    expect(await balanceOf(database.db, world.accountId)).toBe(4900);
  });

  it("refuses the same key with a different body (409) and records nothing", async () => {
    const headers = { "idempotency-key": "retry-2" };
    await report(
      world.key.secret,
      "/api/v1/executions",
      { customerProgramId: world.customerProgramId },
      headers,
    );
    const before = await executionCount(world.customerProgramId);
    const response = await report(
      world.key.secret,
      "/api/v1/executions",
      { customerProgramId: world.customerProgramId, timeSavedSeconds: 7 },
      headers,
    );
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe("idempotency_key_reused");
    expect(await executionCount(world.customerProgramId)).toBe(before);
  });

  it("records once when the same request races itself", async () => {
    const before = await executionCount(world.customerProgramId);
    const body = { customerProgramId: world.customerProgramId, timeSavedSeconds: 10 };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        report(world.key.secret, "/api/v1/executions", body, { "idempotency-key": "race-1" }),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((response) => response.json().id)).size).toBe(1);
    expect(await executionCount(world.customerProgramId)).toBe(before + 1);
  });

  it("never replays one key's answer to another key of the same owner", async () => {
    const other = await newApiKey(database.db, world.reporter);
    const body = { customerProgramId: world.customerProgramId, timeSavedSeconds: 5 };
    const headers = { "idempotency-key": "per-key" };
    expect((await report(world.key.secret, "/api/v1/executions", body, headers)).statusCode).toBe(201);
    const response = await report(other.secret, "/api/v1/executions", body, headers);
    expect(response.statusCode).toBe(409);
  });

  it("does not store refusals: a retry after fixing the cause succeeds", async () => {
    const program = await newCustomerProgram(database.db, world.customerId, { isActive: false });
    const headers = { "idempotency-key": "after-fix" };
    const body = { customerProgramId: program };
    expect((await report(world.key.secret, "/api/v1/executions", body, headers)).statusCode).toBe(409);
    await database.db
      .update(customerPrograms)
      .set({ isActive: true })
      .where(eq(customerPrograms.id, program));
    expect((await report(world.key.secret, "/api/v1/executions", body, headers)).statusCode).toBe(201);
  });
});

describe("concurrent executions on one time account", () => {
  it("never overdraw it and lose no debit", async () => {
    const world = await newReportingWorld(database.db, 1000);
    const responses = await Promise.all(
      Array.from({ length: 30 }, () =>
        report(world.key.secret, "/api/v1/executions", {
          customerProgramId: world.customerProgramId,
          timeSavedSeconds: 70,
        }),
      ),
    );
    expect(responses.every((response) => response.statusCode === 201)).toBe(true);
    const bodies = responses.map((response) => response.json());
    const covered = bodies.reduce((sum, body) => sum + body.coveredSeconds, 0);
    expect(covered).toBe(1000);
    expect(bodies.reduce((sum, body) => sum + body.billedSeconds, 0)).toBe(30 * 70 - 1000);
    expect(await balanceOf(database.db, world.accountId)).toBe(0);
    expect(await ledgerSum(world.accountId)).toBe(0);
    const [program] = await database.db
      .select()
      .from(customerPrograms)
      .where(eq(customerPrograms.id, world.customerProgramId));
    expect(program?.tierBasisSeconds).toBe(30 * 70);
  });
});

describe("POST /api/v1/executions/batch", () => {
  let world: ReportingWorld;
  beforeAll(async () => {
    world = await newReportingWorld(database.db, 500);
  });

  it("records a batch in order, each item seeing the ones before it", async () => {
    const second = await newCustomerProgram(database.db, world.customerId, {
      pricingMode: "fixed",
      pricePerSecond: "0.010000",
    });
    const response = await report(world.key.secret, "/api/v1/executions/batch", [
      { customerProgramId: world.customerProgramId, timeSavedSeconds: 300 },
      { customerProgramId: world.customerProgramId, timeSavedSeconds: 300 },
      { customerProgramId: second, timeSavedSeconds: 50 },
    ]);
    expect(response.statusCode).toBe(201);
    expect(
      response
        .json()
        .map((item: Record<string, unknown>) => [item.coveredSeconds, item.billedSeconds, item.price]),
    ).toEqual([
      [300, 0, "0.000000"],
      [200, 100, "6.388889"],
      [0, 50, "0.500000"],
    ]);
    expect(await balanceOf(database.db, world.accountId)).toBe(0);
  });

  it("takes { executions: [...] } too", async () => {
    const response = await report(world.key.secret, "/api/v1/executions/batch", {
      executions: [{ customerProgramId: world.customerProgramId }],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toHaveLength(1);
  });

  it("records nothing when one item is refused, and names it", async () => {
    const account = await timeAccountWith(database.db, world.customerId, 1000);
    const program = await newCustomerProgram(database.db, world.customerId, { timeAccountIds: [account] });
    const inactive = await newCustomerProgram(database.db, world.customerId, { isActive: false });
    const response = await report(world.key.secret, "/api/v1/executions/batch", [
      { customerProgramId: program, timeSavedSeconds: 100 },
      { customerProgramId: inactive },
    ]);
    expect(response.statusCode).toBe(409);
    expect(response.json().errors[0].path).toBe("executions.1");
    expect(await executionCount(program)).toBe(0);
    expect(await balanceOf(database.db, account)).toBe(1000);
  });

  it("refuses an empty batch and one over 1000 items with 400", async () => {
    expect((await report(world.key.secret, "/api/v1/executions/batch", [])).statusCode).toBe(400);
    const tooMany = Array.from({ length: 1001 }, () => ({ customerProgramId: world.customerProgramId }));
    const response = await report(world.key.secret, "/api/v1/executions/batch", tooMany);
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toContain("1000");
  });

  it("records 1000 executions in one request", async () => {
    const program = await newCustomerProgram(database.db, world.customerId);
    const items = Array.from({ length: 1000 }, () => ({ customerProgramId: program, timeSavedSeconds: 36 }));
    const response = await report(world.key.secret, "/api/v1/executions/batch", items, {
      "idempotency-key": "big-batch",
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toHaveLength(1000);
    expect(await executionCount(program)).toBe(1000);
    // 36 000 s = 10 h saved; the items after 6 h are priced at 200 €/h.
    const prices = response.json().map((item: { price: string }) => item.price);
    expect(prices[0]).toBe("2.300000");
    expect(prices[600]).toBe("2.000000");
    const again = await report(world.key.secret, "/api/v1/executions/batch", items, {
      "idempotency-key": "big-batch",
    });
    expect(again.statusCode).toBe(201);
    expect(await executionCount(program)).toBe(1000);
  });
});

describe("POST /api/v1/users/check", () => {
  it("says whether a user code belongs to an active user, 404 for an unknown one", async () => {
    const world = await newReportingWorld(database.db);
    const colleague = await newUser(database.db, "Colleague");
    const former = await newUser(database.db, "Former Colleague");
    await database.db.update(users).set({ isActive: false }).where(eq(users.id, former.id));
    const check = (userCode: string) => report(world.key.secret, "/api/v1/users/check", { userCode });
    expect((await check(formatUserCode(colleague.code))).json()).toEqual({ active: true });
    expect((await check(former.code)).json()).toEqual({ active: false });
    expect((await check("ZZZZ-ZZZZ-ZZZZ")).statusCode).toBe(404);
    expect((await report(null, "/api/v1/users/check", { userCode: colleague.code })).statusCode).toBe(401);
  });
});

describe("GET /api/v1/customer-programs", () => {
  it("lists the active programs of customers the key's owner works for and the key allows", async () => {
    const world = await newReportingWorld(database.db);
    await newCustomerProgram(database.db, world.customerId, { isActive: false });
    const elsewhere = await newCustomer(database.db, "Elsewhere");
    await newCustomerProgram(database.db, elsewhere);
    const response = await report(world.key.secret, "/api/v1/customer-programs");
    expect(response.statusCode).toBe(200);
    expect(response.json().items.map((item: { id: string }) => item.id)).toEqual([world.customerProgramId]);
    expect(response.json().items[0]).toMatchObject({
      customer: { id: world.customerId },
      defaultTimeSavedSeconds: 600,
      pricingMode: "tiered",
      currency: "EUR",
    });
    const restricted = await newApiKey(database.db, world.reporter, { customerIds: [elsewhere] });
    expect((await report(restricted.secret, "/api/v1/customer-programs")).json().items).toEqual([]);
  });
});
