/**
 * The staff console's money pages: staff top up a customer's time account and correct it with a
 * reason, filter the customer's executions, mark the month paid, delete one execution with a refund,
 * and find all of it in the audit log. The database is checked after each step.
 */
import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { auditLog } from "../src/modules/audit/schema.ts";
import { customers } from "../src/modules/crm/schema.ts";
import { executions } from "../src/modules/executions/schema.ts";
import type { User } from "../src/modules/identity/schema.ts";
import { timeAccounts } from "../src/modules/time-accounts/schema.ts";
import { newUser } from "../src/testing/people.ts";
import {
  balanceOf,
  newReportingWorld,
  type ReportingWorld,
  reportThroughApi,
} from "../src/testing/reporting.ts";
import { reportingDay } from "../web/src/pages/dashboard/period.ts";
import {
  launchChromium,
  type OsServer,
  passkeyBrowser,
  screenshot,
  signInDirectly,
  startOsServer,
} from "./harness.ts";

const CUSTOMER = "Zeitkonto Muster GmbH";
const OTHER = "Andere Kunde AG";

let server: OsServer;
let browser: Browser;
let staff: User;
let world: ReportingWorld;
let other: ReportingWorld;
let executionIds: string[];
let accountName: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startOsServer(), launchChromium()]);
  staff = await newUser(server.db, "Sina Staff", { isStaff: true });
  world = await newReportingWorld(server.db, 3600);
  other = await newReportingWorld(server.db, 0);
  await server.db.update(customers).set({ name: CUSTOMER }).where(eq(customers.id, world.customerId));
  await server.db.update(customers).set({ name: OTHER }).where(eq(customers.id, other.customerId));
  const [account] = await server.db.select().from(timeAccounts).where(eq(timeAccounts.id, world.accountId));
  accountName = account?.name ?? "";
  executionIds = [];
  for (const seconds of [300, 600, 900]) {
    executionIds.push(await reportThroughApi(server.app, world, world.customerProgramId, seconds));
  }
  await reportThroughApi(server.app, other, other.customerProgramId, 120);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function staffPage(viewport?: { width: number; height: number }): Promise<Page> {
  const { context, page } = await passkeyBrowser(browser, viewport ? { viewport } : {});
  await signInDirectly(context, server, staff);
  return page;
}

async function pick(page: Page, option: string | RegExp): Promise<void> {
  await page.getByRole("option", { name: option }).click();
}

/** Pages load their code lazily: a second is too short a wait on a busy machine. */
function poll<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 10_000 });
}

/** Mantine's dialogs and drawers fade in and out for 200 ms; pictures wait for that. */
async function settled(page: Page): Promise<void> {
  await page.waitForTimeout(400);
}

async function fitsWidth(page: Page): Promise<void> {
  expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);
}

it("tops up an account and corrects it with a reason; a correction below zero is refused clearly", async () => {
  const page = await staffPage();
  await page.goto(`${server.url}/staff/time-accounts?customerId=${world.customerId}`);
  const card = page.getByTestId("time-account");
  await card.waitFor();
  const before = await balanceOf(server.db, world.accountId);

  await card.getByTestId("top-up").click();
  const topUp = page.getByRole("dialog");
  await topUp.getByTestId("amount-hours").fill("2");
  await topUp.getByTestId("amount-minutes").fill("30");
  await expect
    .poll(() => topUp.getByTestId("amount-preview").innerText())
    .toBe("Ergibt 2 Std. 30 Min. (9.000 Sekunden).");
  await topUp.getByTestId("change-reason").fill("Paket M gekauft");
  await settled(page);
  await screenshot(page, "staff-time-accounts-2-top-up");
  await topUp.getByTestId("change-submit").click();
  await topUp.waitFor({ state: "detached" });
  await poll(() => balanceOf(server.db, world.accountId)).toBe(before + 9000);
  await expect
    .poll(() => card.getByTestId("balance-seconds").innerText())
    .toContain((before + 9000).toLocaleString("de-DE"));

  await card.getByTestId("adjust").click();
  const adjust = page.getByRole("dialog");
  await adjust.getByText("Abziehen").click();
  await adjust.getByTestId("amount-hours").fill("100000");
  await adjust.getByTestId("change-submit").click();
  await adjust.getByText("Bitte geben Sie einen Grund an.").waitFor();
  await adjust.getByTestId("change-reason").fill("Doppelt gebucht");
  await adjust.getByTestId("change-submit").click();
  await poll(() => adjust.getByTestId("insufficient").innerText()).toContain("Nichts wurde gebucht");
  await settled(page);
  await screenshot(page, "staff-time-accounts-3-insufficient");
  expect(await balanceOf(server.db, world.accountId)).toBe(before + 9000);

  await adjust.getByTestId("amount-hours").fill("");
  await adjust.getByTestId("amount-minutes").fill("10");
  await adjust.getByTestId("change-submit").click();
  await adjust.waitFor({ state: "detached" });
  await poll(() => balanceOf(server.db, world.accountId)).toBe(before + 9000 - 600);
  const [audit] = await server.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "time_account.adjusted"), eq(auditLog.targetId, world.accountId)));
  expect(audit?.actorUserId).toBe(staff.id);
  expect(audit?.after).toMatchObject({ seconds: -600, reason: "Doppelt gebucht" });

  await card.getByTestId("ledger-open").click();
  const ledger = page.getByTestId("ledger");
  await poll(() => ledger.getByTestId("ledger-entry").count()).toBeGreaterThanOrEqual(3);
  expect(await ledger.getByTestId("ledger-entry").first().innerText()).toContain("Doppelt gebucht");
  await settled(page);
  await screenshot(page, "staff-time-accounts-4-ledger");
  await page.keyboard.press("Escape");
  await settled(page);
  await screenshot(page, "staff-time-accounts-1");
  await page.context().close();
});

it("creates a second account, transfers to it and deactivates it", async () => {
  const page = await staffPage();
  await page.goto(`${server.url}/staff/time-accounts?customerId=${world.customerId}`);
  await page.getByTestId("time-account").first().waitFor();
  await page.getByTestId("create-time-account").click();
  await page.locator("#time-account-name").fill("Reserve 2027");
  await page.getByRole("dialog").getByRole("button", { name: "Anlegen" }).click();
  const reserve = page.getByRole("article", { name: "Reserve 2027" });
  await reserve.waitFor();
  const [created] = await server.db
    .select()
    .from(timeAccounts)
    .where(and(eq(timeAccounts.customerId, world.customerId), eq(timeAccounts.name, "Reserve 2027")));
  if (!created) throw new Error("The account was not created.");
  const before = await balanceOf(server.db, world.accountId);

  await page.getByRole("article", { name: accountName }).getByTestId("transfer").click();
  const transfer = page.getByRole("dialog");
  await transfer.getByTestId("transfer-target").click();
  await pick(page, /Reserve 2027/);
  await transfer.getByTestId("amount-minutes").fill("5");
  await transfer.getByTestId("change-submit").click();
  await transfer.waitFor({ state: "detached" });
  await poll(() => balanceOf(server.db, created.id)).toBe(300);
  expect(await balanceOf(server.db, world.accountId)).toBe(before - 300);

  await reserve.getByTestId("deactivate").click();
  await page.getByRole("dialog").getByRole("button", { name: "Deaktivieren" }).click();
  await poll(() => reserve.innerText()).toContain("Deaktiviert am");
  const [after] = await server.db.select().from(timeAccounts).where(eq(timeAccounts.id, created.id));
  expect(after?.isActive).toBe(false);
  expect(after?.balanceSeconds).toBe(300);
  await page.context().close();
});

it("filters the executions of a customer, marks the month paid and deletes one with a refund", async () => {
  const page = await staffPage();
  await page.goto(`${server.url}/staff/executions`);
  const rows = page.getByTestId("execution-row");
  await rows.first().waitFor();
  await poll(() => rows.count()).toBe(4);

  await page.getByTestId("customer-picker").click();
  await page.getByTestId("customer-picker").fill("Zeitkonto");
  await pick(page, new RegExp(CUSTOMER));
  await page.waitForURL((url) => url.searchParams.get("customerId") === world.customerId);
  await poll(() => rows.count()).toBe(3);
  expect(await rows.first().innerText()).toContain(CUSTOMER);

  await page.getByTestId("status-filter").click();
  await pick(page, "Bezahlt");
  await page.getByText("Für diese Auswahl gibt es keine Buchungen.").waitFor();
  await page.getByTestId("status-filter").click();
  await pick(page, "Alle Status");
  await poll(() => rows.count()).toBe(3);
  await screenshot(page, "staff-executions-1");

  await page.getByTestId("mark-paid").click();
  const month = reportingDay(new Date()).slice(0, 7);
  await page.getByTestId("mark-paid-month").fill(month);
  await page.getByTestId("mark-paid-next").click();
  const confirm = page.getByRole("dialog", { name: "Als bezahlt markieren?" });
  expect(await confirm.innerText()).toContain(CUSTOMER);
  await confirm.getByTestId("confirm").click();
  await expect
    .poll(() => page.getByTestId("mark-paid-result").innerText())
    .toContain(`3 Buchungen von ${CUSTOMER}`);
  const statuses = await server.db
    .select({ status: executions.paymentStatus })
    .from(executions)
    .where(eq(executions.customerId, world.customerId));
  expect(statuses.map((row) => row.status)).toEqual(["paid", "paid", "paid"]);
  const [untouched] = await server.db
    .select({ status: executions.paymentStatus })
    .from(executions)
    .where(eq(executions.customerId, other.customerId));
  expect(untouched?.status).toBe("not_paid");
  await expect
    .poll(() => page.getByTestId("status-badge").allInnerTexts())
    .toEqual(["Bezahlt", "Bezahlt", "Bezahlt"]);

  const target = executionIds[1] as string;
  const [execution] = await server.db.select().from(executions).where(eq(executions.id, target));
  const balance = await balanceOf(server.db, world.accountId);
  await page.locator(`[data-execution-id="${target}"]`).getByTestId("delete-execution").click();
  const dialog = page.getByRole("dialog", { name: "Buchung löschen?" });
  expect(await dialog.getByRole("checkbox", { name: "Sekunden erstatten" }).isChecked()).toBe(true);
  await settled(page);
  await screenshot(page, "staff-executions-2-delete");
  await dialog.getByTestId("confirm").click();
  // The 600 s execution was covered in full by the one account.
  expect(execution?.coveredSeconds).toBe(600);
  await poll(() => page.getByTestId("refund").innerText()).toBe(`10 Min. auf „${accountName}“`);
  await expect
    .poll(() => balanceOf(server.db, world.accountId))
    .toBe(balance + (execution?.coveredSeconds ?? 0));
  expect(await server.db.select().from(executions).where(eq(executions.id, target))).toEqual([]);
  await poll(() => rows.count()).toBe(2);
  await settled(page);
  await screenshot(page, "staff-executions-3-deleted");
  await page.context().close();
});

it("finds the staff actions in the audit log, with the correction's reason", async () => {
  const page = await staffPage();
  await page.goto(`${server.url}/staff/audit?customerId=${world.customerId}`);
  const entries = page.getByTestId("audit-entry");
  await entries.first().waitFor();
  const actions = await entries.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-action")));
  expect(actions).toEqual(
    expect.arrayContaining([
      "time_account.topped_up",
      "time_account.adjusted",
      "executions.marked_paid",
      "execution.deleted_with_refund",
    ]),
  );
  expect(await entries.first().innerText()).toContain("Sina Staff");

  await page.getByTestId("audit-action").fill("time_account.");
  await poll(async () =>
    (await entries.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-action")))).every(
      (action) => action?.startsWith("time_account."),
    ),
  ).toBe(true);
  const adjusted = page.locator('[data-action="time_account.adjusted"]');
  await adjusted.getByTestId("audit-toggle").click();
  await expect
    .poll(() => page.getByTestId("audit-details").innerText())
    .toContain('"reason": "Doppelt gebucht"');
  await screenshot(page, "staff-audit-1");
  await page.context().close();
});

it("fits a 375 px wide screen on all three pages", async () => {
  const page = await staffPage({ width: 375, height: 812 });
  await page.goto(`${server.url}/staff/time-accounts?customerId=${world.customerId}`);
  await page.getByTestId("time-account").first().waitFor();
  await fitsWidth(page);
  await screenshot(page, "staff-time-accounts-375");
  await page.getByTestId("adjust").first().click();
  await page.getByTestId("change-reason").waitFor();
  await fitsWidth(page);
  await settled(page);
  await screenshot(page, "staff-time-accounts-375-adjust");
  await page.keyboard.press("Escape");

  await page.goto(`${server.url}/staff/executions?customerId=${world.customerId}`);
  await page.getByTestId("execution-row").first().waitFor();
  await fitsWidth(page);
  await screenshot(page, "staff-executions-375");

  await page.goto(`${server.url}/staff/audit?customerId=${world.customerId}`);
  await page.getByTestId("audit-entry").first().waitFor();
  await page.getByTestId("audit-toggle").first().click();
  await fitsWidth(page);
  await settled(page);
  await screenshot(page, "staff-audit-375");
  await page.context().close();
});
