/**
 * For tests that run the real server in child processes: a seeded reporting world on a database the
 * server will open (PGlite data directory or PostgreSQL), and clients that report executions over
 * HTTP in parallel, remembering exactly what was acknowledged.
 */
import path from "node:path";
import { type DatabaseHandle, openDatabase } from "../db/connection.ts";
import { migrate } from "../db/migrator.ts";
import { formatUserCode } from "../modules/identity/user-code.ts";
import { childEnvironment } from "./process.ts";
import { newReportingWorld } from "./reporting.ts";

export interface IngestWorld {
  customerProgramId: string;
  accountId: string;
  apiKey: string;
  userCode: string;
}

/** Where the server keeps its data: `postgresUrl` when set, else PGlite in `dataDir/pg`. */
export interface ServerData {
  dataDir: string;
  postgresUrl?: string;
}

export function openServerDatabase(data: ServerData): Promise<DatabaseHandle> {
  return data.postgresUrl
    ? openDatabase({ url: data.postgresUrl, poolSize: 2 })
    : openDatabase({ pgliteDir: path.join(data.dataDir, "pg") });
}

export function serverEnvironment(data: ServerData): NodeJS.ProcessEnv {
  return childEnvironment({
    DATA_DIR: data.dataDir,
    DATABASE_URL: data.postgresUrl,
    PORT: "0",
    SECRET_KEY: "ingest-test-secret-key-0123456789abcdef",
  });
}

/** Migrates and seeds the database, then closes it again (PGlite allows one process at a time). */
export async function seedIngestWorld(data: ServerData, balanceSeconds: number): Promise<IngestWorld> {
  const handle = await openServerDatabase(data);
  try {
    await migrate(handle.db);
    const world = await newReportingWorld(handle.db, balanceSeconds);
    return {
      customerProgramId: world.customerProgramId,
      accountId: world.accountId,
      apiKey: world.key.secret,
      userCode: formatUserCode(world.reporter.code),
    };
  } finally {
    await handle.close();
  }
}

export type ReportKind = "v1" | "legacy";

export interface Report {
  kind: ReportKind;
  timeSavedSeconds: number;
  idempotencyKey?: string;
}

export interface Outcome {
  report: Report;
  /** HTTP status; undefined when no answer came (connection refused or reset). */
  status?: number;
  /** The execution id the answer names. */
  id?: string;
  replayed: boolean;
  error?: string;
}

export const acknowledged = (outcome: Outcome): boolean =>
  outcome.id !== undefined &&
  (outcome.report.kind === "v1" ? outcome.status === 201 : outcome.status === 200);

/** Sends one report to the server at `baseUrl`, as v1 (optionally idempotent) or legacy. */
export async function sendReport(baseUrl: string, world: IngestWorld, report: Report): Promise<Outcome> {
  const v1 = report.kind === "v1";
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (v1) headers.authorization = `Bearer ${world.apiKey}`;
  if (report.idempotencyKey) headers["idempotency-key"] = report.idempotencyKey;
  const body = v1
    ? { customerProgramId: world.customerProgramId, timeSavedSeconds: report.timeSavedSeconds }
    : {
        NADOOIT__API_KEY: world.apiKey,
        NADOOIT__USER_CODE: world.userCode,
        program_id: world.customerProgramId,
        time_saved: report.timeSavedSeconds,
      };
  try {
    const response = await fetch(`${baseUrl}${v1 ? "/api/v1/executions" : "/api/executions"}`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { id?: string; execution_id?: string };
    return {
      report,
      status: response.status,
      id: v1 ? answer.id : answer.execution_id,
      replayed: response.headers.get("idempotent-replayed") === "true",
    };
  } catch (error) {
    return { report, replayed: false, error: String((error as Error).cause ?? error) };
  }
}

/**
 * `clients` parallel loops sending `reports` in order until all are sent or `stop()` says so;
 * `onOutcome` sees every outcome as it arrives.
 */
export async function reportInParallel(
  baseUrl: string,
  world: IngestWorld,
  reports: readonly Report[],
  clients: number,
  options: { stop?: () => boolean; onOutcome?: (outcome: Outcome) => void } = {},
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const client = async () => {
    while (next < reports.length && !options.stop?.()) {
      const report = reports[next++];
      if (!report) break;
      const outcome = await sendReport(baseUrl, world, report);
      outcomes.push(outcome);
      options.onOutcome?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return outcomes;
}
