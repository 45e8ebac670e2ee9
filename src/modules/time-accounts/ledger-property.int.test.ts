/**
 * A property of the ledger core against the real database: whatever sequence of postings (one to
 * three at a time, positive and negative, on one to three accounts) is attempted, each account's
 * balance equals the sum of its entries and what a model of the rules says, no balance is ever
 * negative, and a refused posting changes nothing at all.
 */
import { and, inArray, lt, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../testing/database.ts";
import { newCustomer } from "../../testing/people.ts";
import { systemActor } from "../audit/service.ts";
import { InsufficientBalanceError, postToLedger } from "./ledger.ts";
import { LEDGER_KINDS, timeAccountEntries, timeAccounts } from "./schema.ts";
import { timeAccountWith } from "./test-fixtures.ts";

const database = useTestDatabase();

interface Posting {
  account: number;
  kind: (typeof LEDGER_KINDS)[number];
  seconds: number;
}

const posting = (accounts: number): fc.Arbitrary<Posting> =>
  fc.record({
    account: fc.nat(accounts - 1),
    kind: fc.constantFrom(...LEDGER_KINDS),
    seconds: fc.integer({ min: -3000, max: 3000 }).filter((seconds) => seconds !== 0),
  });

const scenario = fc.integer({ min: 1, max: 3 }).chain((accounts) =>
  fc.record({
    starting: fc.array(fc.nat(2000), { minLength: accounts, maxLength: accounts }),
    steps: fc.array(fc.array(posting(accounts), { minLength: 1, maxLength: 3 }), {
      minLength: 1,
      maxLength: 10,
    }),
  }),
);

/** What the rules say: the postings in order, or null when one of them would go below zero. */
function model(balances: number[], postings: Posting[]): number[] | null {
  const next = [...balances];
  for (const { account, seconds } of postings) {
    const after = (next[account] ?? 0) + seconds;
    if (after < 0) return null;
    next[account] = after;
  }
  return next;
}

async function stored(ids: string[]) {
  const db = database.db;
  const accounts = await db.select().from(timeAccounts).where(inArray(timeAccounts.id, ids));
  const sums = await db
    .select({ id: timeAccountEntries.timeAccountId, total: sql<string>`sum(${timeAccountEntries.seconds})` })
    .from(timeAccountEntries)
    .where(inArray(timeAccountEntries.timeAccountId, ids))
    .groupBy(timeAccountEntries.timeAccountId);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(timeAccountEntries)
    .where(inArray(timeAccountEntries.timeAccountId, ids));
  return {
    balances: ids.map((id) => accounts.find((account) => account.id === id)?.balanceSeconds),
    sums: ids.map((id) => Number(sums.find((sum) => sum.id === id)?.total ?? 0)),
    entries: count?.n ?? 0,
  };
}

describe("postToLedger", () => {
  it("keeps every balance equal to its ledger and never negative; refusals change nothing", async () => {
    const db = database.db;
    const customer = await newCustomer(db, "Property GmbH");
    await fc.assert(
      fc.asyncProperty(scenario, async ({ starting, steps }) => {
        const ids: string[] = [];
        for (const seconds of starting) ids.push(await timeAccountWith(db, customer, seconds));
        let expected = [...starting];
        let before = await stored(ids);
        for (const step of steps) {
          const wanted = model(expected, step);
          const attempt = postToLedger(
            db,
            systemActor,
            step.map(({ account, kind, seconds }) => ({ timeAccountId: ids[account] ?? "", kind, seconds })),
          );
          if (wanted === null) {
            await expect(attempt).rejects.toBeInstanceOf(InsufficientBalanceError);
          } else {
            expect(await attempt).toHaveLength(step.length);
            expected = wanted;
          }
          const after = await stored(ids);
          expect(after.balances).toEqual(expected);
          expect(after.sums).toEqual(expected);
          expect(after.entries).toBe(before.entries + (wanted === null ? 0 : step.length));
          for (const balance of after.balances) expect(balance).toBeGreaterThanOrEqual(0);
          before = after;
        }
        const negative = await db
          .select({ id: timeAccountEntries.id })
          .from(timeAccountEntries)
          .where(
            and(
              inArray(timeAccountEntries.timeAccountId, ids),
              lt(timeAccountEntries.balanceAfterSeconds, 0),
            ),
          );
        expect(negative).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });
});
