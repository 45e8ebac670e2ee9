/**
 * Filing complaints over HTTP (SPEC §8): the execution is revoked and its covered seconds go back to
 * the accounts they came from, in one transaction with the complaint; ledgers, tier bases and rollups
 * stay in step; only execution managers of the execution's customer (and staff) may file, only on
 * not-paid executions, once.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { checkIngestInvariants, invariantViolations } from "../../testing/ingest-invariants.ts";
import { call, holdRole, newCustomer, newUser, type SignedIn, signedIn } from "../../testing/people.ts";
import {
  balanceOf,
  newCustomerProgram,
  newReportingWorld,
  type ReportingWorld,
  reportThroughApi,
  tierBasisOf,
} from "../../testing/reporting.ts";
import { ROLE_ABILITIES, ROLES } from "../access/roles.ts";
import { auditLog } from "../audit/schema.ts";
import { executions, type PaymentStatus } from "../executions/schema.ts";
import { placeExecutions } from "../insights/test-fixtures.ts";
import { timeAccountEntries } from "../time-accounts/schema.ts";
import { timeAccountWith } from "../time-accounts/test-fixtures.ts";
import { complaints } from "./schema.ts";

const database = useTestDatabase();
let app: App;
let world: ReportingWorld;
let manager: SignedIn;
let staff: SignedIn;

const UNKNOWN = "0199aaaa-0000-7000-8000-000000000000";

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  world = await newReportingWorld(database.db, 10_000);
  const person = await newUser(database.db, "Execution Manager");
  await holdRole(database.db, person.id, world.customerId, "execution_manager", []);
  manager = await signedIn(database.db, person);
  staff = await signedIn(database.db, await newUser(database.db, "Staff", { isStaff: true }));
});

afterAll(async () => {
  await app.close();
});

async function statusOf(executionId: string): Promise<PaymentStatus | undefined> {
  const [row] = await database.db.select().from(executions).where(eq(executions.id, executionId));
  return row?.paymentStatus;
}

function file(
  who: SignedIn | null,
  executionId: string,
  text: unknown = "Dieser Lauf hat nie stattgefunden.",
) {
  return call(app, who, "POST", `/api/os/executions/${executionId}/complaints`, { text });
}

async function expectInvariants(): Promise<void> {
  expect(invariantViolations(await checkIngestInvariants(database.db))).toEqual([]);
}

describe("filing a complaint", () => {
  it("revokes the execution and refunds exactly what it drew, to each account it came from", async () => {
    const first = await timeAccountWith(database.db, world.customerId, 200);
    const program = await newCustomerProgram(database.db, world.customerId, {
      timeAccountIds: [first, world.accountId],
      pricingMode: "fixed",
      pricePerSecond: "0.010000",
    });
    const id = await reportThroughApi(app, world, program, 500);
    const other = await reportThroughApi(app, world, program, 40);
    expect(await balanceOf(database.db, first)).toBe(0);
    const main = await balanceOf(database.db, world.accountId);
    expect(await tierBasisOf(database.db, program)).toBe(540);

    const response = await file(manager, id, "  Doppelt gebucht.  ");
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.complaint).toMatchObject({
      executionId: id,
      customerId: world.customerId,
      filedByUserId: manager.user.id,
      text: "Doppelt gebucht.",
      status: "open",
      resolvedAt: null,
    });
    expect(body.execution).toEqual({ id, paymentStatus: "revoked" });
    expect(body.refunds).toEqual(
      expect.arrayContaining([
        { timeAccountId: first, seconds: 200 },
        { timeAccountId: world.accountId, seconds: 300 },
      ]),
    );
    expect(body.refunds).toHaveLength(2);
    expect(await balanceOf(database.db, first)).toBe(200);
    expect(await balanceOf(database.db, world.accountId)).toBe(main + 300);
    expect(await statusOf(id)).toBe("revoked");
    expect(await statusOf(other)).toBe("not_paid");
    expect(await tierBasisOf(database.db, program)).toBe(40);

    const refunds = await database.db
      .select()
      .from(timeAccountEntries)
      .where(and(eq(timeAccountEntries.executionId, id), eq(timeAccountEntries.kind, "refund")));
    expect(refunds.map((entry) => entry.actorUserId)).toEqual([manager.user.id, manager.user.id]);
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, id), eq(auditLog.action, "complaint.filed")));
    expect(audit).toMatchObject({ customerId: world.customerId, actorUserId: manager.user.id });
    await expectInvariants();

    const listed = await call(app, manager, "GET", `/api/os/executions/${id}/complaints`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([body.complaint]);
    const none = await call(app, manager, "GET", `/api/os/executions/${other}/complaints`);
    expect(none.json().items).toEqual([]);
  });

  it("on an execution billed in full refunds nothing and still revokes it", async () => {
    const program = await newCustomerProgram(database.db, world.customerId);
    const id = await reportThroughApi(app, world, program, 30);
    const response = await file(manager, id);
    expect(response.statusCode).toBe(201);
    expect(response.json().refunds).toEqual([]);
    expect(await statusOf(id)).toBe("revoked");
    await expectInvariants();
  });

  it("is refused (409) on executions that are paid, refunded or already disputed", async () => {
    const [paid = "", refunded = ""] = await placeExecutions(
      database.db,
      (["paid", "refunded"] as const).map((paymentStatus) => ({
        customerId: world.customerId,
        customerProgramId: world.customerProgramId,
        createdAt: new Date(),
        timeSavedSeconds: 10,
        paymentStatus,
      })),
    );
    for (const id of [paid, refunded]) {
      const response = await file(manager, id);
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toMatch(/not paid yet/);
    }
    const disputed = await reportThroughApi(app, world, world.customerProgramId, 20);
    expect((await file(manager, disputed)).statusCode).toBe(201);
    const balance = await balanceOf(database.db, world.accountId);
    const again = await file(staff, disputed);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/already revoked/);
    expect(await balanceOf(database.db, world.accountId)).toBe(balance);
    expect(
      await database.db.select().from(complaints).where(eq(complaints.executionId, disputed)),
    ).toHaveLength(1);
  });

  it("filed twice at once gives one complaint and one refund", async () => {
    const id = await reportThroughApi(app, world, world.customerProgramId, 120);
    const before = await balanceOf(database.db, world.accountId);
    const answers = await Promise.all([file(manager, id), file(staff, id), file(manager, id)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409, 409]);
    expect(await database.db.select().from(complaints).where(eq(complaints.executionId, id))).toHaveLength(1);
    expect(await balanceOf(database.db, world.accountId)).toBe(before + 120);
    await expectInvariants();
  });

  it("answers bad input with 400 and changes nothing", async () => {
    const id = await reportThroughApi(app, world, world.customerProgramId, 10);
    for (const text of ["", "   ", "x".repeat(5001), 42, null]) {
      const response = await file(manager, id, text);
      expect(response.statusCode).toBe(400);
      expect(response.headers["content-type"]).toContain("application/problem+json");
    }
    const missing = await call(app, manager, "POST", `/api/os/executions/${id}/complaints`, {});
    expect(missing.statusCode).toBe(400);
    const malformed = await call(app, manager, "POST", "/api/os/executions/not-a-uuid/complaints", {
      text: "x",
    });
    expect(malformed.statusCode).toBe(400);
    expect(await statusOf(id)).toBe("not_paid");
    expect((await file(manager, id, "x".repeat(5000))).statusCode).toBe(201);
  });

  it("answers 404 for an unknown execution, to everyone signed in", async () => {
    expect((await file(manager, UNKNOWN)).statusCode).toBe(404);
    expect((await file(staff, UNKNOWN)).statusCode).toBe(404);
    expect((await call(app, manager, "GET", `/api/os/executions/${UNKNOWN}/complaints`)).statusCode).toBe(
      404,
    );
    expect((await file(null, UNKNOWN)).statusCode).toBe(401);
  });
});

describe("who may file", () => {
  interface Case {
    name: string;
    who: () => Promise<SignedIn | null>;
    status: number;
  }

  async function person(
    name: string,
    grants: { customerId: string; role: (typeof ROLES)[number]; abilities: string[]; active?: boolean }[],
  ): Promise<SignedIn> {
    const user = await newUser(database.db, name);
    for (const grant of grants) {
      await holdRole(
        database.db,
        user.id,
        grant.customerId,
        grant.role,
        grant.abilities as Parameters<typeof holdRole>[4],
        { activeContract: grant.active ?? true },
      );
    }
    return signedIn(database.db, user);
  }

  function subsets<T>(items: readonly T[]): T[][] {
    const all: T[][] = [[]];
    for (const item of items) all.push(...all.map((subset) => [...subset, item]));
    return all;
  }

  it("execution managers of the customer with any abilities and staff; nobody else", async () => {
    const customer = world.customerId;
    const otherCustomer = await newCustomer(database.db, "Other Customer");
    const cases: Case[] = [
      { name: "anonymous", who: async () => null, status: 401 },
      { name: "no contract", who: () => person("Nobody", []), status: 403 },
      {
        name: "staff",
        who: async () => signedIn(database.db, await newUser(database.db, "Staff", { isStaff: true })),
        status: 201,
      },
      {
        name: "superuser",
        who: async () => signedIn(database.db, await newUser(database.db, "Super", { isSuperuser: true })),
        status: 201,
      },
      ...subsets(ROLE_ABILITIES.execution_manager).map((abilities) => ({
        name: `execution manager (${abilities.join("+") || "no abilities"})`,
        who: () => person("EM", [{ customerId: customer, role: "execution_manager", abilities }]),
        status: 201,
      })),
      {
        name: "execution manager on an inactive contract",
        who: () =>
          person("EM inactive", [
            {
              customerId: customer,
              role: "execution_manager",
              abilities: [...ROLE_ABILITIES.execution_manager],
              active: false,
            },
          ]),
        status: 403,
      },
      {
        name: "execution manager of another customer",
        who: () =>
          person("EM B", [
            {
              customerId: otherCustomer,
              role: "execution_manager",
              abilities: [...ROLE_ABILITIES.execution_manager],
            },
          ]),
        status: 403,
      },
      ...ROLES.filter((role) => role !== "execution_manager").map((role) => ({
        name: role,
        who: () => person(role, [{ customerId: customer, role, abilities: [...ROLE_ABILITIES[role]] }]),
        status: 403,
      })),
    ];
    const mismatches: string[] = [];
    for (const entry of cases) {
      const id = await reportThroughApi(app, world, world.customerProgramId, 5);
      const who = await entry.who();
      const response = await file(who, id);
      const listed = await call(app, who, "GET", `/api/os/executions/${id}/complaints`);
      const wantList = entry.status === 201 ? 200 : entry.status;
      if (response.statusCode !== entry.status || listed.statusCode !== wantList) {
        mismatches.push(`${entry.name}: filed ${response.statusCode}, listed ${listed.statusCode}`);
      }
      const wantStatus = entry.status === 201 ? "revoked" : "not_paid";
      if ((await statusOf(id)) !== wantStatus) mismatches.push(`${entry.name}: execution not ${wantStatus}`);
    }
    expect(mismatches).toEqual([]);
    await expectInvariants();
  });
});

describe("the program filter's names", () => {
  it("lists every program of the customer, active or not, to its execution managers", async () => {
    const retired = await newCustomerProgram(database.db, world.customerId, { isActive: false });
    const response = await call(
      app,
      manager,
      "GET",
      `/api/os/executions/programs?customerId=${world.customerId}`,
    );
    expect(response.statusCode).toBe(200);
    const items: { id: string; name: string; isActive: boolean }[] = response.json().items;
    expect(items.map((item) => item.id)).toEqual(expect.arrayContaining([world.customerProgramId, retired]));
    expect(items.find((item) => item.id === retired)?.isActive).toBe(false);
    const other = await newCustomer(database.db, "Elsewhere");
    expect(
      (await call(app, manager, "GET", `/api/os/executions/programs?customerId=${other}`)).statusCode,
    ).toBe(403);
  });
});
