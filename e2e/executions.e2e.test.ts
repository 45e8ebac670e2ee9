/**
 * Buchungen in the browser (issue 7): an execution manager signs in with a passkey, filters this
 * month, files a complaint on an execution covered by a time account (the row turns "Storniert" and
 * the balance is refunded), and exports the filter as CSV (the downloaded file is read).
 */
import { readFile } from "node:fs/promises";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { systemActor } from "../src/modules/audit/service.ts";
import { ensureContract } from "../src/modules/hr/service.ts";
import type { User } from "../src/modules/identity/schema.ts";
import { placeExecutions } from "../src/modules/insights/test-fixtures.ts";
import { customerPrograms, programs } from "../src/modules/programs/schema.ts";
import { timeAccounts } from "../src/modules/time-accounts/schema.ts";
import { timeAccountWith } from "../src/modules/time-accounts/test-fixtures.ts";
import { holdRole, newCustomer, newUser } from "../src/testing/people.ts";
import { newApiKey, newCustomerProgram } from "../src/testing/reporting.ts";
import {
  enrolWithPasskey,
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
let accountId: string;
let manager: User;
/** This month's executions, newest last; the first two are covered by the time account. */
const thisMonth: string[] = [];
const lastMonth: string[] = [];

const BALANCE = 7200;

/** Waits for a page to show something; the first view of a page loads its code and texts. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });

async function nameProgram(customerProgramId: string, name: string): Promise<void> {
  const [row] = await server.db
    .select()
    .from(customerPrograms)
    .where(eq(customerPrograms.id, customerProgramId));
  await server.db
    .update(programs)
    .set({ name })
    .where(eq(programs.id, row?.programId ?? ""));
}

async function balance(): Promise<number> {
  const [account] = await server.db.select().from(timeAccounts).where(eq(timeAccounts.id, accountId));
  return account?.balanceSeconds ?? Number.NaN;
}

/** The middle of the previous month, whatever today is. */
function middleOfLastMonth(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15, 10, 0, 0));
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startOsServer(), launchChromium()]);
  const db = server.db;
  customerId = await newCustomer(db, "Muster Logistik GmbH");
  accountId = await timeAccountWith(db, customerId, BALANCE, { name: "Kontingent 2026" });
  const covered = await newCustomerProgram(db, customerId, {
    timeAccountIds: [accountId],
    pricingMode: "fixed",
    pricePerSecond: "0.050000",
  });
  const billed = await newCustomerProgram(db, customerId, {
    pricingMode: "fixed",
    pricePerSecond: "0.040000",
  });
  await nameProgram(covered, "Rechnungseingang");
  await nameProgram(billed, "Lieferschein-Abgleich");

  const reporter = await newUser(db, "Bot Reporter");
  await ensureContract(db, systemActor, reporter.id, customerId);
  const key = await newApiKey(db, reporter);
  for (const [customerProgramId, timeSavedSeconds] of [
    [covered, 900],
    [covered, 1500],
    [billed, 420],
  ] as const) {
    const response = await fetch(`${server.url}/api/v1/executions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ customerProgramId, timeSavedSeconds }),
    });
    expect(response.status).toBe(201);
    thisMonth.push(((await response.json()) as { id: string }).id);
  }
  lastMonth.push(
    ...(await placeExecutions(db, [
      {
        customerId,
        customerProgramId: billed,
        createdAt: middleOfLastMonth(),
        timeSavedSeconds: 300,
        paymentStatus: "paid",
      },
      {
        customerId,
        customerProgramId: covered,
        createdAt: new Date(middleOfLastMonth().getTime() + 86_400_000),
        timeSavedSeconds: 600,
        pricePerSecond: "0.050000",
      },
    ])),
  );

  manager = await newUser(db, "Erika Buchhalter");
  await holdRole(db, manager.id, customerId, "execution_manager", ["grant_role"]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function shownIds(page: Page): Promise<string[]> {
  return page
    .getByTestId("execution-row")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-execution-id") ?? ""));
}

it("an execution manager filters this month, disputes an execution and exports the CSV", async () => {
  const { context, page } = await passkeyBrowser(browser);
  await enrolWithPasskey(page, server, manager);
  await page.getByTestId("nav-executions").click();
  await page.waitForURL(`**/os/c/${customerId}/executions`);

  // The newest 20 include last month's; "Dieser Monat" shows only this month's.
  await page.getByTestId("period-filter").getByText("Letzte 20").click();
  await page.waitForURL(/period=last_20/);
  await poll(async () => (await shownIds(page)).length).toBe(thisMonth.length + lastMonth.length);
  await page.getByTestId("period-filter").getByText("Dieser Monat").click();
  await poll(async () => (await shownIds(page)).sort()).toEqual([...thisMonth].sort());
  expect(new URL(page.url()).searchParams.get("period")).toBeNull();
  const totals = page.getByTestId("totals-row");
  await poll(() => totals.textContent()).toContain("3 Buchungen");
  expect(await totals.textContent()).toContain("ohne stornierte");
  // 900 + 1500 + 420 s saved; only the 420 s of the program without an account are billed (0,04 €/s).
  expect(await page.getByTestId("totals-time").textContent()).toBe("47 Min.");
  expect(await page.getByTestId("totals-price").textContent()).toBe("16,800\u00a0€");
  // The period pills' indicator slides into place before the picture.
  await page.waitForTimeout(400);
  await screenshot(page, "executions-desktop");

  // A complaint on the 1500 s execution, which the time account covered.
  const disputed = thisMonth[1] ?? "";
  expect(await balance()).toBe(BALANCE - 900 - 1500);
  const row = page.locator(`[data-execution-id="${disputed}"]`);
  expect(await row.getByTestId("status-badge").textContent()).toBe("Offen");
  await row.getByTestId("complain").click();
  const dialog = page.getByRole("dialog", { name: "Ausführung reklamieren" });
  await poll(() => dialog.isVisible()).toBe(true);
  await expect
    .poll(() => page.evaluate(`document.activeElement?.getAttribute("data-testid")`))
    .toBe("complaint-text");
  await dialog.getByTestId("complaint-submit").click();
  await poll(() => dialog.textContent()).toContain("Bitte beschreiben Sie, was falsch ist.");
  await dialog
    .getByTestId("complaint-text")
    .fill("Der Lauf wurde doppelt gemeldet, die Rechnung gab es nur einmal.");
  await screenshot(page, "executions-complaint-dialog");
  await dialog.getByTestId("complaint-submit").click();
  await poll(() => dialog.isVisible()).toBe(false);
  await poll(() => row.getByTestId("status-badge").textContent()).toBe("Storniert");
  expect(await row.getByTestId("complain").count()).toBe(0);
  expect(await balance()).toBe(BALANCE - 900);
  // The totals leave the revoked execution out.
  await poll(() => totals.textContent()).toContain("2 Buchungen");
  const ledger = await page.request.get(`${server.url}/api/os/executions/${disputed}/complaints`);
  expect(ledger.status()).toBe(200);
  expect((await ledger.json()).items).toHaveLength(1);

  // The export of the same filter, as the browser downloads it.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("export-csv").click(),
  ]);
  const csv = (await readFile((await download.path()) ?? "", "utf8")).replace(/^\uFEFF/, "");
  const [header = "", ...lines] = csv.trim().split("\r\n");
  expect(header.split(";").slice(0, 5)).toEqual(["ID", "Programm", "Ersparte Zeit (s)", "Preis", "Erstellt"]);
  const byId = new Map(lines.map((line) => [line.split(";")[0], line.split(";")]));
  expect([...byId.keys()].sort()).toEqual([...thisMonth].sort());
  expect(byId.get(disputed)?.slice(1, 4)).toEqual(["Rechnungseingang", "1500", "0,000000"]);
  expect(byId.get(disputed)?.at(-1)).toBe("Storniert");
  expect(byId.get(thisMonth[2])?.slice(1, 4)).toEqual(["Lieferschein-Abgleich", "420", "16,800000"]);
  expect(download.suggestedFilename()).toMatch(/^buchungen_\d{4}-\d{2}-01_\d{4}-\d{2}-\d{2}\.csv$/);
  await context.close();
}, 120_000);

it("fits a 375 px wide screen", async () => {
  const { context, page } = await passkeyBrowser(browser, { viewport: { width: 375, height: 812 } });
  await signInDirectly(context, server, manager);
  await page.goto(`${server.url}/os/c/${customerId}/executions?period=last_20`);
  await poll(async () => (await shownIds(page)).length).toBe(thisMonth.length + lastMonth.length);
  // The table scrolls inside its container; the page itself does not get wider than the screen.
  expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);
  await screenshot(page, "executions-375");
  await context.close();
}, 60_000);

it("pages with 'Load more' and renders in English", async () => {
  const busy = await newCustomer(server.db, "Viel Betrieb AG");
  const program = await newCustomerProgram(server.db, busy, {
    pricingMode: "fixed",
    pricePerSecond: "0.010000",
  });
  await nameProgram(program, "Mahnwesen");
  const start = middleOfLastMonth().getTime();
  await placeExecutions(
    server.db,
    Array.from({ length: 60 }, (_, index) => ({
      customerId: busy,
      customerProgramId: program,
      createdAt: new Date(start + index * 60_000),
      timeSavedSeconds: 60,
    })),
  );
  const reader = await newUser(server.db, "Ben Reader", { language: "en" });
  await holdRole(server.db, reader.id, busy, "execution_manager", []);
  const { context, page } = await passkeyBrowser(browser, { locale: "en-GB" });
  await signInDirectly(context, server, reader);
  await page.goto(`${server.url}/os/c/${busy}/executions?period=last_month`);
  await poll(async () => (await shownIds(page)).length).toBe(50);
  expect(await page.getByTestId("totals-row").textContent()).toContain("60 executions");
  await page.getByTestId("load-more").click();
  await poll(async () => (await shownIds(page)).length).toBe(60);
  expect(new Set(await shownIds(page)).size).toBe(60);
  expect(await page.getByTestId("load-more").count()).toBe(0);
  expect(await page.getByTestId("status-badge").first().textContent()).toBe("Open");
  await screenshot(page, "executions-en");
  await context.close();
}, 60_000);
