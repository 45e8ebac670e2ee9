/**
 * The staff console's program pages: staff build the catalogue (a dependency cycle is refused and
 * explained at the dependencies field), set a program up for a customer with a tier table edited in
 * the editor and two ordered time accounts, and the database holds exactly that.
 */
import { asc, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../src/modules/identity/schema.ts";
import {
  customerPrograms,
  customerProgramTimeAccounts,
  programDependencies,
  programs,
} from "../src/modules/programs/schema.ts";
import { timeAccountWith } from "../src/modules/time-accounts/test-fixtures.ts";
import { newCustomer, newUser } from "../src/testing/people.ts";
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
let customerId: string;
let mainAccount: string;
let reserve: string;

const PHONE = { width: 375, height: 800 };

beforeAll(async () => {
  [server, browser] = await Promise.all([startOsServer(), launchChromium()]);
  staff = await newUser(server.db, "Sina Staff", { isStaff: true });
  customerId = await newCustomer(server.db, "Muster GmbH");
  mainAccount = await timeAccountWith(server.db, customerId, 36_000, { name: "Hauptkonto" });
  reserve = await timeAccountWith(server.db, customerId, 3_600, { name: "Reserve" });
  await timeAccountWith(server.db, customerId, 0, { name: "Altkonto 2025", isActive: false });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function staffPage(viewport?: { width: number; height: number }) {
  const { context, page } = await passkeyBrowser(browser, viewport ? { viewport } : {});
  const problems: string[] = [];
  page.on("console", (message) => {
    // Every text of these pages comes from their catalogues.
    if (message.text().startsWith("Missing text")) problems.push(message.text());
  });
  await signInDirectly(context, server, staff);
  return { context, page, problems };
}

/** Lets Mantine's open and close transitions finish before a picture is taken. */
const settle = (page: Page) => page.waitForTimeout(400);

/** No sideways scrolling on a phone. */
async function fitsWidth(page: Page) {
  const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
  expect(overflow).toBeLessThanOrEqual(0);
}

async function createProgram(page: Page, name: string, description: string, dependsOn: string[] = []) {
  await page.getByTestId("create-program").click();
  const dialog = page.getByRole("dialog", { name: "Programm anlegen" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Beschreibung").fill(description);
  for (const dependency of dependsOn) {
    await dialog.getByLabel("Abhängigkeiten").click();
    await page.getByRole("option", { name: dependency, exact: true }).click();
  }
  await dialog.getByTestId("save-program").click();
  await dialog.waitFor({ state: "hidden" });
}

const programCard = (page: Page, name: string) =>
  page.getByTestId("program-card").filter({ has: page.getByRole("heading", { name, exact: true }) });

describe("Programme", () => {
  it("lets staff build the catalogue and shows a dependency cycle at the dependencies field", async () => {
    const { context, page, problems } = await staffPage();
    await page.goto(`${server.url}/staff/programs`);
    await expect.poll(() => page.locator("h1").innerText()).toBe("Programme");
    await page.getByText("Es gibt noch keine aktiven Programme.").waitFor();

    await createProgram(page, "Rechnungseingang", "Liest eingehende Rechnungen aus.");
    await createProgram(page, "Lieferschein-Abgleich", "Gleicht Lieferscheine mit Bestellungen ab.", [
      "Rechnungseingang",
    ]);
    await expect
      .poll(() => programCard(page, "Lieferschein-Abgleich").getByTestId("program-dependencies").innerText())
      .toContain("Rechnungseingang");

    // Rechnungseingang → Lieferschein-Abgleich would close the cycle.
    await programCard(page, "Rechnungseingang")
      .getByRole("button", { name: "Bearbeiten: Rechnungseingang" })
      .click();
    const dialog = page.getByRole("dialog", { name: "Programm „Rechnungseingang“ bearbeiten" });
    await dialog.getByLabel("Abhängigkeiten").click();
    await page.getByRole("option", { name: "Lieferschein-Abgleich", exact: true }).click();
    await dialog.getByTestId("save-program").click();
    const field = dialog.getByLabel("Abhängigkeiten");
    await expect.poll(() => field.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await field.getAttribute("aria-describedby")) ?? "";
    const errorText = await page
      .locator(
        describedBy
          .split(" ")
          .map((id) => `[id="${id}"]`)
          .join(", "),
      )
      .allInnerTexts();
    expect(errorText.join(" ")).toContain("Diese Abhängigkeiten würden einen Kreis bilden");
    expect(errorText.join(" ")).toContain("Rechnungseingang → Lieferschein-Abgleich → Rechnungseingang");
    await settle(page);
    await screenshot(page, "staff-programs-1-cycle");
    await dialog.getByRole("button", { name: "Abbrechen" }).click();
    await dialog.waitFor({ state: "hidden" });

    // Nothing was stored: the first program still depends on nothing.
    const [invoices] = await server.db.select().from(programs).where(eq(programs.name, "Rechnungseingang"));
    const edges = await server.db.select().from(programDependencies);
    expect(edges).toEqual([expect.objectContaining({ dependencyId: invoices?.id })]);

    // An unused program can be deleted.
    await createProgram(page, "Testprogramm", "Nur zum Löschen.");
    await programCard(page, "Testprogramm").getByRole("button", { name: "Löschen: Testprogramm" }).click();
    await page.getByTestId("confirm").click();
    await expect.poll(() => programCard(page, "Testprogramm").count()).toBe(0);
    await screenshot(page, "staff-programs-2-catalogue");
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe("Kundenprogramme", () => {
  it("sets a program up for a customer with an edited tier table and two ordered time accounts", async () => {
    const { context, page, problems } = await staffPage();
    await page.goto(`${server.url}/staff/customer-programs`);
    await page.getByText("Wählen Sie einen Kunden, um seine Programme zu sehen.").waitFor();
    await page.getByTestId("customer-picker").click();
    await page.getByRole("option", { name: "Muster GmbH" }).click();
    await page.waitForURL((url) => url.searchParams.get("customerId") === customerId);
    await page.getByText("Für diesen Kunden ist noch kein Programm eingerichtet.").waitFor();

    await page.getByTestId("create-customer-program").click();
    const dialog = page.getByRole("dialog", { name: "Programm für Kunden einrichten" });
    await dialog.locator("#customer-program-program").click();
    await page.getByRole("option", { name: "Rechnungseingang", exact: true }).click();
    await dialog.getByLabel("Standard-Zeitersparnis pro Ausführung").fill("1800");
    await dialog.getByText("Entspricht 30 Min.").waitFor();

    // Staffel is the default; an own table instead of the default one.
    await dialog.getByRole("switch", { name: "Standardtabelle verwenden" }).uncheck();
    await dialog.getByLabel("Stufe 1: Preis pro Stunde (EUR)").fill("230");
    await dialog.getByTestId("add-tier").click();
    await dialog.getByLabel("Stufe 2: ab Stunden").fill("10");
    await dialog.getByLabel("Stufe 2: Preis pro Stunde (EUR)").fill("150,5");
    await dialog.getByTestId("add-tier").click();
    await dialog.getByLabel("Stufe 3: ab Stunden").fill("5");
    await dialog.getByLabel("Stufe 3: Preis pro Stunde (EUR)").fill("99");
    await dialog.getByTestId("add-tier").click();

    // Two accounts, picked in the wrong order, then put right.
    for (const name of ["Reserve", "Hauptkonto"]) {
      await dialog.getByTestId("add-account").click();
      await page.getByRole("option", { name, exact: true }).click();
    }
    await dialog.getByRole("button", { name: "„Hauptkonto“ nach oben" }).click();
    await expect
      .poll(() => dialog.getByTestId("chosen-account").allInnerTexts())
      .toEqual([expect.stringContaining("Hauptkonto"), expect.stringContaining("Reserve")]);

    // The client's checks: thresholds ascend, every row has its values.
    await dialog.getByTestId("save-customer-program").click();
    await dialog.getByText("Muss größer sein als die Schwelle der Stufe davor.").waitFor();
    await dialog.getByText("Ein Preis wie 230 oder 199,50.").waitFor();
    await settle(page);
    await screenshot(page, "staff-customer-programs-1-tier-errors");
    await dialog.getByRole("button", { name: "Stufe 4 entfernen" }).click();
    await dialog.getByLabel("Stufe 3: ab Stunden").fill("20");
    await dialog.getByTestId("save-customer-program").click();
    await dialog.waitFor({ state: "hidden" });

    const card = page.getByTestId("customer-program-card");
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.innerText()).toContain("Staffel");
    expect(await card.innerText()).toContain("eigene Tabelle, 3 Stufen");
    expect(await card.innerText()).toMatch(/230,000\s€ pro Std\./);
    expect(await card.getByTestId("customer-program-accounts").innerText()).toMatch(
      /Hauptkonto[\s\S]*Reserve/,
    );
    await screenshot(page, "staff-customer-programs-2-list");

    // Exactly what was asked for is stored.
    const [stored] = await server.db
      .select()
      .from(customerPrograms)
      .where(eq(customerPrograms.customerId, customerId));
    expect(stored).toMatchObject({
      defaultTimeSavedSeconds: 1800,
      pricingMode: "tiered",
      currency: "EUR",
      isActive: true,
      tiers: [
        { fromHours: 0, pricePerHour: "230.000000" },
        { fromHours: 10, pricePerHour: "150.500000" },
        { fromHours: 20, pricePerHour: "99.000000" },
      ],
    });
    const order = await server.db
      .select({ timeAccountId: customerProgramTimeAccounts.timeAccountId })
      .from(customerProgramTimeAccounts)
      .where(eq(customerProgramTimeAccounts.customerProgramId, stored?.id ?? ""))
      .orderBy(asc(customerProgramTimeAccounts.position));
    expect(order.map((row) => row.timeAccountId)).toEqual([mainAccount, reserve]);

    // Changing it: fixed price, the reserve first; then back to the default table.
    await page.getByRole("button", { name: "Bearbeiten: Rechnungseingang" }).click();
    const edit = page.getByRole("dialog", { name: "Kundenprogramm „Rechnungseingang“ bearbeiten" });
    await edit.getByText("Festpreis", { exact: true }).click();
    await edit.getByLabel("Preis pro Sekunde (EUR)").fill("0,05");
    await edit.getByText("Das sind 180,000 € pro Stunde.").waitFor();
    await edit.getByRole("button", { name: "„Reserve“ nach oben" }).click();
    await edit.getByTestId("save-customer-program").click();
    await edit.waitFor({ state: "hidden" });
    await expect.poll(() => card.innerText()).toMatch(/0,050\s€ pro Sek\./);
    const [fixed] = await server.db
      .select()
      .from(customerPrograms)
      .where(eq(customerPrograms.id, stored?.id ?? ""));
    expect(fixed).toMatchObject({ pricingMode: "fixed", pricePerSecond: "0.050000" });
    expect(fixed?.tiers).toHaveLength(3);
    const reordered = await server.db
      .select({ timeAccountId: customerProgramTimeAccounts.timeAccountId })
      .from(customerProgramTimeAccounts)
      .where(eq(customerProgramTimeAccounts.customerProgramId, stored?.id ?? ""))
      .orderBy(asc(customerProgramTimeAccounts.position));
    expect(reordered.map((row) => row.timeAccountId)).toEqual([reserve, mainAccount]);

    // The program is in use now: deleting it is refused with the way out.
    await page.goto(`${server.url}/staff/programs`);
    await programCard(page, "Rechnungseingang")
      .getByRole("button", { name: "Löschen: Rechnungseingang" })
      .click();
    await page.getByTestId("confirm").click();
    await page.getByText("Deaktivieren Sie es stattdessen").waitFor();
    await page.getByRole("button", { name: "Abbrechen" }).click();
    expect(problems).toEqual([]);
    await context.close();
  });

  it("fits a phone: the list and the form", async () => {
    const { context, page, problems } = await staffPage(PHONE);
    await page.goto(`${server.url}/staff/customer-programs?customerId=${customerId}`);
    await page.getByTestId("customer-program-card").waitFor();
    await fitsWidth(page);
    await screenshot(page, "staff-customer-programs-3-phone");
    await page.getByRole("button", { name: "Bearbeiten: Rechnungseingang" }).click();
    const edit = page.getByRole("dialog", { name: "Kundenprogramm „Rechnungseingang“ bearbeiten" });
    await edit.getByText("Staffel", { exact: true }).click();
    await edit.getByText("Standardtabelle verwenden").waitFor();
    await fitsWidth(page);
    await settle(page);
    await screenshot(page, "staff-customer-programs-4-phone-form");
    await edit.getByRole("button", { name: "Abbrechen" }).click();

    await page.goto(`${server.url}/staff/programs?show=all`);
    await programCard(page, "Rechnungseingang").waitFor();
    await fitsWidth(page);
    await screenshot(page, "staff-programs-3-phone");
    expect(problems).toEqual([]);
    await context.close();
  });
});
