/**
 * API keys and the profile in a real Chromium: an API key manager creates a key (the secret shown
 * once and copied), a program reports with it, the manager revokes it (then 401); a user adds a
 * second passkey, renames and removes one, cannot remove the last, ends another session, switches
 * to English (kept across a reload and a new sign-in) and logs out everywhere.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSession } from "../src/modules/auth/sessions.ts";
import type { User } from "../src/modules/identity/schema.ts";
import { findUserById } from "../src/modules/identity/service.ts";
import { timeAccountWith } from "../src/modules/time-accounts/test-fixtures.ts";
import { holdRole, newCustomer, newUser } from "../src/testing/people.ts";
import { newApiKey, newCustomerProgram } from "../src/testing/reporting.ts";
import {
  enrolmentLinkFor,
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

function report(secret: string, customerProgramId: string) {
  return fetch(`${server.url}/api/v1/executions`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: JSON.stringify({ customerProgramId }),
  });
}

/** A page as a phone 375 px wide shows it, in a context of its own (no resize transitions). */
async function screenshotOnPhone(
  path: string,
  user: User,
  name: string,
  ready: (page: Page) => Promise<boolean>,
): Promise<void> {
  const phone = await passkeyBrowser(browser, { viewport: { width: 375, height: 800 } });
  await signInDirectly(phone.context, server, user);
  await phone.page.goto(`${server.url}${path}`);
  await expect.poll(() => ready(phone.page)).toBe(true);
  await screenshot(phone.page, name);
  const width = await phone.page.evaluate("document.documentElement.scrollWidth");
  expect(width).toBeLessThanOrEqual(375);
  // Signed out again, so the session does not show up in the lists under test.
  await phone.page.evaluate(
    `fetch("/api/auth/me").then((r) => r.json()).then((me) => fetch("/api/auth/logout", { method: "POST", headers: { "x-csrf-token": me.csrfToken } }))`,
  );
  await phone.context.close();
}

const row = (page: Page, table: string, name: string) =>
  page.getByTestId(table).locator("tbody tr").filter({ hasText: name });

it("lets an API key manager create a key, shows the secret once, and revokes it", async () => {
  const customerId = await newCustomer(server.db, "Schlüssel GmbH");
  const accountId = await timeAccountWith(server.db, customerId, 36_000);
  const customerProgramId = await newCustomerProgram(server.db, customerId, { timeAccountIds: [accountId] });
  const manager = await newUser(server.db, "Kai Schlüsselwart");
  await holdRole(server.db, manager.id, customerId, "api_key_manager", [
    "create_api_keys",
    "delete_api_keys",
  ]);
  const colleague = await newUser(server.db, "Cora Kollegin");
  await holdRole(server.db, colleague.id, customerId, "api_key_manager", ["create_api_keys"]);
  const colleaguesKey = await newApiKey(server.db, colleague, { customerIds: [customerId] });

  const { context, page } = await passkeyBrowser(browser);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  await signInDirectly(context, server, manager);
  await page.goto(`${server.url}/os/c/${customerId}/api-keys`);
  await expect
    .poll(() => page.getByRole("heading", { name: "API-Schlüssel", level: 1 }).isVisible())
    .toBe(true);
  await expect.poll(() => page.getByText("Sie haben noch keine API-Schlüssel.").isVisible()).toBe(true);
  // The colleague's key is listed with its owner, never with a secret.
  await expect.poll(() => row(page, "customer-keys", "Cora Kollegin").isVisible()).toBe(true);
  expect(await page.getByTestId("customer-keys").textContent()).not.toContain(colleaguesKey.secret);

  await page.getByTestId("create-api-key").click();
  await page.getByTestId("api-key-name").fill("Buchhaltungs-Bot");
  await page.getByTestId("api-key-expiry").fill("2030-12-31");
  await page.getByTestId("api-key-submit").click();
  const secretField = page.getByTestId("api-key-secret");
  await secretField.waitFor();
  const secret = await secretField.inputValue();
  expect(secret).toMatch(/^nadoo_[0-9A-Za-z]{38}$/);
  expect(await page.getByRole("alert").filter({ hasText: "nie wieder angezeigt" }).isVisible()).toBe(true);
  expect(await page.getByRole("dialog").textContent()).toContain("Authorization: Bearer");
  await page.getByRole("button", { name: "Schlüssel kopieren" }).click();
  await expect.poll(() => page.getByRole("button", { name: "Kopiert" }).isVisible()).toBe(true);
  expect(await page.evaluate("navigator.clipboard.readText()")).toBe(secret);
  await screenshot(page, "api-keys-secret");
  // Neither a click outside nor Escape loses the secret; the explicit button closes the dialog.
  await page.keyboard.press("Escape");
  expect(await secretField.isVisible()).toBe(true);
  await page.getByTestId("secret-done").click();
  await expect.poll(() => page.getByTestId("api-key-secret").count()).toBe(0);

  // A program uses it.
  const used = await report(secret, customerProgramId);
  expect(used.status).toBe(201);

  const mine = row(page, "my-keys", "Buchhaltungs-Bot");
  await expect.poll(() => mine.isVisible()).toBe(true);
  expect(await mine.textContent()).toContain("Aktiv");
  expect(await mine.textContent()).toContain("Nur dieser Kunde");
  expect(await mine.textContent()).toContain("31.12.2030");
  expect(await mine.textContent()).toContain(secret.slice(0, 10));
  expect(await page.locator("body").textContent()).not.toContain(secret);
  await page.reload();
  await expect.poll(() => row(page, "my-keys", "Buchhaltungs-Bot").textContent()).not.toContain("Nie");
  await screenshot(page, "api-keys");
  await screenshotOnPhone(`/os/c/${customerId}/api-keys`, manager, "api-keys-375", (phone) =>
    row(phone, "my-keys", "Buchhaltungs-Bot").isVisible(),
  );

  // Revoking: asked first, then the key stops working.
  await page.getByRole("button", { name: "Schlüssel „Buchhaltungs-Bot“ widerrufen" }).first().click();
  await page.getByRole("dialog").getByTestId("confirm").click();
  await expect.poll(() => row(page, "my-keys", "Buchhaltungs-Bot").textContent()).not.toContain("Aktiv");
  expect((await report(secret, customerProgramId)).status).toBe(401);

  // delete_api_keys: the colleague's key restricted to this customer can be revoked here.
  await row(page, "customer-keys", "Cora Kollegin")
    .getByRole("button", { name: /widerrufen/ })
    .click();
  await page.getByRole("dialog").getByTestId("confirm").click();
  await expect.poll(() => row(page, "customer-keys", "Cora Kollegin").textContent()).not.toContain("Aktiv");
  expect((await report(colleaguesKey.secret, customerProgramId)).status).toBe(401);

  // Revoke all of mine.
  await page.getByTestId("create-api-key").click();
  await page.getByTestId("api-key-name").fill("Zweiter Bot");
  await page.getByTestId("api-key-submit").click();
  const second = await page.getByTestId("api-key-secret").inputValue();
  await page.getByTestId("secret-done").click();
  expect((await report(second, customerProgramId)).status).toBe(201);
  await page.getByTestId("revoke-all").click();
  await page.getByRole("dialog").getByTestId("confirm").click();
  await expect.poll(() => row(page, "my-keys", "Zweiter Bot").textContent()).not.toContain("Aktiv");
  expect((await report(second, customerProgramId)).status).toBe(401);
  await context.close();
});

it("manages passkeys, sessions and the language on the profile", async () => {
  const customerId = await newCustomer(server.db, "Profil AG");
  const formerId = await newCustomer(server.db, "Früher KG");
  const user = await newUser(server.db, "Paula Passkey");
  await holdRole(server.db, user.id, customerId, "execution_manager", ["create_executions"]);
  await holdRole(server.db, user.id, formerId, "program_manager", [], { activeContract: false });

  const { context, page, cdp, authenticatorId } = await passkeyBrowser(browser);
  // Enrolment (the real ceremony) signs her in with her first passkey.
  await page.goto(await enrolmentLinkFor(server, user));
  await page.locator("#passkey-name").fill("Erster Schlüssel");
  await page.locator("#enrol-submit").click();
  await page.waitForURL((url) => !url.pathname.includes("/enrol"));
  // Another session, on her phone.
  const phone = await startSession(server.db, server.settings, user.id, {
    ip: "203.0.113.7",
    userAgent:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
  });

  await page.goto(`${server.url}/os/profile`);
  await expect.poll(() => page.getByTestId("profile-name").textContent()).toBe("Paula Passkey");
  const contracts = page.getByTestId("contract");
  await expect.poll(() => contracts.count()).toBe(2);
  expect(await contracts.first().textContent()).toContain("Buchungsverwaltung");
  expect(await contracts.first().textContent()).toContain("Buchungen anlegen");
  expect(await contracts.last().textContent()).toContain("Inaktiv");
  await expect.poll(() => page.getByTestId("passkey").count()).toBe(1);
  expect(await page.getByTestId("last-passkey-hint").isVisible()).toBe(true);
  expect(await page.getByRole("button", { name: "Passkey „Erster Schlüssel“ entfernen" }).isDisabled()).toBe(
    true,
  );

  // A second passkey on another security key (the first key refuses to register twice).
  await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId });
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "usb",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  await page.getByTestId("add-passkey").click();
  await page.getByTestId("new-passkey-name").fill("Zweiter Schlüssel");
  await page.getByTestId("new-passkey-submit").click();
  await expect.poll(() => page.getByTestId("passkey").count()).toBe(2);
  expect(await page.getByTestId("last-passkey-hint").count()).toBe(0);

  // Rename the first.
  await page.getByRole("button", { name: "Passkey „Erster Schlüssel“ umbenennen" }).click();
  await page.getByTestId("rename-passkey-name").fill("YubiKey Büro");
  await page.getByTestId("rename-passkey-submit").click();
  await expect.poll(() => page.locator('[data-passkey-name="YubiKey Büro"]').count()).toBe(1);

  // A second tab still shows both passkeys when the first tab removes one.
  const stale = await context.newPage();
  await stale.goto(`${server.url}/os/profile`);
  await expect.poll(() => stale.getByTestId("passkey").count()).toBe(2);
  await page.getByRole("button", { name: "Passkey „YubiKey Büro“ entfernen" }).click();
  await page.getByRole("dialog").getByTestId("confirm").click();
  await expect.poll(() => page.getByTestId("passkey").count()).toBe(1);
  expect(await page.getByTestId("last-passkey-hint").isVisible()).toBe(true);
  expect(await page.getByRole("button", { name: "Passkey „Zweiter Schlüssel“ entfernen" }).isDisabled()).toBe(
    true,
  );
  // The stale tab tries to remove the last one: the server's 409 in plain words.
  await stale.getByRole("button", { name: "Passkey „Zweiter Schlüssel“ entfernen" }).click();
  await stale.getByRole("dialog").getByTestId("confirm").click();
  await expect
    .poll(() => stale.getByRole("dialog").getByRole("alert").textContent())
    .toContain("Ihren letzten Passkey können Sie nicht entfernen");
  await stale.close();

  // Sessions: this one marked, the phone's ended.
  const sessionRows = page.getByTestId("sessions").locator("tbody tr");
  await page.reload();
  await expect.poll(() => sessionRows.count()).toBe(2);
  expect(await page.locator('[data-current="true"]').textContent()).toContain("Diese Sitzung");
  await screenshot(page, "profile");
  await screenshotOnPhone("/os/profile", user, "profile-375", (small) =>
    small.getByTestId("sessions").isVisible(),
  );
  const phoneRow = page.locator(`[data-session-id="${phone.session.id}"]`);
  expect(await phoneRow.textContent()).toContain("Safari auf iOS");
  await phoneRow.getByRole("button", { name: "Sitzung auf Safari auf iOS beenden" }).click();
  await page.getByRole("dialog").getByTestId("confirm").click();
  await expect.poll(() => sessionRows.count()).toBe(1);
  const phoneMe = await fetch(`${server.url}/api/auth/me`, {
    headers: { cookie: `nadoo_session=${phone.token}` },
  });
  expect(phoneMe.status).toBe(401);

  // English, saved to the profile: kept across a reload and a new sign-in on another device.
  await page.getByTestId("language-switch").click();
  await expect.poll(() => page.getByRole("heading", { name: "My passkeys" }).isVisible()).toBe(true);
  await expect.poll(async () => (await findUserById(server.db, user.id))?.language).toBe("en");
  await page.reload();
  await expect.poll(() => page.getByRole("heading", { name: "My sessions" }).isVisible()).toBe(true);
  const elsewhere = await passkeyBrowser(browser, { locale: "de-DE" });
  await signInDirectly(elsewhere.context, server, user);
  await elsewhere.page.goto(`${server.url}/os/profile`);
  await expect
    .poll(() => elsewhere.page.getByRole("heading", { name: "Profile", level: 1 }).isVisible())
    .toBe(true);
  expect(await elsewhere.page.evaluate("document.documentElement.lang")).toBe("en");
  // And back to German from the profile's own setting.
  await elsewhere.page.getByText("Deutsch").click();
  await expect
    .poll(() => elsewhere.page.getByRole("heading", { name: "Profil", level: 1 }).isVisible())
    .toBe(true);
  await expect.poll(async () => (await findUserById(server.db, user.id))?.language).toBe("de");
  await elsewhere.context.close();

  // Log out everywhere: to the sign-in page, and no session is left.
  await page.getByTestId("end-all-sessions").click();
  await page.getByRole("dialog").getByTestId("confirm").click();
  await page.waitForURL((url) => url.pathname === "/os/login");
  expect((await page.request.get(`${server.url}/api/auth/me`)).status()).toBe(401);
  await context.close();
});
