import { existsSync } from "node:fs";
import { defineConfig } from "vitest/config";

/**
 * `*.test.ts` are unit tests. `*.int.test.ts` run against a real database: always on PGlite, and a
 * second time on PostgreSQL when TEST_DATABASE_URL is set (CI sets it). Every integration test file
 * gets its own fresh database (src/testing/database.ts). `e2e/*.e2e.test.ts` drive Chromium.
 */
const integration = ["src/**/*.int.test.ts"];
const postgresUrl = process.env.TEST_DATABASE_URL;
// Browser tests run when Chromium is installed; with E2E=1 (CI) they always run, so a missing
// browser fails instead of being skipped.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const browserTests = process.env.E2E === "1" || existsSync(chromium);

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["src/**/*.test.ts", "web/src/**/*.test.ts"], exclude: integration },
      },
      {
        extends: true,
        test: { name: "pglite", include: integration, env: { NADOO_TEST_BACKEND: "pglite" } },
      },
      ...(postgresUrl
        ? [
            {
              extends: true as const,
              test: {
                name: "postgres",
                include: integration,
                env: { NADOO_TEST_BACKEND: "postgres", TEST_DATABASE_URL: postgresUrl },
              },
            },
          ]
        : []),
      ...(browserTests
        ? [
            {
              extends: true as const,
              test: {
                name: "e2e",
                include: ["e2e/**/*.e2e.test.ts"],
                testTimeout: 120_000,
                env: { CHROMIUM_PATH: chromium },
              },
            },
          ]
        : []),
    ],
  },
});
