/**
 * The frame of NADOO OS: a user without roles sees no menus and gets no data; a user with roles
 * sees exactly their menus; the app serves its PWA files.
 */

import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sessions } from "../src/modules/auth/schema.ts";
import { users } from "../src/modules/identity/schema.ts";
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

beforeAll(async () => {
  [server, browser] = await Promise.all([startOsServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it("shows a user without roles no menus and no customer data", async () => {
  const user = await newUser(server.db, "Rolf Ohnerolle");
  const { context, page } = await passkeyBrowser(browser);
  await signInDirectly(context, server, user);
  const apiCalls: string[] = [];
  page.on("response", (response) => {
    if (new URL(response.url()).pathname.startsWith("/api/os/"))
      apiCalls.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(`${server.url}/os/`);
  await expect.poll(() => page.getByTestId("no-roles").isVisible()).toBe(true);
  expect(await page.locator("[data-testid^=nav-]").count()).toBe(0);
  // Only its own roles (and its own unread notifications, for the bell) were asked for; a customer's
  // page is refused.
  expect(
    apiCalls.every(
      (call) => call.includes("/api/os/me/roles") || call.includes("/api/os/notifications/unread-count"),
    ),
  ).toBe(true);
  const other = await newCustomer(server.db, "Fremd GmbH");
  await page.goto(`${server.url}/os/c/${other}/executions`);
  await expect.poll(() => page.getByRole("alert").textContent()).toContain("Kein Zugriff");
  const direct = await page.request.get(`${server.url}/api/os/executions?customerId=${other}`);
  expect(direct.status()).toBe(403);
  await screenshot(page, "no-roles");
  await context.close();
});

it("builds the menu from the roles held for the selected customer", async () => {
  const user = await newUser(server.db, "Mia Menü");
  const first = await newCustomer(server.db, "Erste AG");
  const second = await newCustomer(server.db, "Zweite KG");
  await holdRole(server.db, user.id, first, "execution_manager", []);
  await holdRole(server.db, user.id, second, "time_account_manager", ["grant_role"]);
  const { context, page } = await passkeyBrowser(browser);
  await signInDirectly(context, server, user);
  await page.goto(`${server.url}/os/c/${first}/executions`);
  await expect.poll(() => page.getByTestId("nav-executions").isVisible()).toBe(true);
  expect(await page.getByTestId("nav-timeAccounts").count()).toBe(0);
  await page.getByLabel("Kunde").first().click();
  await page.getByRole("option", { name: "Zweite KG" }).click();
  await expect.poll(() => page.getByTestId("nav-timeAccounts").isVisible()).toBe(true);
  expect(await page.getByTestId("nav-executions").count()).toBe(0);
  expect(await page.getByTestId("nav-roles").isVisible()).toBe(true);
  await context.close();
});

it("serves the PWA manifest and a service worker that leaves the API alone", async () => {
  const manifest = await (await fetch(`${server.url}/os/manifest.webmanifest`)).json();
  // Each build names the worker's cache after itself, so an update replaces the old cache.
  const worker = await (await fetch(`${server.url}/os/sw.js`)).text();
  expect(worker).toMatch(/"nadoo-os-shell-[0-9a-f]{12}"/);
  expect(manifest).toMatchObject({ start_url: "/os/", scope: "/os/", display: "standalone" });
  const { context, page } = await passkeyBrowser(browser);
  await page.goto(`${server.url}/os/login`);
  await expect
    .poll(() =>
      // Runs in the page, where `navigator` is the browser's; Node's types do not know its workers.
      page.evaluate(`navigator.serviceWorker.getRegistration("/os/").then((r) => r?.active?.state ?? null)`),
    )
    .toBe("activated");
  await context.close();
});

it("sends a user whose session ended back to the sign-in page, and back to the page afterwards", async () => {
  const user = await newUser(server.db, "Sina Sitzung");
  const customer = await newCustomer(server.db, "Sitzung AG");
  await holdRole(server.db, user.id, customer, "execution_manager", []);
  await holdRole(server.db, user.id, customer, "program_manager", []);
  const { context, page } = await passkeyBrowser(browser);
  await signInDirectly(context, server, user);
  await page.goto(`${server.url}/os/c/${customer}/executions`);
  await expect.poll(() => page.locator("h1").first().textContent()).toBe("Buchungen");
  // The session ends on the server (idle timeout, signed out elsewhere) while the page is open.
  await server.db.delete(sessions).where(eq(sessions.userId, user.id));
  // Whichever request notices first leads to the sign-in page: the next page's, or the bell's poll
  // (then the menu is gone before the click, and the way back is the page being shown).
  await page
    .getByTestId("nav-programs")
    .click({ timeout: 5_000 })
    .catch(() => undefined);
  await page.waitForURL((url) => url.pathname === "/os/login");
  expect([`/os/c/${customer}/programs`, `/os/c/${customer}/executions`]).toContain(
    new URL(page.url()).searchParams.get("next"),
  );
  await context.close();
});

it("repeats a change once with a fresh CSRF token after a new sign-in in another tab", async () => {
  const user = await newUser(server.db, "Theo Tab");
  const { context, page } = await passkeyBrowser(browser);
  await signInDirectly(context, server, user);
  await page.goto(`${server.url}/os/profile`);
  await expect.poll(() => page.locator("h1").first().textContent()).toBe("Profil");
  // Another tab signs in again: a new session, so this tab's token is stale.
  await signInDirectly(context, server, user);
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect
    .poll(async () => (await server.db.select().from(users).where(eq(users.id, user.id)))[0]?.language)
    .toBe("en");
  expect(await page.getByRole("alert").count()).toBe(0);
  await context.close();
});
