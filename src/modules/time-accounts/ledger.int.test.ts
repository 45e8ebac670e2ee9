/**
 * The ledger core against the real database: entries cannot be changed or removed, a refused posting
 * inside a larger transaction leaves that transaction usable, and several postings go in order.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { transaction } from "../../db/transaction.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { newCustomer } from "../../testing/people.ts";
import { systemActor } from "../audit/service.ts";
import { InsufficientBalanceError, lockTimeAccounts, postToLedger } from "./ledger.ts";
import { timeAccountEntries, timeAccounts } from "./schema.ts";
import { timeAccountWith } from "./test-fixtures.ts";

const database = useTestDatabase();

describe("the append-only ledger", () => {
  it("refuses UPDATE, DELETE and TRUNCATE of entries", async () => {
    const db = database.db;
    const id = await timeAccountWith(db, await newCustomer(db, "Ledger GmbH"), 100);
    const [entry] = await db
      .select()
      .from(timeAccountEntries)
      .where(eq(timeAccountEntries.timeAccountId, id));
    if (!entry) throw new Error("No entry was posted.");
    await expect(
      db.execute(sql`UPDATE time_account_entries SET seconds = 1000 WHERE id = ${entry.id}`),
    ).rejects.toThrow();
    await expect(
      db.update(timeAccountEntries).set({ reason: "rewritten" }).where(eq(timeAccountEntries.id, entry.id)),
    ).rejects.toThrow();
    await expect(db.delete(timeAccountEntries).where(eq(timeAccountEntries.id, entry.id))).rejects.toThrow();
    await expect(db.execute(sql`TRUNCATE time_account_entries CASCADE`)).rejects.toThrow();
    const [after] = await db.select().from(timeAccountEntries).where(eq(timeAccountEntries.id, entry.id));
    expect(after).toEqual(entry);
  });

  it("keeps balances non-negative even for a direct UPDATE that bypasses the ledger", async () => {
    const db = database.db;
    const id = await timeAccountWith(db, await newCustomer(db, "Check GmbH"), 0);
    await expect(
      db.update(timeAccounts).set({ balanceSeconds: -1 }).where(eq(timeAccounts.id, id)),
    ).rejects.toThrow();
  });
});

describe("postToLedger", () => {
  it("posts several entries in order and refuses the whole set when one would go negative", async () => {
    const db = database.db;
    const customer = await newCustomer(db, "Postings GmbH");
    const a = await timeAccountWith(db, customer, 100);
    const b = await timeAccountWith(db, customer, 0);
    const entries = await postToLedger(db, { userId: null }, [
      { timeAccountId: a, kind: "transfer", seconds: -60 },
      { timeAccountId: b, kind: "transfer", seconds: 60 },
      { timeAccountId: b, kind: "execution_debit", seconds: -10 },
    ]);
    expect(entries.map((entry) => [entry.timeAccountId, entry.balanceAfterSeconds])).toEqual([
      [a, 40],
      [b, 60],
      [b, 50],
    ]);
    await expect(
      postToLedger(db, systemActor, [
        { timeAccountId: b, kind: "refund", seconds: 5 },
        { timeAccountId: a, kind: "execution_debit", seconds: -41 },
      ]),
    ).rejects.toBeInstanceOf(InsufficientBalanceError);
    const balances = await lockTimeAccounts(db, [b, a]);
    expect([balances.get(a)?.balanceSeconds, balances.get(b)?.balanceSeconds]).toEqual([40, 50]);
  });

  it("leaves a surrounding transaction usable after a refusal", async () => {
    const db = database.db;
    const id = await timeAccountWith(db, await newCustomer(db, "Savepoint GmbH"), 10);
    const outcome = await transaction(db, async (tx) => {
      await expect(
        postToLedger(tx, systemActor, [{ timeAccountId: id, kind: "execution_debit", seconds: -11 }]),
      ).rejects.toBeInstanceOf(InsufficientBalanceError);
      return postToLedger(tx, systemActor, [{ timeAccountId: id, kind: "execution_debit", seconds: -10 }]);
    });
    expect(outcome[0]?.balanceAfterSeconds).toBe(0);
    const [row] = await db.select().from(timeAccounts).where(eq(timeAccounts.id, id));
    expect(row?.balanceSeconds).toBe(0);
  });
});
