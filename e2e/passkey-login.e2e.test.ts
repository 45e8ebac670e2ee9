/**
 * The first admin's way in, in a real Chromium with the CDP virtual authenticator (a CTAP2 security
 * key with resident keys and user verification), through the real `nadoo` process and the sign-in
 * pages of NADOO OS: `nadoo create-admin` → enrolment link → register → sign out → sign in with the
 * user code → sign out → sign in usernameless.
 */
import { once } from "node:events";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  childEnvironment,
  type RunningCli,
  runCli,
  startCli,
  waitForStatus,
} from "../src/testing/process.ts";
import { temporaryDirectory } from "../src/testing/temporary.ts";
import { freePort, launchChromium, passkeyBrowser, screenshot } from "./harness.ts";

let browser: Browser | undefined;
let server: RunningCli | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await once(server, "exit");
  }
});

async function signOut(page: Page, publicUrl: string) {
  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: "Abmelden" }).click();
  await page.waitForURL(`${publicUrl}/os/login?signedOut=1`);
  await expect.poll(() => page.locator("#login-notice").textContent()).toBe("Sie sind abgemeldet.");
}

/** NADOO OS's start page: the router writes it without the trailing slash. */
async function signedInAs(page: Page, publicUrl: string) {
  await page.waitForURL((url) => url.origin === publicUrl && /^\/os\/?$/.test(url.pathname) && !url.search);
  await expect.poll(() => page.getByTestId("user-menu").innerText()).toContain("Erika Admin");
}

it("creates the first admin, who enrols a passkey and signs in by user code and usernameless", async () => {
  const port = await freePort();
  // Browsers allow WebAuthn on http://localhost, so PUBLIC_URL uses that name.
  const publicUrl = `http://localhost:${port}`;
  const environment = childEnvironment({
    DATA_DIR: temporaryDirectory("e2e"),
    PORT: String(port),
    PUBLIC_URL: publicUrl,
  });

  const admin = await runCli(["create-admin", "--name", "Erika Admin"], environment);
  expect(admin.code, admin.stderr).toBe(0);
  const link = /^(http:\/\/localhost:\d+\/os\/enrol\/([A-Za-z0-9_-]+))$/m.exec(admin.stdout);
  const userCode = /User code:\s+(\S+)/.exec(admin.stdout)?.[1];
  expect(link).not.toBeNull();
  expect(userCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const [url, token] = [link?.[1] as string, link?.[2] as string];

  server = startCli(["serve"], environment);
  await server.address();
  await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200, 20_000);

  if (!browser) throw new Error("Chromium did not start.");
  const { context, page, cdp, authenticatorId } = await passkeyBrowser(browser);

  // Enrol with the link.
  await page.goto(url);
  await expect.poll(() => page.locator("h1").textContent()).toBe("Passkey einrichten");
  expect(await page.locator("#enrol-user-code").textContent()).toBe(userCode);
  await screenshot(page, "passkey-login-1-enrol");
  await page.fill("#passkey-name", "YubiKey blau");
  await page.click("#enrol-submit");
  await signedInAs(page, publicUrl);
  // A new admin works for no customer yet: the dashboard says so.
  await page.getByTestId("no-roles").waitFor();
  await screenshot(page, "passkey-login-2-signed-in");

  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]?.isResidentCredential).toBe(true);

  // The link is used up, and the page says so.
  expect((await page.request.get(`${publicUrl}/api/auth/enrolment/${token}`)).status()).toBe(410);

  // Sign out, then in with the user code (typed carelessly).
  await signOut(page, publicUrl);
  await screenshot(page, "passkey-login-3-login");
  await page.fill("#user-code", (userCode as string).toLowerCase().replace(/-/g, " "));
  await page.click("#login-submit");
  await signedInAs(page, publicUrl);

  // Sign out, then in usernameless with the discoverable credential.
  await signOut(page, publicUrl);
  await page.click("#passkey-login");
  await signedInAs(page, publicUrl);

  const me = await page.request.get(`${publicUrl}/api/auth/me`);
  expect(me.status()).toBe(200);
  expect((await me.json()).user).toMatchObject({ displayName: "Erika Admin", isSuperuser: true });
  const after = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(after.credentials[0]?.signCount).toBeGreaterThanOrEqual(2);

  // The used link, opened again, explains itself and leads to the sign-in page.
  await page.goto(url);
  await expect.poll(() => page.locator("#enrol-invalid").textContent()).toContain("bereits verwendet");
  await page.click("#to-login");
  await signedInAs(page, publicUrl);
  await context.close();
});
