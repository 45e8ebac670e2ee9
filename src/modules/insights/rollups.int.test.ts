/**
 * The rollups are kept in step incrementally by every writer of executions. Whatever sequence of
 * recording (through the API), imports at chosen moments, marking paid, status changes and deletions
 * happens, the table must equal what `rebuildRollups` computes from the executions.
 */
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { transaction } from "../../db/transaction.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { newUser } from "../../testing/people.ts";
import { newCustomerProgram, newReportingWorld, type ReportingWorld } from "../../testing/reporting.ts";
import type { Actor } from "../access/policy.ts";
import { executions, PAYMENT_STATUSES } from "../executions/schema.ts";
import { deleteExecution, markExecutionsPaid, setExecutionStatus } from "../executions/settlement.ts";
import { customerPrograms } from "../programs/schema.ts";
import { staffActor } from "../time-accounts/test-fixtures.ts";
import { changePaymentStatus, rebuildRollups } from "./rollups.ts";
import { placeExecutions, rollupContents } from "./test-fixtures.ts";

const database = useTestDatabase();
let app: App;
let world: ReportingWorld;
let staff: Actor;
let programs: string[];

/** Moments around Berlin's day and month boundaries, in winter and summer time. */
const MOMENTS = [
  "2026-01-31T22:59:59.999Z", // 23:59 on 31 January in Berlin
  "2026-01-31T23:00:00.000Z", // 00:00 on 1 February in Berlin
  "2026-01-31T23:30:00.000Z",
  "2026-03-29T00:30:00.000Z", // the night the clocks go forward
  "2026-06-30T21:59:00.000Z", // 23:59 on 30 June (summer time)
  "2026-06-30T22:00:00.000Z", // 00:00 on 1 July
  "2026-12-31T23:00:00.000Z", // 00:00 on 1 January 2027
];
const BOUNDARIES = ["2026-01-01", "2026-02-01", "2026-03-29", "2026-07-01", "2027-01-01", "2100-01-01"];

type Step =
  | { kind: "record"; program: number; count: number; seconds: number }
  | { kind: "import"; program: number; moment: number; seconds: number; covered: number; currency: number }
  | { kind: "mark_paid"; from: number; span: number; program: number | null }
  | { kind: "status"; pick: number; status: number }
  | { kind: "delete"; pick: number; refund: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("record" as const),
    program: fc.nat(2),
    count: fc.integer({ min: 1, max: 4 }),
    seconds: fc.integer({ min: 1, max: 3000 }),
  }),
  fc.record({
    kind: fc.constant("import" as const),
    program: fc.nat(2),
    moment: fc.nat(MOMENTS.length - 1),
    seconds: fc.integer({ min: 1, max: 3000 }),
    covered: fc.nat(3000),
    currency: fc.nat(1),
  }),
  fc.record({
    kind: fc.constant("mark_paid" as const),
    from: fc.nat(BOUNDARIES.length - 2),
    span: fc.integer({ min: 1, max: 3 }),
    program: fc.option(fc.nat(2), { nil: null }),
  }),
  fc.record({ kind: fc.constant("status" as const), pick: fc.nat(), status: fc.nat(3) }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat(), refund: fc.boolean() }),
);

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  world = await newReportingWorld(database.db, 1_000_000);
  staff = staffActor(await newUser(database.db, "Staff", { isStaff: true }));
  programs = [
    world.customerProgramId,
    await newCustomerProgram(database.db, world.customerId, { timeAccountIds: [world.accountId] }),
    await newCustomerProgram(database.db, world.customerId, {
      pricingMode: "fixed",
      pricePerSecond: "0.010000",
    }),
  ];
});

afterAll(async () => {
  await app.close();
});

async function recordThroughApi(customerProgramId: string, count: number, seconds: number): Promise<void> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/executions/batch",
    headers: { authorization: `Bearer ${world.key.secret}` },
    payload: {
      executions: Array.from({ length: count }, () => ({ customerProgramId, timeSavedSeconds: seconds })),
    },
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
}

async function pickExecution(pick: number) {
  const all = await database.db.select().from(executions).orderBy(executions.id);
  return all.length === 0 ? undefined : all[pick % all.length];
}

async function run(action: Step): Promise<void> {
  const db = database.db;
  const program = (index: number) => programs[index] ?? "";
  switch (action.kind) {
    case "record":
      return recordThroughApi(program(action.program), action.count, action.seconds);
    case "import":
      await placeExecutions(db, [
        {
          customerId: world.customerId,
          customerProgramId: program(action.program),
          createdAt: MOMENTS[action.moment] ?? "",
          timeSavedSeconds: action.seconds,
          coveredSeconds: Math.min(action.covered, action.seconds),
          currency: action.currency === 0 ? "EUR" : "CHF",
        },
      ]);
      return;
    case "mark_paid":
      await markExecutionsPaid(db, staff, {
        customerId: world.customerId,
        from: new Date(BOUNDARIES[action.from] ?? ""),
        to: new Date(BOUNDARIES[Math.min(action.from + action.span, BOUNDARIES.length - 1)] ?? ""),
        customerProgramId: action.program === null ? undefined : program(action.program),
      });
      return;
    case "status": {
      const execution = await pickExecution(action.pick);
      if (!execution) return;
      await transaction(db, async (tx) => {
        const [locked] = await tx
          .select()
          .from(executions)
          .where(eq(executions.id, execution.id))
          .for("update");
        if (locked) await setExecutionStatus(tx, locked, PAYMENT_STATUSES[action.status] ?? "not_paid");
      });
      return;
    }
    case "delete": {
      const execution = await pickExecution(action.pick);
      if (execution) await deleteExecution(db, staff, execution.id, { refund: action.refund });
      return;
    }
  }
}

describe("the daily rollups", () => {
  it("equal a rebuild from the executions after any sequence of changes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        for (const action of steps) await run(action);
        const incremental = await rollupContents(database.db);
        await rebuildRollups(database.db);
        expect(incremental).toEqual(await rollupContents(database.db));
      }),
      { numRuns: 25 },
    );
    // The property ran over a real mix: several statuses, days and both currencies.
    const kinds = await database.db.execute<{ statuses: string; days: string; currencies: string }>(sql`
      SELECT count(DISTINCT payment_status) AS statuses, count(DISTINCT day) AS days,
        count(DISTINCT currency) AS currencies
      FROM execution_daily_rollups`);
    expect(Number(kinds.rows[0]?.days)).toBeGreaterThan(2);
  }, 120_000);

  it("puts an execution at 23:30 UTC on 31 January into 1 February (Berlin)", async () => {
    const customerProgramId = await newCustomerProgram(database.db, world.customerId);
    await placeExecutions(database.db, [
      {
        customerId: world.customerId,
        customerProgramId,
        createdAt: "2026-01-31T23:30:00Z",
        timeSavedSeconds: 60,
      },
    ]);
    const rows = (await rollupContents(database.db)).filter(
      (row) => row.customerProgramId === customerProgramId,
    );
    expect(rows.map((row) => row.day)).toEqual(["2026-02-01"]);
  });

  it("moves exactly the changed executions between statuses and drops rows that sum to nothing", async () => {
    const customerProgramId = await newCustomerProgram(database.db, world.customerId);
    const [first, second] = await placeExecutions(database.db, [
      {
        customerId: world.customerId,
        customerProgramId,
        createdAt: "2026-05-05T10:00:00Z",
        timeSavedSeconds: 100,
      },
      {
        customerId: world.customerId,
        customerProgramId,
        createdAt: "2026-05-05T11:00:00Z",
        timeSavedSeconds: 50,
      },
    ]);
    const changed = await changePaymentStatus(database.db, {
      where: eq(executions.id, first ?? ""),
      from: "not_paid",
      to: "revoked",
    });
    expect(changed).toBe(1);
    const of = async () =>
      (await rollupContents(database.db))
        .filter((row) => row.customerProgramId === customerProgramId)
        .map((row) => [row.paymentStatus, row.executions, row.timeSavedSeconds, row.price]);
    expect(await of()).toEqual([
      ["not_paid", 1, 50, "0.500000"],
      ["revoked", 1, 100, "1.000000"],
    ]);
    // A status that no longer matches changes nothing.
    expect(
      await changePaymentStatus(database.db, {
        where: eq(executions.id, first ?? ""),
        from: "not_paid",
        to: "paid",
      }),
    ).toBe(0);
    await changePaymentStatus(database.db, {
      where: eq(executions.id, second ?? ""),
      from: "not_paid",
      to: "paid",
    });
    expect(await of()).toEqual([
      ["paid", 1, 50, "0.500000"],
      ["revoked", 1, 100, "1.000000"],
    ]);
  });

  it("keeps the tier basis in step when a status leaves and re-enters the counted statuses", async () => {
    const customerProgramId = await newCustomerProgram(database.db, world.customerId);
    const [id] = await placeExecutions(database.db, [
      {
        customerId: world.customerId,
        customerProgramId,
        createdAt: "2026-05-05T10:00:00Z",
        timeSavedSeconds: 70,
      },
    ]);
    await database.db
      .update(customerPrograms)
      .set({ tierBasisSeconds: 70 })
      .where(eq(customerPrograms.id, customerProgramId));
    const basis = async () =>
      (await database.db.select().from(customerPrograms).where(eq(customerPrograms.id, customerProgramId)))[0]
        ?.tierBasisSeconds;
    const set = (status: (typeof PAYMENT_STATUSES)[number]) =>
      transaction(database.db, async (tx) => {
        const [locked] = await tx
          .select()
          .from(executions)
          .where(eq(executions.id, id ?? ""))
          .for("update");
        if (locked) await setExecutionStatus(tx, locked, status);
      });
    await set("revoked");
    expect(await basis()).toBe(0);
    await set("refunded");
    expect(await basis()).toBe(0);
    await set("not_paid");
    expect(await basis()).toBe(70);
    await set("paid");
    expect(await basis()).toBe(70);
  });
});
