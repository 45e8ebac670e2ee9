import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../bin/nadoo.mjs", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for a child: the test's own, without any database the test runner was given. */
export function childEnvironment(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, SECRET_KEY: _key, PORT: _port, ...rest } = process.env;
  return { ...rest, LOG_LEVEL: "info", ...extra };
}

export async function runCli(args: string[], environment: NodeJS.ProcessEnv): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, ...args], { env: environment });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

export interface RunningCli extends ChildProcess {
  output(): string;
  /** The address from the server's "listening" log line (start it with PORT=0). */
  address(timeoutMs?: number): Promise<string>;
}

export function startCli(args: string[], environment: NodeJS.ProcessEnv): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { env: environment });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const address = async (timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (found?.[1]) return found[1];
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`The server did not start listening:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return Object.assign(child, { output: () => output, address });
}

/** Sends `signal` (unless the process has ended already) and resolves with its exit code. */
export async function stopCli(
  server: RunningCli,
  signal: NodeJS.Signals = "SIGTERM",
): Promise<number | null> {
  if (server.exitCode !== null || server.signalCode !== null) return server.exitCode;
  const exit = once(server, "exit");
  server.kill(signal);
  return (await exit)[0] as number | null;
}

/** Polls `url` until it answers `status`, or fails after `timeoutMs`. */
export async function waitForStatus(url: string, status: number, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.status === status) return response;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
