/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new database on the
 * PostgreSQL server named by TEST_DATABASE_URL (dropped again by `close`).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { type Database, type DatabaseHandle, type DatabaseKind, openDatabase } from "../db/connection.ts";
import { migrate } from "../db/migrator.ts";
import { createPostgresDatabase, type EmptyPostgresDatabase } from "./postgres.ts";

export type { EmptyPostgresDatabase };

export const testBackend: DatabaseKind =
  process.env.NADOO_TEST_BACKEND === "postgres" ? "postgres" : "pglite";

export interface TestDatabase {
  handle: DatabaseHandle;
  db: Database;
  /** The PostgreSQL URL of this database; undefined on PGlite. */
  url?: string;
  close(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set; the postgres test project needs it.");
  return url;
}

/** A new, empty database on the test server (no migrations applied). */
export function createEmptyPostgresDatabase(): Promise<EmptyPostgresDatabase> {
  return createPostgresDatabase(serverUrl(), `nadoo_test_${randomBytes(6).toString("hex")}`);
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testBackend === "pglite") {
    const handle = await openDatabase({});
    await migrate(handle.db);
    return { handle, db: handle.db, close: () => handle.close() };
  }
  const empty = await createEmptyPostgresDatabase();
  const handle = await openDatabase({ url: empty.url, poolSize: 4 });
  await migrate(handle.db);
  return {
    handle,
    db: handle.db,
    url: empty.url,
    close: async () => {
      await handle.close();
      await empty.drop();
    },
  };
}

/**
 * Registers hooks giving the calling test file its own database for all of its tests. Read `db`
 * inside tests or later hooks, not at module level.
 */
export function useTestDatabase(): TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });
  const current = (): TestDatabase => {
    if (!database) throw new Error("The test database is only there inside tests and hooks.");
    return database;
  };
  return {
    get handle() {
      return current().handle;
    },
    get db() {
      return current().db;
    },
    get url() {
      return current().url;
    },
    close: () => current().close(),
  };
}
