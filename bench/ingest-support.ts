/**
 * Processes and measurements for the ingest benchmark: servers as child processes with their log in a
 * file (as a service manager would keep it), their peak RSS and CPU time from /proc, and autocannon
 * runs with the CPU the load generator and the whole machine spent meanwhile.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import autocannon from "autocannon";

const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (address === null || typeof address === "string") throw new Error("No port was assigned.");
  return address.port;
}

export interface Served {
  child: ChildProcess;
  pid: number;
  url: string;
  logFile: string;
  /** SIGTERM, then waits for the exit (the product writes a CPU profile on a clean exit). */
  stop(): Promise<number | null>;
}

export async function serve(options: {
  args: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  readyPath: string;
  readyStatus: number;
  nodeFlags?: string[];
}): Promise<Served> {
  const port = await freePort();
  const log = openSync(options.logFile, "a");
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...options.args], {
    env: { ...options.env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const exited = once(child, "exit").then(([code]) => code as number | null);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`${options.args.join(" ")} exited:\n${readFileSync(options.logFile, "utf8")}`);
    }
    const status = await fetch(`${url}${options.readyPath}`, { method: "GET" }).then(
      (response) => response.status,
      () => 0,
    );
    if (status === options.readyStatus) break;
    if (Date.now() > deadline) throw new Error(`${url} did not become ready.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (child.pid === undefined) throw new Error("The server has no pid.");
  return {
    child,
    pid: child.pid,
    url,
    logFile: options.logFile,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Resets the kernel's high-water mark of resident memory, so the next reading covers one run only. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/** VmHWM: the most resident memory the process had (since start or the last reset), in bytes. */
export function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  return kib ? Number(kib) * 1024 : Number.NaN;
}

/** User + system CPU seconds the process used so far. */
function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start at ") ".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Busy and total CPU seconds of the whole machine (all cores) so far. */
function machineCpuSeconds(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: (total - idle) / CLOCK_TICKS, total: total / CLOCK_TICKS };
}

export interface Load {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  body: string;
  durationSeconds: number;
  connections: number;
  /** autocannon worker threads; 0 runs it on this process's main thread. */
  workers: number;
}

export interface LoadFigures {
  requestsPerSecond: number;
  /** Successful answers per second over the run. */
  okPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSeconds: number;
  /** CPU used during the run, in % of one core (the server can use more than one). */
  cpu: { serverPercent: number; loadGeneratorPercent: number; machineBusyPercent: number };
}

export async function drive(load: Load, serverPid: number): Promise<LoadFigures> {
  const serverBefore = processCpuSeconds(serverPid);
  const machineBefore = machineCpuSeconds();
  const ownBefore = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({
    url: load.url,
    method: load.method,
    headers: load.headers,
    body: load.body,
    duration: load.durationSeconds,
    connections: load.connections,
    ...(load.workers > 0 ? { workers: load.workers } : {}),
  });
  const elapsed = (performance.now() - started) / 1000;
  const own = process.cpuUsage(ownBefore);
  const machineAfter = machineCpuSeconds();
  const percent = (seconds: number) => Math.round((seconds / elapsed) * 1000) / 10;
  return {
    requestsPerSecond: result.requests.average,
    okPerSecond: Math.round(result["2xx"] / result.duration),
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    sent: result.requests.sent,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSeconds: result.duration,
    cpu: {
      serverPercent: percent(processCpuSeconds(serverPid) - serverBefore),
      // With workers, their threads are part of this process too.
      loadGeneratorPercent: percent((own.user + own.system) / 1e6),
      machineBusyPercent:
        Math.round(
          ((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * 1000,
        ) / 10,
    },
  };
}
