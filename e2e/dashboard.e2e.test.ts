/**
 * The dashboard of NADOO OS against the real server: key figures in German and English formats with
 * their change against the period before, a period switch (presets, a custom range, kept in the
 * URL), the prepaid balance only for time account managers, and a new customer's empty state.
 * Executions are placed on days relative to today (in Berlin), so the figures are the same whenever
 * the test runs.
 */
import { eq } from "drizzle-orm";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../src/db/connection.ts";
import { type PlacedExecution, placeExecutions } from "../src/modules/insights/test-fixtures.ts";
import { customerPrograms, programs } from "../src/modules/programs/schema.ts";
import { timeAccountWith } from "../src/modules/time-accounts/test-fixtures.ts";
import { holdRole, newCustomer, newUser } from "../src/testing/people.ts";
import { newCustomerProgram } from "../src/testing/reporting.ts";
import { addDays, presetRange, previousPeriod, reportingDay } from "../web/src/pages/dashboard/period.ts";
import {
  launchChromium,
  type OsServer,
  passkeyBrowser,
  screenshot,
  signInDirectly,
  startOsServer,
} from "./harness.ts";

let server: OsServer;
let browser: Browser;
let customerId: string;
let demoCustomerId: string;

const now = new Date();
const thisMonth = presetRange("this_month", now);
const lastMonth = presetRange("last_month", now);
// The day before this month is the whole of this month's comparison period when it is one day
// long, and always in it; the first day of last month's comparison period is never in this month's.
const dayBefore = addDays(thisMonth.from, -1);
const twoBefore = previousPeriod(lastMonth).from;

async function namedProgram(db: Database, customer: string, name: string, accountId: string) {
  const id = await newCustomerProgram(db, customer, { timeAccountIds: [accountId] });
  const [row] = await db
    .select({ programId: customerPrograms.programId })
    .from(customerPrograms)
    .where(eq(customerPrograms.id, id));
  if (!row) throw new Error("The customer program was not created.");
  await db.update(programs).set({ name }).where(eq(programs.id, row.programId));
  return id;
}

/** 10:00 UTC on a reporting day: the same day in Berlin, summer or winter. */
const at = (day: string) => `${day}T10:00:00Z`;

/** A year of varied executions for a customer whose dashboard is worth a picture. */
async function seedDemo(db: Database): Promise<string> {
  const customer = await newCustomer(db, "Muster Logistik AG");
  const account = await timeAccountWith(db, customer, 180_000, { name: "Kontingent 2026" });
  const names = ["Rechnungseingang", "Lieferscheinabgleich", "Mahnwesen", "Stammdatenpflege"];
  const ids = await Promise.all(names.map((name) => namedProgram(db, customer, name, account)));
  const placed: PlacedExecution[] = [];
  let seed = 7;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const today = reportingDay(now);
  for (let day = addDays(today, -800); day <= today; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    const runs = weekday === 0 || weekday === 6 ? Math.floor(random() * 2) : 2 + Math.floor(random() * 5);
    for (let run = 0; run < runs; run += 1) {
      const program = Math.floor(random() * random() * ids.length);
      const seconds = 300 + Math.floor(random() * 3000);
      placed.push({
        customerId: customer,
        customerProgramId: ids[program] as string,
        createdAt: at(day),
        timeSavedSeconds: seconds,
        coveredSeconds: random() < 0.3 ? Math.floor(seconds / 2) : 0,
        pricePerSecond: program === 0 ? "0.063889" : "0.041667",
      });
    }
  }
  for (let start = 0; start < placed.length; start += 1000)
    await placeExecutions(db, placed.slice(start, start + 1000));
  return customer;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startOsServer(), launchChromium()]);
  const db = server.db;
  customerId = await newCustomer(db, "Beispiel GmbH");
  const account = await timeAccountWith(db, customerId, 36_000, { name: "Prepaid 2026" });
  const invoices = await namedProgram(db, customerId, "Rechnungseingang", account);
  const delivery = await namedProgram(db, customerId, "Lieferscheinabgleich", account);
  const execution = (customerProgramId: string, day: string, seconds: number, covered = 0) => ({
    customerId,
    customerProgramId,
    createdAt: at(day),
    timeSavedSeconds: seconds,
    coveredSeconds: covered,
    pricePerSecond: "0.050000",
  });
  await placeExecutions(db, [
    // This month: 12 785 s, 1 800 s of them covered, 10 985 s billed at 0.05 € = 549.25 €.
    execution(invoices, thisMonth.from, 5400, 1800),
    execution(invoices, thisMonth.from, 3600),
    execution(delivery, thisMonth.from, 3785),
    // The day before (last month's last day): 10 228 s, 511.40 €.
    execution(invoices, dayBefore, 5114),
    execution(delivery, dayBefore, 5114),
    // Before last month: 20 456 s, 1 022.80 €.
    execution(invoices, twoBefore, 20456),
  ]);
  demoCustomerId = await seedDemo(db);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Polls for longer than vitest's default second: the machine may be busy with other browsers. */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 });

const plain = (value: string) => value.replace(/\s+/g, " ").trim();

/** Text as a person reads it: non-breaking spaces of number formats become plain spaces. */
async function text(locator: Locator): Promise<string> {
  return plain((await locator.textContent()) ?? "");
}

/** A table row's cells, separated by " | ". */
async function cells(row: Locator): Promise<string> {
  return (await row.locator("th, td").allTextContents()).map(plain).join(" | ");
}

const kpi = (page: Page, name: string) => page.getByTestId(`kpi-${name}`);

async function openAs(
  roles: ("execution_manager" | "time_account_manager" | "program_manager")[],
  options: { locale?: string; viewport?: { width: number; height: number }; customer?: string } = {},
) {
  const customer = options.customer ?? customerId;
  // The profile's language wins over the browser's once signed in.
  const language = options.locale?.startsWith("en") ? "en" : "de";
  const user = await newUser(server.db, "Erika Beispiel", { language });
  for (const role of roles) await holdRole(server.db, user.id, customer, role, []);
  const opened = await passkeyBrowser(browser, options);
  await signInDirectly(opened.context, server, user);
  return { ...opened, url: `${server.url}/os/c/${customer}` };
}

it("shows an execution manager this month's figures in German formats, with the change", async () => {
  const { context, page, url } = await openAs(["execution_manager"]);
  const insightCalls: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/api/os/insights/")) insightCalls.push(new URL(request.url()).pathname);
  });
  await page.goto(url);
  await eventually(() => text(kpi(page, "time-saved").getByTestId("value"))).toBe("3 Std. 33 Min. 5 Sek.");
  expect(await text(kpi(page, "time-saved").getByTestId("change"))).toBe("▲ +25 % gegenüber Vorperiode");
  expect(await text(kpi(page, "executions").getByTestId("value"))).toBe("3");
  expect(await text(kpi(page, "executions").getByTestId("change"))).toBe("▲ +50 % gegenüber Vorperiode");
  expect(await text(kpi(page, "costs").getByTestId("value"))).toBe("549,250 €");
  expect(await text(kpi(page, "costs").getByTestId("change"))).toBe("▲ +7,4 % gegenüber Vorperiode");
  expect(plain(await kpi(page, "costs").getByTestId("coverage").innerText())).toBe(
    "Durch Zeitkonten gedeckt 30 Min. Abgerechnet 3 Std. 3 Min. 5 Sek.",
  );
  // Prepaid balance is for time account managers only.
  expect(await kpi(page, "prepaid").count()).toBe(0);
  const table = page.getByTestId("programs-table");
  await eventually(() => text(table)).toContain("Rechnungseingang");
  expect(await cells(table.getByRole("row", { name: /Lieferscheinabgleich/ }))).toBe(
    "Lieferscheinabgleich | 1 | 1 Std. 3 Min. 5 Sek. | 29,6 % | 189,250 €",
  );
  expect(await cells(table.locator("tfoot tr"))).toBe("Gesamt | 3 | 3 Std. 33 Min. 5 Sek. |  | 549,250 €");
  // The charts have a text alternative.
  expect(await text(page.getByTestId("chart-time").getByTestId("chart-summary"))).toContain(
    "insgesamt 3 Std. 33 Min. 5 Sek.",
  );
  // One request per widget, all three at once.
  expect([...insightCalls].sort()).toEqual([
    "/api/os/insights/programs",
    "/api/os/insights/series",
    "/api/os/insights/summary",
  ]);
  await context.close();
});

it("switches the period, keeps it in the link and checks a custom range", async () => {
  const { context, page, url } = await openAs(["execution_manager"]);
  await page.goto(url);
  const value = kpi(page, "time-saved").getByTestId("value");
  await eventually(() => text(value)).toBe("3 Std. 33 Min. 5 Sek.");

  await page.getByTestId("period-control").getByText("Letzter Monat").click();
  await eventually(() => text(value)).toBe("2 Std. 50 Min. 28 Sek.");
  expect(new URL(page.url()).searchParams.get("period")).toBe("last_month");
  expect(await text(kpi(page, "time-saved").getByTestId("change"))).toBe("▼ -50 % gegenüber Vorperiode");
  expect(await text(kpi(page, "executions").getByTestId("change"))).toBe("▲ +100 % gegenüber Vorperiode");
  // Costs falling is good news.
  expect(await text(kpi(page, "costs").getByTestId("value"))).toBe("511,400 €");
  expect(await text(kpi(page, "costs").getByTestId("change"))).toBe("▼ -50 % gegenüber Vorperiode");

  await page.reload();
  await eventually(() => text(value)).toBe("2 Std. 50 Min. 28 Sek.");

  await page.getByTestId("period-control").getByText("Eigener Zeitraum").click();
  await page.getByTestId("period-from").fill(thisMonth.from);
  await page.getByTestId("period-to").fill(dayBefore);
  await page.getByRole("button", { name: "Anzeigen" }).click();
  await eventually(() =>
    page.getByText("Das Enddatum darf nicht vor dem Startdatum liegen.").isVisible(),
  ).toBe(true);
  expect(new URL(page.url()).searchParams.get("period")).toBe("last_month");

  await page.getByTestId("period-from").fill(dayBefore);
  await page.getByTestId("period-to").fill(thisMonth.from);
  await page.getByRole("button", { name: "Anzeigen" }).click();
  await eventually(() => text(value)).toBe("6 Std. 23 Min. 33 Sek.");
  const query = new URL(page.url()).searchParams;
  expect([query.get("period"), query.get("from"), query.get("to")]).toEqual([
    "custom",
    dayBefore,
    thisMonth.from,
  ]);
  await context.close();
});

it("shows a time account manager the prepaid balance", async () => {
  const { context, page, url } = await openAs(["program_manager", "time_account_manager"]);
  await page.goto(url);
  await eventually(() => text(kpi(page, "prepaid").getByTestId("value"))).toBe("10 Std.");
  await context.close();
});

it("renders in English", async () => {
  const { context, page, url } = await openAs(["execution_manager"], { locale: "en-GB" });
  await page.goto(url);
  await eventually(() => text(kpi(page, "time-saved").getByTestId("value"))).toBe("3 h 33 min 5 s");
  expect(await text(kpi(page, "time-saved").getByTestId("change"))).toBe("▲ +25% vs previous period");
  expect(await text(kpi(page, "costs").getByTestId("value"))).toBe("€549.250");
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Overview");
  await context.close();
});

it("says in plain words when a widget cannot load, and loads it again on request", async () => {
  const { context, page, url } = await openAs(["execution_manager"]);
  let failing = true;
  await page.route("**/api/os/insights/series?**", (route) =>
    failing
      ? route.fulfill({
          status: 500,
          contentType: "application/problem+json",
          body: JSON.stringify({ status: 500, title: "Internal Server Error" }),
        })
      : route.continue(),
  );
  await page.goto(url);
  const alert = page.getByRole("alert");
  await eventually(() => text(alert)).toContain("Der Verlauf konnte nicht geladen werden");
  expect(await text(alert)).toContain("Auf dem Server ist ein Fehler aufgetreten");
  // The other widgets do not depend on it.
  expect(await text(kpi(page, "time-saved").getByTestId("value"))).toBe("3 Std. 33 Min. 5 Sek.");
  failing = false;
  await page.getByRole("button", { name: "Erneut versuchen" }).click();
  await eventually(() => page.getByTestId("chart-time").isVisible()).toBe(true);
  expect(await page.getByRole("alert").count()).toBe(0);
  await context.close();
});

it("gives a new customer an intentional empty state", async () => {
  const fresh = await newCustomer(server.db, "Neukunde KG");
  await newCustomerProgram(server.db, fresh);
  const { context, page, url } = await openAs(["execution_manager"], { customer: fresh });
  await page.goto(url);
  await eventually(() => page.getByTestId("dashboard-empty").isVisible()).toBe(true);
  expect(await text(kpi(page, "time-saved").getByTestId("value"))).toBe("0 Sek.");
  expect(await text(kpi(page, "time-saved").getByTestId("change"))).toBe(
    "Kein Vergleich: in der Vorperiode gab es nichts",
  );
  expect(await page.getByTestId("chart-empty").count()).toBeGreaterThan(0);
  await screenshot(page, "dashboard-empty");
  await context.close();
});

it("looks right on a desktop, on a phone and in English (screenshots)", async () => {
  const shots = [
    { name: "dashboard-desktop-de", locale: "de-DE", viewport: { width: 1280, height: 900 } },
    { name: "dashboard-375", locale: "de-DE", viewport: { width: 375, height: 812 } },
    { name: "dashboard-en", locale: "en-GB", viewport: { width: 1280, height: 900 } },
  ];
  for (const shot of shots) {
    const { context, page, url } = await openAs(["execution_manager", "time_account_manager"], {
      customer: demoCustomerId,
      locale: shot.locale,
      viewport: shot.viewport,
    });
    await page.goto(url);
    await eventually(() => page.getByTestId("programs-table").isVisible()).toBe(true);
    await eventually(() => page.locator(".recharts-bar-rectangle").count()).toBeGreaterThan(0);
    await screenshot(page, shot.name);
    if (shot.name === "dashboard-desktop-de") {
      await page.goto(`${url}?period=last_12_months`);
      await eventually(() => page.getByText("Ersparte Zeit pro Monat").isVisible()).toBe(true);
      await page.waitForTimeout(600);
      await screenshot(page, "dashboard-12-months");
    }
    await context.close();
  }
});
