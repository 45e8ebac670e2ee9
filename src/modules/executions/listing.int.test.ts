/**
 * The executions page of NADOO OS and its CSV export over HTTP, with the app's clock at
 * 15 February 2026 (and at 15 January 2027 for "last month" across a year).
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp, TEST_AUTH_CONFIG } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { call, holdRole, newCustomer, newUser, type SignedIn } from "../../testing/people.ts";
import { newCustomerProgram } from "../../testing/reporting.ts";
import { csrfTokenFor, startSession } from "../auth/sessions.ts";
import { authSettings } from "../auth/settings.ts";
import type { User } from "../identity/schema.ts";
import { placeExecutions } from "../insights/test-fixtures.ts";
import { customerPrograms, programs } from "../programs/schema.ts";
import { EXPORT_CHUNK_ROWS } from "./listing.ts";

const database = useTestDatabase();
let app: App;
let january: App;
let customer: string;
let crowded: string;
let program: string;
let injected: string;
let staff: SignedIn;
let manager: SignedIn;
let programManager: SignedIn;
let managerInJanuary: SignedIn;
const ids: Record<string, string> = {};

const FEBRUARY = new Date("2026-02-15T12:00:00Z");
const NEXT_JANUARY = new Date("2027-01-15T12:00:00Z");

/** A session started at the test app's clock, which runs months away from the real one. */
async function signedIn(db: typeof database.db, user: User, at: Date = FEBRUARY): Promise<SignedIn> {
  const settings = authSettings(TEST_AUTH_CONFIG, () => at);
  const { session, token } = await startSession(db, settings, user.id, { ip: "192.0.2.10" });
  return { user, cookie: token, csrf: csrfTokenFor(settings, session) };
}

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle, { now: () => FEBRUARY }));
  ({ app: january } = await createTestApp(database.handle, { now: () => NEXT_JANUARY }));
  const db = database.db;
  customer = await newCustomer(db, "List Customer");
  crowded = await newCustomer(db, "Crowded Customer");
  program = await newCustomerProgram(db, customer);
  injected = await newCustomerProgram(db, customer);
  const [row] = await db.select().from(customerPrograms).where(eq(customerPrograms.id, injected));
  await db
    .update(programs)
    .set({ name: '=HYPERLINK("http://evil")' })
    .where(eq(programs.id, row?.programId ?? ""));
  const at = (
    name: string,
    createdAt: string,
    timeSavedSeconds: number,
    extra: Partial<Parameters<typeof placeExecutions>[1][number]> = {},
  ) => ({
    name,
    item: { customerId: customer, customerProgramId: program, createdAt, timeSavedSeconds, ...extra },
  });
  const placed = [
    at("december", "2026-12-10T10:00:00Z", 10),
    at("lastYearDecember", "2025-12-10T10:00:00Z", 20),
    at("january", "2026-01-20T10:00:00Z", 30),
    at("lateJanuary", "2026-01-31T23:30:00Z", 40),
    at("feb1", "2026-02-01T10:00:00Z", 100),
    at("feb2", "2026-02-02T10:00:00Z", 200, { paymentStatus: "revoked" }),
    at("feb3", "2026-02-03T10:00:00Z", 300, { paymentStatus: "refunded" }),
    at("feb14", "2026-02-14T10:00:00Z", 400, { paymentStatus: "paid", customerProgramId: injected }),
    at("today", "2026-02-15T08:00:00Z", 500, { currency: "CHF", pricePerSecond: "0.020000" }),
  ];
  const placedIds = await placeExecutions(
    db,
    placed.map((entry) => entry.item),
  );
  placed.forEach((entry, index) => {
    ids[entry.name] = placedIds[index] ?? "";
  });
  // Many executions at the same moment: paging must neither skip nor repeat any of them.
  const crowdedProgram = await newCustomerProgram(db, crowded);
  await placeExecutions(
    db,
    Array.from({ length: EXPORT_CHUNK_ROWS + 3 }, () => ({
      customerId: crowded,
      customerProgramId: crowdedProgram,
      createdAt: "2026-02-10T10:00:00Z",
      timeSavedSeconds: 1,
    })),
  );
  staff = await signedIn(db, await newUser(db, "Staff", { isStaff: true }));
  const person = await newUser(db, "Execution Manager");
  await holdRole(db, person.id, customer, "execution_manager", []);
  await holdRole(db, person.id, crowded, "execution_manager", []);
  manager = await signedIn(db, person);
  // Another person: starting a session clears the person's sessions that have ended by then.
  const later = await newUser(db, "Execution Manager in January");
  await holdRole(db, later.id, customer, "execution_manager", []);
  managerInJanuary = await signedIn(db, later, NEXT_JANUARY);
  const reader = await newUser(db, "Program Manager");
  await holdRole(db, reader.id, customer, "program_manager", ["create_programs"]);
  programManager = await signedIn(db, reader);
});

afterAll(async () => {
  await app.close();
  await january.close();
});

type Item = { id: string; paymentStatus: string; programName: string; createdAt: string };

const list = (query: string, who: SignedIn = manager, on: App = app) =>
  call(on, who, "GET", `/api/os/executions?customerId=${customer}&${query}`);

describe("the executions list", () => {
  it("shows this month in Berlin, newest first, with totals excluding revoked executions", async () => {
    const response = await list("period=this_month");
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.from).toBe("2026-02-01");
    expect(body.to).toBe("2026-02-28");
    expect(body.items.map((item: Item) => item.id)).toEqual([
      ids.today,
      ids.feb14,
      ids.feb3,
      ids.feb2,
      ids.feb1,
      ids.lateJanuary,
    ]);
    expect(body.totals).toEqual({
      executions: 5,
      timeSavedSeconds: 40 + 100 + 300 + 400 + 500,
      costs: [
        { currency: "CHF", amount: "10.000000" },
        { currency: "EUR", amount: "8.400000" },
      ],
    });
    expect(body.nextCursor).toBeNull();
  });

  it("pages with a cursor without skipping or repeating, totals on every page", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await list(`period=this_month&limit=4${cursor ? `&cursor=${cursor}` : ""}`);
      expect(response.statusCode).toBe(200);
      expect(response.json().totals.executions).toBe(5);
      seen.push(...response.json().items.map((item: Item) => item.id));
      cursor = response.json().nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });

  it("pages through executions that share one moment", async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const response = await call(
        app,
        manager,
        "GET",
        `/api/os/executions?customerId=${crowded}&period=this_month&limit=200${cursor ? `&cursor=${cursor}` : ""}`,
      );
      for (const item of response.json().items as Item[]) seen.add(item.id);
      cursor = response.json().nextCursor;
    } while (cursor);
    expect(seen.size).toBe(EXPORT_CHUNK_ROWS + 3);
  });

  it("filters today, last month, this year, a custom range, program and status", async () => {
    const idsOf = async (query: string) => (await list(query)).json().items.map((item: Item) => item.id);
    expect(await idsOf("period=today")).toEqual([ids.today]);
    expect(await idsOf("period=last_month")).toEqual([ids.january]);
    expect(await idsOf("period=this_year")).toHaveLength(8);
    expect(await idsOf("period=custom&from=2025-12-01&to=2026-01-31")).toEqual([
      ids.january,
      ids.lastYearDecember,
    ]);
    expect(await idsOf(`period=this_month&customerProgramId=${injected}`)).toEqual([ids.feb14]);
    expect(await idsOf("period=this_month&status=refunded")).toEqual([ids.feb3]);
    const revoked = (await list("period=this_month&status=revoked")).json();
    expect(revoked.items.map((item: Item) => item.id)).toEqual([ids.feb2]);
    expect(revoked.totals).toMatchObject({ executions: 1, timeSavedSeconds: 200 });
  });

  it("takes last month in January from December of the previous year", async () => {
    const response = await list("period=last_month", managerInJanuary, january);
    expect(response.json().from).toBe("2026-12-01");
    expect(response.json().items.map((item: Item) => item.id)).toEqual([ids.december]);
  });

  it("shows the last 20 as one page, totals from those rows", async () => {
    const response = await list("period=last_20");
    const body = response.json();
    expect(body.from).toBeNull();
    expect(body.items).toHaveLength(9);
    expect(body.items[0].id).toBe(ids.december);
    expect(body.nextCursor).toBeNull();
    expect(body.totals.executions).toBe(8);
    const crowdedLast = await call(
      app,
      manager,
      "GET",
      `/api/os/executions?customerId=${crowded}&period=last_20`,
    );
    expect(crowdedLast.json().items).toHaveLength(20);
    expect(crowdedLast.json().totals.executions).toBe(20);
  });

  it("is for execution managers of the customer and staff only", async () => {
    expect((await list("period=today", staff)).statusCode).toBe(200);
    expect((await list("period=today", programManager)).statusCode).toBe(403);
    expect((await call(app, null, "GET", `/api/os/executions?customerId=${customer}`)).statusCode).toBe(401);
    const foreign = await call(
      app,
      manager,
      "GET",
      `/api/os/executions?customerId=${customer}&customerProgramId=${(await database.db.select().from(customerPrograms).where(eq(customerPrograms.customerId, crowded)))[0]?.id}`,
    );
    expect(foreign.statusCode).toBe(404);
  });

  it("answers bad input with a 400 problem", async () => {
    for (const query of [
      "period=custom",
      "period=custom&from=2026-02-10&to=2026-02-01",
      "period=custom&from=2020-01-01&to=2026-01-01",
      "period=yesterday",
      "period=this_month&cursor=bm9wZQ",
      "period=last_20&cursor=MjAyNi0wMi0xNVQwODowMDowMC4wMDBafjAxOTlhYWFhLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMA",
      "period=this_month&limit=0",
      "period=this_month&status=open",
    ]) {
      const response = await list(query);
      expect(response.statusCode, query).toBe(400);
      expect(response.headers["content-type"]).toContain("application/problem+json");
    }
  });
});

describe("the CSV export", () => {
  it("is an attachment with German headers, decimal commas, Berlin time and neutralised formulas", async () => {
    const response = await call(
      app,
      manager,
      "GET",
      `/api/os/executions/export.csv?customerId=${customer}&period=this_month`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toBe(
      'attachment; filename="buchungen_2026-02-01_2026-02-28.csv"',
    );
    const lines = response.body.split("\r\n");
    expect(lines[0]).toBe("\uFEFFID;Programm;Ersparte Zeit (s);Preis;Erstellt;Währung;Status");
    expect(lines).toHaveLength(1 + 6 + 1);
    expect(lines[1]).toMatch(
      new RegExp(`^${ids.today};Program [0-9a-f]+;500;10,000000;2026-02-15 09:00:00;CHF;Offen$`),
    );
    expect(lines[2]).toBe(
      `${ids.feb14};"'=HYPERLINK(""http://evil"")";400;4,000000;2026-02-14 11:00:00;EUR;Bezahlt`,
    );
    expect(lines[6]).toMatch(/;40;0,400000;2026-02-01 00:30:00;EUR;Offen$/);
    expect(lines.some((line) => line.endsWith(";Storniert"))).toBe(true);
  });

  it("streams every row of a filter larger than one chunk, once", async () => {
    const response = await call(
      app,
      manager,
      "GET",
      `/api/os/executions/export.csv?customerId=${crowded}&period=custom&from=2026-02-10&to=2026-02-10`,
    );
    const rows = response.body.split("\r\n").slice(1, -1);
    expect(rows).toHaveLength(EXPORT_CHUNK_ROWS + 3);
    expect(new Set(rows.map((row) => row.split(";")[0])).size).toBe(EXPORT_CHUNK_ROWS + 3);
  });

  it("is refused to program managers and other customers' managers, and anonymous callers", async () => {
    const url = `/api/os/executions/export.csv?customerId=${customer}&period=this_year`;
    expect((await call(app, programManager, "GET", url)).statusCode).toBe(403);
    expect((await call(app, null, "GET", url)).statusCode).toBe(401);
    const outsider = await signedIn(database.db, await newUser(database.db, "Outsider"));
    expect((await call(app, outsider, "GET", url)).statusCode).toBe(403);
  });
});
