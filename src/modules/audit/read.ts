/**
 * Reading the audit log (SPEC §13): staff search all of it, a customer's customer managers read that
 * customer's entries. Separate from `service.ts`, which every module imports to write entries.
 */
import { inArray } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { NotFoundError, ValidationError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import { assertMayReadAudit, type Principal } from "../access/policy.ts";
import { customers } from "../crm/schema.ts";
import { users } from "../identity/schema.ts";
import { findUserByCode } from "../identity/service.ts";
import type { AuditEntry } from "./schema.ts";
import { searchAudit } from "./service.ts";

export interface AuditLogRequest {
  /** The customer whose entries a customer manager reads; unset: the whole log (staff only). */
  scopeCustomerId?: string;
  /** A user code or user id. */
  actor?: string;
  customerId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  limit?: number;
}

export interface AuditLogEntry extends AuditEntry {
  actor: { id: string; code: string; displayName: string } | null;
  customer: { id: string; name: string } | null;
}

export interface AuditLogPage {
  items: AuditLogEntry[];
  nextCursor: string | null;
}

function encodeCursor(entry: AuditEntry): string {
  return Buffer.from(`${entry.occurredAt.toISOString()}|${entry.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { occurredAt: Date; id: string } {
  const [time, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const occurredAt = new Date(time ?? "");
  if (!id || !isUuid(id) || Number.isNaN(occurredAt.getTime())) {
    throw new ValidationError("The cursor is not valid; use the nextCursor of the previous page.");
  }
  return { occurredAt, id };
}

async function actorUserId(db: Database, actor: string): Promise<string> {
  if (isUuid(actor)) return actor;
  const user = await findUserByCode(db, actor);
  if (!user) throw new NotFoundError(`There is no user with the code ${actor}.`);
  return user.id;
}

/**
 * The audit log as people read it (SPEC §13): staff search all of it; a customer manager reads the
 * entries of their customer (`scopeCustomerId`). Newest first, in pages.
 */
export async function readAuditLog(
  db: Database,
  principal: Principal,
  request: AuditLogRequest,
): Promise<AuditLogPage> {
  assertMayReadAudit(principal, request.scopeCustomerId);
  if (request.from && request.to && request.from.getTime() > request.to.getTime()) {
    throw new ValidationError("The start of the time range lies after its end.");
  }
  const limit = Math.min(Math.max(request.limit ?? 50, 1), 200);
  const entries = await searchAudit(db, {
    actorUserId: request.actor === undefined ? undefined : await actorUserId(db, request.actor),
    customerId: request.scopeCustomerId ?? request.customerId,
    action: request.action,
    from: request.from,
    to: request.to,
    before: request.cursor === undefined ? undefined : decodeCursor(request.cursor),
    limit: limit + 1,
  });
  const page = entries.slice(0, limit);
  const actorIds = [...new Set(page.flatMap((entry) => (entry.actorUserId ? [entry.actorUserId] : [])))];
  const actors = actorIds.length
    ? await db
        .select({ id: users.id, code: users.code, displayName: users.displayName })
        .from(users)
        .where(inArray(users.id, actorIds))
    : [];
  const customerIds = [...new Set(page.flatMap((entry) => (entry.customerId ? [entry.customerId] : [])))];
  const named = customerIds.length
    ? await db
        .select({ id: customers.id, name: customers.name })
        .from(customers)
        .where(inArray(customers.id, customerIds))
    : [];
  const byId = new Map(actors.map((actor) => [actor.id, actor]));
  const customerById = new Map(named.map((customer) => [customer.id, customer]));
  const last = page.at(-1);
  return {
    items: page.map((entry) => ({
      ...entry,
      actor: byId.get(entry.actorUserId ?? "") ?? null,
      customer: customerById.get(entry.customerId ?? "") ?? null,
    })),
    nextCursor: entries.length > limit && last ? encodeCursor(last) : null,
  };
}
