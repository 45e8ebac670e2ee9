/**
 * A realistic dump with natural foreign keys, imported twice, then used: the imported API key
 * reports on the legacy API and v1 and is charged from the imported time account.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { temporaryDirectory } from "../../testing/temporary.ts";
import { apiKeys } from "../api-keys/schema.ts";
import { auditLog } from "../audit/schema.ts";
import { complaints } from "../complaints/schema.ts";
import { addresses, customers } from "../crm/schema.ts";
import { executions } from "../executions/schema.ts";
import { contracts, employees, roleGrants } from "../hr/schema.ts";
import { users } from "../identity/schema.ts";
import { executionDailyRollups } from "../insights/schema.ts";
import {
  customerPrograms,
  customerProgramTimeAccounts,
  programDependencies,
  programs,
} from "../programs/schema.ts";
import { timeAccountEntries, timeAccounts } from "../time-accounts/schema.ts";
import { OPENING_BALANCE_REASON } from "./billing.ts";
import type { ImportReport } from "./report.ts";
import { importDjangoDump } from "./service.ts";
import { buildWorld, type World, writeDump } from "./test-dump.ts";

const database = useTestDatabase();
let app: App;
let world: World;
let file: string;
let first: ImportReport;

let directory: string;

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  directory = mkdtempSync(path.join(tmpdir(), "nadoo-import-"));
});

afterAll(async () => {
  await app.close();
  rmSync(directory, { recursive: true, force: true });
});

/** Every table the import writes, as comparable JSON. */
async function snapshot() {
  const db = database.db;
  const tables = [
    users,
    customers,
    addresses,
    employees,
    contracts,
    roleGrants,
    programs,
    programDependencies,
    timeAccounts,
    timeAccountEntries,
    customerPrograms,
    customerProgramTimeAccounts,
    apiKeys,
    executions,
    executionDailyRollups,
    complaints,
  ] as const;
  const result: Record<string, unknown> = {};
  for (const [index, table] of tables.entries()) {
    const rows = await db.select().from(table);
    result[index] = JSON.stringify(rows.map((row) => JSON.stringify(row)).sort());
  }
  return result;
}

describe("import-django with natural keys", () => {
  it("imports every model it knows and reports the rest", async () => {
    world = buildWorld({ naturalKeys: true });
    file = await writeDump(directory, "dump.json", world.entries);
    first = await importDjangoDump(database.db, file);
    const models = first.models;
    expect(models.get("nadooit_auth.user")).toMatchObject({ read: 3, imported: 3, updated: 0, skipped: 0 });
    expect(models.get("nadooit_crm.customer")).toMatchObject({ imported: 1 });
    expect(models.get("nadooit_crm.billingadress")).toMatchObject({ imported: 1 });
    expect(models.get("nadooit_crm.shippingadress")).toMatchObject({ imported: 1 });
    expect(models.get("nadooit_hr.employeecontract")).toMatchObject({ imported: 2 });
    expect(models.get("nadooit_time_account.timeaccount")).toMatchObject({
      read: 3,
      imported: 2,
      skipped: 1,
    });
    expect(models.get("nadooit_api_executions_system.customerprogramexecution")).toMatchObject({
      read: 5,
      imported: 5,
    });
    expect(models.get("nadoo_complaint_management.complaint")).toMatchObject({ imported: 1 });
    expect(models.get("nadooit_api_key.nadooitapikey")).toMatchObject({ imported: 3 });
    expect(first.notImported.get("nadooit_website.section")).toMatchObject({ count: 2 });
    expect(first.notImported.get("mfa.user_keys")?.reason).toMatch(/enrol again/);
    expect(first.notImported.get("nadooit_time_account.employeetimeaccount")?.reason).toMatch(/phase 2/);
    expect(first.warnings.join("\n")).toMatch(/orphan/);
    expect(first.warnings.join("\n")).toMatch(/"Something Else" matches no program/);
    expect(first.warnings.join("\n")).toMatch(/stored unhashed/);
    expect(first.format()).toContain("Import committed.");
  });

  it("keeps users with their codes, flags and display names, and no passwords", async () => {
    const [reporter] = await database.db.select().from(users).where(eq(users.id, world.ids.reporter));
    expect(reporter).toMatchObject({
      code: world.reporterCode,
      displayName: "Rita Reporter",
      isActive: true,
    });
    const staff = await database.db
      .select()
      .from(users)
      .where(eq(users.code, `S${world.reporterCode.slice(1)}`));
    expect(staff[0]).toMatchObject({ displayName: "Sam Staff", isStaff: true, isSuperuser: true });
    const [customer] = await database.db.select().from(customers).where(eq(customers.id, world.ids.customer));
    const [billing] = await database.db
      .select()
      .from(addresses)
      .where(eq(addresses.id, customer?.billingAddressId ?? ""));
    expect(billing).toMatchObject({ addressedTo: "Buchhaltung", street: "Hauptstraße", town: "Köln" });
    expect(customer?.shippingAddressId).not.toBe(customer?.billingAddressId);
  });

  it("maps every role contract to roles and abilities, also on an inactive contract", async () => {
    const grants = await database.db
      .select({ role: roleGrants.role, abilities: roleGrants.abilities, contractId: roleGrants.contractId })
      .from(roleGrants)
      .innerJoin(contracts, eq(contracts.id, roleGrants.contractId))
      .where(eq(contracts.customerId, world.ids.customer));
    const active = Object.fromEntries(
      grants
        .filter((grant) => grant.contractId !== world.ids.inactiveContract)
        .map((g) => [g.role, g.abilities]),
    );
    expect(active).toEqual({
      employee_manager: ["add_employees", "grant_role"],
      time_account_manager: ["create_time_accounts"],
      program_manager: ["delete_programs"],
      execution_manager: ["create_executions", "grant_role"],
      customer_manager: [],
      api_key_manager: ["create_api_keys", "delete_api_keys"],
      key_manager: ["create_users"],
    });
    const onInactive = grants.filter((grant) => grant.contractId === world.ids.inactiveContract);
    expect(onInactive).toEqual([
      { role: "execution_manager", abilities: ["delete_executions"], contractId: world.ids.inactiveContract },
    ]);
    const [contract] = await database.db
      .select()
      .from(contracts)
      .where(eq(contracts.id, world.ids.inactiveContract));
    expect(contract).toMatchObject({ isActive: false, deactivationDate: "2023-12-31" });
  });

  it("opens each time account with one ledger entry equal to its balance; orphans stay out", async () => {
    const accounts = await database.db
      .select()
      .from(timeAccounts)
      .where(
        inArray(timeAccounts.id, [world.ids.fixedAccount, world.ids.tieredAccount, world.ids.orphanAccount]),
      );
    expect(accounts.map((a) => [a.id, a.balanceSeconds, a.name]).sort()).toEqual(
      [
        [world.ids.fixedAccount, 100, "Rechnungen 2024"],
        [world.ids.tieredAccount, 7200, "Mail"],
      ].sort(),
    );
    const entries = await database.db
      .select()
      .from(timeAccountEntries)
      .where(eq(timeAccountEntries.timeAccountId, world.ids.fixedAccount));
    expect(entries).toMatchObject([{ kind: "adjustment", seconds: 100, reason: OPENING_BALANCE_REASON }]);
    const links = await database.db
      .select()
      .from(customerProgramTimeAccounts)
      .where(eq(customerProgramTimeAccounts.customerProgramId, world.ids.tieredProgram));
    expect(links).toEqual([
      { customerProgramId: world.ids.tieredProgram, timeAccountId: world.ids.tieredAccount, position: 0 },
    ]);
  });

  it("keeps executions as they were and derives the tier basis and rollups from them", async () => {
    const rows = await database.db
      .select()
      .from(executions)
      .where(inArray(executions.id, world.ids.executions));
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(world.ids.executions[0] as string)).toMatchObject({
      customerId: world.ids.customer,
      timeSavedSeconds: 60,
      coveredSeconds: 0,
      billedSeconds: 60,
      price: "0.600000",
      pricePerSecond: "0.010000",
      paymentStatus: "not_paid",
      createdAt: new Date("2024-03-05T09:30:00Z"),
    });
    expect(byId.get(world.ids.executions[1] as string)).toMatchObject({
      coveredSeconds: 120,
      paymentStatus: "paid",
    });
    expect(byId.get(world.ids.executions[2] as string)).toMatchObject({
      billedSeconds: 3600,
      price: "230.000000",
    });
    const programsOf = await database.db
      .select({
        id: customerPrograms.id,
        basis: customerPrograms.tierBasisSeconds,
        mode: customerPrograms.pricingMode,
      })
      .from(customerPrograms)
      .where(inArray(customerPrograms.id, [world.ids.fixedProgram, world.ids.tieredProgram]));
    expect(Object.fromEntries(programsOf.map((p) => [p.id, [p.basis, p.mode]]))).toEqual({
      [world.ids.fixedProgram]: [180, "fixed"],
      [world.ids.tieredProgram]: [3600, "tiered"],
    });
    const [rollup] = await database.db
      .select({ executions: sql<string>`sum(${executionDailyRollups.executions})` })
      .from(executionDailyRollups)
      .where(eq(executionDailyRollups.customerId, world.ids.customer));
    expect(Number(rollup?.executions)).toBe(5);
    const [complaint] = await database.db
      .select()
      .from(complaints)
      .where(eq(complaints.id, world.ids.complaint));
    expect(complaint).toMatchObject({
      status: "accepted",
      text: "Lief doppelt",
      executionId: world.ids.executions[3],
      filedByUserId: world.ids.reporter,
      customerId: world.ids.customer,
    });
    const dependencies = await database.db.select().from(programDependencies);
    expect(dependencies).toHaveLength(1);
  });

  it("writes one audit row for the import", async () => {
    const rows = await database.db.select().from(auditLog).where(eq(auditLog.action, "import.django"));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.after).toMatchObject({ file: "dump.json" });
  });

  it("imports nothing new and changes nothing when run again", async () => {
    const before = await snapshot();
    const second = await importDjangoDump(database.db, file);
    const totals = second.totals();
    expect(totals.imported).toBe(0);
    expect(totals.updated).toBe(0);
    expect(totals.skipped).toBeGreaterThan(20);
    expect(second.models.get("nadooit_api_executions_system.customerprogramexecution")).toMatchObject({
      read: 5,
      skipped: 5,
    });
    expect(await snapshot()).toEqual(before);
  });

  it("updates what changed in the original since the last run", async () => {
    const changed = world.entries.map((entry) =>
      entry.pk === world.ids.customer
        ? { ...entry, fields: { ...entry.fields, name: "Acme Renamed" } }
        : entry,
    );
    const next = await writeDump(temporaryDirectory("import"), "dump2.json", changed);
    const report = await importDjangoDump(database.db, next);
    expect(report.models.get("nadooit_crm.customer")).toMatchObject({ updated: 1, imported: 0 });
    expect(report.totals().updated).toBe(1);
    const [customer] = await database.db.select().from(customers).where(eq(customers.id, world.ids.customer));
    expect(customer?.name).toBe("Acme Renamed");
  });

  it("lets a program report with the original raw UUID key on the legacy API, charging time then price", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/executions",
      payload: {
        NADOOIT__API_KEY: world.rawKey,
        NADOOIT__USER_CODE: world.reporterCode,
        program_id: world.ids.fixedProgram,
        time_saved: 150,
      },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { success: string; execution_id: string };
    expect(body.success).toBe("Execution created");
    const [recorded] = await database.db
      .select()
      .from(executions)
      .where(eq(executions.id, body.execution_id));
    // 100 s from the imported account, 50 s billed at the imported fixed 0.01 €/s.
    expect(recorded).toMatchObject({ coveredSeconds: 100, billedSeconds: 50, price: "0.500000" });
    const [account] = await database.db
      .select()
      .from(timeAccounts)
      .where(eq(timeAccounts.id, world.ids.fixedAccount));
    expect(account?.balanceSeconds).toBe(0);
    const [program] = await database.db
      .select()
      .from(customerPrograms)
      .where(eq(customerPrograms.id, world.ids.fixedProgram));
    expect(program?.tierBasisSeconds).toBe(330);
  });

  it("accepts the key on API v1 and the key the original stored unhashed, refuses a wrong code", async () => {
    const v1 = await app.inject({
      method: "POST",
      url: "/api/v1/executions",
      headers: { authorization: `Bearer ${world.rawKey}` },
      payload: { customerProgramId: world.ids.tieredProgram, timeSavedSeconds: 60 },
    });
    expect(v1.statusCode).toBe(201);
    expect(v1.json()).toMatchObject({ coveredSeconds: 60, billedSeconds: 0 });
    const unhashed = await app.inject({
      method: "POST",
      url: "/api/executions",
      payload: {
        NADOOIT__API_KEY: world.rawStoredKey,
        NADOOIT__USER_CODE: world.reporterCode,
        program_id: world.ids.tieredProgram,
      },
    });
    expect(unhashed.statusCode).toBe(200);
    const wrongCode = await app.inject({
      method: "POST",
      url: "/api/executions",
      payload: {
        NADOOIT__API_KEY: world.rawKey,
        NADOOIT__USER_CODE: "XXXXXX",
        program_id: world.ids.fixedProgram,
      },
    });
    expect(wrongCode.statusCode).toBe(403);
    const [stored] = await database.db
      .select({ legacy: apiKeys.legacy, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(and(eq(apiKeys.id, world.ids.apiKey)));
    expect(stored).toMatchObject({ legacy: true, revokedAt: null });
  });
});
