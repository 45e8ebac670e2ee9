/**
 * The database side of the ingest benchmark: a fresh database per backend with one customer, program,
 * reporter, API key and a time account holding enough seconds to cover every execution of the run,
 * and the checks after the run. PGlite is single-process, so seeding and checking happen while the
 * server is not running.
 */
import path from "node:path";
import { type DatabaseHandle, openDatabase } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrator.ts";
import { formatUserCode } from "../src/modules/identity/user-code.ts";
import { checkIngestInvariants, type IngestInvariants } from "../src/testing/ingest-invariants.ts";
import { createPostgresDatabase } from "../src/testing/postgres.ts";
import { newReportingWorld } from "../src/testing/reporting.ts";

export type Backend = "pglite" | "postgres";

/** 10^9 s: even 100,000 executions/s of 60 s each for several minutes stay covered. */
export const BALANCE_SECONDS = 1_000_000_000;
export const TIME_SAVED_SECONDS = 60;
export const BENCH_DATABASE = "nadoo_bench_ingest";

export interface BenchWorld {
  backend: Backend;
  /** Environment for `nadoo serve` on this database. */
  env: Record<string, string>;
  customerProgramId: string;
  apiKey: string;
  userCode: string;
  accountId: string;
  check(): Promise<IngestInvariants>;
  dispose(): Promise<void>;
}

async function seed(handle: DatabaseHandle) {
  try {
    await migrate(handle.db);
    const world = await newReportingWorld(handle.db, BALANCE_SECONDS);
    return {
      customerProgramId: world.customerProgramId,
      apiKey: world.key.secret,
      userCode: formatUserCode(world.reporter.code),
      accountId: world.accountId,
    };
  } finally {
    await handle.close();
  }
}

async function checked(handle: DatabaseHandle): Promise<IngestInvariants> {
  try {
    return await checkIngestInvariants(handle.db);
  } finally {
    await handle.close();
  }
}

export async function prepareWorld(
  backend: Backend,
  dataDir: string,
  serverUrl?: string,
): Promise<BenchWorld> {
  if (backend === "pglite") {
    const pgliteDir = path.join(dataDir, "pg");
    const seeded = await seed(await openDatabase({ pgliteDir }));
    return {
      backend,
      env: { DATA_DIR: dataDir },
      ...seeded,
      check: async () => checked(await openDatabase({ pgliteDir })),
      dispose: async () => {},
    };
  }
  if (!serverUrl) throw new Error("BENCH_DATABASE_URL is not set.");
  // Only ever this database: a left-over from an aborted run is replaced, nothing else is touched.
  const database = await createPostgresDatabase(serverUrl, BENCH_DATABASE, { replace: true });
  const seeded = await seed(await openDatabase({ url: database.url, poolSize: 2 }));
  return {
    backend,
    env: { DATA_DIR: dataDir, DATABASE_URL: database.url },
    ...seeded,
    check: async () => checked(await openDatabase({ url: database.url, poolSize: 2 })),
    dispose: database.drop,
  };
}
