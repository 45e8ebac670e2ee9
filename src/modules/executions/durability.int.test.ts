import path from "node:path";
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
  type Outcome,
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

const PLANNED = 3000;
const KILL_AFTER_ACKNOWLEDGEMENTS = 1000;
const CLIENTS = 24;
/** Less than the demand (about 60 s per execution): the run crosses from covered to billed. */
const BALANCE_SECONDS = 40_000;

let postgres: EmptyPostgresDatabase | undefined;
beforeAll(async () => {
  if (testBackend === "postgres") postgres = await createEmptyPostgresDatabase();
});
afterAll(async () => {
  await postgres?.drop();
});

/** Every fifth report is legacy, every fifth v1 carries an Idempotency-Key, the rest are plain v1. */
function plannedReports(): Report[] {
  return Array.from({ length: PLANNED }, (_, index): Report => {
    const timeSavedSeconds = 1 + ((index * 37) % 120);
    if (index % 5 === 4) return { kind: "legacy", timeSavedSeconds };
    if (index % 5 === 3) return { kind: "v1", timeSavedSeconds, idempotencyKey: `durability-${index}` };
    return { kind: "v1", timeSavedSeconds };
  });
}

describe(`durability after SIGKILL (${testBackend})`, () => {
  it("keeps every acknowledged execution exactly once, with a consistent ledger and rollups", async () => {
    const data: ServerData = {
      dataDir: path.join(temporaryDirectory("durability"), "data"),
      postgresUrl: postgres?.url,
    };
    const world = await seedIngestWorld(data, BALANCE_SECONDS);
    const environment = serverEnvironment(data);

    const first = startCli(["serve"], environment);
    let outcomes: Outcome[];
    try {
      const baseUrl = await first.address();
      let acknowledgements = 0;
      let killed = false;
      outcomes = await reportInParallel(baseUrl, world, plannedReports(), CLIENTS, {
        stop: () => killed,
        onOutcome: (outcome) => {
          if (acknowledged(outcome)) acknowledgements++;
          if (!killed && acknowledgements >= KILL_AFTER_ACKNOWLEDGEMENTS) {
            killed = true;
            first.kill("SIGKILL");
          }
        },
      });
      expect(killed, "the load ended before the kill").toBe(true);
    } finally {
      await stopCli(first, "SIGKILL");
    }

    const acks = outcomes.filter(acknowledged);
    const unanswered = outcomes.filter((outcome) => outcome.status === undefined);
    // Before the kill every answer is an acknowledgement: nothing was refused or failed.
    expect(outcomes.filter((outcome) => outcome.status !== undefined && !acknowledged(outcome))).toEqual([]);
    expect(acks.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKNOWLEDGEMENTS);
    expect(new Set(acks.map((outcome) => outcome.id)).size).toBe(acks.length);

    const second = startCli(["serve"], environment);
    const retried: Outcome[] = [];
    try {
      const baseUrl = await second.address();
      // Idempotent requests that got no answer: the retry either replays what was committed before
      // the kill or records them now, once.
      for (const lost of unanswered.filter((outcome) => outcome.report.idempotencyKey)) {
        retried.push(await sendReport(baseUrl, world, lost.report));
      }
      // Acknowledged idempotent requests replay the acknowledged execution.
      const idempotentAcks = acks.filter((outcome) => outcome.report.idempotencyKey);
      expect(idempotentAcks.length).toBeGreaterThan(0);
      const replays = await Promise.all(
        idempotentAcks.map((outcome) => sendReport(baseUrl, world, outcome.report)),
      );
      expect(replays.map((replay) => [replay.status, replay.id, replay.replayed])).toEqual(
        idempotentAcks.map((outcome) => [201, outcome.id, true]),
      );
    } finally {
      expect(await stopCli(second, "SIGTERM"), second.output().slice(-2000)).toBe(0);
    }
    expect(retried.every((outcome) => outcome.status === 201 && outcome.id)).toBe(true);

    const handle = await openServerDatabase(data);
    try {
      const stored = await handle.db.execute<{ id: string }>(sql`SELECT id FROM executions`);
      const ids = new Set(stored.rows.map((row) => row.id));
      const missing = acks.filter((outcome) => !ids.has(outcome.id as string));
      expect(missing, "acknowledged executions lost").toEqual([]);
      expect(retried.filter((outcome) => !ids.has(outcome.id as string))).toEqual([]);
      // Beyond the acknowledged ones and the fresh retries, only requests in flight at the kill may
      // have been committed (unanswered), and none of them twice.
      const fresh = retried.filter((outcome) => !outcome.replayed).length;
      const unacknowledgedStored = ids.size - acks.length - fresh;
      expect(unacknowledgedStored).toBeGreaterThanOrEqual(0);
      expect(unacknowledgedStored).toBeLessThanOrEqual(unanswered.length);

      const found = await checkIngestInvariants(handle.db);
      expect(found.executions).toBe(ids.size);
      expect(invariantViolations(found)).toEqual([]);
      const account = found.accounts.find((candidate) => candidate.id === world.accountId);
      expect(account?.balanceSeconds).toBeLessThan(BALANCE_SECONDS);
    } finally {
      await handle.close();
    }
    // About 15 s on this 2-core machine with one transaction per request; the margin is for a busy CI.
  }, 60_000);
});
