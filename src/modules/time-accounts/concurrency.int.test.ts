/**
 * Many staff changes on one account at the same time (really in parallel on PostgreSQL, serialised by
 * PGlite): the row lock makes them queue, so no update is lost, no balance goes negative, and the
 * balance is always the sum of the ledger.
 */
import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../testing/database.ts";
import { newCustomer, newUser } from "../../testing/people.ts";
import { adjustTimeAccount, topUpTimeAccount, transferBetweenTimeAccounts } from "./balance-changes.ts";
import { InsufficientBalanceError } from "./ledger.ts";
import { timeAccountEntries, timeAccounts } from "./schema.ts";
import { staffActor, timeAccountWith } from "./test-fixtures.ts";

const database = useTestDatabase();

async function ledgerOf(id: string) {
  return database.db
    .select()
    .from(timeAccountEntries)
    .where(eq(timeAccountEntries.timeAccountId, id))
    .orderBy(asc(timeAccountEntries.id));
}

async function balanceOf(id: string): Promise<number> {
  const [row] = await database.db.select().from(timeAccounts).where(eq(timeAccounts.id, id));
  if (!row) throw new Error("No such account.");
  return row.balanceSeconds;
}

/** Entries in the order they were posted: each one's balance follows from the one before. */
function expectUnbrokenChain(entries: { seconds: number; balanceAfterSeconds: number }[]): void {
  let balance = 0;
  for (const entry of entries) {
    balance += entry.seconds;
    expect(entry.balanceAfterSeconds).toBe(balance);
    expect(balance).toBeGreaterThanOrEqual(0);
  }
}

describe("parallel changes to one account", () => {
  it("queue behind the row lock: nothing lost, never negative, balance = sum of the ledger", async () => {
    const db = database.db;
    const customer = await newCustomer(db, "Busy GmbH");
    const actor = staffActor(await newUser(db, "Busy Staff", { isStaff: true }));
    const id = await timeAccountWith(db, customer, 1000);

    // 20 top-ups of 50 and 20 withdrawals of 120: more is asked for than there will ever be, so
    // some withdrawals must be refused, and which ones depends on the order the locks are granted in.
    const calls = Array.from({ length: 40 }, (_, index) =>
      index % 2 === 0
        ? topUpTimeAccount(db, actor, id, { seconds: 50 })
        : adjustTimeAccount(db, actor, id, { seconds: -120, reason: `withdrawal ${index}` }),
    );
    const results = await Promise.allSettled(calls);

    const refused = results.filter((result) => result.status === "rejected");
    for (const result of refused) expect(result.reason).toBeInstanceOf(InsufficientBalanceError);
    const applied = results.flatMap((result) =>
      result.status === "fulfilled" ? [result.value.entry.seconds] : [],
    );
    expect(applied.filter((seconds) => seconds === 50)).toHaveLength(20);
    expect(refused.length).toBeGreaterThan(0);

    const entries = await ledgerOf(id);
    expect(entries).toHaveLength(1 + applied.length);
    expectUnbrokenChain(entries);
    const expected = 1000 + applied.reduce((sum, seconds) => sum + seconds, 0);
    expect(await balanceOf(id)).toBe(expected);
    const [sum] = await db
      .select({ total: sql<string>`sum(${timeAccountEntries.seconds})` })
      .from(timeAccountEntries)
      .where(eq(timeAccountEntries.timeAccountId, id));
    expect(Number(sum?.total)).toBe(expected);
  });

  it("transfers both ways at once neither deadlock nor lose seconds", async () => {
    const db = database.db;
    const customer = await newCustomer(db, "Two Way KG");
    const actor = staffActor(await newUser(db, "Transfer Staff", { isStaff: true }));
    const left = await timeAccountWith(db, customer, 500);
    const right = await timeAccountWith(db, customer, 500);

    const calls = Array.from({ length: 30 }, (_, index) =>
      index % 2 === 0
        ? transferBetweenTimeAccounts(db, actor, left, { toTimeAccountId: right, seconds: 70 })
        : transferBetweenTimeAccounts(db, actor, right, { toTimeAccountId: left, seconds: 30 }),
    );
    const results = await Promise.allSettled(calls);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toBeInstanceOf(InsufficientBalanceError);
    }

    const [leftEntries, rightEntries] = [await ledgerOf(left), await ledgerOf(right)];
    expectUnbrokenChain(leftEntries);
    expectUnbrokenChain(rightEntries);
    const succeeded = results.filter((result) => result.status === "fulfilled").length;
    expect(leftEntries.length + rightEntries.length).toBe(2 + 2 * succeeded);
    expect((await balanceOf(left)) + (await balanceOf(right))).toBe(1000);
    expect(await balanceOf(left)).toBe(leftEntries.at(-1)?.balanceAfterSeconds);
    expect(await balanceOf(right)).toBe(rightEntries.at(-1)?.balanceAfterSeconds);
  });
});
