/**
 * What staff do with recorded executions (SPEC §7, §10): list them, mark a customer's executions of a
 * period paid (a statement), and delete one with a refund of the seconds it drew; status changes for
 * complaints. Balances, tier basis, ledger and the insights rollups stay in step, in the same
 * transaction: a refund is a ledger entry, never an edit of the debit.
 */
import { and, desc, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { isUuid } from "../../lib/ids.ts";
import { type Actor, assertStaff } from "../access/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { customers } from "../crm/schema.ts";
import { customerNotFound, findCustomer } from "../crm/service.ts";
import { changePaymentStatus, subtractFromRollups } from "../insights/rollups.ts";
import { customerPrograms, programs } from "../programs/schema.ts";
import { postToLedger } from "../time-accounts/ledger.ts";
import { timeAccountEntries } from "../time-accounts/schema.ts";
import { type Execution, executions, type PaymentStatus } from "./schema.ts";
import { executionNotFound } from "./service.ts";

/** Statuses whose time saved counts towards the tier rate (SPEC §4). */
const COUNTED: readonly PaymentStatus[] = ["not_paid", "paid"];

export interface ExecutionFilter {
  customerId?: string;
  customerProgramId?: string;
  status?: PaymentStatus;
  from?: Date;
  to?: Date;
  /** Executions strictly older than this one (keyset paging, newest first). */
  before?: string;
  limit?: number;
}

/** A listed execution with the names staff read it by. */
export interface ListedExecution extends Execution {
  customerName: string;
  programName: string;
}

export async function listExecutions(
  db: Database,
  actor: Actor,
  filter: ExecutionFilter,
): Promise<ListedExecution[]> {
  assertStaff(actor.user);
  const rows = await db
    .select({ execution: executions, customerName: customers.name, programName: programs.name })
    .from(executions)
    .innerJoin(customers, eq(customers.id, executions.customerId))
    .innerJoin(customerPrograms, eq(customerPrograms.id, executions.customerProgramId))
    .innerJoin(programs, eq(programs.id, customerPrograms.programId))
    .where(
      and(
        filter.customerId ? eq(executions.customerId, filter.customerId) : undefined,
        filter.customerProgramId ? eq(executions.customerProgramId, filter.customerProgramId) : undefined,
        filter.status ? eq(executions.paymentStatus, filter.status) : undefined,
        filter.from ? gte(executions.createdAt, filter.from) : undefined,
        filter.to ? lt(executions.createdAt, filter.to) : undefined,
        filter.before ? lt(executions.id, filter.before) : undefined,
      ),
    )
    .orderBy(desc(executions.id))
    .limit(Math.min(Math.max(filter.limit ?? 50, 1), 500));
  return rows.map((row) => ({
    ...row.execution,
    customerName: row.customerName,
    programName: row.programName,
  }));
}

export interface PaidPeriod {
  customerId: string;
  /** Executions created at or after `from` and before `to`. */
  from: Date;
  to: Date;
  customerProgramId?: string;
}

/** Marks the customer's `not_paid` executions of the period paid; returns how many. */
export async function markExecutionsPaid(
  db: Database,
  actor: Actor,
  period: PaidPeriod,
  now: Date = new Date(),
): Promise<number> {
  assertStaff(actor.user);
  if (!(await findCustomer(db, period.customerId))) throw customerNotFound(period.customerId);
  return transaction(
    db,
    async (tx) => {
      // One statement changes the rows and moves them in the rollups, so an execution recorded in
      // the meantime is either changed and moved, or neither.
      const count = await changePaymentStatus(tx, {
        from: "not_paid",
        to: "paid",
        set: sql`paid_at = ${now.toISOString()}::timestamptz`,
        where: and(
          eq(executions.customerId, period.customerId),
          gte(executions.createdAt, period.from),
          lt(executions.createdAt, period.to),
          period.customerProgramId ? eq(executions.customerProgramId, period.customerProgramId) : undefined,
        ) as SQL,
      });
      await recordAudit(tx, actor.context, {
        action: "executions.marked_paid",
        customerId: period.customerId,
        targetType: "customer",
        targetId: period.customerId,
        after: {
          from: period.from.toISOString(),
          to: period.to.toISOString(),
          customerProgramId: period.customerProgramId ?? null,
          count,
        },
      });
      return count;
    },
    { retries: 3 },
  );
}

export interface Refund {
  timeAccountId: string;
  seconds: number;
}

/** The seconds an execution still holds per account: its debits minus what was refunded since. */
async function outstandingDraws(db: Database, executionId: string): Promise<Refund[]> {
  const rows = await db
    .select({
      timeAccountId: timeAccountEntries.timeAccountId,
      net: sql<string>`sum(${timeAccountEntries.seconds})`,
    })
    .from(timeAccountEntries)
    .where(
      and(
        eq(timeAccountEntries.executionId, executionId),
        inArray(timeAccountEntries.kind, ["execution_debit", "refund"]),
      ),
    )
    .groupBy(timeAccountEntries.timeAccountId)
    .orderBy(timeAccountEntries.timeAccountId);
  return rows
    .map((row) => ({ timeAccountId: row.timeAccountId, seconds: -Number(row.net) }))
    .filter((refund) => refund.seconds > 0);
}

/**
 * Gives the execution's drawn seconds back to the accounts they came from, as ledger refunds. For
 * callers that hold the execution's row lock.
 */
export async function refundExecution(
  tx: Database,
  actor: Actor,
  execution: Execution,
  reason: string,
): Promise<Refund[]> {
  const refunds = await outstandingDraws(tx, execution.id);
  await postToLedger(
    tx,
    actor.context,
    refunds.map((refund) => ({
      timeAccountId: refund.timeAccountId,
      kind: "refund" as const,
      seconds: refund.seconds,
      executionId: execution.id,
      reason,
    })),
  );
  return refunds;
}

/** Takes the execution's time out of its program's tier basis, if it counted there. */
async function uncount(tx: Database, execution: Execution): Promise<void> {
  if (!COUNTED.includes(execution.paymentStatus)) return;
  await tx
    .update(customerPrograms)
    .set({
      tierBasisSeconds: sql`greatest(${customerPrograms.tierBasisSeconds} - ${execution.timeSavedSeconds}, 0)`,
    })
    .where(eq(customerPrograms.id, execution.customerProgramId));
}

/**
 * Sets one execution's payment status (complaints: `revoked` when filed, back to `not_paid` when
 * rejected; `refunded`), keeping the tier basis and the rollups in step. For callers that hold the
 * execution's row lock (and its program's, before any time account's). Ledger refunds are
 * `refundExecution`'s. Returns the execution as it is afterwards.
 */
export async function setExecutionStatus(
  tx: Database,
  execution: Execution,
  to: PaymentStatus,
): Promise<Execution> {
  if (execution.paymentStatus === to) return execution;
  const changed = await changePaymentStatus(tx, {
    where: eq(executions.id, execution.id),
    from: execution.paymentStatus,
    to,
  });
  if (changed !== 1) throw new Error(`Execution ${execution.id} changed while it was locked.`);
  const counted = COUNTED.includes(execution.paymentStatus);
  if (counted !== COUNTED.includes(to)) {
    const delta = counted ? -execution.timeSavedSeconds : execution.timeSavedSeconds;
    await tx
      .update(customerPrograms)
      .set({ tierBasisSeconds: sql`greatest(${customerPrograms.tierBasisSeconds} + ${delta}, 0)` })
      .where(eq(customerPrograms.id, execution.customerProgramId));
  }
  const [after] = await tx.select().from(executions).where(eq(executions.id, execution.id));
  if (!after) throw new Error(`Execution ${execution.id} disappeared while it was locked.`);
  return after;
}

/** Deletes an execution; with `refund` (the default) its drawn seconds go back first. */
export async function deleteExecution(
  db: Database,
  actor: Actor,
  executionId: string,
  options: { refund: boolean } = { refund: true },
): Promise<{ execution: Execution; refunds: Refund[] }> {
  assertStaff(actor.user);
  if (!isUuid(executionId)) throw executionNotFound(executionId);
  return transaction(
    db,
    async (tx) => {
      const [execution] = await tx
        .select()
        .from(executions)
        .where(eq(executions.id, executionId))
        .for("update");
      if (!execution) throw executionNotFound(executionId);
      // The program before the accounts: the order recording takes its locks in.
      await tx
        .select({ id: customerPrograms.id })
        .from(customerPrograms)
        .where(eq(customerPrograms.id, execution.customerProgramId))
        .for("update");
      const refunds = options.refund
        ? await refundExecution(tx, actor, execution, "Execution deleted with refund")
        : [];
      await uncount(tx, execution);
      await subtractFromRollups(tx, eq(executions.id, executionId));
      await tx.delete(executions).where(eq(executions.id, executionId));
      await recordAudit(tx, actor.context, {
        action: options.refund ? "execution.deleted_with_refund" : "execution.deleted",
        customerId: execution.customerId,
        targetType: "execution",
        targetId: execution.id,
        before: {
          customerProgramId: execution.customerProgramId,
          timeSavedSeconds: execution.timeSavedSeconds,
          coveredSeconds: execution.coveredSeconds,
          billedSeconds: execution.billedSeconds,
          price: execution.price,
          paymentStatus: execution.paymentStatus,
          createdAt: execution.createdAt.toISOString(),
        },
        after: { refunds },
      });
      return { execution, refunds };
    },
    { retries: 3 },
  );
}
