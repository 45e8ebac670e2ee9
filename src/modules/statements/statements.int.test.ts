import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { call, holdRole, newUser, type SignedIn, signedIn } from "../../testing/people.ts";
import { newCustomerProgram } from "../../testing/reporting.ts";
import { temporaryDirectory } from "../../testing/temporary.ts";
import type { Actor } from "../access/policy.ts";
import { auditLog } from "../audit/schema.ts";
import { systemActor } from "../audit/service.ts";
import { createCustomer } from "../crm/service.ts";
import { type PlacedExecution, placeExecutions } from "../insights/test-fixtures.ts";
import { customerPrograms, programs } from "../programs/schema.ts";
import { loadStatement, statementExecutions } from "./statement.ts";

const database = useTestDatabase();
const SCREENSHOTS = path.resolve("e2e/screenshots");
let app: App;
let staff: SignedIn;
let manager: SignedIn;
let customerId: string;
let customerNumber: string;
let zeugnis: string;
let angebot: string;

async function nameProgram(customerProgramId: string, name: string): Promise<void> {
  const [program] = await database.db
    .select({ programId: customerPrograms.programId })
    .from(customerPrograms)
    .where(eq(customerPrograms.id, customerProgramId));
  if (!program) throw new Error("No such customer program.");
  await database.db.update(programs).set({ name }).where(eq(programs.id, program.programId));
}

/*
 * October 2026 in Berlin runs from 2026-09-30T22:00Z (summer time) to 2026-10-31T23:00Z (winter time).
 * Zeugnisprüfung at 0.063889 €/s, Angebotsübersicht at 0.05 €/s; one revoked and one refunded
 * execution; one just before and one just after the month.
 */
function october(): PlacedExecution[] {
  const z = { customerId, customerProgramId: zeugnis, pricePerSecond: "0.063889" };
  const a = { customerId, customerProgramId: angebot, pricePerSecond: "0.050000" };
  return [
    { ...z, createdAt: "2026-09-30T21:59:59.999Z", timeSavedSeconds: 600 },
    { ...z, createdAt: "2026-09-30T22:00:00.000Z", timeSavedSeconds: 600, coveredSeconds: 100 },
    { ...z, createdAt: "2026-10-15T10:00:00.000Z", timeSavedSeconds: 1200, paymentStatus: "paid" },
    { ...z, createdAt: "2026-10-20T10:00:00.000Z", timeSavedSeconds: 300, coveredSeconds: 300 },
    { ...z, createdAt: "2026-10-21T10:00:00.000Z", timeSavedSeconds: 600, paymentStatus: "revoked" },
    { ...a, createdAt: "2026-10-02T08:00:00.000Z", timeSavedSeconds: 60 },
    { ...a, createdAt: "2026-10-03T08:00:00.000Z", timeSavedSeconds: 120, paymentStatus: "refunded" },
    { ...a, createdAt: "2026-10-31T22:59:59.999Z", timeSavedSeconds: 3600, coveredSeconds: 600 },
    { ...a, createdAt: "2026-10-31T23:00:00.000Z", timeSavedSeconds: 3600 },
  ];
}

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  staff = await signedIn(database.db, await newUser(database.db, "Staff", { isStaff: true }));
  customerNumber = `K-${randomBytes(3).toString("hex")}`;
  const customer = await createCustomer(database.db, systemActor, {
    name: "Bäckerei Müller & Söhne GmbH",
    customerNumber,
    billingAddress: {
      addressedTo: "Buchhaltung",
      street: "Königstraße",
      houseNumber: "12a",
      postalCode: "70173",
      town: "Stuttgart",
      country: "DE",
    },
  });
  customerId = customer.id;
  zeugnis = await newCustomerProgram(database.db, customerId);
  angebot = await newCustomerProgram(database.db, customerId);
  await nameProgram(zeugnis, "Zeugnisprüfung");
  await nameProgram(angebot, "Angebotsübersicht");
  await placeExecutions(database.db, october());
  const person = await newUser(database.db, "Execution Manager");
  await holdRole(database.db, person.id, customerId, "execution_manager", [
    "create_executions",
    "grant_role",
  ]);
  manager = await signedIn(database.db, person);
});

afterAll(async () => {
  await app.close();
});

const url = (month: string, suffix = "", customer = customerId) =>
  `/api/staff/customers/${customer}/statements/${month}${suffix}`;

describe("the statement summary", () => {
  it("sums the month's open and paid executions per program, exactly, within Berlin's month", async () => {
    const response = await call(app, staff, "GET", url("2026-10"));
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.customer).toEqual({
      id: customerId,
      name: "Bäckerei Müller & Söhne GmbH",
      customerNumber,
      billingAddress: {
        addressedTo: "Buchhaltung",
        street: "Königstraße",
        houseNumber: "12a",
        postalCode: "70173",
        town: "Stuttgart",
        country: "DE",
      },
    });
    expect(body.month).toBe("2026-10");
    expect(body.period).toEqual({ from: "2026-09-30T22:00:00.000Z", to: "2026-10-31T23:00:00.000Z" });
    expect(body.lines).toEqual([
      {
        customerProgramId: angebot,
        programName: "Angebotsübersicht",
        currency: "EUR",
        executions: 2,
        timeSavedSeconds: 3660,
        coveredSeconds: 600,
        billedSeconds: 3060,
        amount: "153.000000",
      },
      {
        customerProgramId: zeugnis,
        programName: "Zeugnisprüfung",
        currency: "EUR",
        executions: 3,
        timeSavedSeconds: 2100,
        coveredSeconds: 400,
        billedSeconds: 1700,
        // 500 × 0.063889 + 1200 × 0.063889 + 0
        amount: "108.611300",
      },
    ]);
    expect(body.totals).toEqual({
      executions: 5,
      timeSavedSeconds: 5760,
      coveredSeconds: 1000,
      billedSeconds: 4760,
      amounts: [{ currency: "EUR", amount: "261.611300" }],
    });
    expect(body.statusCounts).toEqual({ not_paid: 4, paid: 1, revoked: 1, refunded: 1 });
  });

  it("is empty for a month without executions", async () => {
    const body = (await call(app, staff, "GET", url("2026-12"))).json();
    expect(body.lines).toEqual([]);
    expect(body.totals).toMatchObject({ executions: 0, amounts: [] });
  });

  it("reads the executions oldest first in keyset chunks, whatever the chunk size", async () => {
    const statement = await loadStatement(database.db, staffActor(), customerId, "2026-10");
    const all: string[] = [];
    for await (const rows of statementExecutions(database.db, statement, 2)) {
      expect(rows.length).toBeLessThanOrEqual(2);
      all.push(...rows.map((row) => row.created));
    }
    expect(all).toEqual([
      "01.10.2026 00:00:00",
      "02.10.2026 10:00:00",
      "03.10.2026 10:00:00",
      "15.10.2026 12:00:00",
      "20.10.2026 12:00:00",
      "21.10.2026 12:00:00",
      "31.10.2026 23:59:59",
    ]);
  });

  it("is refused to a customer's managers (403) and anonymous callers (401)", async () => {
    for (const suffix of ["", "/csv", "/pdf"]) {
      expect((await call(app, manager, "GET", url("2026-10", suffix))).statusCode).toBe(403);
      expect((await call(app, null, "GET", url("2026-10", suffix))).statusCode).toBe(401);
    }
  });

  it("answers 400 for a bad month and 404 for an unknown customer", async () => {
    for (const suffix of ["", "/csv", "/pdf"]) {
      const bad = await call(app, staff, "GET", url("2026-13", suffix));
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors).toEqual([expect.objectContaining({ path: "month" })]);
      const unknown = "0199aaaa-0000-7000-8000-000000000000";
      expect((await call(app, staff, "GET", url("2026-10", suffix, unknown))).statusCode).toBe(404);
      expect((await call(app, staff, "GET", url("2026-10", suffix, "not-a-customer"))).statusCode).toBe(404);
    }
  });
});

function staffActor(): Actor {
  return { user: staff.user, roles: new Map(), context: { userId: staff.user.id } };
}

async function downloads(format: "csv" | "pdf", month: string) {
  return database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "statement.downloaded"), eq(auditLog.customerId, customerId)))
    .then((entries) =>
      entries.filter((entry) => {
        const after = entry.after as { month: string; format: string };
        return after.format === format && after.month === month;
      }),
    );
}

describe("the statement CSV", () => {
  it("lists every execution of the month with its status, then the totals of the billed ones", async () => {
    const response = await call(app, staff, "GET", url("2026-10", "/csv"));
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toBe(
      `attachment; filename="abrechnung-${customerNumber.toLowerCase()}-2026-10.csv"`,
    );
    expect(response.body.startsWith("\uFEFF")).toBe(true);
    expect(response.body.slice(1).split("\r\n")).toEqual([
      "Datum;Programm;Ersparte Zeit (s);Gedeckt (s);Berechnet (s);Preis pro Sekunde;Betrag;Währung;Status",
      "01.10.2026 00:00:00;Zeugnisprüfung;600;100;500;0,063889;31,944500;EUR;Offen",
      "02.10.2026 10:00:00;Angebotsübersicht;60;0;60;0,050000;3,000000;EUR;Offen",
      "03.10.2026 10:00:00;Angebotsübersicht;120;0;120;0,050000;6,000000;EUR;Erstattet",
      "15.10.2026 12:00:00;Zeugnisprüfung;1200;0;1200;0,063889;76,666800;EUR;Bezahlt",
      "20.10.2026 12:00:00;Zeugnisprüfung;300;300;0;0,063889;0,000000;EUR;Offen",
      "21.10.2026 12:00:00;Zeugnisprüfung;600;0;600;0,063889;38,333400;EUR;Storniert",
      "31.10.2026 23:59:59;Angebotsübersicht;3600;600;3000;0,050000;150,000000;EUR;Offen",
      "Summe (Offen und Bezahlt);;5760;1000;4760;;261,611300;EUR;",
      "",
    ]);
    const [entry] = await downloads("csv", "2026-10");
    expect(entry).toMatchObject({
      actorUserId: staff.user.id,
      targetType: "customer",
      targetId: customerId,
      after: { month: "2026-10", format: "csv" },
    });
  });
});

function renderPages(pdf: Buffer, name: string): { pngs: string[]; text: string } {
  const directory = temporaryDirectory("statement");
  const file = path.join(directory, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync("pdftoppm", ["-png", "-r", "60", file, path.join(directory, name)]);
  const pngs = readdirSync(directory)
    .filter((entry) => entry.endsWith(".png"))
    .sort();
  // Kept for looking at them (e2e/screenshots is not committed).
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const old of readdirSync(SCREENSHOTS).filter((entry) => entry.startsWith(`${name}-`))) {
    rmSync(path.join(SCREENSHOTS, old));
  }
  for (const png of pngs) copyFileSync(path.join(directory, png), path.join(SCREENSHOTS, png));
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replaceAll(
    "\u00a0",
    " ",
  );
  return { pngs, text };
}

describe("the statement PDF", () => {
  it("is a German A4 statement with the summary, the totals and every execution", async () => {
    const response = await call(app, staff, "GET", url("2026-10", "/pdf"));
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.headers["content-disposition"]).toBe(
      `attachment; filename="abrechnung-${customerNumber.toLowerCase()}-2026-10.pdf"`,
    );
    expect(response.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const { pngs, text } = renderPages(response.rawPayload, "statement-october");
    expect(pngs).toHaveLength(1);
    for (const expected of [
      "NADOO",
      "Abrechnung Oktober 2026",
      "Bäckerei Müller & Söhne GmbH",
      "Königstraße 12a",
      "70173 Stuttgart",
      customerNumber,
      "01.10.2026 – 31.10.2026",
      "Angebotsübersicht",
      "Zeugnisprüfung",
      "153,000 €",
      "108,611 €",
      "261,611 €",
      "1 Std. 36 Min.",
      "01.10.2026 00:00",
      "31.10.2026 23:59",
      "Storniert",
      "Erstattet",
      "Seite 1 von 1",
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(await downloads("pdf", "2026-10")).toHaveLength(1);
  });

  it("breaks a long month onto further pages, repeating the table header, numbered 'Seite x von N'", async () => {
    const rows: PlacedExecution[] = Array.from({ length: 60 }, (_, index) => ({
      customerId,
      customerProgramId: index % 2 ? zeugnis : angebot,
      createdAt: new Date(Date.UTC(2026, 10, 1 + (index % 28), 8, index)).toISOString(),
      timeSavedSeconds: 60 + index,
      pricePerSecond: "0.050000",
    }));
    await placeExecutions(database.db, rows);
    const response = await call(app, staff, "GET", url("2026-11", "/pdf"));
    expect(response.statusCode).toBe(200);
    const { pngs, text } = renderPages(response.rawPayload, "statement-november");
    expect(pngs).toEqual(["statement-november-1.png", "statement-november-2.png"]);
    expect(text).toContain("Abrechnung November 2026");
    expect(text).toContain("Seite 1 von 2");
    expect(text).toContain("Seite 2 von 2");
    // The header is repeated on page 2: two "Datum" column titles in all.
    expect(text.match(/Datum\s+Programm/g)).toHaveLength(2);
    // The 60 executions: 60 × 60 s + (0 + … + 59) s = 5 370 s at 0.05 €/s = 268.50 €; with the
    // 3 600 s of 1 November 00:00 Berlin time from the October fixtures (180 €): 448.50 €.
    expect(text).toMatch(/Summe\s+61\s.*448,500 €/);
  });
});
