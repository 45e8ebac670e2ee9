/**
 * HR in NADOO OS (SPEC §3, §9): an employee manager adds an employee by user code and grants a role
 * with a subset of their own abilities (abilities they lack are not offered), then revokes one; a key
 * manager invites a new user whose one-time link works in another browser; a deactivated contract
 * shows "Inaktiv". Screenshots of both pages on desktop and at 375 px.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { systemActor } from "../src/modules/audit/service.ts";
import { ensureContract } from "../src/modules/hr/service.ts";
import { formatUserCode } from "../src/modules/identity/user-code.ts";
import { grantsOf, holdRole, newCustomer, newUser } from "../src/testing/people.ts";
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
let customer: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startOsServer(), launchChromium()]);
  customer = await newCustomer(server.db, "Hansen Logistik GmbH");
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const visible = (page: Page, selector: string) => () => page.locator(selector).first().isVisible();

it("lets an employee manager add an employee and grant, then revoke, a subset of their abilities", async () => {
  const manager = await newUser(server.db, "Erika Leitner");
  await holdRole(server.db, manager.id, customer, "employee_manager", ["add_employees", "grant_role"]);
  await holdRole(server.db, manager.id, customer, "execution_manager", ["delete_executions", "grant_role"]);
  const newcomer = await newUser(server.db, "Jonas Neumann");
  const { context, page } = await passkeyBrowser(browser);
  await signInDirectly(context, server, manager);

  // Add by code, typed carelessly: lower case, no dashes.
  await page.goto(`${server.url}/os/c/${customer}/employees`);
  await page.locator("#add-employee").click();
  await page.locator("#add-employee-code").fill(newcomer.code.toLowerCase());
  await page.locator("#add-employee-submit").click();
  await expect.poll(visible(page, "[data-testid=add-created]")).toBe(true);
  expect(await page.getByTestId("add-created").textContent()).toContain(formatUserCode(newcomer.code));
  // Adding again is answered 200 and shown as "already an employee".
  await page.getByRole("button", { name: "Weitere Person hinzufügen" }).click();
  await page.locator("#add-employee-code").fill(formatUserCode(newcomer.code));
  await page.locator("#add-employee-submit").click();
  await expect.poll(visible(page, "[data-testid=add-existing]")).toBe(true);
  // An unknown code is said in plain words.
  await page.getByRole("button", { name: "Weitere Person hinzufügen" }).click();
  await page.locator("#add-employee-code").fill("ZZZZ-ZZZZ-ZZZZ");
  await page.locator("#add-employee-submit").click();
  await expect
    .poll(() => page.getByTestId("action-error").textContent())
    .toContain("keinen Benutzer mit dem Code");
  await page.keyboard.press("Escape");

  const row = page.locator(`[data-testid=employee-row][data-code="${formatUserCode(newcomer.code)}"]`);
  await expect.poll(() => row.getByTestId("contract-status").textContent()).toBe("Aktiv");
  // Without deactivate_employees there is no (de)activation button.
  expect(await page.getByRole("button", { name: /Vertrag von .* deaktivieren/ }).count()).toBe(0);
  await screenshot(page, "hr-employees-desktop");

  // Grant execution_manager with a subset: only the abilities held are offered.
  await page.goto(`${server.url}/os/c/${customer}/roles?role=execution_manager`);
  await expect.poll(visible(page, "#grant-code")).toBe(true);
  const offered = page.locator("[data-testid=grant-abilities] input[type=checkbox]");
  expect(await offered.evaluateAll((inputs) => inputs.map((input) => input.getAttribute("value")))).toEqual([
    "delete_executions",
    "grant_role",
  ]);
  expect(await page.getByTestId("withheld-abilities").textContent()).toContain("Buchungen anlegen");
  await page.locator("#grant-code").fill(newcomer.code);
  await page.getByLabel("Buchungen löschen").check();
  await page.getByLabel("Diese Rolle vergeben").check();
  await page.locator("#grant-submit").click();
  await expect.poll(() => page.getByTestId("grant-result").textContent()).toContain("Jonas Neumann");

  const { contract } = await ensureContract(server.db, systemActor, newcomer.id, customer);
  const grantOf = async () =>
    (await grantsOf(server.db, contract.id)).find((grant) => grant.role === "execution_manager")?.abilities;
  expect(await grantOf()).toEqual(["delete_executions", "grant_role"]);
  const viaApi = await page.request.get(
    `${server.url}/api/os/customers/${customer}/role-grants?role=execution_manager`,
  );
  const holders = (await viaApi.json()).items as { user: { id: string }; abilities: string[] }[];
  expect(holders.find((holder) => holder.user.id === newcomer.id)?.abilities).toEqual([
    "delete_executions",
    "grant_role",
  ]);

  // Granting to oneself is refused before it is sent; the own row is read-only.
  await page.locator("#grant-code").fill(manager.code);
  await page.locator("#grant-submit").click();
  await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("eigenen Rollen");
  const own = page.locator(`[data-testid=holder][data-code="${formatUserCode(manager.code)}"]`);
  expect(await own.getByTestId("self-note").isVisible()).toBe(true);
  expect(await own.getByRole("button").count()).toBe(0);
  await screenshot(page, "hr-roles-desktop");

  // Revoke one ability after the question.
  await page.getByRole("button", { name: "„Diese Rolle vergeben“ von Jonas Neumann entziehen" }).click();
  await page.getByTestId("confirm").click();
  await expect.poll(grantOf).toEqual(["delete_executions"]);
  const holder = page.locator(`[data-testid=holder][data-code="${formatUserCode(newcomer.code)}"]`);
  await expect
    .poll(() =>
      holder.locator("[data-ability]").evaluateAll((els) => els.map((el) => el.getAttribute("data-ability"))),
    )
    .toEqual(["delete_executions"]);

  // 375 px: both pages stay usable.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await expect.poll(visible(page, "[data-testid=holder]")).toBe(true);
  await screenshot(page, "hr-roles-375");
  await page.goto(`${server.url}/os/c/${customer}/employees`);
  await expect.poll(visible(page, "[data-testid=employees-table]")).toBe(true);
  await screenshot(page, "hr-employees-375");
  await context.close();
});

it("lets a key manager invite a new user whose one-time link works in another browser", async () => {
  const keyManager = await newUser(server.db, "Kai Schlüssel");
  await holdRole(server.db, keyManager.id, customer, "key_manager", ["create_users"]);
  const { context, page } = await passkeyBrowser(browser);
  await signInDirectly(context, server, keyManager);
  await page.goto(`${server.url}/os/c/${customer}/employees`);
  await page.locator("#invite-user").click();
  await page.locator("#invite-name").fill("Nora Neuhaus");
  await page.locator("#invite-submit").click();
  await expect.poll(visible(page, "[data-testid=enrolment-link]")).toBe(true);
  const url = await page.locator("#enrolment-link-url").inputValue();
  expect(url).toMatch(new RegExp(`^${server.url}/os/enrol/[^/]+$`));
  expect(await page.getByTestId("enrolment-link-expiry").textContent()).toMatch(/Gültig bis \d/);
  expect(await page.getByTestId("enrolment-link").textContent()).toContain("genau einmal");
  await screenshot(page, "hr-invite-link");
  const token = url.split("/enrol/")[1] ?? "";
  expect((await fetch(`${server.url}/api/auth/enrolment/${token}`)).status).toBe(200);

  // The invited person opens the link on their own device and registers a key.
  const invited = await passkeyBrowser(browser);
  await invited.page.goto(url);
  await invited.page.locator("#passkey-name").fill("Noras Schlüssel");
  await invited.page.locator("#enrol-submit").click();
  await invited.page.waitForURL((next) => !next.pathname.includes("/enrol/"));
  const me = await invited.page.request.get(`${server.url}/api/auth/me`);
  expect(me.status()).toBe(200);
  expect((await me.json()).user.displayName).toBe("Nora Neuhaus");
  // Single use: the link is spent.
  expect((await fetch(`${server.url}/api/auth/enrolment/${token}`)).status).toBe(410);
  await invited.context.close();
  await context.close();
});

it("shows a deactivated contract as Inaktiv and finds people in a long list", async () => {
  const manager = await newUser(server.db, "Dora Direktorin");
  await holdRole(server.db, manager.id, customer, "employee_manager", [
    "add_employees",
    "deactivate_employees",
    "grant_role",
  ]);
  await holdRole(server.db, manager.id, customer, "key_manager", ["create_users", "grant_role"]);
  for (const name of ["Lena Lang", "Paul Pohl", "Sven Sommer", "Tina Tal", "Uwe Ufer", "Vera Vogt"]) {
    await ensureContract(server.db, systemActor, (await newUser(server.db, name)).id, customer);
  }
  const { context, page } = await passkeyBrowser(browser);
  await signInDirectly(context, server, manager);
  await page.goto(`${server.url}/os/c/${customer}/employees`);
  await page.getByRole("button", { name: "Vertrag von Paul Pohl deaktivieren" }).click();
  await page.getByTestId("confirm").click();
  const paul = page.locator("[data-testid=employee-row]", { hasText: "Paul Pohl" });
  await expect.poll(() => paul.getByTestId("contract-status").textContent()).toBe("Inaktiv");
  expect(await paul.textContent()).toContain("deaktiviert am");
  // The long list has a search and a status filter.
  await page.locator("#employee-search").fill("pohl");
  await expect.poll(() => page.getByTestId("employee-row").count()).toBe(1);
  await page.locator("#employee-search").fill("");
  await page.getByText("Inaktiv", { exact: true }).first().click();
  await expect.poll(() => page.getByTestId("employee-row").count()).toBe(1);
  await page.getByText("Alle", { exact: true }).click();
  await screenshot(page, "hr-employees-long-desktop");
  await page.getByRole("button", { name: "Vertrag von Paul Pohl aktivieren" }).click();
  await expect.poll(() => paul.getByTestId("contract-status").textContent()).toBe("Aktiv");

  // A new link for someone who lost their keys.
  await page.getByRole("button", { name: "Neuer Einladungslink für Lena Lang" }).click();
  await page.locator("#new-link-submit").click();
  await expect.poll(() => page.locator("#enrolment-link-url").inputValue()).toMatch(/\/os\/enrol\//);
  await page.keyboard.press("Escape");

  // At 375 px each person is a card with status and actions in view; and the page in English.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await page.locator("#employee-search").fill("o");
  await expect.poll(visible(page, "[data-testid=employee-row]")).toBe(true);
  await screenshot(page, "hr-employees-long-375");
  await page.goto(`${server.url}/os/c/${customer}/roles?role=key_manager`);
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Grant roles");
  await expect.poll(visible(page, "[data-testid=holder]")).toBe(true);
  await screenshot(page, "hr-roles-en-375");
  await context.close();
});
