import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyPostgresDatabase, testBackend } from "../testing/database.ts";
import { temporaryDirectory } from "../testing/temporary.ts";
import { type DatabaseHandle, openDatabase } from "./connection.ts";
import { MIGRATIONS_FOLDER, migrate, readMigrations } from "./migrator.ts";

const allTags = readMigrations().map((migration) => migration.tag);

async function openFresh(): Promise<{ handle: DatabaseHandle; url?: string; dispose(): Promise<void> }> {
  if (testBackend === "pglite") {
    const handle = await openDatabase({});
    return { handle, dispose: () => handle.close() };
  }
  const empty = await createEmptyPostgresDatabase();
  const handle = await openDatabase({ url: empty.url, poolSize: 2 });
  return {
    handle,
    url: empty.url,
    dispose: async () => {
      await handle.close();
      await empty.drop();
    },
  };
}

async function tableNames(handle: DatabaseHandle): Promise<string[]> {
  const { rows } = await handle.db.execute<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
  );
  return rows.map((row) => row.name);
}

describe("migrate", () => {
  let fresh: Awaited<ReturnType<typeof openFresh>>;

  beforeAll(async () => {
    fresh = await openFresh();
  });
  afterAll(async () => {
    await fresh.dispose();
  });

  it("applies every migration to an empty database", async () => {
    expect(allTags.length).toBeGreaterThanOrEqual(2);
    const result = await migrate(fresh.handle.db);
    expect(result.applied).toEqual(allTags);
    expect(await tableNames(fresh.handle)).toEqual(
      expect.arrayContaining(["users", "customers", "addresses", "employees", "contracts", "audit_log"]),
    );
  });

  it("changes nothing when run again", async () => {
    const before = await tableNames(fresh.handle);
    expect(await migrate(fresh.handle.db)).toEqual({ applied: [] });
    expect(await tableNames(fresh.handle)).toEqual(before);
    const { rows } = await fresh.handle.db.execute<{ count: number }>(
      sql`select count(*)::int as count from nadoo_migrations`,
    );
    expect(rows[0]?.count).toBe(allTags.length);
  });

  it("treats a checkout with CRLF line endings as unchanged", async () => {
    const folder = temporaryDirectory("migrations");
    cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
    for (const tag of allTags) {
      const file = path.join(folder, `${tag}.sql`);
      writeFileSync(file, readFileSync(file, "utf8").replace(/\n/g, "\r\n"));
    }
    expect(await migrate(fresh.handle.db, folder)).toEqual({ applied: [] });
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const folder = temporaryDirectory("migrations");
    cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
    writeFileSync(path.join(folder, `${allTags[0]}.sql`), "select 1;");
    await expect(migrate(fresh.handle.db, folder)).rejects.toThrow(/was changed after it was applied/);
  });

  it("rolls back every migration of a run when one fails", async () => {
    const folder = temporaryDirectory("migrations");
    cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
    const journalFile = path.join(folder, "meta", "_journal.json");
    const journal = JSON.parse(readFileSync(journalFile, "utf8")) as {
      entries: { idx: number; tag: string }[];
    };
    journal.entries.push({ idx: 900, tag: "9000_good" }, { idx: 901, tag: "9001_broken" });
    writeFileSync(journalFile, JSON.stringify(journal));
    writeFileSync(path.join(folder, "9000_good.sql"), "create table good_table (id int);");
    writeFileSync(
      path.join(folder, "9001_broken.sql"),
      "create table broken (id int references nowhere(id));",
    );
    await expect(migrate(fresh.handle.db, folder)).rejects.toThrow();
    expect(await tableNames(fresh.handle)).not.toContain("good_table");
  });
});

describe.runIf(testBackend === "postgres")("migrate from two processes at once", () => {
  it("applies each migration exactly once", async () => {
    const fresh = await openFresh();
    const second = await openDatabase({ url: fresh.url, poolSize: 2 });
    try {
      const results = await Promise.all([migrate(fresh.handle.db), migrate(second.db)]);
      const applied = results.flatMap((result) => result.applied).sort();
      expect(applied).toEqual([...allTags].sort());
      const { rows } = await second.db.execute<{ count: number }>(
        sql`select count(*)::int as count from nadoo_migrations`,
      );
      expect(rows[0]?.count).toBe(allTags.length);
    } finally {
      await second.close();
      await fresh.dispose();
    }
  });
});
