/**
 * Working complaints over HTTP (SPEC §8): staff move them through `open → in_progress → accepted |
 * rejected` (accepted and rejected final); rejection returns the execution to `not_paid` and draws its
 * seconds again from the accounts as they are now, billing what they no longer cover at the recorded
 * rate; ledgers, tier bases and rollups stay in step; both sides comment; the lists and the detail.
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
import { auditLog } from "../audit/schema.ts";
import { executions } from "../executions/schema.ts";
import { deleteExecution } from "../executions/settlement.ts";
import { customerPrograms } from "../programs/schema.ts";
import { topUpTimeAccount } from "../time-accounts/balance-changes.ts";
import { timeAccountEntries } from "../time-accounts/schema.ts";
import { deactivateTimeAccount } from "../time-accounts/service.ts";
import { staffActor, timeAccountWith } from "../time-accounts/test-fixtures.ts";

const database = useTestDatabase();
let app: App;
let world: ReportingWorld;
let manager: SignedIn;
let staff: SignedIn;

const UNKNOWN = "0199aaaa-0000-7000-8000-000000000000";

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  world = await newReportingWorld(database.db, 100_000);
  const person = await newUser(database.db, "Execution Manager");
  await holdRole(database.db, person.id, world.customerId, "execution_manager", []);
  manager = await signedIn(database.db, person);
  staff = await signedIn(database.db, await newUser(database.db, "Staff", { isStaff: true }));
});

afterAll(async () => {
  await app.close();
});

async function executionRow(id: string) {
  const [row] = await database.db.select().from(executions).where(eq(executions.id, id));
  if (!row) throw new Error(`No execution ${id}`);
  return row;
}

/** Files a complaint as the manager; returns its id. */
async function fileOn(executionId: string, who: SignedIn = manager): Promise<string> {
  const response = await call(app, who, "POST", `/api/os/executions/${executionId}/complaints`, {
    text: "Das war nicht wir.",
  });
  expect(response.statusCode).toBe(201);
  return response.json().complaint.id;
}

function setStatus(who: SignedIn | null, complaintId: string, body: unknown) {
  return call(app, who, "POST", `/api/staff/complaints/${complaintId}/status`, body);
}

/** The ingest invariants, except that an execution staff deleted leaves its debits in the ledger. */
async function expectInvariants(): Promise<void> {
  const found = await checkIngestInvariants(database.db);
  expect(invariantViolations({ ...found, orphanDebits: 0 })).toEqual([]);
}

describe("status changes", () => {
  it("go open → in progress → accepted; accepted is final and the execution stays revoked", async () => {
    const id = await reportThroughApi(app, world, world.customerProgramId, 60);
    const complaintId = await fileOn(id);

    const working = await setStatus(staff, complaintId, { status: "in_progress" });
    expect(working.statusCode).toBe(200);
    expect(working.json()).toMatchObject({ id: complaintId, status: "in_progress", resolvedAt: null });
    expect(working.json().entries).toEqual([
      expect.objectContaining({
        status: "in_progress",
        text: null,
        author: { id: staff.user.id, displayName: "Staff", staff: true },
      }),
    ]);

    const again = await setStatus(staff, complaintId, { status: "in_progress" });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("complaint_closed");

    const accepted = await setStatus(staff, complaintId, { status: "accepted", comment: "  Stimmt.  " });
    expect(accepted.statusCode).toBe(200);
    const detail = accepted.json();
    expect(detail.status).toBe("accepted");
    expect(detail.resolvedAt).not.toBeNull();
    expect(detail.entryCount).toBe(2);
    expect(
      detail.entries.map((entry: { status: string; text: string | null }) => [entry.status, entry.text]),
    ).toEqual([
      ["in_progress", null],
      ["accepted", "Stimmt."],
    ]);
    expect(detail.execution).toMatchObject({ id, paymentStatus: "revoked" });
    expect((await executionRow(id)).paymentStatus).toBe("revoked");

    for (const status of ["accepted", "rejected", "in_progress"]) {
      const closed = await setStatus(staff, complaintId, { status });
      expect(closed.statusCode).toBe(409);
      expect(closed.json()).toMatchObject({ code: "complaint_closed" });
      expect(closed.json().detail).toMatch(/accepted/);
    }
    expect((await executionRow(id)).paymentStatus).toBe("revoked");

    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, complaintId), eq(auditLog.action, "complaint.status_changed")));
    expect(audit).toMatchObject({ actorUserId: staff.user.id, customerId: world.customerId });
    await expectInvariants();
  });

  it("may go from open straight to accepted or rejected; rejected is final", async () => {
    const first = await fileOn(await reportThroughApi(app, world, world.customerProgramId, 10));
    expect((await setStatus(staff, first, { status: "accepted" })).statusCode).toBe(200);
    const second = await fileOn(await reportThroughApi(app, world, world.customerProgramId, 10));
    expect((await setStatus(staff, second, { status: "rejected" })).statusCode).toBe(200);
    for (const status of ["in_progress", "accepted", "rejected"]) {
      expect((await setStatus(staff, second, { status })).json().code).toBe("complaint_closed");
    }
    await expectInvariants();
  });

  it("is for staff only, and refuses bad input and unknown complaints", async () => {
    const complaintId = await fileOn(await reportThroughApi(app, world, world.customerProgramId, 10));
    expect((await setStatus(manager, complaintId, { status: "accepted" })).statusCode).toBe(403);
    expect((await setStatus(null, complaintId, { status: "accepted" })).statusCode).toBe(401);
    for (const body of [
      { status: "open" },
      { status: "done" },
      {},
      { status: "accepted", comment: "   " },
      { status: "accepted", comment: "x".repeat(5001) },
    ]) {
      const response = await setStatus(staff, complaintId, body);
      expect(response.statusCode).toBe(400);
      expect(response.headers["content-type"]).toContain("application/problem+json");
    }
    expect((await setStatus(staff, UNKNOWN, { status: "accepted" })).statusCode).toBe(404);
    expect((await setStatus(manager, UNKNOWN, { status: "accepted" })).statusCode).toBe(403);
    const detail = await call(app, staff, "GET", `/api/os/complaints/${complaintId}`);
    expect(detail.json()).toMatchObject({ status: "open", entries: [] });
  });

  it("given at once, only one of them happens", async () => {
    const id = await reportThroughApi(app, world, world.customerProgramId, 90);
    const complaintId = await fileOn(id);
    const before = await balanceOf(database.db, world.accountId);
    const answers = await Promise.all([
      setStatus(staff, complaintId, { status: "rejected" }),
      setStatus(staff, complaintId, { status: "rejected" }),
      setStatus(staff, complaintId, { status: "accepted" }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409, 409]);
    const detail = (await call(app, staff, "GET", `/api/os/complaints/${complaintId}`)).json();
    expect(detail.entries).toHaveLength(1);
    const drawn = detail.status === "rejected" ? 90 : 0;
    expect(await balanceOf(database.db, world.accountId)).toBe(before - drawn);
    await expectInvariants();
  });
});

describe("rejection", () => {
  it("draws the seconds again from the accounts they came from when they still cover them", async () => {
    const first = await timeAccountWith(database.db, world.customerId, 200);
    const second = await timeAccountWith(database.db, world.customerId, 1000);
    const program = await newCustomerProgram(database.db, world.customerId, {
      timeAccountIds: [first, second],
      pricingMode: "fixed",
      pricePerSecond: "0.010000",
    });
    const id = await reportThroughApi(app, world, program, 500);
    const complaintId = await fileOn(id);
    expect(await balanceOf(database.db, first)).toBe(200);
    expect(await balanceOf(database.db, second)).toBe(1000);
    expect(await tierBasisOf(database.db, program)).toBe(0);

    const response = await setStatus(staff, complaintId, { status: "rejected", comment: "Lief korrekt." });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: "rejected",
      execution: {
        id,
        paymentStatus: "not_paid",
        timeSavedSeconds: 500,
        coveredSeconds: 500,
        billedSeconds: 0,
        price: "0.000000",
        currency: "EUR",
      },
    });
    expect(response.json().resolvedAt).not.toBeNull();
    expect(await balanceOf(database.db, first)).toBe(0);
    expect(await balanceOf(database.db, second)).toBe(700);
    expect(await tierBasisOf(database.db, program)).toBe(500);
    const entries = await database.db
      .select()
      .from(timeAccountEntries)
      .where(eq(timeAccountEntries.executionId, id));
    expect(entries.map((entry) => [entry.kind, entry.timeAccountId, entry.seconds]).sort()).toEqual(
      [
        ["execution_debit", first, -200],
        ["execution_debit", second, -300],
        ["refund", first, 200],
        ["refund", second, 300],
        ["execution_debit", first, -200],
        ["execution_debit", second, -300],
      ].sort(),
    );
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, complaintId), eq(auditLog.action, "complaint.status_changed")));
    expect(audit?.before).toEqual({ status: "open" });
    expect(audit?.after).toMatchObject({
      status: "rejected",
      redraw: {
        executionId: id,
        coveredSeconds: 500,
        billedSeconds: 0,
        price: "0.000000",
        draws: [
          { timeAccountId: first, seconds: 200 },
          { timeAccountId: second, seconds: 300 },
        ],
      },
    });
    await expectInvariants();
  });

  it("bills what a drained account no longer covers at the recorded rate", async () => {
    const account = await timeAccountWith(database.db, world.customerId, 300);
    const program = await newCustomerProgram(database.db, world.customerId, {
      timeAccountIds: [account],
      pricingMode: "fixed",
      pricePerSecond: "0.010000",
    });
    const id = await reportThroughApi(app, world, program, 200);
    const complaintId = await fileOn(id);
    // The price changes meanwhile; the rejected execution keeps the rate it was recorded at.
    await database.db
      .update(customerPrograms)
      .set({ pricePerSecond: "0.500000" })
      .where(eq(customerPrograms.id, program));
    await reportThroughApi(app, world, program, 250);
    expect(await balanceOf(database.db, account)).toBe(50);

    const response = await setStatus(staff, complaintId, { status: "rejected" });
    expect(response.statusCode).toBe(200);
    expect(response.json().execution).toMatchObject({
      paymentStatus: "not_paid",
      coveredSeconds: 50,
      billedSeconds: 150,
      price: "1.500000",
    });
    const row = await executionRow(id);
    expect(row).toMatchObject({ coveredSeconds: 50, billedSeconds: 150, price: "1.500000" });
    expect(row.pricePerSecond).toBe("0.010000");
    expect(await balanceOf(database.db, account)).toBe(0);
    expect(await tierBasisOf(database.db, program)).toBe(450);
    await expectInvariants();
  });

  it("does not draw from an account deactivated meanwhile", async () => {
    const first = await timeAccountWith(database.db, world.customerId, 1000);
    const second = await timeAccountWith(database.db, world.customerId, 1000);
    const program = await newCustomerProgram(database.db, world.customerId, {
      timeAccountIds: [first, second],
      pricingMode: "fixed",
      pricePerSecond: "0.010000",
    });
    const id = await reportThroughApi(app, world, program, 300);
    const complaintId = await fileOn(id);
    await deactivateTimeAccount(database.db, staffActor(staff.user), first);

    const response = await setStatus(staff, complaintId, { status: "rejected" });
    expect(response.json().execution).toMatchObject({ coveredSeconds: 300, billedSeconds: 0 });
    expect(await balanceOf(database.db, first)).toBe(1000);
    expect(await balanceOf(database.db, second)).toBe(700);
    await expectInvariants();
  });

  it("prices tiered executions at the recorded tier, keeping the recorded price when billed alike", async () => {
    const tiers = [
      { fromHours: 0, pricePerHour: "230.000000" },
      { fromHours: 1, pricePerHour: "36.000000" },
    ];
    const account = await timeAccountWith(database.db, world.customerId, 0);
    const program = await newCustomerProgram(database.db, world.customerId, {
      timeAccountIds: [account],
      pricingMode: "tiered",
      tiers,
    });
    const whole = await reportThroughApi(app, world, program, 3600);
    const part = await reportThroughApi(app, world, program, 600);
    expect(await executionRow(whole)).toMatchObject({ price: "230.000000", pricePerSecond: "0.063889" });
    expect(await executionRow(part)).toMatchObject({ price: "6.000000", pricePerSecond: "0.010000" });
    const wholeComplaint = await fileOn(whole);
    const partComplaint = await fileOn(part);
    await reportThroughApi(app, world, program, 4000);
    expect(await tierBasisOf(database.db, program)).toBe(4000);

    // Nothing covers it now either: billed as at recording, at the recorded price.
    const wholeRejected = await setStatus(staff, wholeComplaint, { status: "rejected" });
    expect(wholeRejected.json().execution).toMatchObject({ billedSeconds: 3600, price: "230.000000" });
    expect(await tierBasisOf(database.db, program)).toBe(7600);

    // 100 seconds covered now: the other 500 at the recorded rate (the first tier's), not today's.
    await topUpTimeAccount(database.db, staffActor(staff.user), account, { seconds: 100 });
    const partRejected = await setStatus(staff, partComplaint, { status: "rejected" });
    expect(partRejected.json().execution).toMatchObject({
      coveredSeconds: 100,
      billedSeconds: 500,
      price: "5.000000",
    });
    await expectInvariants();
  });

  it("of a complaint whose execution was deleted changes only the complaint", async () => {
    const id = await reportThroughApi(app, world, world.customerProgramId, 45);
    const complaintId = await fileOn(id);
    await deleteExecution(database.db, staffActor(staff.user), id);
    const before = await balanceOf(database.db, world.accountId);
    const response = await setStatus(staff, complaintId, { status: "rejected", comment: "Gelöscht." });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: "rejected", execution: null });
    expect(await balanceOf(database.db, world.accountId)).toBe(before);
    await expectInvariants();
  });

  it("returns the execution to a state a new complaint can dispute again", async () => {
    const id = await reportThroughApi(app, world, world.customerProgramId, 70);
    const before = await balanceOf(database.db, world.accountId);
    await setStatus(staff, await fileOn(id), { status: "rejected" });
    expect(await balanceOf(database.db, world.accountId)).toBe(before);
    await fileOn(id);
    expect(await balanceOf(database.db, world.accountId)).toBe(before + 70);
    await expectInvariants();
  });
});

describe("comments", () => {
  it("come from both sides, also on closed complaints, and show in the thread oldest first", async () => {
    const complaintId = await fileOn(await reportThroughApi(app, world, world.customerProgramId, 20));
    const asked = await call(app, manager, "POST", `/api/os/complaints/${complaintId}/comments`, {
      text: "  Bitte prüfen.  ",
    });
    expect(asked.statusCode).toBe(201);
    expect(asked.json()).toMatchObject({
      text: "Bitte prüfen.",
      status: null,
      author: { id: manager.user.id, displayName: "Execution Manager", staff: false },
    });
    await setStatus(staff, complaintId, { status: "rejected", comment: "Lief korrekt." });
    const answered = await call(app, manager, "POST", `/api/os/complaints/${complaintId}/comments`, {
      text: "Einverstanden.",
    });
    expect(answered.statusCode).toBe(201);
    const detail = (await call(app, manager, "GET", `/api/os/complaints/${complaintId}`)).json();
    expect(
      detail.entries.map((entry: { text: string | null; status: string | null }) => [
        entry.status,
        entry.text,
      ]),
    ).toEqual([
      [null, "Bitte prüfen."],
      ["rejected", "Lief korrekt."],
      [null, "Einverstanden."],
    ]);
    expect(detail.entryCount).toBe(3);
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, complaintId), eq(auditLog.action, "complaint.commented")));
    expect(audit).toMatchObject({ actorUserId: manager.user.id, customerId: world.customerId });
  });

  it("need 1 to 5000 characters and someone allowed to see the complaint", async () => {
    const complaintId = await fileOn(await reportThroughApi(app, world, world.customerProgramId, 20));
    const url = `/api/os/complaints/${complaintId}/comments`;
    for (const text of ["", "  ", "x".repeat(5001), 3]) {
      expect((await call(app, manager, "POST", url, { text })).statusCode).toBe(400);
    }
    expect((await call(app, manager, "POST", url, { text: "x".repeat(5000) })).statusCode).toBe(201);
    const elsewhere = await newUser(database.db, "Other EM");
    await holdRole(
      database.db,
      elsewhere.id,
      await newCustomer(database.db, "Other"),
      "execution_manager",
      [],
    );
    const outsider = await signedIn(database.db, elsewhere);
    expect((await call(app, outsider, "POST", url, { text: "Hallo" })).statusCode).toBe(403);
    expect((await call(app, outsider, "GET", `/api/os/complaints/${complaintId}`)).statusCode).toBe(403);
    expect(
      (await call(app, manager, "POST", `/api/os/complaints/${UNKNOWN}/comments`, { text: "x" })).statusCode,
    ).toBe(404);
    expect((await call(app, manager, "GET", `/api/os/complaints/${UNKNOWN}`)).statusCode).toBe(404);
  });
});

describe("lists", () => {
  it("page a customer's complaints newest first, by status, for its execution managers and staff", async () => {
    const customer = await newReportingWorld(database.db, 10_000);
    const person = await newUser(database.db, "Lister");
    await holdRole(database.db, person.id, customer.customerId, "execution_manager", []);
    const lister = await signedIn(database.db, person);
    const ids: string[] = [];
    for (const seconds of [10, 20, 30]) {
      ids.push(
        await fileOn(await reportThroughApi(app, customer, customer.customerProgramId, seconds), lister),
      );
    }
    await setStatus(staff, ids[1] ?? "", { status: "in_progress" });
    const base = `/api/os/customers/${customer.customerId}/complaints`;

    const firstPage = await call(app, lister, "GET", `${base}?limit=2`);
    expect(firstPage.statusCode).toBe(200);
    expect(firstPage.json().items.map((item: { id: string }) => item.id)).toEqual([ids[2], ids[1]]);
    expect(firstPage.json().items[0]).toMatchObject({
      customerId: customer.customerId,
      customerName: expect.any(String),
      status: "open",
      text: "Das war nicht wir.",
      filedBy: { id: lister.user.id, displayName: "Lister" },
      resolvedAt: null,
      entryCount: 0,
      execution: {
        timeSavedSeconds: 30,
        coveredSeconds: 30,
        billedSeconds: 0,
        paymentStatus: "revoked",
        programName: expect.stringMatching(/^Program /),
      },
    });
    const cursor = firstPage.json().nextCursor;
    expect(cursor).toBe(ids[1]);
    const secondPage = await call(app, lister, "GET", `${base}?limit=2&cursor=${cursor}`);
    expect(secondPage.json()).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });

    const working = await call(app, lister, "GET", `${base}?status=in_progress`);
    expect(working.json().items.map((item: { id: string }) => item.id)).toEqual([ids[1]]);
    expect((await call(app, manager, "GET", base)).statusCode).toBe(403);
    expect((await call(app, staff, "GET", base)).json().items).toHaveLength(3);
    expect((await call(app, lister, "GET", `${base}?limit=0`)).statusCode).toBe(400);
    expect((await call(app, lister, "GET", `${base}?limit=201`)).statusCode).toBe(400);
    expect((await call(app, lister, "GET", `${base}?status=closed`)).statusCode).toBe(400);
    expect((await call(app, staff, "GET", `/api/os/customers/${UNKNOWN}/complaints`)).statusCode).toBe(404);

    const queue = await call(
      app,
      staff,
      "GET",
      `/api/staff/complaints?customerId=${customer.customerId}&status=open`,
    );
    expect(queue.statusCode).toBe(200);
    expect(queue.json().items.map((item: { id: string }) => item.id)).toEqual([ids[2], ids[0]]);
    // The work waiting: open and in progress, not decided ones.
    await setStatus(staff, ids[0] ?? "", { status: "accepted" });
    const waiting = await call(
      app,
      staff,
      "GET",
      `/api/staff/complaints?customerId=${customer.customerId}&status=unresolved`,
    );
    expect(waiting.json().items.map((item: { id: string }) => item.id)).toEqual([ids[2], ids[1]]);
    const everyone = await call(app, staff, "GET", "/api/staff/complaints?limit=1");
    expect(everyone.json().items).toHaveLength(1);
    expect(everyone.json().nextCursor).toEqual(expect.any(String));
    expect((await call(app, lister, "GET", "/api/staff/complaints")).statusCode).toBe(403);
  });

  it("keep the existing per-execution list working", async () => {
    const id = await reportThroughApi(app, world, world.customerProgramId, 15);
    const complaintId = await fileOn(id);
    const listed = await call(app, manager, "GET", `/api/os/executions/${id}/complaints`);
    expect(listed.json().items).toEqual([expect.objectContaining({ id: complaintId, status: "open" })]);
  });
});
