/**
 * One database handle over two drivers: embedded PGlite (a directory on disk, or memory) and
 * node-postgres against a server. Everything above this file sees the same Drizzle API.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { acquireDirectoryLock, type DirectoryLock } from "./directory-lock.ts";
import * as schema from "./schema.ts";

/** Both drivers return results with `rows`; this is what raw `execute` gives callers. */
export interface RowsQueryResult<Row> {
  rows: Row[];
}

export interface RowsQueryResultHKT extends PgQueryResultHKT {
  readonly type: RowsQueryResult<this["row"]>;
}

export type Schema = typeof schema;
/** A database or a transaction: services accept either, so callers decide the transaction scope. */
export type Database = PgDatabase<RowsQueryResultHKT, Schema>;

export type DatabaseKind = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  /** Throws when the database cannot answer a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A postgres:// URL; when unset, PGlite is used. */
  url?: string;
  /** PGlite data directory; when unset too, an in-memory database (tests). */
  pgliteDir?: string;
  /** Size of the node-postgres pool. */
  poolSize?: number;
  onPoolError?: (error: Error) => void;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.url ? openPostgres(options.url, options) : openPglite(options.pgliteDir);
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // An unreachable server fails requests and /readyz within seconds instead of hanging them.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on("error", (error) => options.onPoolError?.(error));
  const db = drizzlePostgres({ client: pool, schema }) as unknown as Database;
  const handle: DatabaseHandle = {
    db,
    kind: "postgres",
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
  try {
    await handle.ping();
  } catch (error) {
    await pool.end();
    throw new Error(`Cannot connect to the PostgreSQL server: ${(error as Error).message}`, { cause: error });
  }
  return handle;
}

async function openPglite(directory: string | undefined): Promise<DatabaseHandle> {
  let lock: DirectoryLock | undefined;
  if (directory) {
    mkdirSync(directory, { recursive: true });
    // PGlite is single-process: a second process on the same directory would corrupt it.
    lock = acquireDirectoryLock(path.join(path.dirname(directory), `${path.basename(directory)}.lock`));
  }
  let client: PGlite;
  try {
    client = await PGlite.create(directory);
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

interface NamedQueryClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs `query` as a named prepared statement on node-postgres (parsed and planned once per
 * connection, not per call); on PGlite, or outside a transaction, as an ordinary query. For
 * statements on a hot path whose text never changes.
 */
export async function executePrepared<Row>(
  db: Database,
  name: string,
  query: SQL,
): Promise<RowsQueryResult<Row>> {
  const internals = db as unknown as {
    dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
    session?: { client?: unknown };
  };
  const client = internals.session?.client;
  if (client instanceof pg.Client) {
    const { sql: text, params } = internals.dialect.sqlToQuery(query);
    return (await (client as unknown as NamedQueryClient).query({
      name,
      text,
      values: params,
    })) as RowsQueryResult<Row>;
  }
  return db.execute(query) as Promise<RowsQueryResult<Row>>;
}
