/**
 * `npm run bench:ingest`: how fast the product records executions (SPEC §7, issue 6), against a bare
 * Fastify route measured in the same run. See bench/README.md ("Ingest") for the setup and figures.
 *
 * Environment: BENCH_DATABASE_URL (also measure PostgreSQL; the database nadoo_bench_ingest is
 * created and dropped on that server), BENCH_BACKENDS (e.g. "postgres" to skip PGlite),
 * BENCH_DURATION / BENCH_WARMUP (seconds, 15 / 3), BENCH_CONNECTIONS (64), BENCH_WORKERS
 * (autocannon worker threads, 0 = the harness's main thread), BENCH_LOG_LEVEL (the product's
 * default, info), BENCH_CPU_PROF (a directory: the product runs with --cpu-prof and writes its
 * profile there when stopped).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CLI } from "../src/testing/process.ts";
import { drive, type LoadFigures, peakRss, resetPeakRss, serve } from "./ingest-support.ts";
import { type Backend, BENCH_DATABASE, prepareWorld, TIME_SAVED_SECONDS } from "./ingest-world.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const number = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number.`);
  return value;
};

const settings = {
  durationSeconds: number("BENCH_DURATION", 15),
  warmupSeconds: number("BENCH_WARMUP", 3),
  connections: number("BENCH_CONNECTIONS", 64),
  workers: number("BENCH_WORKERS", 0),
  logLevel: process.env.BENCH_LOG_LEVEL ?? "info",
  cpuProfileDir: process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined,
};
const serverUrl = process.env.BENCH_DATABASE_URL;
const backends = (process.env.BENCH_BACKENDS ?? (serverUrl ? "pglite,postgres" : "pglite"))
  .split(",")
  .map((name) => name.trim())
  .filter((name): name is Backend => name === "pglite" || name === "postgres");

interface Row {
  backend: Backend | "none";
  endpoint: string;
  figures: LoadFigures;
  peakRssBytes: number;
  ratioToBaseline: number;
}

const workDir = mkdtempSync(path.join(os.tmpdir(), "nadoo-bench-ingest-"));
const rows: Row[] = [];
let baselineRps = Number.NaN;

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function measure(
  backend: Row["backend"],
  endpoint: string,
  pid: number,
  load: Omit<Parameters<typeof drive>[0], "durationSeconds" | "connections" | "workers">,
): Promise<{ row: Row; warmup: LoadFigures | undefined }> {
  const common = { ...load, connections: settings.connections, workers: settings.workers };
  log(`${backend} ${endpoint}: warm-up ${settings.warmupSeconds} s`);
  const warmup =
    settings.warmupSeconds > 0
      ? await drive({ ...common, durationSeconds: settings.warmupSeconds }, pid)
      : undefined;
  // Without a reset (an old kernel), the peak includes the warm-up and anything before.
  resetPeakRss(pid);
  log(`${backend} ${endpoint}: ${settings.durationSeconds} s, ${settings.connections} connections`);
  const figures = await drive({ ...common, durationSeconds: settings.durationSeconds }, pid);
  const row: Row = {
    backend,
    endpoint,
    figures,
    peakRssBytes: peakRss(pid),
    ratioToBaseline: figures.requestsPerSecond / baselineRps,
  };
  rows.push(row);
  return { row, warmup };
}

async function baseline(): Promise<void> {
  const server = await serve({
    args: [path.join(here, "baseline-server.mjs")],
    env: process.env,
    logFile: path.join(workDir, "baseline.log"),
    readyPath: "/executions",
    readyStatus: 404,
  });
  try {
    baselineRps = Number.NaN;
    const { row } = await measure("none", "bare Fastify POST", server.pid, {
      url: `${server.url}/executions`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        customerProgramId: "0199a000-0000-7000-8000-000000000000",
        timeSavedSeconds: 60,
      }),
    });
    baselineRps = row.figures.requestsPerSecond;
    row.ratioToBaseline = 1;
  } finally {
    await server.stop();
  }
}

async function product(backend: Backend) {
  const dataDir = path.join(workDir, backend);
  mkdirSync(dataDir, { recursive: true });
  log(`${backend}: seeding`);
  const world = await prepareWorld(backend, dataDir, serverUrl);
  try {
    const profileDir = settings.cpuProfileDir ? path.join(settings.cpuProfileDir, backend) : undefined;
    const server = await serve({
      args: [CLI, "serve"],
      env: {
        ...process.env,
        ...world.env,
        LOG_LEVEL: settings.logLevel,
        SECRET_KEY: "bench-secret-key-0123456789abcdef0123456789abcdef",
      },
      logFile: path.join(workDir, `${backend}.log`),
      readyPath: "/readyz",
      readyStatus: 200,
      nodeFlags: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
    });
    const runs: LoadFigures[] = [];
    let exitCode: number | null;
    try {
      for (const [endpoint, url, headers, body] of [
        [
          "POST /api/v1/executions",
          `${server.url}/api/v1/executions`,
          { authorization: `Bearer ${world.apiKey}`, "content-type": "application/json" },
          { customerProgramId: world.customerProgramId, timeSavedSeconds: TIME_SAVED_SECONDS },
        ],
        [
          "POST /api/executions (legacy)",
          `${server.url}/api/executions`,
          { "content-type": "application/json" },
          {
            NADOOIT__API_KEY: world.apiKey,
            NADOOIT__USER_CODE: world.userCode,
            program_id: world.customerProgramId,
            time_saved: TIME_SAVED_SECONDS,
          },
        ],
      ] as const) {
        const { row, warmup } = await measure(backend, endpoint, server.pid, {
          url,
          method: "POST",
          headers,
          body: JSON.stringify(body),
        });
        runs.push(row.figures, ...(warmup ? [warmup] : []));
      }
    } finally {
      exitCode = await server.stop();
    }
    log(`${backend}: checking the database`);
    const found = await world.check();
    const ok = runs.reduce((sum, run) => sum + run.ok, 0);
    // Requests still in flight when autocannon stopped were never answered, but the server may have
    // committed them: the count lies between the acknowledgements and those plus the unanswered.
    const unanswered = runs.reduce((sum, run) => sum + Math.max(0, run.sent - run.ok - run.non2xx), 0);
    const account = found.accounts.find((candidate) => candidate.id === world.accountId);
    const correctness = {
      acknowledged: ok,
      unansweredAtStop: unanswered,
      executionsInDatabase: found.executions,
      countConsistent: found.executions >= ok && found.executions <= ok + unanswered,
      balanceSeconds: account?.balanceSeconds,
      ledgerSumSeconds: account?.ledgerSumSeconds,
      balanceEqualsLedger: found.accounts.every((item) => item.balanceSeconds === item.ledgerSumSeconds),
      coveredMismatches: found.coveredMismatches,
      orphanDebits: found.orphanDebits,
      rollupsMatch: found.rollupMismatches.length === 0,
      serverExitCode: exitCode,
    };
    return { correctness, profileDir };
  } finally {
    await world.dispose();
  }
}

function format(row: Row): string[] {
  const f = row.figures;
  return [
    row.backend,
    row.endpoint,
    f.requestsPerSecond.toFixed(0),
    f.latencyMs.p50.toFixed(1),
    f.latencyMs.p99.toFixed(1),
    String(f.non2xx),
    String(f.errors),
    String(f.timeouts),
    (row.peakRssBytes / 2 ** 20).toFixed(0),
    `${(row.ratioToBaseline * 100).toFixed(1)} %`,
    `${f.cpu.serverPercent} / ${f.cpu.loadGeneratorPercent} / ${f.cpu.machineBusyPercent}`,
  ];
}

function printTable(): void {
  const header = [
    "backend",
    "endpoint",
    "req/s",
    "p50 ms",
    "p99 ms",
    "non-2xx",
    "errors",
    "timeouts",
    "peak RSS MiB",
    "of baseline",
    "CPU % server / loadgen / machine",
  ];
  const lines = [header, ...rows.map(format)];
  const widths = header.map((_, column) => Math.max(...lines.map((line) => (line[column] ?? "").length)));
  for (const line of lines) {
    process.stdout.write(`${line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ")}\n`);
  }
}

const git = (...args: string[]) => {
  try {
    return execFileSync("git", args, { cwd: here, encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
};

try {
  const environment = {
    date: new Date().toISOString(),
    // BENCH_COMMIT names the code when it is measured from an exported copy without .git.
    commit: git("rev-parse", "HEAD") ?? process.env.BENCH_COMMIT,
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    settings: { ...settings, benchDatabase: serverUrl ? BENCH_DATABASE : undefined },
  };
  await baseline();
  const resultsDir = path.join(here, "results");
  mkdirSync(resultsDir, { recursive: true });
  const stamp = environment.date.replace(/[:.]/g, "-");
  let failed = false;
  const verdicts: string[] = [];
  for (const backend of backends) {
    const { correctness, profileDir } = await product(backend);
    const report = {
      ...environment,
      backend,
      rows: rows.filter((row) => row.backend === backend || row.backend === "none"),
      correctness,
    };
    const json = `${JSON.stringify(report, null, 2)}\n`;
    writeFileSync(path.join(resultsDir, `ingest-${backend}-${stamp}.json`), json);
    writeFileSync(path.join(resultsDir, `ingest-${backend}-latest.json`), json);
    const sound =
      correctness.countConsistent &&
      correctness.balanceEqualsLedger &&
      correctness.coveredMismatches === 0 &&
      correctness.orphanDebits === 0 &&
      correctness.rollupsMatch;
    failed ||= !sound;
    verdicts.push(
      `${backend}: ${correctness.executionsInDatabase} executions in the database for ` +
        `${correctness.acknowledged} acknowledged (+ up to ${correctness.unansweredAtStop} unanswered at stop); ` +
        `balance ${correctness.balanceSeconds} s = ledger ${correctness.ledgerSumSeconds} s: ` +
        `${correctness.balanceEqualsLedger}; covered = debits: ${correctness.coveredMismatches === 0}; ` +
        `rollups match: ${correctness.rollupsMatch} → ${sound ? "CONSISTENT" : "INCONSISTENT"}` +
        (profileDir ? `; CPU profile in ${profileDir}` : ""),
    );
  }
  printTable();
  process.stdout.write(`\n${verdicts.join("\n")}\n`);
  if (failed) process.exitCode = 1;
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
