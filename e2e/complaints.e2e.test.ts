/**
 * Complaints in the browser (issue 8): staff top up a time account, the customer's bot reports
 * executions through API v1, an execution manager files a complaint on one (Buchungen) and finds it
 * under Reklamationen; staff see the bell count go up, open the queue and reject the complaint with
 * a comment (a second, stale staff tab is refused with a clear 409); the customer gets the bell
 * notification, reads the comment in the thread and finds the execution back to "Offen".
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { systemActor } from "../src/modules/audit/service.ts";
import { ensureContract } from "../src/modules/hr/service.ts";
import type { User } from "../src/modules/identity/schema.ts";
import { timeAccountWith } from "../src/modules/time-accounts/test-fixtures.ts";
import { holdRole, newCustomer, newUser } from "../src/testing/people.ts";
import { balanceOf, type IssuedKey, newApiKey, newCustomerProgram } from "../src/testing/reporting.ts";
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
let customerId: string;
let accountId: string;
let customerProgramId: string;
let key: IssuedKey;
let manager: User;
let staff: User;

const CUSTOMER = "Muster Logistik GmbH";
const TOP_UP = 3600;
const REJECTION = "Der Lauf wurde laut Protokoll nur einmal gemeldet; die Buchung ist korrekt.";

/** Waits for a page to show something; the first view of a page loads its code and texts. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });

beforeAll(async () => {
  [server, browser] = await Promise.all([startOsServer(), launchChromium()]);
  const db = server.db;
  customerId = await newCustomer(db, CUSTOMER);
  accountId = await timeAccountWith(db, customerId, 0, { name: "Kontingent 2026" });
  customerProgramId = await newCustomerProgram(db, customerId, {
    timeAccountIds: [accountId],
    pricingMode: "fixed",
    pricePerSecond: "0.050000",
  });
  const reporter = await newUser(db, "Bot Reporter");
  await ensureContract(db, systemActor, reporter.id, customerId);
  key = await newApiKey(db, reporter);
  manager = await newUser(db, "Erika Buchhalter");
  await holdRole(db, manager.id, customerId, "execution_manager", ["grant_role"]);
  staff = await newUser(db, "Sina Staff", { isStaff: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Browser errors and missing texts of every page opened; each test ends with none. */
const problems: string[] = [];

function watch(page: Page): void {
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" || message.text().startsWith("Missing text")) {
      problems.push(`${page.url()}: ${message.text()}`);
    }
  });
}

async function signedIn(user: User, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await passkeyBrowser(browser, { viewport: { width, height: 900 } });
  context.on("page", watch);
  watch(page);
  await signInDirectly(context, server, user);
  return { context, page };
}

/** The bell's unread count, after asking the server again (as when the window gets focus). */
async function bellCount(page: Page): Promise<number> {
  await page.evaluate(`window.dispatchEvent(new Event("focus"))`);
  return Number(await page.getByTestId("bell-count").getAttribute("data-count"));
}

async function report(timeSavedSeconds: number): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/executions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" },
    body: JSON.stringify({ customerProgramId, timeSavedSeconds }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** A page wider than the screen scrolls sideways; none of these may. */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate<boolean>(`document.documentElement.scrollWidth <= window.innerWidth`);
}

it("a rejected complaint: filed by the customer, rejected by staff with a comment, the execution open again", async () => {
  const staffSide = await signedIn(staff);
  const customerSide = await signedIn(manager);
  const { page: desk } = staffSide;
  const { page } = customerSide;

  // Staff top up the customer's time account (the time accounts page has its own test).
  await desk.goto(`${server.url}/staff/complaints`);
  await poll(() => desk.locator("h1").innerText()).toBe("Reklamationen");
  const me = (await (await desk.request.get(`${server.url}/api/auth/me`)).json()) as { csrfToken: string };
  const topUp = await desk.request.post(`${server.url}/api/staff/time-accounts/${accountId}/top-ups`, {
    headers: { "x-csrf-token": me.csrfToken },
    data: { seconds: TOP_UP, reason: "Kauf November" },
  });
  expect(topUp.status()).toBe(201);
  await poll(() => bellCount(desk)).toBe(0);

  // The bot reports two executions; the time account covers both.
  await report(600);
  const disputed = await report(1500);
  expect(await balanceOf(server.db, accountId)).toBe(TOP_UP - 600 - 1500);

  // The execution manager disputes the 1500 s execution on Buchungen.
  await page.goto(`${server.url}/os/c/${customerId}/executions`);
  const row = page.locator(`[data-execution-id="${disputed}"]`);
  await poll(() => row.getByTestId("status-badge").textContent()).toBe("Offen");
  await row.getByTestId("complain").click();
  const dialog = page.getByRole("dialog", { name: "Ausführung reklamieren" });
  await dialog.getByTestId("complaint-text").fill("Dieser Lauf wurde doppelt gemeldet.");
  await dialog.getByTestId("complaint-submit").click();
  await poll(() => row.getByTestId("status-badge").textContent()).toBe("Storniert");
  expect(await balanceOf(server.db, accountId)).toBe(TOP_UP - 600);

  // The revoked row leads to its complaint; the list under Reklamationen shows it open.
  await row.getByTestId("open-complaint").click();
  await page.waitForURL(new RegExp(`/os/c/${customerId}/complaints/[0-9a-f-]{36}$`));
  const complaintId = page.url().split("/").at(-1) ?? "";
  await poll(() => page.getByTestId("complaint-text").innerText()).toBe(
    "Dieser Lauf wurde doppelt gemeldet.",
  );
  await page.getByTestId("nav-complaints").click();
  await page.waitForURL(`**/os/c/${customerId}/complaints`);
  const listed = page.locator(`[data-complaint-id="${complaintId}"]`);
  await poll(() => listed.getByTestId("complaint-status").textContent()).toBe("Offen");
  expect(await page.getByTestId("complaint-row").count()).toBe(1);
  await screenshot(page, "complaints-os-list-desktop");

  // Staff: the bell counts the new complaint; its notification and the queue (default "Offen") show it.
  await poll(() => bellCount(desk)).toBe(1);
  expect(await desk.getByTestId("notification-bell").getAttribute("aria-label")).toBe(
    "Benachrichtigungen, 1 ungelesen",
  );
  await desk.getByTestId("notification-bell").click();
  const news = desk.getByTestId("notification");
  await poll(() => news.first().innerText()).toContain(`Neue Reklamation von ${CUSTOMER}`);
  await desk.waitForTimeout(300); // the menu's opening transition
  await screenshot(desk, "complaints-staff-bell-desktop");
  await desk.keyboard.press("Escape");
  await desk.reload();
  const queued = desk.locator(`[data-complaint-id="${complaintId}"]`);
  await poll(() => queued.innerText()).toContain(CUSTOMER);
  expect(await queued.innerText()).toContain("Erika Buchhalter");
  await screenshot(desk, "complaints-staff-queue-desktop");
  await queued.getByTestId("open-complaint").click();
  await desk.waitForURL(`**/staff/complaints/${complaintId}`);

  // A second staff tab opened now will be stale once the first one has decided.
  const stale = await staffSide.context.newPage();
  await stale.goto(`${server.url}/staff/complaints/${complaintId}`);
  await stale.getByTestId("accept").waitFor();

  await desk.getByTestId("start-work").click();
  await poll(() => desk.getByTestId("complaint-status").first().textContent()).toBe("In Bearbeitung");
  await desk.getByTestId("reject").click();
  const reject = desk.getByRole("dialog", { name: "Reklamation ablehnen" });
  await poll(() => reject.innerText()).toContain("Die Buchung wird wieder offen");
  await reject.getByTestId("decision-submit").click();
  await poll(() => reject.innerText()).toContain("Bitte begründen Sie die Ablehnung.");
  await reject.getByTestId("decision-comment").fill(REJECTION);
  await screenshot(desk, "complaints-staff-reject-dialog");
  await reject.getByTestId("decision-submit").click();
  await poll(() => reject.isVisible()).toBe(false);
  await poll(() => desk.getByTestId("complaint-status").first().textContent()).toBe("Abgelehnt");
  await poll(() => desk.getByTestId("execution-status").innerText()).toBe("Offen");
  expect(await desk.getByTestId("status-line").allInnerTexts()).toEqual([
    "Status geändert zu In Bearbeitung",
    "Status geändert zu Abgelehnt",
  ]);
  expect(await desk.getByTestId("thread").innerText()).toContain(REJECTION);
  expect(await desk.getByTestId("closed-note").count()).toBe(1);
  await screenshot(desk, "complaints-staff-detail-desktop");

  // The stale tab tries to accept: refused (409) and said so; it then shows the complaint as it is.
  await stale.getByTestId("accept").click();
  const accept = stale.getByRole("dialog", { name: "Reklamation annehmen" });
  await accept.getByTestId("decision-submit").click();
  await poll(() => accept.getByTestId("status-conflict").innerText()).toContain("schon abgeschlossen");
  await screenshot(stale, "complaints-staff-conflict");
  await stale.keyboard.press("Escape");
  await poll(() => stale.getByTestId("closed-note").count()).toBe(1);
  await stale.close();

  // The execution draws its seconds again.
  expect(await balanceOf(server.db, accountId)).toBe(TOP_UP - 600 - 1500);

  // The customer: the bell tells of the rejection and leads to the thread with NADOO's comment.
  await poll(() => bellCount(page)).toBeGreaterThan(0);
  await page.getByTestId("notification-bell").click();
  // Two status changes (in progress, rejected); each tells the complaint's status now.
  await poll(() => page.getByTestId("notification").count()).toBe(2);
  const rejected = page.getByTestId("notification").first();
  expect(await rejected.innerText()).toContain(`Status der Reklamation von ${CUSTOMER} geändert`);
  expect(await rejected.innerText()).toContain("Jetzt: Abgelehnt");
  expect(await rejected.getAttribute("data-unread")).toBe("true");
  await page.waitForTimeout(300); // the menu's opening transition
  await screenshot(page, "complaints-os-bell-desktop");
  await page.getByTestId("mark-all-read").waitFor();
  await rejected.click();
  await page.waitForURL(`**/os/c/${customerId}/complaints/${complaintId}`);
  await poll(() => page.getByTestId("thread").innerText()).toContain(REJECTION);
  const staffComment = page.getByTestId("comment").filter({ hasText: REJECTION });
  expect(await staffComment.getByTestId("staff-author").innerText()).toBe("NADOO");
  expect(await page.getByTestId("complaint-status").first().textContent()).toBe("Abgelehnt");
  expect(await page.getByTestId("execution-status").innerText()).toBe("Offen");

  // The customer answers in the thread; it stays visible to both sides.
  await page.getByTestId("comment-submit").click();
  await poll(() => page.getByText("Bitte geben Sie einen Kommentar ein.").count()).toBe(1);
  await page.getByTestId("comment-text").fill("Verstanden, danke für die Prüfung.");
  await page.getByTestId("comment-submit").click();
  await poll(() => page.getByTestId("thread").innerText()).toContain("Verstanden, danke für die Prüfung.");
  expect(await page.getByTestId("comment-text").inputValue()).toBe("");
  await screenshot(page, "complaints-os-detail-desktop");

  // Mark all read: the bell is quiet again.
  await page.getByTestId("notification-bell").click();
  await page.getByTestId("mark-all-read").click();
  await poll(() => bellCount(page)).toBe(0);
  expect(await page.getByTestId("notification-bell").getAttribute("aria-label")).toBe("Benachrichtigungen");
  await page.keyboard.press("Escape");

  // Buchungen: the execution is open again.
  await page.getByTestId("nav-executions").click();
  await poll(() => row.getByTestId("status-badge").textContent()).toBe("Offen");
  expect(await row.getByTestId("complain").count()).toBe(1);

  // Filtering the customer's list by status.
  await page.goto(`${server.url}/os/c/${customerId}/complaints?status=open`);
  await poll(() => page.getByText("Keine Reklamationen für diese Auswahl.").count()).toBe(1);
  await page.goto(`${server.url}/os/c/${customerId}/complaints?status=rejected`);
  await poll(() => page.getByTestId("complaint-row").count()).toBe(1);

  await staffSide.context.close();
  await customerSide.context.close();
  // The stale tab's refused request is the one error the browser reports.
  expect(problems.filter((problem) => !problem.includes("409"))).toEqual([]);
  problems.length = 0;
}, 180_000);

it("fits a 375 px wide screen", async () => {
  const customerSide = await signedIn(manager, 375);
  const staffSide = await signedIn(staff, 375);
  const { page } = customerSide;
  const { page: desk } = staffSide;

  await page.goto(`${server.url}/os/c/${customerId}/complaints`);
  await page.getByTestId("complaint-row").first().waitFor();
  expect(await fitsWidth(page)).toBe(true);
  await screenshot(page, "complaints-os-list-375");
  await page.getByTestId("open-complaint").first().click();
  await page.getByTestId("thread").waitFor();
  expect(await fitsWidth(page)).toBe(true);
  await screenshot(page, "complaints-os-detail-375");
  await page.getByTestId("notification-bell").click();
  await page.getByTestId("notifications").waitFor();
  await poll(() => page.getByTestId("notification").count()).toBeGreaterThan(0);
  expect(await fitsWidth(page)).toBe(true);
  await page.waitForTimeout(300); // the menu's opening transition
  await screenshot(page, "complaints-os-bell-375");

  await desk.goto(`${server.url}/staff/complaints?status=all`);
  await desk.getByTestId("complaint-row").first().waitFor();
  expect(await fitsWidth(desk)).toBe(true);
  await screenshot(desk, "complaints-staff-queue-375");
  await desk.getByTestId("open-complaint").first().click();
  await desk.getByTestId("thread").waitFor();
  expect(await fitsWidth(desk)).toBe(true);
  await screenshot(desk, "complaints-staff-detail-375");

  // The same in English.
  await desk.getByTestId("language-switch").click();
  await poll(() => desk.locator("h1").innerText()).toBe("Complaint");
  await poll(() => desk.getByTestId("status-line").first().innerText()).toBe("Status changed to In progress");
  await desk.getByTestId("notification-bell").click();
  // The customer's answer is news for staff too; the oldest is the filed complaint.
  await poll(() => desk.getByTestId("notification").first().innerText()).toContain(
    `New comment on the complaint from ${CUSTOMER}`,
  );
  expect(await desk.getByTestId("notification").last().innerText()).toContain(
    `New complaint from ${CUSTOMER}`,
  );
  await desk.waitForTimeout(300); // the menu's opening transition
  await screenshot(desk, "complaints-staff-detail-375-en");

  await customerSide.context.close();
  await staffSide.context.close();
  expect(problems).toEqual([]);
}, 120_000);
