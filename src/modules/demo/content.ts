/**
 * What the demo customer consists of: a plausible German Mittelständler with four automations, two
 * prepaid time accounts and five people. Data only; `timeline.ts` turns the schedules into a year of
 * executions and `service.ts` writes everything.
 */
import { type Ability, ROLE_ABILITIES, ROLES, type Role } from "../access/roles.ts";
import type { AddressInput } from "../crm/service.ts";
import type { PricingMode, Tier } from "../programs/schema.ts";

/** Marks the demo customer: `seed-demo` finds it again by this number and never creates a second. */
export const DEMO_CUSTOMER_NUMBER = "DEMO-0001";

export const DEMO_CUSTOMER: { name: string; billingAddress: AddressInput } = {
  name: "Muster GmbH",
  billingAddress: {
    addressedTo: "Muster GmbH, Buchhaltung",
    street: "Musterstraße",
    houseNumber: "12",
    postalCode: "10115",
    town: "Berlin",
    country: "DE",
  },
};

export type AccountKey = "kontingent" | "mahnwesen";

/**
 * How a time account is filled: `quarterly` gets a top-up at the start and at every calendar quarter
 * sized to what its programs use (so it is rarely empty); `scarce` gets two small top-ups that run dry
 * (the executions after that are billed) and a last one that leaves it nearly empty today.
 */
export interface DemoAccount {
  key: AccountKey;
  name: string;
  refill: "quarterly" | "scarce";
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { key: "kontingent", name: "Zeitkontingent Buchhaltung", refill: "quarterly" },
  { key: "mahnwesen", name: "Restkontingent Mahnwesen", refill: "scarce" },
];

/** When a program runs; the rates grow over the year (the customer automates more and more). */
export type Schedule =
  /** Office hours on workdays, `perDay` runs on an average day. */
  | { kind: "workdays"; perDay: number }
  /** A job every full hour, day and night, that skips an hour with nothing to do. */
  | { kind: "hourly"; probability: number }
  /** A batch every Tuesday morning, plus `adHocPerDay` single runs on the other workdays. */
  | { kind: "weekly"; perBatch: number; adHocPerDay: number }
  /** One run on the last workday of each month, sometimes a correction run the next day. */
  | { kind: "monthly" };

export interface DemoProgram {
  name: string;
  description: string;
  pricingMode: PricingMode;
  /** The fixed rate per second (`fixed`). */
  pricePerSecond?: string;
  /** Own tier table (`tiered`); absent means the default table. */
  tiers?: Tier[];
  defaultTimeSavedSeconds: number;
  /** The range each run's time saved is drawn from. */
  timeSaved: { min: number; max: number };
  accounts: AccountKey[];
  schedule: Schedule;
  /** The chance that a run gets a complaint while it is not paid yet. */
  complaintRate: number;
}

export const DEMO_PROGRAMS: readonly DemoProgram[] = [
  {
    name: "Rechnungseingang",
    description:
      "Liest eingehende Rechnungen aus dem Postfach, erkennt Lieferant, Beträge und Steuersätze und legt sie zur Freigabe in der Buchhaltung ab.",
    pricingMode: "tiered",
    defaultTimeSavedSeconds: 240,
    timeSaved: { min: 150, max: 420 },
    accounts: ["kontingent"],
    schedule: { kind: "workdays", perDay: 32 },
    complaintRate: 0.003,
  },
  {
    name: "Bestellabgleich",
    description:
      "Gleicht stündlich Bestellungen, Lieferscheine und Rechnungen ab und meldet Abweichungen an den Einkauf.",
    pricingMode: "fixed",
    pricePerSecond: "0.018000",
    defaultTimeSavedSeconds: 120,
    timeSaved: { min: 60, max: 240 },
    accounts: [],
    schedule: { kind: "hourly", probability: 0.7 },
    complaintRate: 0.002,
  },
  {
    name: "Mahnwesen",
    description:
      "Erstellt wöchentlich Zahlungserinnerungen und Mahnungen für überfällige Ausgangsrechnungen und versendet sie per E-Mail.",
    pricingMode: "tiered",
    tiers: [
      { fromHours: 0, pricePerHour: "120.000000" },
      { fromHours: 50, pricePerHour: "95.000000" },
      { fromHours: 200, pricePerHour: "70.000000" },
    ],
    defaultTimeSavedSeconds: 600,
    timeSaved: { min: 300, max: 900 },
    accounts: ["mahnwesen"],
    schedule: { kind: "weekly", perBatch: 22, adHocPerDay: 1 },
    complaintRate: 0.006,
  },
  {
    name: "Lohnabrechnung-Export",
    description:
      "Exportiert zum Monatsende die Stunden und Zuschläge aus der Zeiterfassung in das Lohnprogramm und prüft die Summen.",
    pricingMode: "fixed",
    pricePerSecond: "0.015000",
    defaultTimeSavedSeconds: 10_800,
    timeSaved: { min: 7_200, max: 14_400 },
    accounts: ["kontingent"],
    schedule: { kind: "monthly" },
    complaintRate: 0,
  },
];

/** A demo person and the roles (with abilities) on their contract with the demo customer. */
export interface DemoPerson {
  displayName: string;
  roles: { role: Role; abilities: readonly Ability[] }[];
  /** Files the demo's complaints. */
  filesComplaints?: boolean;
  /** Owns the API key the demo's executions are reported with. */
  reports?: boolean;
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    displayName: "Demo-Admin",
    roles: ROLES.map((role) => ({ role, abilities: ROLE_ABILITIES[role] })),
    reports: true,
  },
  {
    displayName: "Erika Mustermann",
    roles: [{ role: "execution_manager", abilities: ["create_executions", "delete_executions"] }],
    filesComplaints: true,
  },
  {
    displayName: "Max Mustermann",
    roles: [{ role: "employee_manager", abilities: ["add_employees", "deactivate_employees", "grant_role"] }],
  },
  {
    displayName: "Jana Schmidt",
    roles: [{ role: "time_account_manager", abilities: ["create_time_accounts"] }],
  },
  { displayName: "Tom Becker", roles: [] },
];

export const DEMO_API_KEY_NAME = "Automatisierungsserver";

export const COMPLAINT_TEXTS: readonly string[] = [
  "Die Rechnung wurde doppelt erfasst.",
  "Der Lauf ist abgebrochen, wir mussten alles von Hand nachtragen.",
  "Falscher Lieferant zugeordnet, die Buchung musste korrigiert werden.",
  "Mahnung an einen Kunden verschickt, der schon bezahlt hatte.",
  "Der Abgleich hat keine Abweichungen gefunden, obwohl die Lieferung unvollständig war.",
];
