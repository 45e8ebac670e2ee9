/**
 * Dumps in other shapes: plain pks in any order, fields left out, `--natural-primary` users without
 * a pk; a dry run; and bad records, which fail the whole import with a message naming the record.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../testing/database.ts";
import { auditLog } from "../audit/schema.ts";
import { customers } from "../crm/schema.ts";
import { executions } from "../executions/schema.ts";
import { users } from "../identity/schema.ts";
import { customerPrograms } from "../programs/schema.ts";
import { timeAccounts } from "../time-accounts/schema.ts";
import { importDjangoDump } from "./service.ts";
import { buildWorld, type DumpEntry, writeDump } from "./test-dump.ts";

const database = useTestDatabase();
let directory: string;

beforeAll(() => {
  directory = mkdtempSync(path.join(tmpdir(), "nadoo-import-shapes-"));
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** Executions first, role rows before their contracts: the reverse of dependency order. */
function reversed(entries: DumpEntry[]): DumpEntry[] {
  return [...entries].reverse();
}

async function usersCount() {
  const [row] = await database.db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

describe("dumps of other shapes", () => {
  it("imports plain pks in reverse order, compact JSON, with optional fields left out", async () => {
    const world = buildWorld({ naturalKeys: false });
    const stripped = world.entries.map((entry) => {
      const { created_at: _c, updated_at: _u, display_name: _d, description: _x, ...fields } = entry.fields;
      return { ...entry, fields };
    });
    const file = await writeDump(directory, "plain.json", reversed(stripped), 0);
    const report = await importDjangoDump(database.db, file);
    expect(report.models.get("nadooit_api_executions_system.customerprogramexecution")).toMatchObject({
      imported: 5,
    });
    expect(report.models.get("nadoo_complaint_management.complaint")).toMatchObject({ imported: 1 });
    const [reporter] = await database.db.select().from(users).where(eq(users.id, world.ids.reporter));
    // No display name: the first and last name stand in.
    expect(reporter?.displayName).toBe("x");
    const [account] = await database.db
      .select()
      .from(timeAccounts)
      .where(eq(timeAccounts.id, world.ids.fixedAccount));
    expect(account?.balanceSeconds).toBe(100);
  });

  it("derives stable ids for users dumped with --natural-primary (no pk) and for integer pks", async () => {
    const world = buildWorld({ naturalKeys: true });
    const entries = world.entries.map((entry) => {
      if (entry.model !== "nadooit_auth.user") return entry;
      const { pk: _pk, ...rest } = entry;
      return rest;
    });
    const file = await writeDump(directory, "natural-primary.json", entries);
    const first = await importDjangoDump(database.db, file);
    expect(first.models.get("nadooit_auth.user")).toMatchObject({ imported: 3 });
    expect(first.models.get("nadooit_key.keymanager")).toMatchObject({ imported: 1 });
    const again = await importDjangoDump(database.db, file);
    expect(again.totals()).toMatchObject({ imported: 0, updated: 0 });
    const [row] = await database.db.select().from(users).where(eq(users.code, world.reporterCode));
    expect(row?.id).not.toBe(world.ids.reporter);
  });

  it("prints the report of a dry run and rolls everything back", async () => {
    const world = buildWorld({ naturalKeys: true });
    const file = await writeDump(directory, "dry.json", world.entries);
    const before = await usersCount();
    const [audits] = await database.db.select({ n: count() }).from(auditLog);
    const report = await importDjangoDump(database.db, file, { dryRun: true });
    expect(report.models.get("nadooit_auth.user")).toMatchObject({ imported: 3 });
    expect(report.format()).toMatch(/^Dry run: nothing was written/);
    expect(await usersCount()).toBe(before);
    const [after] = await database.db.select({ n: count() }).from(auditLog);
    expect(after?.n).toBe(audits?.n);
    const found = await database.db.select().from(customers).where(eq(customers.id, world.ids.customer));
    expect(found).toEqual([]);
  });

  it("reports progress over both passes", async () => {
    const world = buildWorld({ naturalKeys: true });
    const file = await writeDump(directory, "progress.json", world.entries);
    const seen: [number, number][] = [];
    await importDjangoDump(database.db, file, {
      dryRun: true,
      onProgress: (done, total) => seen.push([done, total]),
    });
    const last = seen[seen.length - 1];
    expect(last?.[0]).toBe(last?.[1]);
    expect(seen.length).toBeGreaterThanOrEqual(2);
  });
});

describe("bad records", () => {
  async function failing(mutate: (entries: DumpEntry[]) => DumpEntry[]) {
    const world = buildWorld({ naturalKeys: true });
    const file = await writeDump(directory, `bad-${Math.random()}.json`, mutate(world.entries));
    const before = await usersCount();
    const error = await importDjangoDump(database.db, file).then(
      () => null,
      (caught: Error) => caught,
    );
    // All or nothing: the users of the first pass are gone with the failure.
    expect(await usersCount()).toBe(before);
    const rows = await database.db
      .select()
      .from(executions)
      .where(inArray(executions.id, world.ids.executions));
    expect(rows).toEqual([]);
    return { error, world };
  }

  it("names model, pk and field of an execution with an unknown status, after the first pass was written", async () => {
    const { error, world } = await failing((entries) =>
      entries.map((entry) =>
        entry.pk !== undefined &&
        entry.model.endsWith("customerprogramexecution") &&
        entry.fields.payment_status === "PAID"
          ? { ...entry, fields: { ...entry.fields, payment_status: "MAYBE" } }
          : entry,
      ),
    );
    expect(error?.message).toBe(
      `nadooit_api_executions_system.customerprogramexecution pk "${world.ids.executions[1]}", field "payment_status": "MAYBE" is not one of NOT_PAID, PAID, REFUNDED, REVOKED`,
    );
    const kept = await database.db
      .select()
      .from(customerPrograms)
      .where(eq(customerPrograms.id, world.ids.fixedProgram));
    expect(kept).toEqual([]);
  });

  it("names the field of a bad amount and of a reference to a missing record", async () => {
    const price = await failing((entries) =>
      entries.map((entry) =>
        entry.model.endsWith(".customerprogram")
          ? { ...entry, fields: { ...entry.fields, price_per_second: "-1" } }
          : entry,
      ),
    );
    expect(price.error?.message).toMatch(
      /customerprogram pk "[^"]+", field "price_per_second": "-1" is not a non-negative amount/,
    );
    const missing = await failing((entries) =>
      entries.filter((entry) => entry.model !== "nadooit_crm.customer"),
    );
    expect(missing.error?.message).toMatch(
      /^nadooit_hr\.employeecontract pk "[^"]+", field "customer": customer \S+ is not in the dump$/,
    );
    const user = await failing((entries) =>
      entries.map((entry) =>
        entry.model === "nadooit_hr.employee" ? { ...entry, fields: { user: ["nobody"] } } : entry,
      ),
    );
    expect(user.error?.message).toMatch(/field "user": natural key \["nobody"\] matches no user in the dump/);
  });

  it("refuses a user code that another NADOO user already has", async () => {
    const world = buildWorld({ naturalKeys: true });
    await database.db
      .insert(users)
      .values({ code: world.reporterCode, codeKey: world.reporterCode, displayName: "Other" });
    const file = await writeDump(directory, "taken.json", world.entries);
    await expect(importDjangoDump(database.db, file)).rejects.toThrow(
      `nadooit_auth.user pk "${world.ids.reporter}", field "user_code": ${world.reporterCode} is already the code of another NADOO user`,
    );
  });

  it("refuses a file that is not a dumpdata array", async () => {
    const file = path.join(directory, "broken.json");
    const { writeFile } = await import("node:fs/promises");
    await writeFile(file, '{"model": "nadooit_auth.user"}');
    await expect(importDjangoDump(database.db, file)).rejects.toThrow(/not a JSON array/);
    await writeFile(file, '[{"model": "nadooit_auth.user", "pk": 1, "fields": {}}');
    await expect(importDjangoDump(database.db, file)).rejects.toThrow(/ends before its closing/);
  });
});
