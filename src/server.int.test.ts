/**
 * The real product as a user starts it: the `nadoo` command in its own process, on an empty
 * DATA_DIR (embedded database) or against a PostgreSQL server.
 */
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyPostgresDatabase, type EmptyPostgresDatabase, testBackend } from "./testing/database.ts";
import { childEnvironment, runCli, startCli, waitForStatus } from "./testing/process.ts";
import { temporaryDirectory } from "./testing/temporary.ts";

let postgres: EmptyPostgresDatabase | undefined;

beforeAll(async () => {
  if (testBackend === "postgres") postgres = await createEmptyPostgresDatabase();
});
afterAll(async () => {
  await postgres?.drop();
});

function environment(dataDir: string, extra: Record<string, string> = {}) {
  return childEnvironment({ DATA_DIR: dataDir, DATABASE_URL: postgres?.url, ...extra });
}

describe(`nadoo serve (${testBackend})`, () => {
  it("starts on an empty DATA_DIR, answers /readyz and stops cleanly on SIGTERM", async () => {
    const dataDir = path.join(temporaryDirectory("serve"), "data");
    const server = startCli(["serve"], environment(dataDir, { PORT: "0" }));
    try {
      const address = await server.address();
      const ready = await waitForStatus(`${address}/readyz`, 200, 20_000);
      expect(await ready.json()).toEqual({ status: "ready" });
      const docs = await fetch(`${address}/docs/openapi.json`);
      expect(docs.status).toBe(200);
    } finally {
      server.kill("SIGTERM");
    }
    const [code] = await once(server, "exit");
    expect(code).toBe(0);
    const secret = readFileSync(path.join(dataDir, "secret_key"), "utf8").trim();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(server.output()).not.toContain(secret);
    expect(server.output()).toContain("migrations applied");
    if (testBackend === "pglite") expect(existsSync(path.join(dataDir, "pg", "PG_VERSION"))).toBe(true);

    // A second start on the same data keeps it and finds the schema up to date.
    const again = startCli(["serve"], environment(dataDir, { PORT: "0" }));
    try {
      await waitForStatus(`${await again.address()}/readyz`, 200, 20_000);
    } finally {
      again.kill("SIGTERM");
    }
    expect((await once(again, "exit"))[0]).toBe(0);
    expect(again.output()).toContain("schema up to date");
  });

  it("refuses bad configuration with a message naming the variable", async () => {
    const dataDir = temporaryDirectory("badconf");
    const result = await runCli(["serve"], environment(dataDir, { PORT: "not-a-port" }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("PORT:");
  });
});

describe.runIf(testBackend === "pglite")("the embedded database", () => {
  it("cannot be opened by two processes at once", async () => {
    const dataDir = temporaryDirectory("lock");
    const first = startCli(["serve"], environment(dataDir, { PORT: "0" }));
    try {
      await waitForStatus(`${await first.address()}/readyz`, 200, 20_000);
      const second = await runCli(["migrate"], environment(dataDir));
      expect(second.code).toBe(1);
      expect(second.stderr).toContain("in use by another NADOO process");
    } finally {
      first.kill("SIGTERM");
    }
    expect((await once(first, "exit"))[0]).toBe(0);
    // Released on exit: the next process gets it.
    expect((await runCli(["migrate"], environment(dataDir))).code).toBe(0);
  });
});

describe("nadoo migrate", () => {
  it("applies migrations once; a second run changes nothing", async () => {
    const dataDir = temporaryDirectory("migrate");
    const env = environment(dataDir);
    if (testBackend === "postgres") {
      // Two processes at once against one server: the advisory lock lets only one migrate.
      const fresh = await createEmptyPostgresDatabase();
      try {
        const both = await Promise.all([
          runCli(["migrate"], { ...env, DATABASE_URL: fresh.url }),
          runCli(["migrate"], { ...env, DATABASE_URL: fresh.url }),
        ]);
        expect(both.map((result) => result.code)).toEqual([0, 0]);
        const output = both.map((result) => result.stdout).join("\n");
        expect(output.match(/migrations applied/g)).toHaveLength(1);
        expect(output.match(/schema up to date/g)).toHaveLength(1);
      } finally {
        await fresh.drop();
      }
      return;
    }
    const first = await runCli(["migrate"], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("migrations applied");
    const second = await runCli(["migrate"], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("schema up to date");
  });
});

describe(`nadoo create-admin and enrolment-link (${testBackend})`, () => {
  it("create a superuser with a link, and replace the link on request", async () => {
    const env = environment(temporaryDirectory("admin"), { PUBLIC_URL: "https://os.example.com" });
    const created = await runCli(["create-admin", "--name", "Erika Admin", "--language", "en"], env);
    expect(created.code, created.stderr).toBe(0);
    const firstLink = /^https:\/\/os\.example\.com\/os\/enrol\/([A-Za-z0-9_-]{43})$/m.exec(
      created.stdout,
    )?.[1];
    const userCode = /User code:\s+(\S+)/.exec(created.stdout)?.[1];
    expect(firstLink).toBeDefined();
    expect(userCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // Log lines go to standard error, so the output is only the result.
    expect(created.stdout).not.toContain('"level"');

    const renewed = await runCli(["enrolment-link", (userCode as string).toLowerCase()], env);
    expect(renewed.code, renewed.stderr).toBe(0);
    expect(renewed.stdout).toContain("Erika Admin");
    expect(renewed.stdout).not.toContain(firstLink as string);

    const unknown = await runCli(["enrolment-link", "ZZZZ-ZZZZ-ZZZZ"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No user has the code ZZZZ-ZZZZ-ZZZZ.");
    const nameless = await runCli(["create-admin"], env);
    expect(nameless.code).toBe(1);
    expect(nameless.stderr).toContain("--name");
  });
});

// Independent of the database: once is enough.
describe.runIf(testBackend === "pglite")("nadoo --help", () => {
  it("describes every command", async () => {
    const env = childEnvironment({});
    const overview = await runCli(["--help"], env);
    expect(overview.code).toBe(0);
    expect(overview.stdout).toMatch(/serve/);
    expect(overview.stdout).toMatch(/migrate/);
    for (const command of ["serve", "migrate", "create-admin", "enrolment-link"]) {
      const help = await runCli([command, "--help"], env);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: nadoo ${command}`);
    }
  });

  it("says clearly when the PostgreSQL server cannot be reached", async () => {
    const result = await runCli(
      ["migrate"],
      childEnvironment({
        DATA_DIR: temporaryDirectory("unreachable"),
        DATABASE_URL: "postgres://nadoo:secret-password@127.0.0.1:1/nadoo",
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Cannot connect to the PostgreSQL server");
    expect(result.stderr + result.stdout).not.toContain("secret-password");
  });

  it("rejects an unknown command", async () => {
    const result = await runCli(["frobnicate"], childEnvironment({}));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("unknown command");
  });
});
