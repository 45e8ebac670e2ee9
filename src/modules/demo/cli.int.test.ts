/**
 * `nadoo seed-demo` as a newcomer runs it, through the real `bin/nadoo.mjs`: on a fresh embedded
 * database (or, in the PostgreSQL run, on DATABASE_URL) it prints one working enrolment link per demo
 * person and names the database it writes to; a second run prints fresh links and the old ones stop
 * working; beside a process holding the embedded database it says what to do; a database with other
 * customers, or NODE_ENV=production, is refused unless --force.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection.ts";
import { acquireDirectoryLock } from "../../db/directory-lock.ts";
import { createTestApp } from "../../testing/app.ts";
import {
  createEmptyPostgresDatabase,
  type EmptyPostgresDatabase,
  testBackend,
} from "../../testing/database.ts";
import { childEnvironment, runCli } from "../../testing/process.ts";
import { systemActor } from "../audit/service.ts";
import { createCustomer } from "../crm/service.ts";
import { DEMO_PEOPLE } from "./content.ts";

let directory: string;
let postgres: EmptyPostgresDatabase | undefined;

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), "nadoo-demo-cli-"));
  if (testBackend === "postgres") postgres = await createEmptyPostgresDatabase();
});

afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await postgres?.drop();
});

const environment = () =>
  childEnvironment({
    DATA_DIR: path.join(directory, "data"),
    LOG_LEVEL: "warn",
    DATABASE_URL: postgres?.url,
  });

/** How the command names the database: PGlite's directory, or the URL without its password. */
function expectedDatabase(root: string, server?: EmptyPostgresDatabase): string {
  if (!server) return `the embedded database in ${path.join(root, "data", "pg")}`;
  const url = new URL(server.url);
  url.password = "";
  return `PostgreSQL at ${url}`;
}

/** The printed people: name, then their user code, roles and link lines. */
function printedLinks(stdout: string): { name: string; token: string }[] {
  const found = [
    ...stdout.matchAll(/^(\S[^\n]*)\n {2}User code: +\S+\n {2}Roles: +[^\n]+\n {2}Link: +(\S+)$/gm),
  ];
  return found.map(([, name, url]) => ({
    name: name as string,
    token: new URL(url as string).pathname.replace("/os/enrol/", ""),
  }));
}

/** What GET /api/auth/enrolment/{token} answers for each token, from the app on the CLI's database. */
async function openLinks(tokens: string[]): Promise<{ status: number; name?: string }[]> {
  const handle = await openDatabase({ url: postgres?.url, pgliteDir: path.join(directory, "data", "pg") });
  const { app } = await createTestApp(handle);
  try {
    const answers = [];
    for (const token of tokens) {
      const response = await app.inject({ method: "GET", url: `/api/auth/enrolment/${token}` });
      answers.push({
        status: response.statusCode,
        name: response.statusCode === 200 ? response.json().user.displayName : undefined,
      });
    }
    return answers;
  } finally {
    await app.close();
    await handle.close();
  }
}

describe("nadoo seed-demo", () => {
  it("prints working enrolment links, and fresh ones when run again", { timeout: 180_000 }, async () => {
    let started = performance.now();
    const first = await runCli(["seed-demo"], environment());
    const firstSeconds = (performance.now() - started) / 1000;
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout.split("\n")[0]).toBe(`Database: ${expectedDatabase(directory, postgres)}`);
    expect(first.stdout).toMatch(/^Demo customer "Muster GmbH" created \(customer number DEMO-0001\):/m);
    expect(first.stdout).toMatch(/^ {2}nadoo_[0-9A-Za-z]{38}$/m);
    expect(first.stdout).toContain("Roles:      all seven roles with all abilities");
    const links = printedLinks(first.stdout);
    expect(links.map((link) => link.name)).toEqual(DEMO_PEOPLE.map((person) => person.displayName));
    expect(await openLinks(links.map((link) => link.token))).toEqual(
      links.map((link) => ({ status: 200, name: link.name })),
    );

    started = performance.now();
    const second = await runCli(["seed-demo"], environment());
    const secondSeconds = (performance.now() - started) / 1000;
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^The demo customer "Muster GmbH" exists already/m);
    expect(second.stdout).not.toMatch(/nadoo_[0-9A-Za-z]{38}/);
    const fresh = printedLinks(second.stdout);
    expect(fresh.map((link) => link.name)).toEqual(links.map((link) => link.name));
    const answers = await openLinks([...links, ...fresh].map((link) => link.token));
    expect(answers.map((answer) => answer.status)).toEqual([
      ...links.map(() => 410),
      ...fresh.map(() => 200),
    ]);
    console.info(
      `nadoo seed-demo on ${testBackend}, whole process with a new database: ${firstSeconds.toFixed(1)} s; ` +
        `again: ${secondSeconds.toFixed(1)} s`,
    );
  });

  it.skipIf(testBackend === "postgres")(
    "says to stop the server first when another process holds the embedded database",
    { timeout: 60_000 },
    async () => {
      const lock = acquireDirectoryLock(path.join(directory, "data", "pg.lock"));
      try {
        const result = await runCli(["seed-demo"], environment());
        expect(result.code).toBe(1);
        expect(result.stdout).toBe(`Database: ${expectedDatabase(directory)}\n`);
        expect(result.stderr).toContain(`in use by another NADOO process (pid ${process.pid})`);
        expect(result.stderr).toContain(
          "To load the demo: stop the server (Ctrl+C in its terminal), run `npm run nadoo -- seed-demo`",
        );
      } finally {
        lock.release();
      }
    },
  );

  it("refuses NODE_ENV=production and a database with other customers unless --force", {
    timeout: 180_000,
  }, async () => {
    const other = mkdtempSync(path.join(tmpdir(), "nadoo-demo-guard-"));
    const server = testBackend === "postgres" ? await createEmptyPostgresDatabase() : undefined;
    const env = (extra: Record<string, string> = {}) =>
      childEnvironment({
        DATA_DIR: path.join(other, "data"),
        LOG_LEVEL: "warn",
        DATABASE_URL: server?.url,
        NODE_ENV: "development",
        ...extra,
      });
    const database = `Database: ${expectedDatabase(other, server)}\n`;
    try {
      const production = await runCli(["seed-demo"], env({ NODE_ENV: "production" }));
      expect(production.code).toBe(1);
      expect(production.stdout).toBe(database);
      expect(production.stderr).toContain("NODE_ENV is production");
      expect(production.stderr).toContain("nadoo seed-demo --force");

      expect((await runCli(["migrate"], env())).code).toBe(0);
      const handle = await openDatabase({ url: server?.url, pgliteDir: path.join(other, "data", "pg") });
      try {
        await createCustomer(handle.db, systemActor, { name: "Echte Kunde AG" });
      } finally {
        await handle.close();
      }
      const refused = await runCli(["seed-demo"], env());
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe(database);
      expect(refused.stderr).toContain('already holds other customers (e.g. "Echte Kunde AG")');
      expect(refused.stderr).toContain("nadoo seed-demo --force");

      const forced = await runCli(["seed-demo", "--force"], env({ NODE_ENV: "production" }));
      expect(forced.stderr).toBe("");
      expect(forced.code).toBe(0);
      expect(forced.stdout).toMatch(/^Demo customer "Muster GmbH" created/m);
      expect(printedLinks(forced.stdout)).toHaveLength(DEMO_PEOPLE.length);
    } finally {
      rmSync(other, { recursive: true, force: true });
      await server?.drop();
    }
  });
});
