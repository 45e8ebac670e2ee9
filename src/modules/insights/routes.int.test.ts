/**
 * Insights over HTTP against a worked example: February 2026 against the 28 days before it, with
 * executions placed on Berlin's day and month boundaries, two currencies and every payment status.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { call, holdRole, newCustomer, newUser, type SignedIn, signedIn } from "../../testing/people.ts";
import { newCustomerProgram } from "../../testing/reporting.ts";
import { customerPrograms, programs } from "../programs/schema.ts";
import { timeAccountWith } from "../time-accounts/test-fixtures.ts";
import { placeExecutions } from "./test-fixtures.ts";

const database = useTestDatabase();
let app: App;
let customer: string;
let other: string;
let first: string;
let second: string;
let idle: string;
let retired: string;
let staff: SignedIn;
let executionManager: SignedIn;
let programManager: SignedIn;
let accountManager: SignedIn;
let otherManager: SignedIn;

async function person(name: string, customerId: string, role: Parameters<typeof holdRole>[3]) {
  const user = await newUser(database.db, name);
  await holdRole(database.db, user.id, customerId, role, []);
  return signedIn(database.db, user);
}

async function named(customerProgramId: string, name: string, isActive = true): Promise<void> {
  const [row] = await database.db
    .update(customerPrograms)
    .set({ isActive })
    .where(eq(customerPrograms.id, customerProgramId))
    .returning();
  await database.db
    .update(programs)
    .set({ name })
    .where(eq(programs.id, row?.programId ?? ""));
}

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  const db = database.db;
  customer = await newCustomer(db, "Insight Customer");
  other = await newCustomer(db, "Other Customer");
  first = await newCustomerProgram(db, customer);
  second = await newCustomerProgram(db, customer);
  idle = await newCustomerProgram(db, customer);
  retired = await newCustomerProgram(db, customer);
  await named(first, "Rechnungslauf");
  await named(second, "Mahnwesen");
  await named(idle, "Leerlauf");
  await named(retired, "Altlast", false);
  await timeAccountWith(db, customer, 500);
  await timeAccountWith(db, customer, 250, { isActive: false });
  const at = (
    customerProgramId: string,
    createdAt: string,
    timeSavedSeconds: number,
    extra: Partial<Parameters<typeof placeExecutions>[1][number]> = {},
  ) => ({ customerId: customer, customerProgramId, createdAt, timeSavedSeconds, ...extra });
  await placeExecutions(db, [
    // The previous period (4–31 January).
    at(first, "2026-01-10T09:00:00Z", 1000),
    // 23:30 UTC on 31 January is 00:30 on 1 February in Berlin: the current period.
    at(first, "2026-01-31T23:30:00Z", 300, { coveredSeconds: 300, paymentStatus: "paid" }),
    at(first, "2026-02-14T12:00:00Z", 600, { coveredSeconds: 100 }),
    at(first, "2026-02-15T10:00:00Z", 100, { currency: "CHF", pricePerSecond: "0.020000" }),
    // 23:59 on 28 February in Berlin, still February; a minute later it is March.
    at(second, "2026-02-28T22:59:00Z", 400, { paymentStatus: "paid" }),
    at(second, "2026-02-28T23:00:00Z", 999),
    // Not owed: left out.
    at(second, "2026-02-20T10:00:00Z", 500, { paymentStatus: "revoked" }),
    at(second, "2026-02-21T10:00:00Z", 700, { paymentStatus: "refunded" }),
    // Another customer's execution never shows.
    {
      customerId: other,
      customerProgramId: await newCustomerProgram(db, other),
      createdAt: "2026-02-10T10:00:00Z",
      timeSavedSeconds: 5000,
    },
  ]);
  staff = await signedIn(db, await newUser(db, "Staff", { isStaff: true }));
  executionManager = await person("Execution Manager", customer, "execution_manager");
  programManager = await person("Program Manager", customer, "program_manager");
  accountManager = await person("Account Manager", customer, "time_account_manager");
  otherManager = await person("Other Execution Manager", other, "execution_manager");
});

afterAll(async () => {
  await app.close();
});

const february = () => `customerId=${customer}&from=2026-02-01&to=2026-02-28`;

describe("the summary", () => {
  it("sums the period, the 28 days before it, and the change, from the worked example", async () => {
    const response = await call(app, executionManager, "GET", `/api/os/insights/summary?${february()}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      customerId: customer,
      customerProgramId: null,
      timeZone: "Europe/Berlin",
      current: {
        from: "2026-02-01",
        to: "2026-02-28",
        executions: 4,
        timeSavedSeconds: 1400,
        coveredSeconds: 400,
        billedSeconds: 1000,
        costs: [
          { currency: "CHF", amount: "2.000000" },
          { currency: "EUR", amount: "9.000000" },
        ],
      },
      previous: {
        from: "2026-01-04",
        to: "2026-01-31",
        executions: 1,
        timeSavedSeconds: 1000,
        coveredSeconds: 0,
        billedSeconds: 1000,
        costs: [{ currency: "EUR", amount: "10.000000" }],
      },
      change: {
        executions: 300,
        timeSavedSeconds: 40,
        coveredSeconds: null,
        billedSeconds: 0,
        costs: [
          { currency: "CHF", percent: null },
          { currency: "EUR", percent: -10 },
        ],
      },
      prepaidBalanceSeconds: null,
    });
  });

  it("shows the prepaid balance only to readers who may see the time accounts", async () => {
    const url = `/api/os/insights/summary?${february()}`;
    expect((await call(app, staff, "GET", url)).json().prepaidBalanceSeconds).toBe(750);
    expect((await call(app, programManager, "GET", url)).json().prepaidBalanceSeconds).toBeNull();
  });

  it("narrows to one program", async () => {
    const response = await call(
      app,
      programManager,
      "GET",
      `/api/os/insights/summary?${february()}&customerProgramId=${second}`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().current).toMatchObject({
      executions: 1,
      timeSavedSeconds: 400,
      costs: [{ currency: "EUR", amount: "4.000000" }],
    });
    expect(response.json().previous.executions).toBe(0);
    expect(response.json().change.executions).toBeNull();
  });

  it("answers zeros and no change for an empty period", async () => {
    const response = await call(
      app,
      staff,
      "GET",
      `/api/os/insights/summary?customerId=${customer}&from=2025-06-01&to=2025-06-30`,
    );
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.current).toEqual({
      from: "2025-06-01",
      to: "2025-06-30",
      executions: 0,
      timeSavedSeconds: 0,
      coveredSeconds: 0,
      billedSeconds: 0,
      costs: [],
    });
    expect(body.change).toEqual({
      executions: null,
      timeSavedSeconds: null,
      coveredSeconds: null,
      billedSeconds: null,
      costs: [],
    });
  });

  it("puts a boundary day into the right period: 1 February alone holds the 23:30 UTC execution", async () => {
    const response = await call(
      app,
      executionManager,
      "GET",
      `/api/os/insights/summary?customerId=${customer}&from=2026-02-01&to=2026-02-01`,
    );
    expect(response.json().current).toMatchObject({ executions: 1, timeSavedSeconds: 300 });
    expect(response.json().previous).toMatchObject({ from: "2026-01-31", to: "2026-01-31", executions: 0 });
  });
});

describe("the series", () => {
  it("has one point per month, the day after 23:00 UTC on 28 February counting for March", async () => {
    const response = await call(
      app,
      executionManager,
      "GET",
      `/api/os/insights/series?customerId=${customer}&from=2026-01-01&to=2026-04-30&granularity=month`,
    );
    expect(response.statusCode).toBe(200);
    const points = response.json().points as {
      period: string;
      executions: number;
      timeSavedSeconds: number;
    }[];
    expect(points.map((point) => [point.period, point.executions, point.timeSavedSeconds])).toEqual([
      ["2026-01", 1, 1000],
      ["2026-02", 4, 1400],
      ["2026-03", 1, 999],
      ["2026-04", 0, 0],
    ]);
  });

  it("fills days without executions with zeros", async () => {
    const response = await call(
      app,
      programManager,
      "GET",
      `/api/os/insights/series?customerId=${customer}&from=2026-01-31&to=2026-02-02`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().granularity).toBe("day");
    const points = response.json().points as { period: string; executions: number; costs: unknown[] }[];
    expect(points.map((point) => [point.period, point.executions, point.costs])).toEqual([
      ["2026-01-31", 0, []],
      ["2026-02-01", 1, [{ currency: "EUR", amount: "0.000000" }]],
      ["2026-02-02", 0, []],
    ]);
  });
});

describe("the breakdown per program", () => {
  it("lists each program with its figures and share, most time saved first; idle active programs too", async () => {
    const response = await call(app, executionManager, "GET", `/api/os/insights/programs?${february()}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(
      body.items.map(
        (item: { name: string; executions: number; timeSavedSeconds: number; share: number }) => [
          item.name,
          item.executions,
          item.timeSavedSeconds,
          item.share,
        ],
      ),
    ).toEqual([
      ["Rechnungslauf", 3, 1000, 71.4],
      ["Mahnwesen", 1, 400, 28.6],
      ["Leerlauf", 0, 0, 0],
    ]);
    expect(body.total).toMatchObject({ executions: 4, timeSavedSeconds: 1400 });
  });

  it("gives no share when nothing was saved", async () => {
    const response = await call(
      app,
      executionManager,
      "GET",
      `/api/os/insights/programs?customerId=${customer}&from=2020-01-01&to=2020-01-31`,
    );
    expect(response.json().items.map((item: { share: number | null }) => item.share)).toEqual([
      null,
      null,
      null,
    ]);
  });
});

describe("who may read insights", () => {
  const urls = () => [
    `/api/os/insights/summary?${february()}`,
    `/api/os/insights/series?${february()}`,
    `/api/os/insights/programs?${february()}`,
  ];

  it("refuses other roles and other customers' managers (403), and anonymous callers (401)", async () => {
    for (const url of urls()) {
      expect((await call(app, accountManager, "GET", url)).statusCode).toBe(403);
      expect((await call(app, otherManager, "GET", url)).statusCode).toBe(403);
      expect((await call(app, null, "GET", url)).statusCode).toBe(401);
    }
  });

  it("answers 404 for an unknown customer (staff) and for another customer's program", async () => {
    const unknown = "0199aaaa-0000-7000-8000-000000000000";
    const response = await call(
      app,
      staff,
      "GET",
      `/api/os/insights/summary?customerId=${unknown}&from=2026-02-01&to=2026-02-28`,
    );
    expect(response.statusCode).toBe(404);
    const [foreign] = await database.db
      .select()
      .from(customerPrograms)
      .where(eq(customerPrograms.customerId, other));
    const crossing = await call(
      app,
      executionManager,
      "GET",
      `/api/os/insights/summary?${february()}&customerProgramId=${foreign?.id}`,
    );
    expect(crossing.statusCode).toBe(404);
  });
});

describe("bad input", () => {
  it("is a 400 problem, never a 500", async () => {
    const base = `/api/os/insights/summary?customerId=${customer}`;
    const bad = [
      `${base}&from=2026-02-28&to=2026-02-01`,
      `${base}&from=2026-02-30&to=2026-03-01`,
      `${base}&from=2026-02-01`,
      `${base}&from=1.2.2026&to=2026-02-28`,
      `${base}&from=2020-01-01&to=2026-01-01`,
      `/api/os/insights/summary?customerId=nope&from=2026-02-01&to=2026-02-28`,
      `/api/os/insights/series?${february()}&granularity=week`,
      `/api/os/insights/programs?customerId=${customer}&from=0000-00-00&to=2026-02-28`,
      `/api/os/insights/summary?${february()}&customerProgramId=123`,
      `/api/os/insights/series?customerId=${customer}&from=9999-01-01&to=9999-12-31&granularity=month`,
      `/api/os/executions/export.csv?customerId=${customer}&period=custom&from=9999-12-01&to=9999-12-31`,
    ];
    for (const url of bad) {
      const response = await call(app, staff, "GET", url);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers["content-type"]).toContain("application/problem+json");
    }
  });
});
