/**
 * `npm run bench:scale`: how the customer-facing reads behave when the executions table is large.
 *
 * Builds a fresh database (embedded PGlite in a temporary directory with 1 million executions by
 * default; with BENCH_DATABASE_URL a dedicated database `nadoo_bench_scale` on that PostgreSQL server
 * with 10 million), migrates it, seeds one customer with 20 programs and a time account, loads the
 * executions spread over two years with INSERT … SELECT generate_series (not the API), fills the
 * rollups with one aggregate and runs ANALYZE. Then it times, through the real HTTP app on a local
 * port with a real execution manager's session: the insights summary, a 12-month series, the
 * per-program breakdown, the first page of "this month" with totals, and the CSV export of last month
 * (rows/s and the process's peak RSS while streaming).
 *
 * Environment: SCALE_ROWS (executions), SCALE_REPEATS (timed requests per read, default 100),
 * BENCH_DATABASE_URL (a PostgreSQL server; its database named in the URL is only used to create and
 * drop nadoo_bench_scale), SCALE_KEEP=1 keeps the database for EXPLAIN afterwards.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { buildApp } from "../src/app.ts";
import { type DatabaseHandle, openDatabase } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrator.ts";
import { uuidv7 } from "../src/lib/ids.ts";
import { systemActor } from "../src/modules/audit/service.ts";
import { addMonths, reportingDay, startOfMonth } from "../src/modules/insights/calendar.ts";
import { rebuildRollups } from "../src/modules/insights/rollups.ts";
import { customerPrograms, customerProgramTimeAccounts, programs } from "../src/modules/programs/schema.ts";
import { postToLedger } from "../src/modules/time-accounts/ledger.ts";
import { timeAccounts } from "../src/modules/time-accounts/schema.ts";
import { TEST_AUTH_CONFIG } from "../src/testing/app.ts";
import { holdRole, newCustomer, newUser, signedIn } from "../src/testing/people.ts";
import { createPostgresDatabase } from "../src/testing/postgres.ts";

const BENCH_DATABASE = "nadoo_bench_scale";
const serverUrl = process.env.BENCH_DATABASE_URL;
const backend = serverUrl ? "postgres" : "pglite";
const rows = Number(process.env.SCALE_ROWS ?? (serverUrl ? 10_000_000 : 1_000_000));
const repeats = Number(process.env.SCALE_REPEATS ?? 100);
const keep = process.env.SCALE_KEEP === "1";
const PROGRAMS = 20;
const YEARS = 2;

if (!Number.isInteger(rows) || rows < 1000) throw new Error("SCALE_ROWS must be a whole number ≥ 1000.");

function log(message: string): void {
  process.stderr.write(`[scale] ${message}\n`);
}

interface Bench {
  handle: DatabaseHandle;
  size(): Promise<number>;
  dispose(): Promise<void>;
}

async function freshDatabase(): Promise<Bench> {
  if (serverUrl) {
    const database = await createPostgresDatabase(serverUrl, BENCH_DATABASE, { replace: true });
    const handle = await openDatabase({ url: database.url, poolSize: 10 });
    return {
      handle,
      size: async () => {
        const result = await handle.db.execute<{ size: string }>(
          sql`SELECT pg_database_size(current_database()) AS size`,
        );
        return Number(result.rows[0]?.size ?? 0);
      },
      dispose: async () => {
        await handle.close();
        if (!keep) await database.drop();
      },
    };
  }
  const directory = mkdtempSync(path.join(os.tmpdir(), "nadoo-bench-scale-"));
  const handle = await openDatabase({ pgliteDir: path.join(directory, "pg") });
  return {
    handle,
    size: async () => directorySize(path.join(directory, "pg")),
    dispose: async () => {
      await handle.close();
      if (!keep) rmSync(directory, { recursive: true, force: true });
      else log(`kept ${directory}`);
    },
  };
}

function directorySize(directory: string): number {
  let total = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    total += entry.isDirectory() ? directorySize(full) : statSync(full).size;
  }
  return total;
}

/** One customer, 20 programs installed for it (fixed price), one time account with a balance. */
async function seed(handle: DatabaseHandle) {
  const db = handle.db;
  const customerId = await newCustomer(db, "Scale Customer");
  const accountId = uuidv7();
  await db.insert(timeAccounts).values({ id: accountId, customerId, name: "Prepaid" });
  await postToLedger(db, systemActor, [{ timeAccountId: accountId, kind: "top_up", seconds: 360_000 }]);
  const programIds: string[] = [];
  for (let index = 1; index <= PROGRAMS; index++) {
    const [program] = await db
      .insert(programs)
      .values({ name: `Program ${String(index).padStart(2, "0")}` })
      .returning();
    const [installed] = await db
      .insert(customerPrograms)
      .values({
        programId: program?.id ?? "",
        customerId,
        defaultTimeSavedSeconds: 300,
        pricingMode: "fixed",
        pricePerSecond: "0.063889",
      })
      .returning();
    programIds.push(installed?.id ?? "");
    await db
      .insert(customerProgramTimeAccounts)
      .values({ customerProgramId: installed?.id ?? "", timeAccountId: accountId, position: 0 });
  }
  return { customerId, programIds };
}

/**
 * N executions evenly over the two years up to now, oldest first (as they would have arrived), with
 * UUIDv7 ids made from their creation time. Every tenth is covered by the time account, about 1 % is
 * revoked, executions before this month are paid.
 */
async function load(handle: DatabaseHandle, customerId: string, programIds: string[], now: Date) {
  const db = handle.db;
  const span = YEARS * 365 * 86_400_000;
  const start = now.getTime() - span;
  const step = span / rows;
  const monthStart = `${startOfMonth(reportingDay(now))}`;
  const batch = backend === "postgres" ? 1_000_000 : 250_000;
  const programArray = sql.raw(`ARRAY[${programIds.map((id) => `'${id}'::uuid`).join(",")}]`);
  for (let from = 0; from < rows; from += batch) {
    const to = Math.min(from + batch, rows) - 1;
    const began = performance.now();
    await db.execute(sql`
      INSERT INTO executions (id, customer_program_id, customer_id, time_saved_seconds, covered_seconds,
        billed_seconds, price_per_second, price, currency, payment_status, paid_at, created_at, updated_at)
      SELECT
        (lpad(to_hex(ms), 12, '0') || '7' || substr(h, 1, 3) || '8' || substr(h, 4, 15))::uuid,
        (${programArray})[1 + i % ${PROGRAMS}], ${customerId}::uuid, saved,
        covered, saved - covered, 0.063889, round((saved - covered) * 0.063889, 6), 'EUR',
        CASE WHEN i % 97 = 0 THEN 'revoked'
             WHEN at < (${monthStart}::date::timestamp AT TIME ZONE 'Europe/Berlin') THEN 'paid'
             ELSE 'not_paid' END,
        CASE WHEN i % 97 <> 0 AND at < (${monthStart}::date::timestamp AT TIME ZONE 'Europe/Berlin')
             THEN at + interval '40 days' END,
        at, at
      FROM (
        SELECT i, ms, to_timestamp(ms / 1000.0) AS at, md5(i::text) AS h,
          60 + (i * 7919) % 600 AS saved,
          CASE WHEN i % 10 = 0 THEN 60 + (i * 7919) % 600 ELSE 0 END AS covered
        FROM (SELECT i, (${start}::bigint + floor(i * ${step}::float8))::bigint AS ms
              FROM generate_series(${from}::bigint, ${to}::bigint) AS i) AS g
      ) AS e`);
    log(`loaded ${to + 1} of ${rows} executions (${((performance.now() - began) / 1000).toFixed(1)} s)`);
  }
  let began = performance.now();
  await rebuildRollups(db);
  log(`rollups rebuilt in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  began = performance.now();
  await db.execute(sql`ANALYZE`);
  log(`analyzed in ${((performance.now() - began) / 1000).toFixed(1)} s`);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(port: number, url: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(
        { host: "127.0.0.1", port, path: url, agent, headers: { cookie: `nadoo_session=${cookie}` } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
          );
          response.on("error", reject);
        },
      )
      .on("error", reject);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

interface Timing {
  read: string;
  url: string;
  p50: number;
  p95: number;
  max: number;
  note: string;
}

async function time(
  port: number,
  cookie: string,
  read: string,
  url: string,
  check: (body: unknown) => string,
) {
  let note = "";
  for (let warm = 0; warm < 5; warm++) {
    const response = await request(port, url, cookie);
    if (response.status !== 200)
      throw new Error(`${read}: ${response.status} ${response.body.slice(0, 300)}`);
    note = check(JSON.parse(response.body));
  }
  const samples: number[] = [];
  for (let index = 0; index < repeats; index++) {
    const began = performance.now();
    const response = await request(port, url, cookie);
    samples.push(performance.now() - began);
    if (response.status !== 200) throw new Error(`${read}: ${response.status}`);
  }
  samples.sort((a, b) => a - b);
  return {
    read,
    url,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: samples.at(-1) ?? 0,
    note,
  };
}

/** Streams the export, counting lines without keeping them; samples RSS every 20 ms meanwhile. */
function exportOnce(port: number, url: string, cookie: string) {
  return new Promise<{ rows: number; bytes: number; seconds: number; peakRss: number }>((resolve, reject) => {
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 20);
    const began = performance.now();
    let lines = 0;
    let bytes = 0;
    http
      .get(
        { host: "127.0.0.1", port, path: url, agent, headers: { cookie: `nadoo_session=${cookie}` } },
        (response) => {
          if (response.statusCode !== 200) reject(new Error(`export: ${response.statusCode}`));
          response.on("data", (chunk: Buffer) => {
            bytes += chunk.length;
            for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1))
              lines += 1;
          });
          response.on("end", () => {
            clearInterval(sampler);
            peakRss = Math.max(peakRss, process.memoryUsage().rss);
            resolve({ rows: lines - 1, bytes, seconds: (performance.now() - began) / 1000, peakRss });
          });
          response.on("error", reject);
        },
      )
      .on("error", reject);
  });
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function main(): Promise<void> {
  const now = new Date();
  log(`${backend}, ${rows.toLocaleString("en")} executions, ${repeats} timed requests per read`);
  const bench = await freshDatabase();
  const summary: Record<string, unknown> = {};
  try {
    const { handle } = bench;
    const began = performance.now();
    await migrate(handle.db);
    const { customerId, programIds } = await seed(handle);
    await load(handle, customerId, programIds, now);
    const loadSeconds = (performance.now() - began) / 1000;
    const databaseBytes = await bench.size();
    log(`database ready in ${loadSeconds.toFixed(0)} s, ${mib(databaseBytes)}`);

    const manager = await newUser(handle.db, "Scale Execution Manager");
    await holdRole(handle.db, manager.id, customerId, "execution_manager", []);
    const session = await signedIn(handle.db, manager);
    const app = await buildApp({
      config: {
        ...TEST_AUTH_CONFIG,
        logLevel: "warn",
        bodyLimitBytes: 1_048_576,
        trustProxy: false,
      },
      database: handle,
      logStream: new Writable({ write: (_chunk, _encoding, done) => done() }),
    });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    try {
      const today = reportingDay(now);
      const thisMonth = startOfMonth(today);
      const yearAgo = addMonths(today, -11);
      const lastMonth = addMonths(today, -1);
      const base = `customerId=${customerId}`;
      const timings: Timing[] = [];
      const figures = (body: unknown) => {
        const current = (body as { current: { executions: number } }).current;
        return `${current.executions.toLocaleString("en")} executions`;
      };
      timings.push(
        await time(
          port,
          session.cookie,
          "summary, this month vs previous",
          `/api/os/insights/summary?${base}&from=${thisMonth}&to=${today}`,
          figures,
        ),
      );
      timings.push(
        await time(
          port,
          session.cookie,
          "summary, 12 months vs previous 12",
          `/api/os/insights/summary?${base}&from=${yearAgo}&to=${today}`,
          figures,
        ),
      );
      timings.push(
        await time(
          port,
          session.cookie,
          "series, 12 months per month",
          `/api/os/insights/series?${base}&from=${yearAgo}&to=${today}&granularity=month`,
          (body) => `${(body as { points: unknown[] }).points.length} points`,
        ),
      );
      timings.push(
        await time(
          port,
          session.cookie,
          "breakdown per program, 12 months",
          `/api/os/insights/programs?${base}&from=${yearAgo}&to=${today}`,
          (body) => `${(body as { items: unknown[] }).items.length} programs`,
        ),
      );
      timings.push(
        await time(
          port,
          session.cookie,
          "executions, this month, first page + totals",
          `/api/os/executions?${base}&period=this_month&limit=50`,
          (body) => {
            const page = body as { items: unknown[]; totals: { executions: number } };
            return `${page.items.length} items of ${page.totals.executions.toLocaleString("en")}`;
          },
        ),
      );
      timings.push(
        await time(
          port,
          session.cookie,
          "executions, last month, page 1 + totals",
          `/api/os/executions?${base}&period=last_month&limit=50`,
          (body) => `${(body as { items: unknown[] }).items.length} items`,
        ),
      );

      const exportUrl = `/api/os/executions/export.csv?${base}&period=last_month`;
      const rssBefore = process.memoryUsage().rss;
      const exports = [];
      for (let run = 0; run < 3; run++) exports.push(await exportOnce(port, exportUrl, session.cookie));
      const best = exports.reduce((a, b) => (a.rows / a.seconds >= b.rows / b.seconds ? a : b));
      // Twelve times the rows: if memory is constant, the peak stays where one month's was.
      const yearUrl = `/api/os/executions/export.csv?${base}&period=custom&from=${yearAgo}&to=${today}`;
      const year = await exportOnce(port, yearUrl, session.cookie);

      const table = [
        ["read", "p50 ms", "p95 ms", "max ms", "answer"],
        ...timings.map((t) => [t.read, t.p50.toFixed(1), t.p95.toFixed(1), t.max.toFixed(1), t.note]),
      ];
      const widths =
        table[0]?.map((_, column) => Math.max(...table.map((row) => row[column]?.length ?? 0))) ?? [];
      const lines = table.map((row) =>
        row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  "),
      );
      process.stdout.write(
        `\nScale benchmark: ${backend}, ${rows.toLocaleString("en")} executions, ${repeats} requests per read\n\n`,
      );
      process.stdout.write(`${lines.join("\n")}\n\n`);
      process.stdout.write(
        `CSV export of last month (${lastMonth.slice(0, 7)}): ${best.rows.toLocaleString("en")} rows, ${mib(best.bytes)} ` +
          `in ${best.seconds.toFixed(2)} s = ${Math.round(best.rows / best.seconds).toLocaleString("en")} rows/s ` +
          `(runs: ${exports.map((e) => Math.round(e.rows / e.seconds).toLocaleString("en")).join(", ")}); ` +
          `RSS before ${mib(rssBefore)}, peak during ${mib(Math.max(...exports.map((e) => e.peakRss)))}\n`,
      );
      process.stdout.write(
        `CSV export of 12 months: ${year.rows.toLocaleString("en")} rows, ${mib(year.bytes)} in ${year.seconds.toFixed(2)} s = ` +
          `${Math.round(year.rows / year.seconds).toLocaleString("en")} rows/s; peak RSS ${mib(year.peakRss)}\n`,
      );
      process.stdout.write(
        `Database size: ${mib(databaseBytes)}; load + rollups + ANALYZE: ${loadSeconds.toFixed(0)} s\n`,
      );
      Object.assign(summary, {
        date: now.toISOString(),
        backend,
        rows,
        repeats,
        machine: {
          cpus: os.cpus().length,
          memoryGiB: Math.round(os.totalmem() / 2 ** 30),
          node: process.version,
        },
        databaseBytes,
        loadSeconds,
        reads: timings,
        export: {
          url: exportUrl,
          rows: best.rows,
          bytes: best.bytes,
          seconds: best.seconds,
          rowsPerSecond: best.rows / best.seconds,
          runs: exports,
          rssBefore,
          peakRss: Math.max(...exports.map((e) => e.peakRss)),
        },
        exportYear: { url: yearUrl, ...year, rowsPerSecond: year.rows / year.seconds },
      });
    } finally {
      agent.destroy();
      await app.close();
    }
  } finally {
    await bench.dispose();
  }
  const directory = path.join(import.meta.dirname, "results");
  mkdirSync(directory, { recursive: true });
  const file = path.join(
    directory,
    `scale-${backend}-${rows}-${now.toISOString().replaceAll(":", "-").slice(0, 19)}.json`,
  );
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  log(`written ${path.relative(process.cwd(), file)}`);
}

await main();
