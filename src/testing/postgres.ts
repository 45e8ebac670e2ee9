/**
 * Databases of their own on a PostgreSQL server, for tests and benchmarks (no test runner needed).
 */
import pg from "pg";

export interface EmptyPostgresDatabase {
  url: string;
  drop(): Promise<void>;
}

async function onServer(server: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database `name` on the PostgreSQL server at `server` (no migrations applied). With
 * `replace`, a database of that name left over (an aborted benchmark) is dropped first.
 */
export async function createPostgresDatabase(
  server: string,
  name: string,
  options: { replace?: boolean } = {},
): Promise<EmptyPostgresDatabase> {
  const drop = () => onServer(server, `drop database if exists "${name}" with (force)`);
  if (options.replace) await drop();
  await onServer(server, `create database "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop };
}
