/**
 * `nadoo import-django` as an operator runs it: report on standard output, no progress bar when
 * standard error is not a terminal, exit code 1 with a clear message for a file it cannot read.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackend } from "../../testing/database.ts";
import { childEnvironment, runCli } from "../../testing/process.ts";
import { buildWorld, writeDump } from "./test-dump.ts";

let directory: string;

beforeAll(() => {
  directory = mkdtempSync(path.join(tmpdir(), "nadoo-import-cli-"));
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

// The command runs on its own embedded database; once is enough, whichever backend the suite tests.
describe.skipIf(testBackend === "postgres")("nadoo import-django", () => {
  it("prints the report of a dry run, then imports for real, then finds nothing new", async () => {
    const world = buildWorld({ naturalKeys: true });
    const file = await writeDump(directory, "dump.json", world.entries);
    const env = childEnvironment({ DATA_DIR: path.join(directory, "data"), LOG_LEVEL: "warn" });
    const dry = await runCli(["import-django", file, "--dry-run"], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Dry run: nothing was written/);
    expect(dry.stdout).toMatch(/nadooit_auth\.user\s+3\s+3\s+0\s+0/);
    expect(dry.stderr).not.toContain("[#");

    const real = await runCli(["import-django", file], env);
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/^Import committed\./);
    expect(real.stdout).toMatch(/nadooit_auth\.user\s+3\s+3\s+0\s+0/);
    expect(real.stdout).toContain("mfa.user_keys (1): FIDO2 credentials");

    const again = await runCli(["import-django", file, "--json"], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).totals).toMatchObject({ imported: 0, updated: 0 });
  });

  it("fails with exit code 1 and a message naming the file", async () => {
    const env = childEnvironment({ DATA_DIR: path.join(directory, "data-missing"), LOG_LEVEL: "warn" });
    const missing = path.join(directory, "nope.json");
    const result = await runCli(["import-django", missing], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`nadoo: Cannot read the dump ${missing}: ENOENT`);
  });
});
