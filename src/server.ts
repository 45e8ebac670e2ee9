/**
 * Starting and stopping the product: configuration → database → migrations → app → listen.
 */
import path from "node:path";
import pino from "pino";
import { type App, buildApp } from "./app.ts";
import type { Config } from "./config.ts";
import { type DatabaseHandle, openDatabase } from "./db/connection.ts";
import { migrate } from "./db/migrator.ts";
import { loggerOptions } from "./http/logging.ts";

function databaseOptions(config: Config, log: pino.Logger) {
  return {
    url: config.databaseUrl,
    pgliteDir: path.join(config.dataDir, "pg"),
    onPoolError: (error: Error) => log.warn({ err: error }, "idle database connection failed"),
  };
}

/** Opens the configured database and brings its schema up to date. */
export async function openMigratedDatabase(config: Config, log: pino.Logger): Promise<DatabaseHandle> {
  const database = await openDatabase(databaseOptions(config, log));
  try {
    const { applied } = await migrate(database.db);
    log.info(
      { applied, database: database.kind },
      applied.length ? "migrations applied" : "schema up to date",
    );
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

export interface RunningServer {
  app: App;
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const log = pino(loggerOptions(config.logLevel));
  const database = await openMigratedDatabase(config, log);
  let app: App;
  try {
    app = await buildApp({ config, database });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await database.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    app,
    close: () => {
      closing ??= app.close().finally(() => database.close());
      return closing;
    },
  };
}
