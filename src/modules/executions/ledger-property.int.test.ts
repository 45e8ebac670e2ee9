/**
 * A property of the whole reporting core, against the real database: whatever sequence of
 * executions, top-ups and refunding deletions happens, every account's balance equals the sum of its
 * ledger, no balance is ever negative, and each program's tier basis equals the time saved by its
 * executions that still count.
 */
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../testing/database.ts";
import { newCustomer, newUser } from "../../testing/people.ts";
import { newApiKey, newCustomerProgram } from "../../testing/reporting.ts";
import { systemActor } from "../audit/service.ts";
import { ensureContract } from "../hr/service.ts";
import { customerPrograms } from "../programs/schema.ts";
import { postToLedger } from "../time-accounts/ledger.ts";
import { timeAccountEntries, timeAccounts } from "../time-accounts/schema.ts";
import { staffActor, timeAccountWith } from "../time-accounts/test-fixtures.ts";
import { executions } from "./schema.ts";
import { type Reporter, recordExecutions } from "./service.ts";
import { deleteExecution } from "./settlement.ts";

const database = useTestDatabase();

type Step =
  | { kind: "execute"; program: number; seconds: number | undefined }
  | { kind: "batch"; program: number; count: number; seconds: number }
  | { kind: "top_up"; account: number; seconds: number }
  | { kind: "delete"; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("execute" as const),
    program: fc.nat(2),
    seconds: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant("batch" as const),
    program: fc.nat(2),
    count: fc.integer({ min: 1, max: 5 }),
    seconds: fc.integer({ min: 1, max: 3000 }),
  }),
  fc.record({
    kind: fc.constant("top_up" as const),
    account: fc.nat(2),
    seconds: fc.integer({ min: 1, max: 4000 }),
  }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
);

describe("balances, ledger and tier basis", () => {
  it("stay in step for any sequence of executions, top-ups and refunds", async () => {
    const db = database.db;
    const staff = await newUser(db, "Staff", { isStaff: true });

    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const customerId = await newCustomer(db, "Property Customer");
        const owner = await newUser(db, "Property Reporter");
        await ensureContract(db, systemActor, owner.id, customerId);
        const key = await newApiKey(db, owner);
        const reporter: Reporter = { key, owner, customerIds: null };
        const accounts = [
          await timeAccountWith(db, customerId, 1000),
          await timeAccountWith(db, customerId, 0),
          await timeAccountWith(db, customerId, 2000, { isActive: false }),
        ];
        const programs = [
          await newCustomerProgram(db, customerId, {
            timeAccountIds: [accounts[0] ?? "", accounts[1] ?? ""],
          }),
          await newCustomerProgram(db, customerId, {
            timeAccountIds: [accounts[2] ?? "", accounts[0] ?? ""],
          }),
          await newCustomerProgram(db, customerId, { pricingMode: "fixed", pricePerSecond: "0.010000" }),
        ];
        const recorded: string[] = [];
        for (const action of steps) {
          if (action.kind === "execute" || action.kind === "batch") {
            const program = programs[action.program] ?? "";
            const inputs =
              action.kind === "execute"
                ? [{ customerProgramId: program, timeSavedSeconds: action.seconds }]
                : Array.from({ length: action.count }, () => ({
                    customerProgramId: program,
                    timeSavedSeconds: action.seconds,
                  }));
            const done = await recordExecutions(db, reporter, inputs, { userId: owner.id, apiKeyId: key.id });
            recorded.push(...done.map(({ execution }) => execution.id));
          } else if (action.kind === "top_up") {
            const timeAccountId = accounts[action.account] ?? "";
            await postToLedger(db, systemActor, [{ timeAccountId, kind: "top_up", seconds: action.seconds }]);
          } else if (recorded.length > 0) {
            const [id] = recorded.splice(action.pick % recorded.length, 1);
            await deleteExecution(db, staffActor(staff), id ?? "");
          }
        }

        for (const accountId of accounts) {
          const [account] = await db.select().from(timeAccounts).where(eq(timeAccounts.id, accountId));
          const [ledger] = await db
            .select({ sum: sql<string>`coalesce(sum(${timeAccountEntries.seconds}), 0)` })
            .from(timeAccountEntries)
            .where(eq(timeAccountEntries.timeAccountId, accountId));
          expect(account?.balanceSeconds).toBe(Number(ledger?.sum));
          expect(account?.balanceSeconds).toBeGreaterThanOrEqual(0);
        }
        // The inactive account is never drawn from.
        const [inactive] = await db
          .select()
          .from(timeAccounts)
          .where(eq(timeAccounts.id, accounts[2] ?? ""));
        expect(inactive?.balanceSeconds).toBeGreaterThanOrEqual(2000);
        for (const programId of programs) {
          const [program] = await db
            .select()
            .from(customerPrograms)
            .where(eq(customerPrograms.id, programId));
          const [saved] = await db
            .select({ sum: sql<string>`coalesce(sum(${executions.timeSavedSeconds}), 0)` })
            .from(executions)
            .where(eq(executions.customerProgramId, programId));
          expect(program?.tierBasisSeconds).toBe(Number(saved?.sum));
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
