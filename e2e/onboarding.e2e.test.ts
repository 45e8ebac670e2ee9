/**
 * Onboarding a new customer end to end with the web UI only (issue 8, docs/operations.md): an
 * operator creates the customer in the staff console, invites its administrator in NADOO OS and
 * grants her roles, adds the program to the catalogue, opens and tops up a time account, sets the
 * program up for the customer with pricing and that account; the administrator enrols with a passkey
 * and creates the API key for the customer's bot; the bot reports an execution through API v1, and
 * the operator sees it on the month's statement. The screenshots illustrate docs/operations.md.
 */
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { auditLog } from "../src/modules/audit/schema.ts";
import { customers } from "../src/modules/crm/schema.ts";
import { executions } from "../src/modules/executions/schema.ts";
import type { User } from "../src/modules/identity/schema.ts";
import { timeAccounts } from "../src/modules/time-accounts/schema.ts";
import { newUser } from "../src/testing/people.ts";
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
let operator: User;

const CUSTOMER = "Beispiel Logistik GmbH";
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });
/** Lets Mantine's open and close transitions finish before a picture is taken. */
const settle = (page: Page) => page.waitForTimeout(400);

beforeAll(async () => {
  [server, browser] = await Promise.all([startOsServer(), launchChromium()]);
  operator = await newUser(server.db, "Olga Operator", { isStaff: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Browser errors and missing texts of every page opened; the test ends with none. */
const problems: string[] = [];

function watch(page: Page): void {
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" || message.text().startsWith("Missing text")) {
      problems.push(`${page.url()}: ${message.text()}`);
    }
  });
}

async function grant(page: Page, customerId: string, role: string, code: string, abilities: string[]) {
  await page.goto(`${server.url}/os/c/${customerId}/roles?role=${role}`);
  await page.locator("#grant-code").fill(code);
  for (const ability of abilities) await page.getByLabel(ability, { exact: true }).check();
  await page.locator("#grant-submit").click();
  await poll(() => page.getByTestId("grant-result").textContent()).toContain("Anna Admin");
}

it("onboards a customer with the web UI only, up to the bot's first execution on the statement", async () => {
  const { context, page } = await passkeyBrowser(browser, { viewport: { width: 1280, height: 900 } });
  watch(page);
  await signInDirectly(context, server, operator);

  // 1. The customer, with its billing address (staff console → Kunden).
  await page.goto(`${server.url}/staff/customers`);
  await page.getByTestId("create-customer").click();
  const create = page.getByRole("dialog", { name: "Kunde anlegen" });
  await create.locator("#customer-name").fill(CUSTOMER);
  await create.locator("#customer-number").fill("K-1001");
  await create.locator("#billing-street").fill("Hafenstraße");
  await create.locator("#billing-houseNumber").fill("12");
  await create.locator("#billing-postalCode").fill("20457");
  await create.locator("#billing-town").fill("Hamburg");
  await create.locator("#billing-country").fill("DE");
  await create.getByTestId("create-customer-submit").click();
  await page.waitForURL(/\/staff\/customers\/[0-9a-f-]{36}$/);
  const customerId = page.url().split("/").at(-1) ?? "";
  await poll(() => page.getByTestId("customer-name").innerText()).toBe(CUSTOMER);
  await settle(page);
  await screenshot(page, "operations-1-customer");

  // 2. Its administrator, invited in NADOO OS (the console links there): a user, a contract, a link.
  await page.getByRole("link", { name: "Mitarbeiter hinzufügen, neue Benutzer einladen" }).click();
  await page.waitForURL(`**/os/c/${customerId}/employees`);
  await page.locator("#invite-user").click();
  await page.locator("#invite-name").fill("Anna Admin");
  await page.locator("#invite-submit").click();
  await page.getByTestId("enrolment-link").waitFor();
  const link = await page.locator("#enrolment-link-url").inputValue();
  expect(link).toMatch(/\/os\/enrol\/[A-Za-z0-9_-]+$/);
  const code = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(
    await page.getByTestId("invite-done").innerText(),
  )?.[0];
  expect(code).toBeDefined();
  await settle(page);
  await screenshot(page, "operations-2-invitation");
  await page.getByRole("dialog").getByRole("button", { name: "Schließen" }).first().click();

  // 3. Her roles: API keys for the bot, executions and time accounts to follow the costs.
  await grant(page, customerId, "api_key_manager", code ?? "", [
    "API-Schlüssel erstellen",
    "API-Schlüssel widerrufen",
  ]);
  await grant(page, customerId, "execution_manager", code ?? "", ["Buchungen anlegen"]);
  await grant(page, customerId, "time_account_manager", code ?? "", []);
  await settle(page);
  await screenshot(page, "operations-3-roles");

  // 4. The program in the catalogue (staff console → Programme).
  await page.goto(`${server.url}/staff/programs`);
  await page.getByTestId("create-program").click();
  const program = page.getByRole("dialog", { name: "Programm anlegen" });
  await program.getByLabel("Name").fill("Rechnungseingang");
  await program.getByLabel("Beschreibung").fill("Liest eingehende Rechnungen aus und legt sie ab.");
  await settle(page);
  await screenshot(page, "operations-4-program");
  await program.getByTestId("save-program").click();
  await program.waitFor({ state: "hidden" });

  // 5. A time account, topped up with the purchased package (staff console → Zeitkonten).
  await page.goto(`${server.url}/staff/time-accounts?customerId=${customerId}`);
  await page.getByTestId("create-time-account").click();
  await page.locator("#time-account-name").fill("Kontingent 2026");
  await page.getByRole("dialog").getByRole("button", { name: "Anlegen" }).click();
  const account = page.getByRole("article", { name: "Kontingent 2026" });
  await account.getByTestId("top-up").click();
  const topUp = page.getByRole("dialog");
  await topUp.getByTestId("amount-hours").fill("10");
  await topUp.getByTestId("change-reason").fill("Paket 10 Stunden, Rechnung 2026-118");
  await topUp.getByTestId("change-submit").click();
  await topUp.waitFor({ state: "hidden" });
  await poll(() => account.getByTestId("balance-seconds").innerText()).toContain("36.000");
  await settle(page);
  await screenshot(page, "operations-5-time-account");

  // 6. The program for the customer: time saved per run, default tier table, the account to draw from.
  await page.goto(`${server.url}/staff/customer-programs?customerId=${customerId}`);
  await page.getByTestId("create-customer-program").click();
  const setup = page.getByRole("dialog", { name: "Programm für Kunden einrichten" });
  await setup.locator("#customer-program-program").click();
  await page.getByRole("option", { name: "Rechnungseingang", exact: true }).click();
  await setup.getByLabel("Standard-Zeitersparnis pro Ausführung").fill("300");
  await setup.getByTestId("add-account").click();
  await page.getByRole("option", { name: "Kontingent 2026", exact: true }).click();
  await settle(page);
  await screenshot(page, "operations-6-customer-program");
  await setup.getByTestId("save-customer-program").click();
  await setup.waitFor({ state: "hidden" });
  await page.getByTestId("customer-program-card").waitFor();

  // 7. The administrator enrols with her passkey and creates the bot's API key in NADOO OS.
  const admin = await passkeyBrowser(browser);
  watch(admin.page);
  await admin.page.goto(link);
  await admin.page.locator("#passkey-name").fill("Annas YubiKey");
  await admin.page.locator("#enrol-submit").click();
  await admin.page.waitForURL((url) => url.pathname.startsWith(`/os/c/${customerId}`));
  await admin.page.goto(`${server.url}/os/c/${customerId}/api-keys`);
  await admin.page.getByTestId("create-api-key").click();
  await admin.page.getByTestId("api-key-name").fill("Rechnungs-Bot");
  await admin.page.getByTestId("api-key-submit").click();
  const secretField = admin.page.getByTestId("api-key-secret");
  await secretField.waitFor();
  const secret = await secretField.inputValue();
  expect(secret).toMatch(/^nadoo_[A-Za-z0-9]+$/);
  await settle(admin.page);
  await screenshot(admin.page, "operations-7-api-key");

  // 8. The bot finds its program and reports a run of 20 minutes; the account covers it.
  const headers = { authorization: `Bearer ${secret}`, "content-type": "application/json" };
  const listed = await fetch(`${server.url}/api/v1/customer-programs`, { headers });
  expect(listed.status).toBe(200);
  const programs = (await listed.json()) as { items: { id: string; programName?: string }[] };
  const customerProgramId = programs.items[0]?.id;
  const reported = await fetch(`${server.url}/api/v1/executions`, {
    method: "POST",
    headers,
    body: JSON.stringify({ customerProgramId, timeSavedSeconds: 1200 }),
  });
  expect(reported.status).toBe(201);

  // 9. The operator sees it on this month's statement.
  const month = new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Berlin",
    year: "numeric",
    month: "2-digit",
  })
    .format(new Date())
    .slice(0, 7);
  await page.goto(`${server.url}/staff/statements?customerId=${customerId}&month=${month}`);
  await poll(() => page.getByTestId("statement-lines").innerText()).toContain("Rechnungseingang");
  await settle(page);
  await screenshot(page, "operations-8-statement");

  // What the UI did is in the database and the audit log.
  const [customer] = await server.db.select().from(customers).where(eq(customers.id, customerId));
  expect(customer).toMatchObject({ name: CUSTOMER, customerNumber: "K-1001" });
  const [stored] = await server.db.select().from(executions).where(eq(executions.customerId, customerId));
  expect(stored).toMatchObject({ timeSavedSeconds: 1200, coveredSeconds: 1200, billedSeconds: 0 });
  const [balance] = await server.db
    .select({ seconds: timeAccounts.balanceSeconds })
    .from(timeAccounts)
    .where(eq(timeAccounts.customerId, customerId));
  expect(balance?.seconds).toBe(36_000 - 1200);
  const actions = (
    await server.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.actorUserId, operator.id))
  ).map((entry) => entry.action);
  expect(actions).toEqual(
    expect.arrayContaining([
      "customer.created",
      "user.created",
      "enrolment_link.issued",
      "role.granted",
      "program.created",
      "time_account.created",
      "time_account.topped_up",
      "customer_program.created",
    ]),
  );
  expect(problems).toEqual([]);
  await admin.context.close();
  await context.close();
});
