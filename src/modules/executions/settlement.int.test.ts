import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { call, holdRole, newUser, type SignedIn, signedIn } from "../../testing/people.ts";
import {
  balanceOf,
  newCustomerProgram,
  newReportingWorld,
  type ReportingWorld,
  reportThroughApi,
  tierBasisOf,
} from "../../testing/reporting.ts";
import { auditLog } from "../audit/schema.ts";
import { customers } from "../crm/schema.ts";
import { customerPrograms, programs } from "../programs/schema.ts";
import { timeAccountEntries } from "../time-accounts/schema.ts";
import { timeAccountWith } from "../time-accounts/test-fixtures.ts";
import { executions } from "./schema.ts";

const database = useTestDatabase();
let app: App;
let staff: SignedIn;
let manager: SignedIn;
let world: ReportingWorld;

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  world = await newReportingWorld(database.db, 1000);
  staff = await signedIn(database.db, await newUser(database.db, "Staff", { isStaff: true }));
  const person = await newUser(database.db, "Execution Manager");
  await holdRole(database.db, person.id, world.customerId, "execution_manager", [
    "create_executions",
    "delete_executions",
    "grant_role",
  ]);
  manager = await signedIn(database.db, person);
});

afterAll(async () => {
  await app.close();
});

describe("deleting an execution with refund", () => {
  it("gives the drawn seconds back to each account they came from and takes the time out of the tier", async () => {
    const second = await timeAccountWith(database.db, world.customerId, 200);
    const program = await newCustomerProgram(database.db, world.customerId, {
      timeAccountIds: [second, world.accountId],
    });
    const id = await reportThroughApi(app, world, program, 500);
    expect(await balanceOf(database.db, second)).toBe(0);
    expect(await balanceOf(database.db, world.accountId)).toBe(700);

    const response = await call(app, staff, "DELETE", `/api/staff/executions/${id}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().refunds).toEqual(
      expect.arrayContaining([
        { timeAccountId: second, seconds: 200 },
        { timeAccountId: world.accountId, seconds: 300 },
      ]),
    );
    expect(await balanceOf(database.db, second)).toBe(200);
    expect(await balanceOf(database.db, world.accountId)).toBe(1000);
    expect(await tierBasisOf(database.db, program)).toBe(0);
    expect(await database.db.select().from(executions).where(eq(executions.id, id))).toEqual([]);
    const refunds = await database.db
      .select()
      .from(timeAccountEntries)
      .where(and(eq(timeAccountEntries.executionId, id), eq(timeAccountEntries.kind, "refund")));
    expect(refunds.map((entry) => entry.actorUserId)).toEqual([staff.user.id, staff.user.id]);
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.targetId, id));
    expect(audit).toMatchObject({
      action: "execution.deleted_with_refund",
      customerId: world.customerId,
      actorUserId: staff.user.id,
    });
  });

  it("deletes without giving seconds back when asked to", async () => {
    const id = await reportThroughApi(app, world, world.customerProgramId, 100);
    const balance = await balanceOf(database.db, world.accountId);
    const response = await call(app, staff, "DELETE", `/api/staff/executions/${id}?refund=false`);
    expect(response.statusCode).toBe(200);
    expect(response.json().refunds).toEqual([]);
    expect(await balanceOf(database.db, world.accountId)).toBe(balance);
  });

  it("is refused to customers' managers (403) and answers 404 for an unknown execution", async () => {
    const id = await reportThroughApi(app, world, world.customerProgramId, 10);
    expect((await call(app, manager, "DELETE", `/api/staff/executions/${id}`)).statusCode).toBe(403);
    expect((await call(app, null, "DELETE", `/api/staff/executions/${id}`)).statusCode).toBe(401);
    const unknown = "0199aaaa-0000-7000-8000-000000000000";
    expect((await call(app, staff, "DELETE", `/api/staff/executions/${unknown}`)).statusCode).toBe(404);
    expect(await database.db.select().from(executions).where(eq(executions.id, id))).toHaveLength(1);
  });
});

describe("marking executions paid", () => {
  it("marks the customer's not-paid executions of the period paid, and only those", async () => {
    const own = await newReportingWorld(database.db, 0);
    const first = await reportThroughApi(app, world, world.customerProgramId, 60);
    const other = await app.inject({
      method: "POST",
      url: "/api/v1/executions",
      headers: { authorization: `Bearer ${own.key.secret}` },
      payload: { customerProgramId: own.customerProgramId },
    });
    const now = Date.now();
    const period = {
      customerId: world.customerId,
      from: new Date(now - 3_600_000).toISOString(),
      to: new Date(now + 3_600_000).toISOString(),
    };
    const response = await call(app, staff, "POST", "/api/staff/executions/mark-paid", period);
    expect(response.statusCode).toBe(200);
    expect(response.json().count).toBeGreaterThanOrEqual(1);
    const [paid] = await database.db.select().from(executions).where(eq(executions.id, first));
    expect(paid?.paymentStatus).toBe("paid");
    expect(paid?.paidAt).toBeInstanceOf(Date);
    const [untouched] = await database.db.select().from(executions).where(eq(executions.id, other.json().id));
    expect(untouched?.paymentStatus).toBe("not_paid");

    const again = await call(app, staff, "POST", "/api/staff/executions/mark-paid", period);
    expect(again.json().count).toBe(0);

    const listed = await call(
      app,
      staff,
      "GET",
      `/api/staff/executions?customerId=${world.customerId}&status=paid`,
    );
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((item: { id: string }) => item.id)).toContain(first);
  });

  it("keeps paid executions in the tier basis", async () => {
    const before = await tierBasisOf(database.db, world.customerProgramId);
    await reportThroughApi(app, world, world.customerProgramId, 30);
    const now = Date.now();
    await call(app, staff, "POST", "/api/staff/executions/mark-paid", {
      customerId: world.customerId,
      from: new Date(now - 60_000).toISOString(),
      to: new Date(now + 60_000).toISOString(),
    });
    expect(await tierBasisOf(database.db, world.customerProgramId)).toBe(before + 30);
  });

  it("refuses a period that ends before it starts, an unknown customer, and non-staff", async () => {
    const backwards = await call(app, staff, "POST", "/api/staff/executions/mark-paid", {
      customerId: world.customerId,
      from: "2026-02-01",
      to: "2026-01-01",
    });
    expect(backwards.statusCode).toBe(400);
    const unknown = await call(app, staff, "POST", "/api/staff/executions/mark-paid", {
      customerId: "0199aaaa-0000-7000-8000-000000000000",
      from: "2026-01-01",
      to: "2026-02-01",
    });
    expect(unknown.statusCode).toBe(404);
    const denied = await call(app, manager, "POST", "/api/staff/executions/mark-paid", {
      customerId: world.customerId,
      from: "2026-01-01",
      to: "2026-02-01",
    });
    expect(denied.statusCode).toBe(403);
  });
});

describe("listing executions as staff", () => {
  it("names each row's customer and program, filters by customer and program, and pages newest first", async () => {
    const own = await newReportingWorld(database.db, 0);
    const second = await newCustomerProgram(database.db, own.customerId);
    const ids = [
      await reportThroughApi(app, own, own.customerProgramId, 10),
      await reportThroughApi(app, own, second, 20),
      await reportThroughApi(app, own, own.customerProgramId, 30),
    ];
    const [customer] = await database.db.select().from(customers).where(eq(customers.id, own.customerId));
    const [program] = await database.db
      .select({ name: programs.name })
      .from(customerPrograms)
      .innerJoin(programs, eq(programs.id, customerPrograms.programId))
      .where(eq(customerPrograms.id, own.customerProgramId));

    const first = await call(app, staff, "GET", `/api/staff/executions?customerId=${own.customerId}&limit=2`);
    expect(first.statusCode).toBe(200);
    const page = first.json() as { items: Record<string, unknown>[]; nextCursor: string | null };
    expect(page.items.map((item) => item.id)).toEqual([ids[2], ids[1]]);
    expect(page.items[0]).toMatchObject({
      customerId: own.customerId,
      customerName: customer?.name,
      customerProgramId: own.customerProgramId,
      programName: program?.name,
      timeSavedSeconds: 30,
    });
    const rest = await call(
      app,
      staff,
      "GET",
      `/api/staff/executions?customerId=${own.customerId}&limit=2&cursor=${page.nextCursor}`,
    );
    expect(rest.json().items.map((item: { id: string }) => item.id)).toEqual([ids[0]]);

    const ofProgram = await call(
      app,
      staff,
      "GET",
      `/api/staff/executions?customerId=${own.customerId}&customerProgramId=${second}`,
    );
    expect(ofProgram.json().items.map((item: { id: string }) => item.id)).toEqual([ids[1]]);
    expect((await call(app, manager, "GET", "/api/staff/executions")).statusCode).toBe(403);
  });
});
