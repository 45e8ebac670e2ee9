/**
 * What the browser tests of NADOO OS share: the real server in this process on a free port (its
 * database is the test database, so tests seed it with the services), Chromium with the CDP
 * virtual authenticator, signing in, and screenshots under `e2e/screenshots/` (CI keeps them).
 */

import { once } from "node:events";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { type Browser, type BrowserContext, type CDPSession, chromium, type Page } from "playwright-core";
import { type App, buildApp } from "../src/app.ts";
import type { Database } from "../src/db/connection.ts";
import { systemActor } from "../src/modules/audit/service.ts";
import { issueEnrolmentLink } from "../src/modules/auth/enrolment.ts";
import { startSession } from "../src/modules/auth/sessions.ts";
import { type AuthSettings, authSettings } from "../src/modules/auth/settings.ts";
import type { User } from "../src/modules/identity/schema.ts";
import { TEST_AUTH_CONFIG } from "../src/testing/app.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/database.ts";

export const SCREENSHOT_DIRECTORY = path.resolve(import.meta.dirname, "screenshots");

export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const address = probe.address();
  probe.close();
  await once(probe, "close");
  if (!address || typeof address === "string") throw new Error("No port was assigned.");
  return address.port;
}

export interface OsServer {
  /** `http://localhost:<port>`: browsers allow WebAuthn on localhost over plain HTTP. */
  url: string;
  db: Database;
  app: App;
  settings: AuthSettings;
  close(): Promise<void>;
}

/** The product's server with the built web app, on a fresh test database. */
export async function startOsServer(): Promise<OsServer> {
  const database: TestDatabase = await createTestDatabase();
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const config = {
    ...TEST_AUTH_CONFIG,
    publicUrl: url,
    logLevel: "warn" as const,
    bodyLimitBytes: 1_048_576,
    trustProxy: false,
  };
  const app = await buildApp({ config, database: database.handle });
  await app.listen({ port, host: "127.0.0.1" });
  return {
    url,
    db: database.db,
    app,
    settings: authSettings(config),
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

export interface PasskeyBrowser {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  authenticatorId: string;
}

/**
 * A browser context in `locale` with a virtual security key (CTAP2, resident keys, user
 * verification) that answers every WebAuthn prompt by itself.
 */
export async function passkeyBrowser(
  browser: Browser,
  options: { locale?: string; timezoneId?: string; viewport?: { width: number; height: number } } = {},
): Promise<PasskeyBrowser> {
  const context = await browser.newContext({
    locale: options.locale ?? "de-DE",
    timezoneId: options.timezoneId ?? "Europe/Berlin",
    viewport: options.viewport ?? { width: 1280, height: 900 },
    acceptDownloads: true,
  });
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
  return { context, page, cdp, authenticatorId };
}

/** A one-time enrolment link for `user`, as staff would issue it. */
export async function enrolmentLinkFor(server: OsServer, user: User): Promise<string> {
  const issued = await issueEnrolmentLink(server.db, server.settings, systemActor, user.id);
  return issued.url;
}

/**
 * Registers a passkey through the enrolment page, which signs the user in, and waits for NADOO OS.
 * The real ceremony, with the browser's virtual key.
 */
export async function enrolWithPasskey(page: Page, server: OsServer, user: User, keyName = "Testschlüssel") {
  await page.goto(await enrolmentLinkFor(server, user));
  await page.locator("#passkey-name").fill(keyName);
  await page.locator("#enrol-submit").click();
  // Signed in, NADOO OS leads on: to "/os" itself for someone without roles, else below it.
  await page.waitForURL(
    (url) =>
      url.pathname === "/os" || (url.pathname.startsWith("/os/") && !url.pathname.startsWith("/os/enrol")),
  );
}

/**
 * Signs `user` in without the passkey ceremony (a real server-side session, its cookie set in the
 * context), for tests whose subject is a page, not signing in.
 */
export async function signInDirectly(context: BrowserContext, server: OsServer, user: User): Promise<void> {
  const { token } = await startSession(server.db, server.settings, user.id, { ip: "127.0.0.1" });
  await context.addCookies([
    { name: "nadoo_session", value: token, url: server.url, httpOnly: true, sameSite: "Lax" },
  ]);
}

/** Keeps a full-page picture under e2e/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIRECTORY, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIRECTORY, `${name}.png`), fullPage: true });
}
