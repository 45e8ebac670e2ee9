/**
 * Filing a complaint about an execution (SPEC §8): a customer's execution manager (or staff) disputes a
 * `not_paid` execution. Filing revokes the execution and gives its covered seconds back to the time
 * accounts they came from, in the same transaction as the complaint itself, so a complaint exists
 * exactly when its execution is revoked and refunded. Staff working complaints is a later step.
 */
import { asc, eq } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { ConflictError, ValidationError } from "../../lib/errors.ts";
import { isUuid, uuidv7 } from "../../lib/ids.ts";
import { type Actor, assertHoldsRole } from "../access/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { type Execution, executions } from "../executions/schema.ts";
import { executionNotFound } from "../executions/service.ts";
import { type Refund, refundExecution, setExecutionStatus } from "../executions/settlement.ts";
import { customerPrograms } from "../programs/schema.ts";
import { type Complaint, complaints } from "./schema.ts";

export const MAX_COMPLAINT_TEXT = 5000;

export interface FiledComplaint {
  complaint: Complaint;
  /** The execution after filing: revoked. */
  execution: Execution;
  refunds: Refund[];
}

const STATUS_WORDS: Record<Execution["paymentStatus"], string> = {
  not_paid: "not paid",
  paid: "already paid",
  refunded: "already refunded",
  revoked: "already revoked (it has a complaint)",
};

function complaintText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_COMPLAINT_TEXT) {
    throw new ValidationError("The complaint needs a text.", [
      { path: "text", message: `Describe what is wrong, in 1 to ${MAX_COMPLAINT_TEXT} characters.` },
    ]);
  }
  return trimmed;
}

/**
 * The execution a customer-side request is about, with the actor's authority over it checked: 404 for
 * an unknown id, then 403 for someone who is no execution manager of its customer.
 */
async function authorizedExecution(db: Database, actor: Actor, executionId: string): Promise<Execution> {
  if (!isUuid(executionId)) throw executionNotFound(executionId);
  const [execution] = await db.select().from(executions).where(eq(executions.id, executionId));
  if (!execution) throw executionNotFound(executionId);
  assertHoldsRole(actor, execution.customerId, "execution_manager");
  return execution;
}

export async function fileComplaint(
  db: Database,
  actor: Actor,
  executionId: string,
  input: { text: string },
): Promise<FiledComplaint> {
  await authorizedExecution(db, actor, executionId);
  const text = complaintText(input.text);
  return transaction(
    db,
    async (tx) => {
      // The execution's row lock makes a second filing wait and then see `revoked`.
      const [execution] = await tx
        .select()
        .from(executions)
        .where(eq(executions.id, executionId))
        .for("update");
      if (!execution) throw executionNotFound(executionId);
      if (execution.paymentStatus !== "not_paid") {
        throw new ConflictError(
          `Only executions that are not paid yet can be disputed; this one is ${STATUS_WORDS[execution.paymentStatus]}.`,
        );
      }
      // The program before the accounts: the order recording takes its locks in.
      await tx
        .select({ id: customerPrograms.id })
        .from(customerPrograms)
        .where(eq(customerPrograms.id, execution.customerProgramId))
        .for("update");
      const refunds = await refundExecution(tx, actor, execution, "Complaint filed");
      const revoked = await setExecutionStatus(tx, execution, "revoked");
      const [complaint] = await tx
        .insert(complaints)
        .values({
          id: uuidv7(),
          executionId: execution.id,
          customerId: execution.customerId,
          filedByUserId: actor.user.id,
          text,
          status: "open",
        })
        .returning();
      if (!complaint) throw new Error("The complaint was not stored.");
      await recordAudit(tx, actor.context, {
        action: "complaint.filed",
        customerId: execution.customerId,
        targetType: "execution",
        targetId: execution.id,
        before: { paymentStatus: execution.paymentStatus },
        after: { complaintId: complaint.id, paymentStatus: revoked.paymentStatus, refunds },
      });
      return { complaint, execution: revoked, refunds };
    },
    { retries: 3 },
  );
}

/** The complaints about one execution, oldest first (for the executions page's dialog and badge). */
export async function complaintsOfExecution(
  db: Database,
  actor: Actor,
  executionId: string,
): Promise<Complaint[]> {
  await authorizedExecution(db, actor, executionId);
  return db
    .select()
    .from(complaints)
    .where(eq(complaints.executionId, executionId))
    .orderBy(asc(complaints.createdAt), asc(complaints.id));
}
