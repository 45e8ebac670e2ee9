import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { databaseErrorCode } from "../../db/errors.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { auditLog } from "./schema.ts";
import { recordAudit, searchAudit } from "./service.ts";

const database = useTestDatabase();
const alice = "11111111-1111-4111-8111-111111111111";
const bob = "22222222-2222-4222-8222-222222222222";
const customerA = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const customerB = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

beforeAll(async () => {
  const actorAlice = { userId: alice, ip: "192.0.2.1", requestId: "req-1" };
  await recordAudit(database.db, actorAlice, {
    action: "role.granted",
    customerId: customerA,
    after: { x: 1 },
  });
  await recordAudit(database.db, actorAlice, { action: "role.revoked", customerId: customerB });
  await recordAudit(database.db, { userId: bob }, { action: "role.granted", customerId: customerA });
  for (let index = 0; index < 5; index++) {
    await recordAudit(database.db, { userId: bob }, { action: "login.succeeded", targetId: String(index) });
  }
});

describe("recordAudit", () => {
  it("stores who, what, where and the request", async () => {
    const [entry] = await searchAudit(database.db, { actorUserId: alice, action: "role.granted" });
    expect(entry).toMatchObject({
      actorUserId: alice,
      action: "role.granted",
      customerId: customerA,
      ip: "192.0.2.1",
      requestId: "req-1",
      after: { x: 1 },
      before: null,
    });
    expect(entry?.occurredAt).toBeInstanceOf(Date);
  });
});

/** The trigger's error: SQLSTATE insufficient_privilege. */
function refusedByTrigger(error: unknown): boolean {
  return databaseErrorCode(error) === "42501";
}

describe("the audit log is append-only", () => {
  it("refuses updates", async () => {
    await expect(
      database.db.update(auditLog).set({ action: "forged" }).where(eq(auditLog.actorUserId, alice)),
    ).rejects.toSatisfy(refusedByTrigger);
    expect(await searchAudit(database.db, { action: "forged" })).toHaveLength(0);
  });

  it("refuses deletes and truncation", async () => {
    await expect(database.db.delete(auditLog).where(eq(auditLog.actorUserId, alice))).rejects.toSatisfy(
      refusedByTrigger,
    );
    await expect(database.db.execute(sql`truncate audit_log`)).rejects.toSatisfy(refusedByTrigger);
    expect(await searchAudit(database.db, { actorUserId: alice })).toHaveLength(2);
  });
});

describe("searchAudit", () => {
  it("filters by actor, customer and action", async () => {
    expect(await searchAudit(database.db, { customerId: customerA })).toHaveLength(2);
    expect(await searchAudit(database.db, { customerId: customerA, actorUserId: bob })).toHaveLength(1);
    expect(await searchAudit(database.db, { action: "login.succeeded" })).toHaveLength(5);
  });

  it("filters by time range", async () => {
    const future = new Date(Date.now() + 60_000);
    expect(await searchAudit(database.db, { from: future })).toHaveLength(0);
    expect(await searchAudit(database.db, { to: future })).toHaveLength(8);
  });

  it("pages newest first without gaps or repeats", async () => {
    const seen: string[] = [];
    const times: number[] = [];
    let page = await searchAudit(database.db, { action: "login.succeeded", limit: 2 });
    while (page.length > 0) {
      seen.push(...page.map((entry) => entry.targetId ?? ""));
      times.push(...page.map((entry) => entry.occurredAt.getTime()));
      const last = page[page.length - 1];
      if (!last) break;
      page = await searchAudit(database.db, {
        action: "login.succeeded",
        limit: 2,
        before: { occurredAt: last.occurredAt, id: last.id },
      });
    }
    // Entries of the same millisecond may come in either order, but each comes exactly once.
    expect([...seen].sort()).toEqual(["0", "1", "2", "3", "4"]);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});
