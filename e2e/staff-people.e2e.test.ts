/**
 * The staff console's customers and users (SPEC §10): staff create a customer with its billing
 * address, create a user and hand them an enrolment link (the user enrols through it with a
 * passkey), and deactivate a user; the staff and administrator flags are superusers' alone.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { User } from "../src/modules/identity/schema.ts";
import { findUserById } from "../src/modules/identity/service.ts";
import { holdRole, newCustomer, newUser } from "../src/testing/people.ts";
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
let staff: User;
let admin: User;
let customerUser: User;

beforeAll(async () => {
  [server, browser] = await Promise.all([startOsServer(), launchChromium()]);
  staff = await newUser(server.db, "Sina Staff", { isStaff: true });
  admin = await newUser(server.db, "Anna Admin", { isSuperuser: true });
  const customerId = await newCustomer(server.db, "Bestand GmbH");
  customerUser = await newUser(server.db, "Karl Kunde");
  await holdRole(server.db, customerUser.id, customerId, "customer_manager", ["edit_customer"]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function noSidewaysScrolling(page: Page) {
  expect(await page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth")).toBe(
    true,
  );
}

it("lets staff create a customer with a billing address and edit it", async () => {
  const { context, page } = await passkeyBrowser(browser);
  await signInDirectly(context, server, staff);
  await page.goto(`${server.url}/staff/customers`);
  await page.getByTestId("create-customer").click();
  await page.locator("#customer-name").fill("Neukunde AG");
  await page.locator("#customer-number").fill("K-4711");
  await page.locator("#billing-street").fill("Hauptstraße");
  await page.locator("#billing-houseNumber").fill("5");
  await page.locator("#billing-postalCode").fill("10115");
  await page.locator("#billing-town").fill("Berlin");
  expect(await page.locator("#billing-country").inputValue()).toBe("DE");
  await screenshot(page, "staff-people-1-create-customer");
  await page.getByTestId("create-customer-submit").click();
  await page.waitForURL((url) => /^\/staff\/customers\/[0-9a-f-]{36}$/.test(url.pathname));
  await expect.poll(() => page.getByTestId("customer-name").innerText()).toBe("Neukunde AG");
  expect(await page.getByTestId("customer-number").innerText()).toContain("K-4711");
  expect(await page.getByTestId("address-billing").innerText()).toContain("Hauptstraße 5");
  const customerId = new URL(page.url()).pathname.split("/").at(-1);
  expect(await page.getByTestId("os-links").locator("a").first().getAttribute("href")).toBe(
    `/os/c/${customerId}/employees`,
  );
  expect(await page.getByTestId("staff-links").locator("a").first().getAttribute("href")).toBe(
    `/staff/customer-programs?customerId=${customerId}`,
  );

  // A customer number in use is a field error.
  await page.getByTestId("edit-master-data").click();
  await page.locator("#master-number").fill("");
  await page.locator("#master-number").fill("K-4711-B");
  await page.getByTestId("save-master-data").click();
  await expect.poll(() => page.getByTestId("customer-number").innerText()).toContain("K-4711-B");
  await page.getByRole("dialog").waitFor({ state: "hidden" });
  await screenshot(page, "staff-people-2-customer-detail");

  await page.goto(`${server.url}/staff/customers?q=neukunde`);
  await expect.poll(() => page.getByTestId("customers-table").innerText()).toContain("Neukunde AG");
  await context.close();
});

it("lets staff create a user with an enrolment link, through which the user enrols", async () => {
  const { context, page } = await passkeyBrowser(browser);
  await signInDirectly(context, server, staff);
  await page.goto(`${server.url}/staff/users`);
  await page.getByTestId("create-user").click();
  await page.locator("#user-name").fill("Nora Neu");
  // Plain staff cannot hand out the staff flags.
  expect(await page.locator("#user-is-staff").count()).toBe(0);
  await page.getByTestId("create-user-submit").click();
  await expect.poll(() => page.getByTestId("user-created").innerText()).toContain("Nora Neu");
  await page.getByTestId("issue-link").click();
  const url = await page.locator("#enrolment-link-url").inputValue();
  expect(url).toMatch(new RegExp(`^${server.url}/os/enrol/`));
  await screenshot(page, "staff-people-3-user-link");
  await context.close();

  const invited = await passkeyBrowser(browser);
  await invited.page.goto(url);
  await invited.page.locator("#passkey-name").fill("Noras Schlüssel");
  await invited.page.locator("#enrol-submit").click();
  await invited.page.waitForURL((next) => next.pathname === "/os" || next.pathname.startsWith("/os/"));
  await expect
    .poll(async () => (await invited.page.request.get(`${server.url}/api/auth/me`)).status())
    .toBe(200);
  await invited.context.close();
});

it("lets staff deactivate a user, which ends the user's session", async () => {
  const victim = await newUser(server.db, "Dora Deaktiviert");
  const victimBrowser = await passkeyBrowser(browser);
  await signInDirectly(victimBrowser.context, server, victim);
  expect((await victimBrowser.page.request.get(`${server.url}/api/auth/me`)).status()).toBe(200);

  const { context, page } = await passkeyBrowser(browser);
  await signInDirectly(context, server, staff);
  await page.goto(`${server.url}/staff/users?q=Dora`);
  await page.getByRole("link", { name: "Dora Deaktiviert" }).click();
  await page.getByTestId("deactivate").click();
  await expect.poll(() => page.getByRole("dialog").innerText()).toContain("Sitzungen enden sofort");
  // Past the dialog's opening transition.
  await page.waitForTimeout(400);
  await screenshot(page, "staff-people-4-deactivate");
  await page.getByTestId("confirm").click();
  await page.getByTestId("reactivate").waitFor();
  expect((await findUserById(server.db, victim.id))?.isActive).toBe(false);
  expect((await victimBrowser.page.request.get(`${server.url}/api/auth/me`)).status()).toBe(401);
  // A plain staff member sees no staff or administrator controls.
  expect(await page.getByTestId("flag-controls").count()).toBe(0);
  await victimBrowser.context.close();
  await context.close();
});

it("shows the staff and administrator controls to superusers only", async () => {
  const target = await newUser(server.db, "Stefan Später-Staff");
  const { context, page } = await passkeyBrowser(browser);
  await signInDirectly(context, server, admin);
  await page.goto(`${server.url}/staff/users/${target.id}`);
  await page.getByTestId("toggle-staff").click();
  await expect.poll(() => page.getByTestId("toggle-staff").innerText()).toBe("Mitarbeiterstatus entziehen");
  expect((await findUserById(server.db, target.id))?.isStaff).toBe(true);
  await screenshot(page, "staff-people-9-superuser-flags");
  await page.goto(`${server.url}/staff/users`);
  await page.getByTestId("create-user").click();
  await page.locator("#user-is-staff").waitFor();
  await page.keyboard.press("Escape");
  await context.close();
});

it("fits a 375 px wide screen and refuses customer users", async () => {
  const { context, page } = await passkeyBrowser(browser, { viewport: { width: 375, height: 800 } });
  await signInDirectly(context, server, staff);
  await page.goto(`${server.url}/staff/customers`);
  await page.getByTestId("customers-table").waitFor();
  await noSidewaysScrolling(page);
  await screenshot(page, "staff-people-5-customers-375");
  await page.getByRole("link", { name: "Neukunde AG" }).click();
  await page.getByTestId("customer-name").waitFor();
  await noSidewaysScrolling(page);
  await screenshot(page, "staff-people-6-customer-375");
  await page.goto(`${server.url}/staff/users`);
  await page.getByTestId("users-table").waitFor();
  await noSidewaysScrolling(page);
  await screenshot(page, "staff-people-7-users-375");
  await page.goto(`${server.url}/staff/users/${customerUser.id}`);
  await page.getByTestId("user-code").waitFor();
  await noSidewaysScrolling(page);
  await screenshot(page, "staff-people-8-user-375");
  await context.close();

  const customer = await passkeyBrowser(browser);
  await signInDirectly(customer.context, server, customerUser);
  await customer.page.goto(`${server.url}/staff/`);
  await expect
    .poll(() => customer.page.getByRole("alert").innerText())
    .toContain("Nur für Mitarbeiter von NADOO");
  expect((await customer.page.request.get(`${server.url}/api/staff/users`)).status()).toBe(403);
  await customer.context.close();
});
