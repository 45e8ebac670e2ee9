import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createEmptyPostgresDatabase,
  type EmptyPostgresDatabase,
  testBackend,
} from "../../testing/database.ts";
import { checkIngestInvariants, invariantViolations } from "../../testing/ingest-invariants.ts";
import {
  acknowledged,
  openServerDatabase,
  type Report,
  reportInParallel,
  type ServerData,
  seedIngestWorld,
  sendReport,
  serverEnvironment,
} from "../../testing/ingest-load.ts";
import { startCli, stopCli } from "../../testing/process.ts";
import { temporaryDirectory } from "../../testing/temporary.ts";

const PER_PROCESS = 400;
const CLIENTS_PER_PROCESS = 16;
const SHARED_KEYS = 40;
const TIME_SAVED_SECONDS = 60;
/** Under half the demand (2 × 400 × 60 s, plus the shared keys): the account runs dry mid-run. */
const BALANCE_SECONDS = 20_000;

let postgres: EmptyPostgresDatabase | undefined;
beforeAll(async () => {
  if (testBackend === "postgres") postgres = await createEmptyPostgresDatabase();
});
afterAll(async () => {
  await postgres?.drop();
});

describe.runIf(testBackend === "postgres")("two server processes on one PostgreSQL database", () => {
  it("never overdraw the shared account, lose or double a debit, or record one idempotency key twice", async () => {
    const data: ServerData = { dataDir: temporaryDirectory("two-processes"), postgresUrl: postgres?.url };
    const world = await seedIngestWorld(data, BALANCE_SECONDS);
    const servers = [
      startCli(["serve"], serverEnvironment(data)),
      startCli(["serve"], serverEnvironment(data)),
    ];
    try {
      const [a, b] = await Promise.all(servers.map((server) => server.address()));
      if (!a || !b) throw new Error("A server did not start.");
      const load = (tag: string): Report[] =>
        Array.from({ length: PER_PROCESS }, (_, index) => ({
          kind: index % 4 === 3 ? "legacy" : "v1",
          timeSavedSeconds: TIME_SAVED_SECONDS,
          ...(index % 8 === 1 ? { idempotencyKey: `${tag}-${index}` } : {}),
        }));
      // The same key to both processes at the same moment, while both are under load.
      const shared = async () => {
        const pairs = [];
        for (let index = 0; index < SHARED_KEYS; index++) {
          const report: Report = {
            kind: "v1",
            timeSavedSeconds: TIME_SAVED_SECONDS,
            idempotencyKey: `both-${index}`,
          };
          pairs.push(await Promise.all([sendReport(a, world, report), sendReport(b, world, report)]));
        }
        return pairs;
      };
      const [fromA, fromB, pairs] = await Promise.all([
        reportInParallel(a, world, load("a"), CLIENTS_PER_PROCESS),
        reportInParallel(b, world, load("b"), CLIENTS_PER_PROCESS),
        shared(),
      ]);

      const all = [...fromA, ...fromB, ...pairs.flat()];
      expect(all.filter((outcome) => !acknowledged(outcome))).toEqual([]);
      for (const pair of pairs) {
        expect(pair[0].id).toBe(pair[1].id);
        expect(pair.filter((outcome) => !outcome.replayed)).toHaveLength(1);
      }
      const recorded = [...fromA, ...fromB, ...pairs.map((pair) => pair[0])];
      const ids = new Set(recorded.map((outcome) => outcome.id));
      expect(ids.size).toBe(recorded.length);

      const handle = await openServerDatabase(data);
      try {
        const found = await checkIngestInvariants(handle.db);
        expect(invariantViolations(found)).toEqual([]);
        // Exactly the acknowledged executions, each once.
        expect(found.executions).toBe(ids.size);
        const [totals] = (
          await handle.db.execute<{ covered: string; debited: string; lowest: string }>(sql`
            SELECT (SELECT sum(covered_seconds) FROM executions) AS covered,
              (SELECT -sum(seconds) FROM time_account_entries WHERE kind = 'execution_debit') AS debited,
              (SELECT min(balance_after_seconds) FROM time_account_entries) AS lowest`)
        ).rows;
        // Demand exceeded the balance: all of it, and no more, was drawn.
        expect(Number(totals?.covered)).toBe(BALANCE_SECONDS);
        expect(Number(totals?.debited)).toBe(BALANCE_SECONDS);
        expect(Number(totals?.lowest)).toBe(0);
        expect(found.accounts.find((account) => account.id === world.accountId)?.balanceSeconds).toBe(0);
      } finally {
        await handle.close();
      }
    } finally {
      const codes = await Promise.all(servers.map((server) => stopCli(server)));
      expect(codes).toEqual([0, 0]);
    }
  }, 60_000);
});
