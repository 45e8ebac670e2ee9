/**
 * Migration 0006 computes the rollups of executions recorded before they existed: its SQL must give
 * exactly what the incremental path gives.
 */
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../testing/database.ts";
import { newCustomerProgram, newReportingWorld } from "../../testing/reporting.ts";
import { executionDailyRollups } from "./schema.ts";
import { placeExecutions, rollupContents } from "./test-fixtures.ts";

const database = useTestDatabase();
const MIGRATION = new URL("../../../migrations/0006_rebuild_execution_rollups.sql", import.meta.url);

describe("migration 0006", () => {
  it("rebuilds the rollups from the executions table, Berlin days and every status", async () => {
    const world = await newReportingWorld(database.db, 0);
    const other = await newCustomerProgram(database.db, world.customerId, {});
    const at = (createdAt: string, timeSavedSeconds: number, extra: object = {}) => ({
      customerId: world.customerId,
      customerProgramId: world.customerProgramId,
      createdAt,
      timeSavedSeconds,
      ...extra,
    });
    await placeExecutions(database.db, [
      at("2026-01-31T22:30:00Z", 100),
      at("2026-01-31T23:30:00Z", 200, { paymentStatus: "paid" }),
      at("2026-07-31T21:59:00Z", 300, { coveredSeconds: 100, currency: "CHF" }),
      at("2026-07-31T22:00:00Z", 400, { paymentStatus: "revoked", customerProgramId: other }),
    ]);
    const incremental = await rollupContents(database.db);
    expect(incremental.length).toBe(4);

    // A database from before the rollups: the table does not hold these executions.
    await database.db.execute(sql`DELETE FROM ${executionDailyRollups}`);
    for (const statement of readFileSync(MIGRATION, "utf8").split("--> statement-breakpoint")) {
      await database.db.execute(sql.raw(statement));
    }
    expect(await rollupContents(database.db)).toEqual(incremental);
  });
});
