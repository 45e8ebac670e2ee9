/**
 * Abrechnungen in the staff console: staff pick a customer, see last month's statement (sums per
 * program, totals without the revoked execution), download the PDF and the CSV, and mark the month
 * paid. Executions are placed last month as an import would write them.
 */
import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { systemActor } from "../src/modules/audit/service.ts";
import { createCustomer } from "../src/modules/crm/service.ts";
import type { User } from "../src/modules/identity/schema.ts";
import { addMonths, reportingDay } from "../src/modules/insights/calendar.ts";
import { placeExecutions } from "../src/modules/insights/test-fixtures.ts";
import { createProgram } from "../src/modules/programs/catalogue.ts";
import { createCustomerProgram } from "../src/modules/programs/customer-program-changes.ts";
import { staffActor } from "../src/modules/time-accounts/test-fixtures.ts";
import { newUser } from "../src/testing/people.ts";
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
/** The page starts at last month (Berlin). */
const month = addMonths(reportingDay(new Date()), -1).slice(0, 7);

beforeAll(async () => {
  [server, browser] = await Promise.all([startOsServer(), launchChromium()]);
  const { db } = server;
  staff = await newUser(db, "Sina Staff", { isStaff: true });
  const actor = staffActor(staff);
  const customer = await createCustomer(db, systemActor, {
    name: "Bäckerei Müller & Söhne GmbH",
    customerNumber: "K-1001",
    billingAddress: { street: "Königstraße", houseNumber: "12a", postalCode: "70173", town: "Stuttgart" },
  });
  await createCustomer(db, systemActor, { name: "Konditorei Weber KG", customerNumber: "K-1002" });
  const program = async (name: string, pricePerSecond: string) =>
    (
      await createCustomerProgram(db, actor, {
        programId: (await createProgram(db, actor, { name })).id,
        customerId: customer.id,
        defaultTimeSavedSeconds: 600,
        pricingMode: "fixed",
        pricePerSecond,
      })
    ).id;
  const invoices = await program("Rechnungseingang", "0.05");
  const delivery = await program("Lieferschein-Abgleich", "0.02");
  const at = (day: number) => `${month}-${String(day).padStart(2, "0")}T10:00:00Z`;
  const base = { customerId: customer.id };
  await placeExecutions(db, [
    { ...base, customerProgramId: invoices, createdAt: at(3), timeSavedSeconds: 600, pricePerSecond: "0.05" },
    {
      ...base,
      customerProgramId: invoices,
      createdAt: at(9),
      timeSavedSeconds: 1200,
      pricePerSecond: "0.05",
      paymentStatus: "paid",
    },
    {
      ...base,
      customerProgramId: invoices,
      createdAt: at(12),
      timeSavedSeconds: 600,
      pricePerSecond: "0.05",
      paymentStatus: "revoked",
    },
    {
      ...base,
      customerProgramId: delivery,
      createdAt: at(20),
      timeSavedSeconds: 3600,
      pricePerSecond: "0.02",
    },
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it("shows a customer's statement of last month, downloads its PDF and CSV and marks the month paid", async () => {
  const { context, page } = await passkeyBrowser(browser);
  await signInDirectly(context, server, staff);
  await page.goto(`${server.url}/staff/statements`);
  await expect.poll(() => page.locator("h1").innerText()).toBe("Abrechnungen");
  await page.getByTestId("customer-picker").click();
  await page.getByRole("option", { name: "Bäckerei Müller & Söhne GmbH (K-1001)" }).click();
  // Opened again, the picker offers every customer, not only the chosen one.
  await page.getByTestId("customer-picker").click();
  await page.getByRole("option", { name: "Konditorei Weber KG (K-1002)" }).waitFor();
  await page.keyboard.press("Escape");

  // 600 s × 0.05 + 1 200 s × 0.05 + 3 600 s × 0.02 = 162 €; the revoked 600 s are left out.
  await expect.poll(() => page.getByTestId("statement-amount").innerText()).toBe("162,000\u00a0€");
  const lines = await page.getByTestId("statement-lines").innerText();
  expect(lines).toContain("Lieferschein-Abgleich");
  expect(lines).toContain("1 Std.");
  expect(await page.getByTestId("statement-statuses").textContent()).toContain("Storniert: 1");
  await screenshot(page, "staff-statements-1-desktop");

  const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-pdf").click()]);
  expect(pdf.suggestedFilename()).toBe(`abrechnung-k-1001-${month}.pdf`);
  const bytes = await readFile((await pdf.path()) ?? "");
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");

  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-csv").click()]);
  const text = (await readFile((await csv.path()) ?? "", "utf8")).replace(/^\uFEFF/, "");
  expect(text).toContain("Summe (Offen und Bezahlt);;5400;0;5400;;162,000000;EUR;");

  await page.getByTestId("mark-paid").click();
  await page.getByRole("dialog").getByText("Alle 2 offenen Ausführungen").waitFor();
  await page.getByTestId("confirm").click();
  await expect
    .poll(() => page.getByRole("status").filter({ hasText: "als bezahlt markiert" }).innerText())
    .toContain("2 Ausführungen");
  await expect.poll(() => page.getByTestId("statement-statuses").textContent()).toContain("Bezahlt: 3");
  expect(await page.getByTestId("mark-paid").isDisabled()).toBe(true);
  // Marking paid changes no totals: paid executions are billed as open ones are.
  expect(await page.getByTestId("statement-amount").innerText()).toBe("162,000\u00a0€");

  await page.setViewportSize({ width: 375, height: 800 });
  await expect
    .poll(() => page.evaluate<number>("document.documentElement.scrollWidth"))
    .toBeLessThanOrEqual(375);
  await screenshot(page, "staff-statements-2-phone");
  await context.close();
});
