/**
 * `npm run bench:import`: how fast `nadoo import-django` moves a large dump, and how much memory it
 * needs (issue 9: a 1 GB dump must not need 1 GB of heap). Generates a realistic `dumpdata` file
 * (default 500 MB, mostly executions) into a temporary directory, then imports it with the real
 * command line into a fresh PGlite directory, and into PostgreSQL when BENCH_DATABASE_URL is set
 * (database nadoo_bench_import, created and dropped). A second run of the same file measures the
 * idempotent no-op path. Peak RSS is the child's VmHWM, sampled from /proc every 50 ms.
 *
 * Environment: BENCH_IMPORT_MB (dump size, 500), BENCH_DATABASE_URL, BENCH_BACKENDS ("pglite",
 * "postgres" or both), BENCH_IMPORT_SECOND_RUN (1; 0 skips the second run), BENCH_KEEP_DUMP (a path
 * to keep the generated dump at).
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createPostgresDatabase, type EmptyPostgresDatabase } from "../src/testing/postgres.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const targetMb = Number(process.env.BENCH_IMPORT_MB ?? 500);
if (!Number.isFinite(targetMb) || targetMb <= 0)
  throw new Error("BENCH_IMPORT_MB must be a positive number.");
const serverUrl = process.env.BENCH_DATABASE_URL;
const backends = (process.env.BENCH_BACKENDS ?? (serverUrl ? "pglite,postgres" : "pglite"))
  .split(",")
  .map((name) => name.trim())
  .filter((name) => name === "pglite" || name === "postgres");
const secondRun = process.env.BENCH_IMPORT_SECOND_RUN !== "0";
const DATABASE = "nadoo_bench_import";

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Writes a dump like `dumpdata --natural-foreign --indent 2`: small models first, then executions. */
async function generate(file: string, bytes: number): Promise<Record<string, number>> {
  const out = createWriteStream(file);
  let first = true;
  let buffered = "";
  let written = 0;
  const counts: Record<string, number> = {};
  const flush = async () => {
    if (!out.write(buffered)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    written += Buffer.byteLength(buffered);
    buffered = "";
  };
  const emit = async (model: string, pk: unknown, fields: Record<string, unknown>) => {
    buffered += `${first ? "[\n" : ",\n"}${JSON.stringify({ model, pk, fields }, null, 2)}`;
    first = false;
    counts[model] = (counts[model] ?? 0) + 1;
    if (buffered.length > 1 << 20) await flush();
  };
  const at = (day: number) =>
    new Date(Date.UTC(2023, 0, 1) + day * 86_400_000 + (day % 7) * 3_600_000).toISOString();
  const customers = Array.from({ length: 200 }, () => randomUUID());
  const usernames: string[] = [];
  for (let index = 0; index < 1000; index++) {
    const username = `user${index}`;
    usernames.push(username);
    await emit("nadooit_auth.user", randomUUID(), {
      password: "none",
      last_login: null,
      is_superuser: false,
      username,
      first_name: "",
      last_name: "",
      email: "none",
      is_staff: index < 5,
      is_active: index % 50 !== 0,
      date_joined: at(index % 300),
      user_code: `U${String(index).padStart(5, "0")}`,
      display_name: `Person ${index}`,
      groups: [],
      user_permissions: [],
    });
  }
  for (const [index, customer] of customers.entries()) {
    const address = randomUUID();
    const billing = randomUUID();
    await emit("nadooit_crm.address", address, {
      street: "Hauptstraße",
      house_number: String(index + 1),
      town: "Köln",
      postal_code: "50667",
      created_at: at(1),
      updated_at: at(1),
    });
    await emit("nadooit_crm.billingadress", billing, {
      adress: address,
      addressed_to: `Buchhaltung ${index}`,
    });
    await emit("nadooit_crm.customer", customer, {
      name: `Kunde ${index} GmbH`,
      created_at: at(1),
      updated_at: at(1),
      shipping_address: null,
      billing_address: billing,
    });
  }
  const employees = usernames.map(() => randomUUID());
  for (const [index, employee] of employees.entries()) {
    await emit("nadooit_hr.employee", employee, {
      user: [usernames[index]],
      created_at: at(2),
      updated_at: at(2),
    });
    const contract = randomUUID();
    await emit("nadooit_hr.employeecontract", contract, {
      employee,
      customer: customers[index % customers.length],
      start_date: "2023-01-01",
      end_date: null,
      is_active: index % 20 !== 0,
      deactivation_date: index % 20 === 0 ? "2024-01-01" : null,
      created_at: at(2),
      updated_at: at(2),
    });
    await emit("nadooit_hr.customerprogramexecutionmanagercontract", randomUUID(), {
      contract,
      can_create_customer_program_execution: true,
      can_delete_customer_program_execution: index % 3 === 0,
      can_give_manager_role: index % 5 === 0,
    });
  }
  const programs = Array.from({ length: 50 }, () => randomUUID());
  for (const [index, program] of programs.entries()) {
    await emit("nadooit_program.program", program, {
      name: `Programm ${index}`,
      description: "Automatisiert eine Aufgabe",
      program_dependencies: index > 0 ? `Programm ${index - 1}` : "",
      created_at: at(3),
      updated_at: at(3),
    });
  }
  const customerPrograms: string[] = [];
  for (const [index, customer] of customers.entries()) {
    for (let slot = 0; slot < 2; slot++) {
      const account = randomUUID();
      await emit("nadooit_time_account.timeaccount", account, {
        time_balance_in_seconds: 3600 * (index % 10),
        name: null,
        is_active: true,
        created_at: at(4),
        updated_at: at(4),
      });
      await emit("nadooit_time_account.customertimeaccount", randomUUID(), {
        customer,
        time_account: account,
        name: `Zeitkonto ${slot + 1}`,
        created_at: at(4),
        updated_at: at(4),
      });
      const customerProgram = randomUUID();
      customerPrograms.push(customerProgram);
      await emit("nadooit_program_ownership_system.customerprogram", customerProgram, {
        program_time_saved_per_execution_in_seconds: 60 + slot * 240,
        time_account: account,
        over_charge: false,
        program: programs[(index + slot) % programs.length],
        customer,
        price_per_second: slot === 0 ? "0.010000" : "0.063889",
        price_per_second_currency: "EUR",
        created_at: at(5),
        updated_at: at(5),
        is_active: true,
        fixed_price_per_second: slot === 0,
      });
    }
  }
  for (const username of usernames) {
    await emit("nadooit_api_key.nadooitapikey", randomUUID(), {
      user: [username],
      api_key: randomUUID().replace(/-/g, "").padEnd(64, "0"),
      created_at: at(6),
      updated_at: at(6),
      is_active: true,
    });
  }
  const statuses = [
    "NOT_PAID",
    "NOT_PAID",
    "NOT_PAID",
    "NOT_PAID",
    "NOT_PAID",
    "NOT_PAID",
    "NOT_PAID",
    "PAID",
    "PAID",
    "REVOKED",
  ];
  const complaintTargets: string[] = [];
  let index = 0;
  // Leaves room for the complaints and the closing bracket.
  while (written + buffered.length < bytes - 400_000) {
    const id = randomUUID();
    const status = statuses[index % statuses.length] as string;
    const seconds = 30 + (index % 600);
    await emit("nadooit_api_executions_system.customerprogramexecution", id, {
      program_time_saved_in_seconds: seconds,
      price_per_second_at_the_time_of_execution: "0.010000",
      price_per_second_at_the_time_of_execution_currency: "EUR",
      price_for_execution: index % 4 === 0 ? "0.000000" : (seconds / 100).toFixed(6),
      price_for_execution_currency: "EUR",
      customer_program: customerPrograms[index % customerPrograms.length],
      payment_status: status,
      created_at: at(index % 700),
      updated_at: at(index % 700),
    });
    if (status === "REVOKED" && complaintTargets.length < 1000) complaintTargets.push(id);
    index++;
  }
  for (const [number, execution] of complaintTargets.entries()) {
    await emit("nadoo_complaint_management.complaint", randomUUID(), {
      customer_program_execution: execution,
      complaint: "Die Ausführung lief doppelt.",
      customer_program_execution_manager: employees[number % employees.length],
      status: number % 2 === 0 ? "OPEN" : "CLOSED",
      created_at: at(700),
      updated_at: at(700),
    });
  }
  buffered += "\n]\n";
  await flush();
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return counts;
}

interface Run {
  backend: string;
  run: "first" | "second";
  seconds: number;
  importSeconds: number;
  records: number;
  imported: number;
  recordsPerSecond: number;
  peakRssBytes: number;
}

/** `nadoo import-django <file> --json`: the report, wall time and peak RSS. */
async function runImport(file: string, env: Record<string, string>) {
  const { stdout, seconds, peak } = await runCli(["import-django", file, "--json"], env);
  return { report: JSON.parse(stdout) as Record<string, unknown>, seconds, peak };
}

/** Runs the real CLI and samples its VmHWM (monotonic: the last sample is the peak, ±50 ms). */
function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ stdout: string; seconds: number; peak: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [path.join(root, "bin/nadoo.mjs"), ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let peak = 0;
    const sample = () => {
      try {
        const kib = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1];
        if (kib) peak = Math.max(peak, Number(kib) * 1024);
      } catch {
        // The child has just exited.
      }
    };
    const timer = setInterval(sample, 50);
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`nadoo ${args[0]} exited with ${code}`));
      resolve({ stdout, seconds, peak });
    });
  });
}

const workDir = mkdtempSync(path.join(os.tmpdir(), "nadoo-bench-import-"));
const runs: Run[] = [];
/** Peak RSS of `nadoo migrate` alone per backend: what the process needs before importing anything. */
const baselines: Record<string, number> = {};
try {
  const file = path.join(workDir, "dump.json");
  log(`Generating a ${targetMb} MB dump in ${workDir} …`);
  const generated = process.hrtime.bigint();
  const counts = await generate(file, targetMb * 1_048_576);
  const size = statSync(file).size;
  log(
    `  ${(size / 1_048_576).toFixed(0)} MB, ${Object.values(counts).reduce((a, b) => a + b, 0)} records in ${(Number(process.hrtime.bigint() - generated) / 1e9).toFixed(0)} s`,
  );
  for (const backend of backends) {
    let env: Record<string, string>;
    let database: EmptyPostgresDatabase | undefined;
    if (backend === "postgres") {
      if (!serverUrl) throw new Error("BENCH_DATABASE_URL is needed for the postgres backend.");
      database = await createPostgresDatabase(serverUrl, DATABASE, { replace: true });
      env = { DATABASE_URL: database.url, DATA_DIR: path.join(workDir, "data-pg") };
    } else {
      env = { DATA_DIR: path.join(workDir, "data-pglite") };
    }
    // A fresh PGlite directory is initialised and migrated first, so the import runs measure the import.
    const migrated = await runCli(["migrate"], env);
    log(
      `  migrated in ${migrated.seconds.toFixed(1)} s, peak RSS ${(migrated.peak / 2 ** 20).toFixed(0)} MiB`,
    );
    baselines[backend] = migrated.peak;
    for (const run of secondRun ? (["first", "second"] as const) : (["first"] as const)) {
      log(`${backend}: ${run} import …`);
      const { report, seconds, peak } = await runImport(file, env);
      const totals = report.totals as { read: number; imported: number };
      const importSeconds = (report.durationMs as number) / 1000;
      runs.push({
        backend,
        run,
        seconds,
        importSeconds,
        records: totals.read,
        imported: totals.imported,
        recordsPerSecond: totals.read / importSeconds,
        peakRssBytes: peak,
      });
      log(
        `  ${totals.read} records (${totals.imported} new) in ${importSeconds.toFixed(1)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`,
      );
    }
    await database?.drop();
    rmSync(env.DATA_DIR as string, { recursive: true, force: true });
  }
  const header = ["backend", "run", "records", "new", "import s", "records/s", "wall s", "peak RSS MiB"];
  const table = runs.map((run) => [
    run.backend,
    run.run,
    String(run.records),
    String(run.imported),
    run.importSeconds.toFixed(1),
    run.recordsPerSecond.toFixed(0),
    run.seconds.toFixed(1),
    (run.peakRssBytes / 2 ** 20).toFixed(0),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...table.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  process.stdout.write(
    `\nImport of a ${(size / 1_048_576).toFixed(0)} MB dump (${counts["nadooit_api_executions_system.customerprogramexecution"]} executions)\n` +
      `${[line(header), line(widths.map((width) => "-".repeat(width))), ...table.map(line)].join("\n")}\n` +
      `Peak RSS of \`nadoo migrate\` alone: ${Object.entries(baselines)
        .map(([backend, bytes]) => `${backend} ${(bytes / 2 ** 20).toFixed(0)} MiB`)
        .join(", ")}\n`,
  );
  const resultsDir = path.join(here, "results");
  mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const json = `${JSON.stringify(
    {
      benchmark: "import",
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, memoryBytes: os.totalmem(), node: process.version },
      dump: { bytes: size, records: counts },
      migratePeakRssBytes: baselines,
      runs,
    },
    null,
    2,
  )}\n`;
  writeFileSync(path.join(resultsDir, `import-${stamp}.json`), json);
  writeFileSync(path.join(resultsDir, "import-latest.json"), json);
  if (process.env.BENCH_KEEP_DUMP) renameSync(file, path.resolve(process.env.BENCH_KEEP_DUMP));
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
