/**
 * The first admin's way in, in a real Chromium with the CDP virtual authenticator (a CTAP2 security
 * key with resident keys and user verification): `nadoo create-admin` → enrolment link → register →
 * sign out → sign in with the user code → sign out → sign in usernameless.
 */
import { once } from "node:events";
import { createServer } from "node:net";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  childEnvironment,
  type RunningCli,
  runCli,
  startCli,
  waitForStatus,
} from "../src/testing/process.ts";
import { temporaryDirectory } from "../src/testing/temporary.ts";

/** Set E2E_SCREENSHOTS to a directory to keep a picture of every page the test visits. */
const screenshots = process.env.E2E_SCREENSHOTS;

let browser: Browser | undefined;
let server: RunningCli | undefined;

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const address = probe.address();
  probe.close();
  await once(probe, "close");
  if (!address || typeof address === "string") throw new Error("No port was assigned.");
  return address.port;
}

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--host-resolver-rules=MAP localhost 127.0.0.1",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await once(server, "exit");
  }
});

async function snapshot(page: Page, name: string) {
  if (screenshots) await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
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
  const link = /^(http:\/\/localhost:\d+\/enrol\/[A-Za-z0-9_-]+)$/m.exec(admin.stdout)?.[1];
  const userCode = /User code:\s+(\S+)/.exec(admin.stdout)?.[1];
  expect(link).toBeDefined();
  expect(userCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  server = startCli(["serve"], environment);
  await server.address();
  await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200, 20_000);

  if (!browser) throw new Error("Chromium did not start.");
  const context = await browser.newContext({ locale: "de-DE" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "usb",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  // Enrol with the link.
  await page.goto(link as string);
  await expect.poll(() => page.locator("h1").textContent()).toBe("Passkey einrichten");
  expect(await page.locator("#enrol-user-code").textContent()).toBe(userCode);
  await snapshot(page, "1-enrol");
  await page.fill("#passkey-name", "YubiKey blau");
  await page.click("#enrol-submit");
  await page.waitForURL(`${publicUrl}/account`);
  expect(await page.locator("#signed-in-as").textContent()).toBe("Angemeldet als Erika Admin");
  await snapshot(page, "2-account");

  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]?.isResidentCredential).toBe(true);

  // The link is used up.
  const reused = await page.request.get(link as string);
  expect(reused.status()).toBe(410);

  // Sign out, then in with the user code.
  await page.click("#logout");
  await page.waitForURL(`${publicUrl}/login?signedOut=1`);
  await expect.poll(() => page.locator("#status").textContent()).toBe("Sie sind abgemeldet.");
  await snapshot(page, "3-login");
  await page.fill("#user-code", (userCode as string).toLowerCase());
  await page.click("#login-submit");
  await page.waitForURL(`${publicUrl}/account`);
  expect(await page.locator("#user-code").textContent()).toBe(userCode);

  // Sign out, then in usernameless with the discoverable credential.
  await page.click("#logout");
  await page.waitForURL(`${publicUrl}/login?signedOut=1`);
  await page.click("#passkey-login");
  await page.waitForURL(`${publicUrl}/account`);
  expect(await page.locator("#signed-in-as").textContent()).toBe("Angemeldet als Erika Admin");

  const me = await page.request.get(`${publicUrl}/api/auth/me`);
  expect(me.status()).toBe(200);
  expect((await me.json()).user).toMatchObject({ displayName: "Erika Admin", isSuperuser: true });
  const after = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(after.credentials[0]?.signCount).toBeGreaterThanOrEqual(2);
  await context.close();
});
