/**
 * The staff console's frame (/staff/): signing in returns to it, customer users get a notice instead
 * of its pages, and staff work in NADOO OS for a customer they have no contract with.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { User } from "../src/modules/identity/schema.ts";
import { holdRole, newCustomer, newUser } from "../src/testing/people.ts";
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
let staff: User;
let customerUser: User;
let customerId: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startOsServer(), launchChromium()]);
  staff = await newUser(server.db, "Sina Staff", { isStaff: true });
  customerId = await newCustomer(server.db, "Muster GmbH");
  customerUser = await newUser(server.db, "Karl Kunde");
  await holdRole(server.db, customerUser.id, customerId, "execution_manager", ["create_executions"]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it("sends a signed-out visitor to the sign-in page and back to the staff page asked for", async () => {
  const { context, page } = await passkeyBrowser(browser);
  await enrolWithPasskey(page, server, staff);
  await context.clearCookies();

  await page.goto(`${server.url}/staff/customers?q=Muster`);
  await page.waitForURL((url) => url.pathname === "/os/login");
  expect(new URL(page.url()).searchParams.get("next")).toBe("/staff/customers?q=Muster");
  await page.click("#passkey-login");
  await page.waitForURL((url) => url.pathname === "/staff/customers" && url.search === "?q=Muster");
  await page.getByTestId("staff-nav-complaints").waitFor();
  await screenshot(page, "staff-console-1-after-sign-in");
  await context.close();
});

it("shows customer users a notice instead of the console, and the API refuses them", async () => {
  const { context, page } = await passkeyBrowser(browser);
  await signInDirectly(context, server, customerUser);
  await page.goto(`${server.url}/staff/complaints`);
  await expect.poll(() => page.getByRole("alert").innerText()).toContain("Nur für Mitarbeiter von NADOO");
  expect(await page.getByTestId("staff-nav-complaints").count()).toBe(0);
  expect((await page.request.get(`${server.url}/api/staff/customers`)).status()).toBe(403);
  // NADOO OS offers no way into the console either.
  await page.goto(`${server.url}/os/`);
  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: "Abmelden" }).waitFor();
  expect(await page.getByTestId("open-staff-console").count()).toBe(0);
  await context.close();
});

it("lets staff work in NADOO OS for a customer without a contract of their own", async () => {
  const { context, page } = await passkeyBrowser(browser);
  await signInDirectly(context, server, staff);
  await page.goto(`${server.url}/os/c/${customerId}/employees`);
  await expect.poll(() => page.locator("h1").innerText()).toBe("Mitarbeiter");
  await page.getByTestId("nav-roles").waitFor();
  await expect.poll(() => page.getByText("Karl Kunde").count()).toBeGreaterThan(0);
  // From NADOO OS into the console and back.
  await page.getByTestId("user-menu").click();
  await page.getByTestId("open-staff-console").click();
  await page.waitForURL((url) => url.pathname.startsWith("/staff/"));
  await page.getByTestId("user-menu").click();
  await page.getByTestId("open-os").click();
  await page.waitForURL((url) => url.pathname.startsWith("/os"));
  await context.close();
});

it("names the customer being worked on in the header, not the staff member's own employer", async () => {
  const employee = await newUser(server.db, "Nina NADOO", { isStaff: true });
  const employer = await newCustomer(server.db, "NADOO GmbH");
  await holdRole(server.db, employee.id, employer, "execution_manager", []);
  const { context, page } = await passkeyBrowser(browser);
  await signInDirectly(context, server, employee);
  await page.goto(`${server.url}/os/c/${customerId}/employees`);
  await expect.poll(() => page.locator("h1").innerText()).toBe("Mitarbeiter");
  // The switcher offers the visited customer (chosen) and the employee's own.
  const switcher = page.getByRole("combobox", { name: "Kunde", exact: true });
  await expect.poll(() => switcher.inputValue()).toBe("Muster GmbH");
  await switcher.click();
  await page.getByRole("option", { name: "NADOO GmbH" }).click();
  await page.waitForURL((url) => url.pathname === `/os/c/${employer}/employees`);
  await context.close();
});
