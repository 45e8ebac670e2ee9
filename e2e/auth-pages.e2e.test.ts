/**
 * The sign-in and enrolment pages of NADOO OS in Chromium with a virtual security key: German and
 * English, phones, where people go after signing in (never to another site), failures in plain
 * words, links that no longer work; and the service worker, which must never keep an API answer.
 */
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../src/modules/audit/service.ts";
import { issueEnrolmentLink } from "../src/modules/auth/enrolment.ts";
import { enrolmentLinks } from "../src/modules/auth/schema.ts";
import { recordFailure } from "../src/modules/auth/throttle.ts";
import { formatUserCode } from "../src/modules/identity/user-code.ts";
import { holdRole, newCustomer, newUser } from "../src/testing/people.ts";
import {
  enrolWithPasskey,
  launchChromium,
  type OsServer,
  passkeyBrowser,
  screenshot,
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

/** Whether the page is wider than the window (a phone would have to scroll sideways). */
const overflowsSideways = (page: Page) =>
  page.evaluate("document.documentElement.scrollWidth > window.innerWidth") as Promise<boolean>;

async function alertText(page: Page): Promise<string> {
  const alert = page.getByRole("alert");
  await alert.first().waitFor();
  return (await alert.first().textContent()) ?? "";
}

describe("the login page", () => {
  it("speaks German, switches to English and fits a phone", async () => {
    const { context, page } = await passkeyBrowser(browser);
    await page.goto(`${server.url}/os/login`);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Anmelden");
    expect(await page.locator("#login-submit").textContent()).toBe("Anmelden");
    expect(await page.locator("#passkey-login").textContent()).toBe("Mit Passkey anmelden");
    expect(await page.locator("#user-code").getAttribute("autocomplete")).toBe("username webauthn");
    expect(await page.title()).toBe("Anmelden – NADOO OS");
    await screenshot(page, "login-de");

    await page.getByTestId("language-switch").click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Sign in");
    expect(await page.locator("#passkey-login").textContent()).toBe("Sign in with a passkey");
    expect(await page.evaluate("document.documentElement.lang")).toBe("en");
    await screenshot(page, "login-en");
    await context.close();

    const english = await passkeyBrowser(browser, { locale: "en-US" });
    await english.page.goto(`${server.url}/os/login`);
    await expect.poll(() => english.page.locator("h1").textContent()).toBe("Sign in");
    await english.context.close();

    const phone = await passkeyBrowser(browser, { viewport: { width: 375, height: 740 } });
    await phone.page.goto(`${server.url}/login?signedOut=1`);
    await phone.page.waitForURL(`${server.url}/os/login?signedOut=1`);
    await expect.poll(() => phone.page.locator("#login-notice").textContent()).toBe("Sie sind abgemeldet.");
    expect(await overflowsSideways(phone.page)).toBe(false);
    await screenshot(phone.page, "login-375");
    await phone.context.close();
  });

  it("signs in by user code and returns to the page asked for, but never to another site", async () => {
    const user = await newUser(server.db, "Nora Nächste");
    // With a role, /os/ opens her customer (enrolWithPasskey waits for a path below /os/).
    await holdRole(server.db, user.id, await newCustomer(server.db, "Nächste AG"), "program_manager", []);
    const { context, page } = await passkeyBrowser(browser);
    await enrolWithPasskey(page, server, user);
    await context.clearCookies();

    await page.goto(`${server.url}/os/profile`);
    await page.waitForURL(`${server.url}/os/login?next=%2Fos%2Fprofile`);
    await page.fill("#user-code", formatUserCode(user.code).toLowerCase());
    await page.click("#login-submit");
    await page.waitForURL(`${server.url}/os/profile`);

    // Signed in, the login page sends people on at once.
    await page.goto(`${server.url}/os/login`);
    await page.waitForURL((url) => url.pathname.startsWith("/os/c/"));

    await context.clearCookies();
    await page.goto(`${server.url}/os/login?next=${encodeURIComponent("//evil.example/os/")}`);
    await page.click("#passkey-login");
    await page.waitForURL((url) => url.origin === server.url && url.pathname.startsWith("/os/c/"));
    await context.close();
  });

  it("explains failures in plain words", async () => {
    const { context, page } = await passkeyBrowser(browser);
    await page.goto(`${server.url}/os/login`);
    await page.click("#login-submit");
    await expect.poll(() => page.locator("#user-code-error").textContent()).toContain("Bitte geben Sie");
    await page.fill("#user-code", "12345");
    await page.click("#login-submit");
    await expect
      .poll(() => page.locator("#user-code-error").textContent())
      .toContain("kein gültiger User Code");

    await page.fill("#user-code", "ZZZZ-ZZZZ-ZZZZ");
    await page.click("#login-submit");
    expect(await alertText(page)).toContain("Diesen User Code gibt es nicht");

    const fresh = await newUser(server.db, "Otto Ohnekey");
    await page.fill("#user-code", formatUserCode(fresh.code));
    await page.click("#login-submit");
    await expect.poll(() => alertText(page)).toContain("noch kein Passkey registriert");

    // A user code locked after too many failures says when to try again.
    const locked = await newUser(server.db, "Lotte Gesperrt");
    for (let attempt = 0; attempt < server.settings.failureLimit; attempt++) {
      await recordFailure(server.db, server.settings, systemActor, [`user:${locked.codeKey}`]);
    }
    await page.fill("#user-code", formatUserCode(locked.code));
    await page.click("#login-submit");
    await expect.poll(() => alertText(page)).toMatch(/Bitte versuchen Sie es in 1[45] Minuten erneut/);
    await screenshot(page, "login-locked");
    await context.close();
  });
});

describe("the enrolment page", () => {
  it("shows whom a link is for, registers the passkey and signs in", async () => {
    const user = await newUser(server.db, "Ella Einladung");
    const { url } = await issueEnrolmentLink(server.db, server.settings, systemActor, user.id);
    expect(url).toMatch(/\/os\/enrol\/[A-Za-z0-9_-]+$/);
    const { context, page } = await passkeyBrowser(browser, { viewport: { width: 375, height: 800 } });
    const linkLookups: number[] = [];
    page.on("response", (response) => {
      if (response.url().includes("/api/auth/enrolment/")) linkLookups.push(response.status());
    });
    await page.goto(url);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Passkey einrichten");
    expect(await page.locator("#enrol-user-code").textContent()).toBe(formatUserCode(user.code));
    expect(await page.getByText("Hallo Ella Einladung!").count()).toBe(1);
    expect(await page.getByText(/gültig bis \d{2}\.\d{2}\.\d{4}/).count()).toBe(1);
    expect(await overflowsSideways(page)).toBe(false);
    await screenshot(page, "enrol-375");
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, "enrol");
    await page.fill("#passkey-name", "Handy");
    await page.click("#enrol-submit");
    await page.waitForURL((address) => /^\/os\/?$/.test(address.pathname));
    await expect.poll(() => page.getByTestId("user-menu").innerText()).toContain("Ella Einladung");
    // The link was looked up once; the used-up link was not asked for again (a counted failure).
    expect(linkLookups).toEqual([200]);
    await context.close();
  });

  it("says clearly when a link is expired or unknown, and leads to the login", async () => {
    const user = await newUser(server.db, "Emil Abgelaufen");
    const issued = await issueEnrolmentLink(server.db, server.settings, systemActor, user.id);
    await server.db
      .update(enrolmentLinks)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(enrolmentLinks.id, issued.link.id));
    const { context, page } = await passkeyBrowser(browser);
    // The address printed before the sign-in pages moved still works.
    await page.goto(`${server.url}/enrol/${issued.token}`);
    await page.waitForURL(`${server.url}/os/enrol/${issued.token}`);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Dieser Link funktioniert nicht");
    expect(await page.locator("#enrol-invalid").textContent()).toContain("abgelaufen");
    expect(await page.locator("#passkey-name").count()).toBe(0);
    await screenshot(page, "enrol-expired");

    await page.goto(`${server.url}/os/enrol/no-such-token`);
    await expect.poll(() => page.locator("#enrol-invalid").textContent()).toContain("ungültig");
    await page.click("#to-login");
    await page.waitForURL(`${server.url}/os/login`);
    await context.close();
  });
});

describe("the service worker", () => {
  it("keeps the app's shell but no API answer after signing in and opening pages", async () => {
    const user = await newUser(server.db, "Paula PWA");
    const customer = await newCustomer(server.db, "PWA GmbH");
    await holdRole(server.db, user.id, customer, "execution_manager", []);
    await holdRole(server.db, user.id, customer, "time_account_manager", []);
    const { context, page } = await passkeyBrowser(browser);
    await enrolWithPasskey(page, server, user);
    await expect
      .poll(() => page.evaluate("navigator.serviceWorker.controller !== null"), { timeout: 15_000 })
      .toBe(true);

    const apiAnswers: string[] = [];
    page.on("response", (response) => {
      if (new URL(response.url()).pathname.startsWith("/api/")) apiAnswers.push(response.url());
    });
    for (const path of [
      "/os/",
      `/os/c/${customer}/executions`,
      `/os/c/${customer}/time-accounts`,
      "/os/profile",
    ]) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState("networkidle");
    }
    expect(apiAnswers.some((url) => url.includes("/api/os/"))).toBe(true);
    expect(apiAnswers.some((url) => url.includes("/api/auth/me"))).toBe(true);

    const cached = (await page.evaluate(`(async () => {
      const urls = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      }
      return urls;
    })()`)) as string[];
    expect(cached).toContain(`${server.url}/os/`);
    expect(cached.some((url) => url.includes("/os/assets/"))).toBe(true);
    expect(cached.filter((url) => new URL(url).pathname.startsWith("/api/"))).toEqual([]);
    expect(cached.filter((url) => url.includes("/enrol/"))).toEqual([]);
    await context.close();
  });
});
