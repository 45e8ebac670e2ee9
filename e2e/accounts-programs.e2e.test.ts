/**
 * Zeitkonten, Programme and Stammdaten in the browser: time account managers with and without
 * abilities, a program manager reading prices and tiers, a customer manager editing an address.
 * The data is written by the real services (ledger, execution recorder), as production would.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../src/modules/audit/service.ts";
import { recordExecutions } from "../src/modules/executions/service.ts";
import { ensureContract } from "../src/modules/hr/service.ts";
import { createProgram } from "../src/modules/programs/catalogue.ts";
import { createCustomerProgram } from "../src/modules/programs/customer-program-changes.ts";
import {
  adjustTimeAccount,
  topUpTimeAccount,
  transferBetweenTimeAccounts,
} from "../src/modules/time-accounts/balance-changes.ts";
import { postToLedger } from "../src/modules/time-accounts/ledger.ts";
import { staffActor, timeAccountWith } from "../src/modules/time-accounts/test-fixtures.ts";
import { holdRole, newCustomer, newUser } from "../src/testing/people.ts";
import { newApiKey } from "../src/testing/reporting.ts";
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
let mainAccount: string;

const PHONE = { width: 375, height: 800 };

beforeAll(async () => {
  [server, browser] = await Promise.all([startOsServer(), launchChromium()]);
  const { db } = server;
  const staff = staffActor(await newUser(db, "Sina Staff", { isStaff: true }));
  customerId = await newCustomer(db, "Muster GmbH");

  mainAccount = await timeAccountWith(db, customerId, 0, { name: "Hauptkonto" });
  const reserve = await timeAccountWith(db, customerId, 0, { name: "Reserve" });
  await timeAccountWith(db, customerId, 0, { name: "Altkonto 2025", isActive: false });
  await topUpTimeAccount(db, staff, mainAccount, { seconds: 10 * 3600, reason: "Kauf Paket 10 Std." });
  await topUpTimeAccount(db, staff, reserve, { seconds: 3600 });
  await adjustTimeAccount(db, staff, mainAccount, { seconds: -900, reason: "Kulanzkorrektur" });
  await transferBetweenTimeAccounts(db, staff, mainAccount, { toTimeAccountId: reserve, seconds: 1800 });
  // More entries than one ledger page (50): 55 top-ups of one minute.
  const pool = await timeAccountWith(db, customerId, 0, { name: "Projektpool" });
  await postToLedger(
    db,
    systemActor,
    Array.from({ length: 55 }, () => ({ timeAccountId: pool, kind: "top_up" as const, seconds: 60 })),
  );

  const invoices = await createProgram(db, staff, {
    name: "Rechnungseingang",
    description: "Liest eingehende Rechnungen aus und legt sie in der Buchhaltung ab.",
  });
  const delivery = await createProgram(db, staff, { name: "Lieferschein-Abgleich" });
  const fixed = await createCustomerProgram(db, staff, {
    programId: invoices.id,
    customerId,
    defaultTimeSavedSeconds: 300,
    pricingMode: "fixed",
    pricePerSecond: "0.05",
    timeAccountIds: [mainAccount, reserve],
  });
  const tiered = await createCustomerProgram(db, staff, {
    programId: delivery.id,
    customerId,
    defaultTimeSavedSeconds: 1800,
  });

  // Executions through the real recorder: debits on the main account, 6.5 h on the tiered program.
  const reporter = await newUser(db, "Bot Betrieb");
  await ensureContract(db, systemActor, reporter.id, customerId);
  const key = await newApiKey(db, reporter);
  const context = { userId: reporter.id, apiKeyId: key.id };
  const report = { key, owner: reporter, customerIds: null };
  await recordExecutions(
    db,
    report,
    [{ customerProgramId: fixed.id }, { customerProgramId: fixed.id }],
    context,
  );
  await recordExecutions(
    db,
    report,
    Array.from({ length: 4 }, () => ({ customerProgramId: tiered.id, timeSavedSeconds: 5850 })),
    context,
  );
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedInPage(
  name: string,
  role: Parameters<typeof holdRole>[3],
  abilities: Parameters<typeof holdRole>[4],
  viewport?: { width: number; height: number },
) {
  const user = await newUser(server.db, name);
  await holdRole(server.db, user.id, customerId, role, abilities);
  const { context, page } = await passkeyBrowser(browser, viewport ? { viewport } : {});
  await signInDirectly(context, server, user);
  return { context, page };
}

/** Lets Mantine's open and close transitions finish before a picture is taken. */
const settle = (page: Page) => page.waitForTimeout(400);

const cards = (page: Page) => page.getByTestId("time-account");
const card = (page: Page, name: string) =>
  cards(page).filter({ has: page.getByRole("heading", { name, exact: true }) });

describe("Zeitkonten", () => {
  it("lets a manager with both abilities create, deactivate and read a ledger", async () => {
    const { context, page } = await signedInPage("Tina Konten", "time_account_manager", [
      "create_time_accounts",
      "delete_time_accounts",
    ]);
    await page.goto(`${server.url}/os/c/${customerId}/time-accounts`);
    await expect.poll(() => cards(page).count()).toBe(4);
    // 10 h − 15 min − 30 min on the main account, minus two runs of 5 min; the reserve 1 h + 30 min;
    // the pool 55 min.
    expect(await card(page, "Hauptkonto").getByTestId("balance").textContent()).toBe("9 Std. 5 Min.");
    expect(await card(page, "Reserve").getByTestId("balance").textContent()).toBe("1 Std. 30 Min.");
    expect(await page.getByTestId("total-balance").textContent()).toContain("11 Std. 30 Min.");
    expect(await page.getByTestId("total-balance").textContent()).toContain("41.400 Sekunden");
    await screenshot(page, "time-accounts-desktop");

    // The ledger, newest first; the URL keeps it open across a reload.
    await card(page, "Hauptkonto").getByRole("button", { name: "Verlauf von Hauptkonto" }).click();
    await page.waitForURL((url) => url.searchParams.get("account") === mainAccount);
    const ledger = page.getByRole("dialog", { name: "Verlauf: Hauptkonto" });
    await expect.poll(() => ledger.getByTestId("ledger-entry").count()).toBe(5);
    const entries = await ledger.getByTestId("ledger-entry").allTextContents();
    expect(entries[0]).toContain("Abbuchung (Ausführung)");
    expect(entries[0]).toContain("−5 Min.");
    expect(entries[0]).toContain("Saldo danach: 9 Std. 5 Min.");
    expect(entries[0]).toContain("API-Schlüssel");
    expect(entries[2]).toContain("Umbuchung");
    expect(entries[3]).toContain("Korrektur");
    expect(entries[3]).toContain("Grund: Kulanzkorrektur");
    expect(entries[3]).toContain("Sina Staff");
    expect(entries[4]).toContain("Aufladung");
    expect(entries[4]).toContain("+10 Std.");
    await settle(page);
    await screenshot(page, "time-accounts-ledger-desktop");
    await page.reload();
    await expect
      .poll(() =>
        page.getByRole("dialog", { name: "Verlauf: Hauptkonto" }).getByTestId("ledger-entry").count(),
      )
      .toBe(5);
    await page.keyboard.press("Escape");
    await page.waitForURL((url) => !url.searchParams.has("account"));

    // Create: an empty name is refused in the form, a real one lands in the list.
    await page.getByRole("button", { name: "Zeitkonto anlegen" }).click();
    const dialog = page.getByRole("dialog", { name: "Zeitkonto anlegen" });
    await dialog.getByRole("button", { name: "Anlegen" }).click();
    await expect.poll(() => dialog.getByText("Bitte geben Sie einen Namen ein.").isVisible()).toBe(true);
    await dialog.getByLabel("Name").fill("Projekt Nord");
    await dialog.getByRole("button", { name: "Anlegen" }).click();
    await expect.poll(() => card(page, "Projekt Nord").count()).toBe(1);
    expect(await card(page, "Projekt Nord").getByTestId("balance").textContent()).toBe("0 Sek.");

    // Deactivate, after a dialog that says the history stays.
    await card(page, "Projekt Nord").getByRole("button", { name: "Projekt Nord deaktivieren" }).click();
    const confirm = page.getByRole("dialog", { name: "Zeitkonto deaktivieren?" });
    expect(await confirm.textContent()).toContain("Guthaben und Verlauf bleiben erhalten");
    await confirm.getByRole("button", { name: "Deaktivieren" }).click();
    await expect.poll(() => card(page, "Projekt Nord").getByText("Inaktiv").isVisible()).toBe(true);
    expect(
      await card(page, "Projekt Nord")
        .getByRole("button", { name: /deaktivieren/ })
        .count(),
    ).toBe(0);

    await context.close();
  });

  it("shows a manager without abilities the balances and ledgers, but no buttons to change them", async () => {
    const { context, page } = await signedInPage("Lars Lesend", "time_account_manager", [], PHONE);
    await page.goto(`${server.url}/os/c/${customerId}/time-accounts`);
    await expect.poll(() => card(page, "Hauptkonto").count()).toBe(1);
    expect(await page.getByRole("button", { name: "Zeitkonto anlegen" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /deaktivieren/i }).count()).toBe(0);
    await screenshot(page, "time-accounts-phone");
    await card(page, "Hauptkonto").getByRole("button", { name: "Verlauf von Hauptkonto" }).click();
    await expect.poll(() => page.getByTestId("ledger-entry").count()).toBe(5);
    await settle(page);
    await screenshot(page, "time-accounts-ledger-phone");
    await page.keyboard.press("Escape");

    // Older entries come page by page.
    await card(page, "Projektpool").getByRole("button", { name: "Verlauf von Projektpool" }).click();
    const ledger = page.getByRole("dialog", { name: "Verlauf: Projektpool" });
    await expect.poll(() => ledger.getByTestId("ledger-entry").count()).toBe(50);
    expect(await ledger.getByText("Alle Einträge geladen.").count()).toBe(0);
    await ledger.getByRole("button", { name: "Ältere Einträge laden" }).click();
    await expect.poll(() => ledger.getByTestId("ledger-entry").count()).toBe(55);
    expect(await ledger.getByText("Alle Einträge geladen.").isVisible()).toBe(true);
    expect(await ledger.getByTestId("ledger-entry").last().textContent()).toContain("Saldo danach: 1 Min.");
    await context.close();
  });
});

describe("Programme", () => {
  for (const [label, viewport] of [
    ["desktop", undefined],
    ["phone", PHONE],
  ] as const) {
    it(`shows a program manager prices, the current and the next tier in German (${label})`, async () => {
      const { context, page } = await signedInPage(`Paul Programm ${label}`, "program_manager", [], viewport);
      await page.goto(`${server.url}/os/c/${customerId}/programs`);
      const programs = page.getByTestId("program");
      await expect.poll(() => programs.count()).toBe(2);
      const tiered = programs.filter({ hasText: "Lieferschein-Abgleich" });
      const fixed = programs.filter({ hasText: "Rechnungseingang" });

      expect(await tiered.getByTestId("pricing-mode").textContent()).toBe("Staffelpreis");
      expect(await tiered.textContent()).toContain("30 Min.");
      expect(await tiered.getByTestId("current-tier").textContent()).toContain(
        "ab 6 Std.: 200,000\u00a0€/Std.",
      );
      expect(await tiered.getByTestId("current-tier").textContent()).toContain("Stufe 2 von 8");
      expect(await tiered.getByTestId("next-tier").textContent()).toContain(
        "ab 11 Std.: 170,000\u00a0€/Std.",
      );
      expect(await tiered.getByTestId("next-tier").textContent()).toContain("noch 4,5 Std.");
      expect(await tiered.getByTestId("price-per-second").textContent()).toContain("0,055556\u00a0€");
      // 1800 s × 0.055556 €/s
      expect(await tiered.getByTestId("price-per-run").textContent()).toContain("100,001\u00a0€");

      expect(await fixed.getByTestId("pricing-mode").textContent()).toBe("Festpreis");
      expect(await fixed.textContent()).toContain("Liest eingehende Rechnungen aus");
      expect(await fixed.getByTestId("price-per-second").textContent()).toContain("0,050\u00a0€");
      expect(await fixed.getByTestId("price-per-run").textContent()).toContain("15,000\u00a0€");
      expect(await fixed.getByTestId("program-time-accounts").textContent()).toMatch(/Hauptkonto.*Reserve/);
      expect(await fixed.getByTestId("toggle-tiers").count()).toBe(0);

      await tiered.getByTestId("toggle-tiers").click();
      const rows = tiered.getByTestId("tier-table").locator("tbody tr");
      await expect.poll(() => rows.count()).toBe(8);
      expect(await rows.nth(1).getAttribute("aria-current")).toBe("true");
      expect(await rows.nth(1).textContent()).toContain("aktuell");
      await settle(page);
      await screenshot(page, `programs-${label}`);
      await context.close();
    });
  }
});

describe("Stammdaten", () => {
  it("lets a customer manager with edit_customer set the billing address", async () => {
    const { context, page } = await signedInPage("Carla Kunde", "customer_manager", ["edit_customer"]);
    await page.goto(`${server.url}/os/c/${customerId}/customer`);
    await expect.poll(() => page.getByTestId("customer-display-name").textContent()).toBe("Muster GmbH");
    const billing = page.getByTestId("address-billing");
    expect(await billing.textContent()).toContain("Keine Adresse hinterlegt.");

    await billing.getByRole("button", { name: "Rechnungsadresse hinzufügen" }).click();
    const dialog = page.getByRole("dialog", { name: "Rechnungsadresse" });
    await dialog.getByRole("button", { name: "Speichern" }).click();
    await expect.poll(() => dialog.getByText("Bitte ausfüllen.").count()).toBe(3);
    await dialog.getByLabel("Zu Händen / Abteilung").fill("Buchhaltung");
    await dialog.getByLabel("Straße").fill("Hauptstraße");
    await dialog.getByLabel("Hausnummer").fill("12a");
    await dialog.getByLabel("Postleitzahl").fill("10115");
    await dialog.getByLabel("Ort").fill("Berlin");
    await dialog.getByLabel("Land").fill("D1");
    await dialog.getByRole("button", { name: "Speichern" }).click();
    await expect.poll(() => dialog.getByText("Bitte einen zweistelligen Ländercode").isVisible()).toBe(true);
    await dialog.getByLabel("Land").fill("de");
    await settle(page);
    await screenshot(page, "customer-address-form-desktop");
    await dialog.getByRole("button", { name: "Speichern" }).click();
    await expect
      .poll(() => billing.locator("address").innerText())
      .toBe("Buchhaltung\nHauptstraße 12a\n10115 Berlin\nDeutschland");
    const stored = await page.request.get(`${server.url}/api/os/customers/${customerId}`);
    expect((await stored.json()).billingAddress).toMatchObject({ street: "Hauptstraße", country: "DE" });
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await settle(page);
    await screenshot(page, "customer-desktop");
    await context.close();
  });

  it("shows a customer manager without edit_customer the data only", async () => {
    const { context, page } = await signedInPage("Karl Kunde", "customer_manager", [], PHONE);
    await page.goto(`${server.url}/os/c/${customerId}/customer`);
    await expect.poll(() => page.getByTestId("customer-display-name").textContent()).toBe("Muster GmbH");
    await screenshot(page, "customer-phone");
    expect(
      await page
        .getByRole("button")
        .filter({ hasText: /Umbenennen|Bearbeiten|Hinzufügen|Entfernen/ })
        .count(),
    ).toBe(0);
    await context.close();
  });
});

it("renders the three pages in English for a user who chose English", async () => {
  const user = await newUser(server.db, "Emma English", { language: "en" });
  await holdRole(server.db, user.id, customerId, "time_account_manager", []);
  await holdRole(server.db, user.id, customerId, "program_manager", []);
  await holdRole(server.db, user.id, customerId, "customer_manager", []);
  const { context, page } = await passkeyBrowser(browser, { locale: "en-GB" });
  await signInDirectly(context, server, user);

  await page.goto(`${server.url}/os/c/${customerId}/time-accounts`);
  await expect
    .poll(() => page.getByRole("heading", { name: "Time accounts", level: 1 }).isVisible())
    .toBe(true);
  expect(await card(page, "Hauptkonto").getByTestId("balance").textContent()).toBe("9 h 5 min");
  expect(await page.getByTestId("total-balance").textContent()).toContain("41,400 seconds");

  await page.goto(`${server.url}/os/c/${customerId}/programs`);
  const tiered = page.getByTestId("program").filter({ hasText: "Lieferschein-Abgleich" });
  await expect.poll(() => tiered.getByTestId("pricing-mode").textContent()).toBe("Tiered price");
  expect(await tiered.getByTestId("current-tier").textContent()).toContain("from 6 h: €200.000/h");
  expect(await tiered.getByTestId("next-tier").textContent()).toContain("4.5 h to go");
  await screenshot(page, "programs-en");

  await page.goto(`${server.url}/os/c/${customerId}/customer`);
  await expect.poll(() => page.getByTestId("address-billing").textContent()).toContain("Germany");
  expect(await page.getByTestId("address-shipping").textContent()).toContain("No address on file.");
  await context.close();
});
