/**
 * A rejected complaint's execution returns to `not_paid` and draws its seconds again (SPEC §8):
 *
 *   charged = the execution's time saved;
 *   covered = drawn from its customer program's time accounts as they are NOW: in their current
 *             order, active accounts only, as far as their balances go (ledger `execution_debit`
 *             entries linked to the execution);
 *   billed  = charged − covered, at the rate the execution was priced at when it was recorded
 *             (`price_per_second`), not at today's tier; price = billed × that rate, exact to six
 *             places. When billed equals the seconds billed at recording, the recorded price stands
 *             (for tiered pricing it was computed from the hourly price, exact to the cent).
 *
 * Tier basis and daily rollups follow in the same transaction.
 */
import { asc, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { formatMoney, parseMoney } from "../../lib/money.ts";
import type { Actor } from "../access/policy.ts";
import { type Execution, executions } from "../executions/schema.ts";
import { addToRollups, subtractFromRollups } from "../insights/rollups.ts";
import { customerPrograms, customerProgramTimeAccounts } from "../programs/schema.ts";
import { lockTimeAccounts, postToLedger } from "../time-accounts/ledger.ts";

export interface Redraw {
  executionId: string;
  coveredSeconds: number;
  billedSeconds: number;
  price: string;
  draws: { timeAccountId: string; seconds: number }[];
}

/** The draws for `charged` seconds from accounts in order: active ones with a balance, as far as it goes. */
function drawsFor(
  charged: number,
  accounts: readonly { id: string; isActive: boolean; balanceSeconds: number }[],
): Redraw["draws"] {
  const draws: Redraw["draws"] = [];
  let covered = 0;
  for (const account of accounts) {
    if (covered === charged) break;
    if (!account.isActive || account.balanceSeconds <= 0) continue;
    const seconds = Math.min(account.balanceSeconds, charged - covered);
    draws.push({ timeAccountId: account.id, seconds });
    covered += seconds;
  }
  return draws;
}

/**
 * Returns a revoked execution to `not_paid` and draws its seconds again. For callers holding the
 * execution's row lock; takes the customer program's, then the accounts' (the recording order).
 */
export async function redrawExecution(tx: Database, actor: Actor, execution: Execution): Promise<Redraw> {
  if (execution.paymentStatus !== "revoked") {
    throw new Error(`Execution ${execution.id} is ${execution.paymentStatus}, not revoked.`);
  }
  await tx
    .select({ id: customerPrograms.id })
    .from(customerPrograms)
    .where(eq(customerPrograms.id, execution.customerProgramId))
    .for("update");
  const links = await tx
    .select({ timeAccountId: customerProgramTimeAccounts.timeAccountId })
    .from(customerProgramTimeAccounts)
    .where(eq(customerProgramTimeAccounts.customerProgramId, execution.customerProgramId))
    .orderBy(asc(customerProgramTimeAccounts.position));
  const locked = await lockTimeAccounts(
    tx,
    links.map((link) => link.timeAccountId),
  );
  const ordered = links.flatMap((link) => {
    const account = locked.get(link.timeAccountId);
    return account ? [account] : [];
  });
  const draws = drawsFor(execution.timeSavedSeconds, ordered);
  await postToLedger(
    tx,
    actor.context,
    draws.map((draw) => ({
      timeAccountId: draw.timeAccountId,
      kind: "execution_debit" as const,
      seconds: -draw.seconds,
      executionId: execution.id,
      reason: "Complaint rejected",
    })),
  );

  const coveredSeconds = draws.reduce((sum, draw) => sum + draw.seconds, 0);
  const billedSeconds = execution.timeSavedSeconds - coveredSeconds;
  const price =
    billedSeconds === execution.billedSeconds
      ? execution.price
      : formatMoney(BigInt(billedSeconds) * parseMoney(execution.pricePerSecond));

  // The row leaves the rollups with its old figures and status, and comes back with the new ones.
  const thisOne = eq(executions.id, execution.id);
  await subtractFromRollups(tx, thisOne);
  await tx
    .update(executions)
    .set({ paymentStatus: "not_paid", coveredSeconds, billedSeconds, price })
    .where(thisOne);
  await addToRollups(tx, thisOne);
  // Revoked time did not count towards the tier; not-paid time does again.
  await tx
    .update(customerPrograms)
    .set({ tierBasisSeconds: sql`${customerPrograms.tierBasisSeconds} + ${execution.timeSavedSeconds}` })
    .where(eq(customerPrograms.id, execution.customerProgramId));
  return { executionId: execution.id, coveredSeconds, billedSeconds, price, draws };
}
