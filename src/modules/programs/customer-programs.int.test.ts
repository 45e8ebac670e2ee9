import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { uuidv7 } from "../../lib/ids.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { call, holdRole, newCustomer, newUser, type SignedIn, signedIn } from "../../testing/people.ts";
import { searchAudit } from "../audit/service.ts";
import { timeAccounts } from "../time-accounts/schema.ts";
import { customerPrograms, customerProgramTimeAccounts } from "./schema.ts";

const database = useTestDatabase();
let app: App;
let staff: SignedIn;
let alpha: string;
let beta: string;
let programId: string;

const UNKNOWN = "0199aaaa-0000-7000-8000-000000000000";

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  staff = await signedIn(database.db, await newUser(database.db, "Staff Member", { isStaff: true }));
  alpha = await newCustomer(database.db, "Alpha GmbH");
  beta = await newCustomer(database.db, "Beta AG");
  programId = (await call(app, staff, "POST", "/api/staff/programs", { name: "Invoice Bot" })).json().id;
});
afterAll(async () => {
  await app.close();
});

/** Time accounts are another module's; the tests insert them directly. */
async function timeAccount(customerId: string, name: string, balanceSeconds = 0): Promise<string> {
  const id = uuidv7();
  await database.db.insert(timeAccounts).values({ id, customerId, name, balanceSeconds });
  return id;
}

const create = (body: Record<string, unknown>) =>
  call(app, staff, "POST", "/api/staff/customer-programs", {
    programId,
    customerId: alpha,
    defaultTimeSavedSeconds: 120,
    ...body,
  });

async function install(body: Record<string, unknown> = {}) {
  const response = await create(body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function updatesOf(id: string) {
  return (await searchAudit(database.db, { action: "customer_program.updated" })).filter(
    (entry) => entry.targetId === id,
  );
}

describe("creating customer programs", () => {
  it("installs with the default tier table and shows the current price", async () => {
    const created = await install();
    expect(created).toEqual({
      id: expect.any(String),
      program: { id: programId, name: "Invoice Bot", description: "" },
      customerId: alpha,
      customer: { id: alpha, name: "Alpha GmbH" },
      defaultTimeSavedSeconds: 120,
      pricingMode: "tiered",
      pricePerSecond: "0.000000",
      tiers: expect.arrayContaining([{ fromHours: 45, pricePerHour: "30.000000" }]),
      defaultTiers: true,
      currency: "EUR",
      isActive: true,
      timeAccounts: [],
      hoursSaved: "0.00",
      currentPricePerSecond: "0.063889",
      currentPricePerHour: "230.000000",
      nextTier: { fromHours: 6, pricePerHour: "200.000000" },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(created.tiers).toHaveLength(8);
    const [entry] = (await searchAudit(database.db, { action: "customer_program.created" })).filter(
      (item) => item.targetId === created.id,
    );
    expect(entry).toMatchObject({
      customerId: alpha,
      targetType: "customer_program",
      actorUserId: staff.user.id,
      after: { programId, customerId: alpha, pricingMode: "tiered", tiers: null, timeAccountIds: [] },
    });
    const [row] = await database.db
      .select()
      .from(customerPrograms)
      .where(eq(customerPrograms.id, created.id));
    expect(row?.tiers).toBeNull();
  });

  it("takes a fixed price, its own tiers, a currency and inactive status", async () => {
    const created = await install({
      pricingMode: "fixed",
      pricePerSecond: "0.05",
      tiers: [
        { fromHours: 0, pricePerHour: "100" },
        { fromHours: 10, pricePerHour: "80.5" },
      ],
      currency: "CHF",
      isActive: false,
    });
    expect(created).toMatchObject({
      pricingMode: "fixed",
      pricePerSecond: "0.050000",
      tiers: [
        { fromHours: 0, pricePerHour: "100.000000" },
        { fromHours: 10, pricePerHour: "80.500000" },
      ],
      defaultTiers: false,
      currency: "CHF",
      isActive: false,
      currentPricePerSecond: "0.050000",
      currentPricePerHour: "180.000000",
      nextTier: null,
    });
  });

  it("keeps the order of its time accounts", async () => {
    const first = await timeAccount(alpha, "Prepaid 2025", 3600);
    const second = await timeAccount(alpha, "Bonus");
    const third = await timeAccount(alpha, "Prepaid 2024", 60);
    const created = await install({ timeAccountIds: [third, first, second] });
    expect(created.timeAccounts).toEqual([
      { id: third, name: "Prepaid 2024", isActive: true, balanceSeconds: 60, position: 0 },
      { id: first, name: "Prepaid 2025", isActive: true, balanceSeconds: 3600, position: 1 },
      { id: second, name: "Bonus", isActive: true, balanceSeconds: 0, position: 2 },
    ]);
    const fetched = await call(app, staff, "GET", `/api/staff/customer-programs/${created.id}`);
    expect(fetched.json().timeAccounts.map((account: { id: string }) => account.id)).toEqual([
      third,
      first,
      second,
    ]);
  });

  it("refuses time accounts of another customer, unknown ones and repeats, naming them", async () => {
    const own = await timeAccount(alpha, "Own");
    const foreign = await timeAccount(beta, "Foreign");
    const other = await create({ timeAccountIds: [own, foreign] });
    expect(other.statusCode).toBe(400);
    expect(other.json()).toMatchObject({
      code: "validation_failed",
      detail: expect.stringContaining(foreign),
      errors: [{ path: "timeAccountIds.1", message: expect.stringContaining("another customer") }],
    });
    const unknown = await create({ timeAccountIds: [UNKNOWN] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { path: "timeAccountIds.0", message: expect.stringContaining(UNKNOWN) },
    ]);
    expect((await create({ timeAccountIds: [own, own] })).statusCode).toBe(400);
    const tooMany = Array.from({ length: 21 }, () => uuidv7());
    expect((await create({ timeAccountIds: tooMany })).statusCode).toBe(400);
    const stored = await database.db
      .select()
      .from(customerProgramTimeAccounts)
      .where(eq(customerProgramTimeAccounts.timeAccountId, foreign));
    expect(stored).toEqual([]);
  });

  it("refuses an unknown program or customer, naming the field", async () => {
    const program = await create({ programId: UNKNOWN });
    expect(program.statusCode).toBe(400);
    expect(program.json()).toMatchObject({ code: "validation_failed", errors: [{ path: "programId" }] });
    const customer = await create({ customerId: UNKNOWN });
    expect(customer.statusCode).toBe(400);
    expect(customer.json()).toMatchObject({ code: "validation_failed", errors: [{ path: "customerId" }] });
  });

  it("validates tiers: from 0 hours, strictly ascending, 1 to 100, decimal prices", async () => {
    const tiers = (...hours: number[]) => hours.map((fromHours) => ({ fromHours, pricePerHour: "1" }));
    const cases: [unknown, string][] = [
      [tiers(1), "body.tiers.0.fromHours"],
      [tiers(0, 5, 5), "body.tiers.2.fromHours"],
      [tiers(0, 5, 3), "body.tiers.2.fromHours"],
      [[], "body.tiers"],
      [tiers(...Array.from({ length: 101 }, (_, index) => index)), "body.tiers"],
      [[{ fromHours: 0, pricePerHour: "-5" }], "body.tiers.0.pricePerHour"],
      [[{ fromHours: 0, pricePerHour: 230 }], "body.tiers.0.pricePerHour"],
      [[{ fromHours: 0, pricePerHour: "1.1234567" }], "body.tiers.0.pricePerHour"],
      [tiers(0, 2.5), "body.tiers.1.fromHours"],
      [tiers(0, 100_001), "body.tiers.1.fromHours"],
    ];
    for (const [table, path] of cases) {
      const response = await create({ tiers: table });
      expect(response.statusCode, JSON.stringify(table).slice(0, 80)).toBe(400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
    }
    const hundred = tiers(...Array.from({ length: 100 }, (_, index) => index * 2));
    expect((await create({ tiers: hundred })).statusCode).toBe(201);
  });

  it("validates the other fields", async () => {
    const bad: Record<string, unknown>[] = [
      { defaultTimeSavedSeconds: -1 },
      { defaultTimeSavedSeconds: 86_401 },
      { defaultTimeSavedSeconds: 1.5 },
      { defaultTimeSavedSeconds: undefined },
      { pricingMode: "free" },
      { pricePerSecond: "0,05" },
      { pricePerSecond: "123456789" },
      { currency: "eur" },
      { currency: "EURO" },
      { programId: "not-a-uuid" },
    ];
    for (const body of bad) expect((await create(body)).statusCode, JSON.stringify(body)).toBe(400);
    expect((await create({ defaultTimeSavedSeconds: 86_400 })).statusCode).toBe(201);
  });
});

describe("reading and changing customer programs", () => {
  it("lists all, or those of one customer or program", async () => {
    const other = (await call(app, staff, "POST", "/api/staff/programs", { name: "Another Bot" })).json().id;
    const forBeta = await install({ customerId: beta, programId: other });
    const all = (await call(app, staff, "GET", "/api/staff/customer-programs")).json().items;
    expect(all.map((item: { id: string }) => item.id)).toContain(forBeta.id);
    // Customer by name, then program by name: Alpha's come first.
    expect(all.at(-1).customer.name).toBe("Beta AG");
    expect(all[0].customer.name).toBe("Alpha GmbH");

    const ofBeta = (await call(app, staff, "GET", `/api/staff/customer-programs?customerId=${beta}`)).json();
    expect(ofBeta.items.map((item: { id: string }) => item.id)).toEqual([forBeta.id]);
    const both = `/api/staff/customer-programs?programId=${other}`;
    expect((await call(app, staff, "GET", `${both}&customerId=${beta}`)).json().items).toHaveLength(1);
    expect((await call(app, staff, "GET", `${both}&customerId=${alpha}`)).json().items).toEqual([]);
    expect((await call(app, staff, "GET", "/api/staff/customer-programs?customerId=nope")).statusCode).toBe(
      400,
    );
  });

  it("answers 404 for unknown ids", async () => {
    expect((await call(app, staff, "GET", `/api/staff/customer-programs/${UNKNOWN}`)).statusCode).toBe(404);
    const patch = await call(app, staff, "PATCH", `/api/staff/customer-programs/${UNKNOWN}`, {
      isActive: false,
    });
    expect(patch.statusCode).toBe(404);
    expect(patch.json().code).toBe("not_found");
  });

  it("changes pricing and tiers, returns to the default table with null, and keeps the tier basis", async () => {
    const created = await install();
    // The executions module keeps the basis; 7 hours saved puts the default table at 200 €/h.
    await database.db
      .update(customerPrograms)
      .set({ tierBasisSeconds: 7 * 3600 })
      .where(eq(customerPrograms.id, created.id));
    const url = `/api/staff/customer-programs/${created.id}`;
    expect((await call(app, staff, "GET", url)).json()).toMatchObject({
      hoursSaved: "7.00",
      currentPricePerSecond: "0.055556",
      currentPricePerHour: "200.000000",
      nextTier: { fromHours: 11, pricePerHour: "170.000000" },
    });

    const own = await call(app, staff, "PATCH", url, {
      tiers: [
        { fromHours: 0, pricePerHour: "90" },
        { fromHours: 8, pricePerHour: "72" },
      ],
      defaultTimeSavedSeconds: 300,
      currency: "USD",
    });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({
      defaultTiers: false,
      defaultTimeSavedSeconds: 300,
      currency: "USD",
      hoursSaved: "7.00",
      currentPricePerSecond: "0.025000",
      currentPricePerHour: "90.000000",
      nextTier: { fromHours: 8, pricePerHour: "72.000000" },
    });

    const fixed = await call(app, staff, "PATCH", url, { pricingMode: "fixed", pricePerSecond: "0.01" });
    expect(fixed.json()).toMatchObject({
      currentPricePerSecond: "0.010000",
      currentPricePerHour: "36.000000",
    });

    const reset = await call(app, staff, "PATCH", url, { pricingMode: "tiered", tiers: null });
    expect(reset.json()).toMatchObject({
      defaultTiers: true,
      currentPricePerHour: "200.000000",
      pricePerSecond: "0.010000",
    });
    const [row] = await database.db
      .select()
      .from(customerPrograms)
      .where(eq(customerPrograms.id, created.id));
    expect(row).toMatchObject({ tiers: null, tierBasisSeconds: 7 * 3600, currency: "USD" });

    const updates = await updatesOf(created.id);
    expect(updates).toHaveLength(3);
    expect(updates[0]).toMatchObject({
      customerId: alpha,
      before: {
        pricingMode: "fixed",
        tiers: [{ fromHours: 0, pricePerHour: "90.000000" }, expect.anything()],
      },
      after: { pricingMode: "tiered", tiers: null },
    });
  });

  it("replaces the time accounts in the order given, refusing another customer's", async () => {
    const one = await timeAccount(alpha, "One");
    const two = await timeAccount(alpha, "Two");
    const three = await timeAccount(alpha, "Three");
    const created = await install({ timeAccountIds: [one, two] });
    const url = `/api/staff/customer-programs/${created.id}`;
    const names = (body: { timeAccounts: { name: string }[] }) =>
      body.timeAccounts.map((account) => account.name);
    const replaced = await call(app, staff, "PATCH", url, { timeAccountIds: [three, one] });
    expect(replaced.statusCode).toBe(200);
    expect(names(replaced.json())).toEqual(["Three", "One"]);
    expect((await updatesOf(created.id))[0]).toMatchObject({
      before: { timeAccountIds: [one, two] },
      after: { timeAccountIds: [three, one] },
    });

    const foreign = await timeAccount(beta, "Beta's");
    const refused = await call(app, staff, "PATCH", url, { timeAccountIds: [foreign] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([
      { path: "timeAccountIds.0", message: expect.stringContaining(foreign) },
    ]);
    expect(names((await call(app, staff, "GET", url)).json())).toEqual(["Three", "One"]);

    const emptied = await call(app, staff, "PATCH", url, { timeAccountIds: [] });
    expect(emptied.json().timeAccounts).toEqual([]);
  });

  it("changes nothing when asked for what is already so, and keeps program and customer", async () => {
    const created = await install({ pricePerSecond: "0.5" });
    const url = `/api/staff/customer-programs/${created.id}`;
    const same = await call(app, staff, "PATCH", url, {
      pricePerSecond: "0.500000",
      defaultTimeSavedSeconds: 120,
      tiers: null,
      customerId: beta,
    });
    expect(same.statusCode).toBe(200);
    expect(same.json()).toEqual(created);
    expect(await updatesOf(created.id)).toEqual([]);
  });
});

describe("who may manage customer programs", () => {
  it("refuses everyone but staff, even program managers with every ability", async () => {
    const user = await newUser(database.db, "Program Manager");
    await holdRole(database.db, user.id, alpha, "program_manager", [
      "create_programs",
      "delete_programs",
      "grant_role",
    ]);
    const manager = await signedIn(database.db, user);
    const existing = await install();
    const attempts = [
      ["GET", "/api/staff/customer-programs", undefined],
      ["POST", "/api/staff/customer-programs", { programId, customerId: alpha, defaultTimeSavedSeconds: 1 }],
      ["GET", `/api/staff/customer-programs/${existing.id}`, undefined],
      ["PATCH", `/api/staff/customer-programs/${existing.id}`, { isActive: false }],
      ["GET", `/api/staff/customer-programs/${UNKNOWN}`, undefined],
    ] as const;
    for (const [method, url, body] of attempts) {
      expect((await call(app, manager, method, url, body)).statusCode, `${method} ${url}`).toBe(403);
      expect((await call(app, null, method, url, body)).statusCode, `${method} ${url}`).toBe(401);
    }
    const unchanged = await call(app, staff, "GET", `/api/staff/customer-programs/${existing.id}`);
    expect(unchanged.json().isActive).toBe(true);
  });
});
