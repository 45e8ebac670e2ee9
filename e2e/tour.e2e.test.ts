/**
 * A tour of NADOO OS on the demo data (`nadoo seed-demo`), as the Demo-Admin who holds every role:
 * every page renders in German and in English without a missing text or a browser error, and fits
 * a 375 px wide phone without the page scrolling sideways. Screenshots of every page go to
 * e2e/screenshots/tour-*.png (the README's dashboard picture is tour-dashboard-de.png).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type DemoResult, seedDemo } from "../src/modules/demo/service.ts";
import { newUser } from "../src/testing/people.ts";
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
let demo: DemoResult;

beforeAll(async () => {
  [server, browser] = await Promise.all([startOsServer(), launchChromium()]);
  demo = await seedDemo(server.db, { settings: server.settings });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const PAGES = [
  { name: "dashboard", path: "", de: "Übersicht", en: "Overview" },
  { name: "executions", path: "/executions", de: "Buchungen", en: "Executions" },
  { name: "time-accounts", path: "/time-accounts", de: "Zeitkonten", en: "Time accounts" },
  { name: "programs", path: "/programs", de: "Programme", en: "Programs" },
  { name: "employees", path: "/employees", de: "Mitarbeiter", en: "Employees" },
  { name: "api-keys", path: "/api-keys", de: "API-Schlüssel", en: "API keys" },
  { name: "roles", path: "/roles", de: "Rollen vergeben", en: "Grant roles" },
  { name: "customer", path: "/customer", de: "Stammdaten", en: "Company data" },
  { name: "complaints", path: "/complaints", de: "Reklamationen", en: "Complaints" },
] as const;

/** The staff console's pages, on the demo customer where a page works on one. */
const STAFF_PAGES = [
  { name: "complaints", path: "/complaints", de: "Reklamationen", en: "Complaints" },
  { name: "customers", path: "/customers", de: "Kunden", en: "Customers" },
  { name: "users", path: "/users", de: "Benutzer", en: "Users" },
  { name: "programs", path: "/programs", de: "Programme", en: "Programs" },
  {
    name: "customer-programs",
    path: "/customer-programs?customerId=",
    de: "Kundenprogramme",
    en: "Customer programs",
  },
  { name: "time-accounts", path: "/time-accounts?customerId=", de: "Zeitkonten", en: "Time accounts" },
  { name: "executions", path: "/executions?customerId=", de: "Buchungen", en: "Executions" },
  { name: "statements", path: "/statements?customerId=", de: "Abrechnungen", en: "Statements" },
  { name: "audit", path: "/audit", de: "Audit-Log", en: "Audit log" },
] as const;

/** Collects what would mean a broken page: browser errors and texts missing from the catalogues. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" || message.text().startsWith("Missing text")) {
      problems.push(`${message.type()}: ${message.text()}`);
    }
  });
  return problems;
}

interface AxNode {
  ignored?: boolean;
  role?: { value?: string };
  name?: { value?: string };
}

const NAMED_ROLES = new Set([
  "button",
  "link",
  "textbox",
  "combobox",
  "checkbox",
  "radio",
  "tab",
  "menuitem",
  "switch",
]);

/** Controls a screen reader (or voice control) could not name: each is a keyboard user's dead end. */
async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: AxNode[] };
  await cdp.detach();
  const controls = nodes.filter((node) => !node.ignored && NAMED_ROLES.has(node.role?.value ?? ""));
  // The menu alone has eight links: finding none would mean the check looks at nothing.
  expect(controls.length).toBeGreaterThan(8);
  return controls.filter((node) => !(node.name?.value ?? "").trim()).map((node) => node.role?.value ?? "?");
}

async function visit(page: Page, url: string, heading: string) {
  await page.goto(url);
  await expect.poll(() => page.locator("h1").first().textContent(), { timeout: 15_000 }).toBe(heading);
  // Let the page's widgets load before judging it.
  await page.waitForLoadState("networkidle");
  await expect.poll(() => page.locator("[aria-busy=true], .mantine-Skeleton-root").count()).toBe(0);
}

function admin() {
  const person = demo.people.find((entry) => entry.user.displayName === "Demo-Admin");
  if (!person) throw new Error("The demo has no Demo-Admin.");
  return person;
}

it("shows every page of the Demo-Admin in German and in English", async () => {
  const { context, page } = await passkeyBrowser(browser, { locale: "de-DE" });
  const problems = watch(page);
  await enrolWithPasskey(page, server, admin().user);
  const base = `${server.url}/os/c/${demo.customer.id}`;

  for (const entry of PAGES) {
    await visit(page, `${base}${entry.path}`, entry.de);
    expect(await unnamedControls(page), `unnamed controls on ${entry.name}`).toEqual([]);
    await screenshot(page, `tour-${entry.name}-de`);
  }
  await visit(page, `${server.url}/os/profile`, "Profil");
  await screenshot(page, "tour-profile-de");

  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect.poll(() => page.evaluate("document.documentElement.lang")).toBe("en");
  for (const entry of PAGES) {
    await visit(page, `${base}${entry.path}`, entry.en);
    await screenshot(page, `tour-${entry.name}-en`);
  }
  await visit(page, `${server.url}/os/profile`, "Profile");
  // The choice is saved to the profile; back to German for the next test.
  await page.getByRole("button", { name: "Auf Deutsch umschalten" }).click();
  await expect.poll(() => page.evaluate("document.documentElement.lang")).toBe("de");
  expect(problems).toEqual([]);
  await context.close();
});

it("fits every page on a 375 px wide phone", async () => {
  const { context, page } = await passkeyBrowser(browser, {
    locale: "de-DE",
    viewport: { width: 375, height: 812 },
  });
  const problems = watch(page);
  await enrolWithPasskey(page, server, admin().user);
  const base = `${server.url}/os/c/${demo.customer.id}`;
  for (const entry of PAGES) {
    await visit(page, `${base}${entry.path}`, entry.de);
    const width = await page.evaluate<number>("document.documentElement.scrollWidth");
    expect(width, `${entry.name} is wider than the phone`).toBeLessThanOrEqual(375);
    await screenshot(page, `tour-${entry.name}-375`);
  }
  // The menu opens from the burger on a phone and leads to a page.
  await page.getByRole("button", { name: "Menü öffnen" }).click();
  await page.getByTestId("nav-executions").click();
  await expect.poll(() => page.locator("h1").first().textContent()).toBe("Buchungen");
  expect(problems).toEqual([]);
  await context.close();
});

it("shows every page of the staff console in German and in English, and on a phone", async () => {
  const { context, page } = await passkeyBrowser(browser, { locale: "de-DE" });
  const problems = watch(page);
  const staff = await newUser(server.db, "Sina Staff", { isStaff: true });
  await signInDirectly(context, server, staff);
  const url = (path: string) => `${server.url}/staff${path}${path.endsWith("=") ? demo.customer.id : ""}`;

  for (const entry of STAFF_PAGES) {
    await visit(page, url(entry.path), entry.de);
    expect(await unnamedControls(page), `unnamed controls on staff ${entry.name}`).toEqual([]);
    await screenshot(page, `tour-staff-${entry.name}-de`);
  }
  await visit(page, `${server.url}/staff/customers/${demo.customer.id}`, "Muster GmbH");
  expect(await unnamedControls(page), "unnamed controls on the staff customer page").toEqual([]);

  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect.poll(() => page.evaluate("document.documentElement.lang")).toBe("en");
  for (const entry of STAFF_PAGES) {
    await visit(page, url(entry.path), entry.en);
    await screenshot(page, `tour-staff-${entry.name}-en`);
  }
  await page.getByRole("button", { name: "Auf Deutsch umschalten" }).click();
  await expect.poll(() => page.evaluate("document.documentElement.lang")).toBe("de");

  await page.setViewportSize({ width: 375, height: 812 });
  for (const entry of STAFF_PAGES) {
    await visit(page, url(entry.path), entry.de);
    const width = await page.evaluate<number>("document.documentElement.scrollWidth");
    expect(width, `staff ${entry.name} is wider than the phone`).toBeLessThanOrEqual(375);
  }
  expect(problems).toEqual([]);
  await context.close();
});

it("lets an execution manager dispute an execution with the keyboard alone", async () => {
  const erika = demo.people.find((entry) => entry.user.displayName === "Erika Mustermann");
  if (!erika) throw new Error("The demo has no Erika Mustermann.");
  const { context, page } = await passkeyBrowser(browser, { locale: "de-DE" });
  await enrolWithPasskey(page, server, erika.user);
  await visit(page, `${server.url}/os/c/${demo.customer.id}/executions`, "Buchungen");
  const firstOpen = page.getByRole("button", { name: /reklamieren$/ }).first();
  const label = await firstOpen.getAttribute("aria-label");
  await firstOpen.focus();
  await page.keyboard.press("Enter");
  // The dialog takes the focus into its text field; Escape closes it and the focus returns.
  const field = page.getByRole("textbox", { name: /Was ist an dieser Buchung falsch/ });
  await expect
    .poll(() => field.evaluate((element) => element === element.ownerDocument.activeElement))
    .toBe(true);
  await page.keyboard.press("Escape");
  await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
  await expect
    .poll(() => page.evaluate("document.activeElement && document.activeElement.getAttribute('aria-label')"))
    .toBe(label);
  await page.keyboard.press("Enter");
  await expect
    .poll(() => field.evaluate((element) => element === element.ownerDocument.activeElement))
    .toBe(true);
  await page.keyboard.type("Doppelt gebucht.");
  // Tab to "Abschicken" (after "Abbrechen") and press it.
  for (let step = 0; step < 5; step += 1) {
    await page.keyboard.press("Tab");
    const name = await page.evaluate("document.activeElement && document.activeElement.textContent");
    if (name === "Abschicken") break;
  }
  expect(await page.evaluate("document.activeElement && document.activeElement.textContent")).toBe(
    "Abschicken",
  );
  await page.keyboard.press("Enter");
  await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
  await expect
    .poll(() => page.getByText("Reklamation eingereicht. Die Buchung ist storniert.").count())
    .toBe(1);
  await context.close();
});
