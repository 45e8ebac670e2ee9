/**
 * Filing a complaint about an execution (SPEC §8): a customer's execution manager (or staff) disputes a
 * `not_paid` execution. Filing revokes the execution and gives its covered seconds back to the time
 * accounts they came from, in the same transaction as the complaint itself, so a complaint exists
 * exactly when its execution is revoked and refunded. Staff then work the complaint through
 * `open → in_progress → accepted | rejected` (`changeComplaintStatus`; rejection draws the execution's
 * seconds again, see redraw.ts), and both sides comment in its thread (`commentOnComplaint`). Each
 * event notifies the other side in-app, in the same transaction.
 */
import { asc, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { AppError, ConflictError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { isUuid, uuidv7 } from "../../lib/ids.ts";
import { type Actor, assertHoldsRole, assertStaff, isStaffMember } from "../access/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { customerNotFound, findCustomer } from "../crm/service.ts";
import { type Execution, executions } from "../executions/schema.ts";
import { executionNotFound } from "../executions/service.ts";
import { type Refund, refundExecution, setExecutionStatus } from "../executions/settlement.ts";
import { notify, staffUserIds } from "../notifications/service.ts";
import { customerPrograms } from "../programs/schema.ts";
import {
  type ComplaintDetail,
  type ComplaintEntry,
  type ComplaintFilter,
  type ComplaintPage,
  complaintEntries,
  complaintPage,
  complaintSummary,
} from "./read.ts";
import { type Redraw, redrawExecution } from "./redraw.ts";
import { type Complaint, type ComplaintStatus, complaintComments, complaints } from "./schema.ts";

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

function complaintText(text: string, path = "text"): string {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_COMPLAINT_TEXT) {
    throw new ValidationError("The text is empty or too long.", [
      { path, message: `Write 1 to ${MAX_COMPLAINT_TEXT} characters.` },
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
      await notify(
        tx,
        await staffUserIds(tx),
        { kind: "complaint_filed", complaintId: complaint.id, customerId: complaint.customerId },
        actor.user.id,
      );
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

export function complaintNotFound(id: string): NotFoundError {
  return new NotFoundError(`There is no complaint ${id}.`);
}

/** A complaint that can change no more (accepted or rejected), or that already has the status asked for. */
export class ComplaintClosedError extends AppError {
  constructor(message: string) {
    super(409, "complaint_closed", message);
  }
}

/** The statuses staff may set, per current status (SPEC §8); accepted and rejected are final. */
const NEXT_STATUSES: Record<ComplaintStatus, readonly ComplaintStatus[]> = {
  open: ["in_progress", "accepted", "rejected"],
  in_progress: ["accepted", "rejected"],
  accepted: [],
  rejected: [],
};

/** The complaint a request is about, with the actor's authority over it checked (404, then 403). */
async function authorizedComplaint(db: Database, actor: Actor, complaintId: string): Promise<Complaint> {
  if (!isUuid(complaintId)) throw complaintNotFound(complaintId);
  const [complaint] = await db.select().from(complaints).where(eq(complaints.id, complaintId));
  if (!complaint) throw complaintNotFound(complaintId);
  assertHoldsRole(actor, complaint.customerId, "execution_manager");
  return complaint;
}

/** A customer's complaints, newest first (execution managers of the customer, staff). */
export async function customerComplaints(
  db: Database,
  actor: Actor,
  customerId: string,
  query: Pick<ComplaintFilter, "status"> & { limit: number; cursor?: string },
): Promise<ComplaintPage> {
  assertHoldsRole(actor, customerId, "execution_manager");
  if (!(await findCustomer(db, customerId))) throw customerNotFound(customerId);
  return complaintPage(db, { customerId, status: query.status }, query);
}

/** The staff queue: every customer's complaints, newest first, optionally by status and customer. */
export async function allComplaints(
  db: Database,
  actor: Actor,
  query: ComplaintFilter & { limit: number; cursor?: string },
): Promise<ComplaintPage> {
  assertStaff(actor.user);
  const { limit, cursor, ...filter } = query;
  return complaintPage(db, filter, { limit, cursor });
}

async function detailOf(db: Database, complaintId: string): Promise<ComplaintDetail> {
  const summary = await complaintSummary(db, complaintId);
  if (!summary) throw complaintNotFound(complaintId);
  return { ...summary, entries: await complaintEntries(db, complaintId) };
}

/** One complaint with its thread (execution managers of its customer, staff). */
export async function complaintDetail(
  db: Database,
  actor: Actor,
  complaintId: string,
): Promise<ComplaintDetail> {
  await authorizedComplaint(db, actor, complaintId);
  return detailOf(db, complaintId);
}

/**
 * Adds a comment to the thread (execution managers of the complaint's customer, staff), also on a
 * closed complaint: the customer may answer a rejection. Staff comments notify the reporter; customer
 * comments notify the staff queue.
 */
export async function commentOnComplaint(
  db: Database,
  actor: Actor,
  complaintId: string,
  input: { text: string },
): Promise<ComplaintEntry> {
  const complaint = await authorizedComplaint(db, actor, complaintId);
  const text = complaintText(input.text);
  const entryId = await transaction(
    db,
    async (tx) => {
      const [entry] = await tx
        .insert(complaintComments)
        .values({ id: uuidv7(), complaintId, authorUserId: actor.user.id, text })
        .returning({ id: complaintComments.id });
      if (!entry) throw new Error("The comment was not stored.");
      await tx.update(complaints).set({ updatedAt: sql`now()` }).where(eq(complaints.id, complaintId));
      const recipients = isStaffMember(actor.user)
        ? complaint.filedByUserId
          ? [complaint.filedByUserId]
          : []
        : await staffUserIds(tx);
      await notify(
        tx,
        recipients,
        { kind: "complaint_commented", complaintId, customerId: complaint.customerId },
        actor.user.id,
      );
      await recordAudit(tx, actor.context, {
        action: "complaint.commented",
        customerId: complaint.customerId,
        targetType: "complaint",
        targetId: complaintId,
        after: { entryId: entry.id, length: text.length },
      });
      return entry.id;
    },
    { retries: 3 },
  );
  const entry = (await complaintEntries(db, complaintId)).find((candidate) => candidate.id === entryId);
  if (!entry) throw new Error("The comment disappeared.");
  return entry;
}

const FINAL_WORDS: Partial<Record<ComplaintStatus, string>> = {
  accepted: "accepted",
  rejected: "rejected",
};

/**
 * Staff move a complaint on (`open → in_progress → accepted | rejected`, or straight from open to
 * either end), with an optional comment stored in the same thread entry. Accepted: the execution
 * stays revoked. Rejected: the execution returns to `not_paid` and draws its seconds again
 * (redraw.ts); a deleted execution is left alone. The reporter is notified.
 */
export async function changeComplaintStatus(
  db: Database,
  actor: Actor,
  complaintId: string,
  input: { status: ComplaintStatus; comment?: string },
): Promise<ComplaintDetail> {
  assertStaff(actor.user);
  if (!isUuid(complaintId)) throw complaintNotFound(complaintId);
  if (input.status === "open") {
    throw new ValidationError("A complaint cannot be reopened.", [
      { path: "status", message: "Choose in_progress, accepted or rejected." },
    ]);
  }
  const comment = input.comment === undefined ? null : complaintText(input.comment, "comment");
  const [seen] = await db.select().from(complaints).where(eq(complaints.id, complaintId));
  if (!seen) throw complaintNotFound(complaintId);
  await transaction(
    db,
    async (tx) => {
      // The execution before the complaint: deleting an execution locks it, then its complaints.
      const [execution] = seen.executionId
        ? await tx.select().from(executions).where(eq(executions.id, seen.executionId)).for("update")
        : [];
      const [complaint] = await tx
        .select()
        .from(complaints)
        .where(eq(complaints.id, complaintId))
        .for("update");
      if (!complaint) throw complaintNotFound(complaintId);
      const final = FINAL_WORDS[complaint.status];
      if (final) {
        throw new ComplaintClosedError(`This complaint was ${final}; its status cannot change any more.`);
      }
      if (complaint.status === input.status) {
        throw new ComplaintClosedError("The complaint already has this status.");
      }
      if (!NEXT_STATUSES[complaint.status].includes(input.status)) {
        throw new ComplaintClosedError(`A complaint cannot go from ${complaint.status} to ${input.status}.`);
      }
      const redraw: Redraw | null =
        input.status === "rejected" &&
        execution &&
        complaint.executionId === execution.id &&
        execution.paymentStatus === "revoked"
          ? await redrawExecution(tx, actor, execution)
          : null;
      const resolved = input.status === "accepted" || input.status === "rejected";
      await tx
        .update(complaints)
        .set({ status: input.status, resolvedAt: resolved ? sql`now()` : null, updatedAt: sql`now()` })
        .where(eq(complaints.id, complaintId));
      const [entry] = await tx
        .insert(complaintComments)
        .values({
          id: uuidv7(),
          complaintId,
          authorUserId: actor.user.id,
          text: comment,
          status: input.status,
        })
        .returning({ id: complaintComments.id });
      await notify(
        tx,
        complaint.filedByUserId ? [complaint.filedByUserId] : [],
        { kind: "complaint_status_changed", complaintId, customerId: complaint.customerId },
        actor.user.id,
      );
      await recordAudit(tx, actor.context, {
        action: "complaint.status_changed",
        customerId: complaint.customerId,
        targetType: "complaint",
        targetId: complaintId,
        before: { status: complaint.status },
        after: {
          status: input.status,
          entryId: entry?.id ?? null,
          commentLength: comment?.length ?? 0,
          executionId: complaint.executionId,
          redraw,
        },
      });
    },
    { retries: 3 },
  );
  return detailOf(db, complaintId);
}
