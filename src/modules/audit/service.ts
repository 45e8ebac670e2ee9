/**
 * The audit module owns the append-only audit log (SPEC §13). Other modules call `recordAudit`
 * inside the transaction of the change they log, so the entry exists exactly when the change does.
 */
import { and, desc, eq, gte, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { uuidv7 } from "../../lib/ids.ts";
import { type AuditEntry, auditLog } from "./schema.ts";

/** Who did something and from where; passed from the entry point (HTTP, CLI) into services. */
export interface ActorContext {
  userId: string | null;
  apiKeyId?: string | null;
  ip?: string | null;
  requestId?: string | null;
}

/** For changes made by the system itself or on the command line. */
export const systemActor: ActorContext = { userId: null };

export interface AuditRecord {
  action: string;
  customerId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  /** Never secrets: callers pass the fields that changed, without tokens or key material. */
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(
  db: Database,
  actor: ActorContext,
  record: AuditRecord,
): Promise<AuditEntry> {
  const [entry] = await db
    .insert(auditLog)
    .values({
      id: uuidv7(),
      actorUserId: actor.userId,
      actorApiKeyId: actor.apiKeyId ?? null,
      ip: actor.ip ?? null,
      requestId: actor.requestId ?? null,
      action: record.action,
      customerId: record.customerId ?? null,
      targetType: record.targetType ?? null,
      targetId: record.targetId ?? null,
      before: record.before ?? null,
      after: record.after ?? null,
    })
    .returning();
  if (!entry) throw new Error("The audit entry was not stored.");
  return entry;
}

export interface AuditQuery {
  actorUserId?: string;
  customerId?: string;
  /** An exact action; ending in a dot, every action of that kind (`time_account.`). */
  action?: string;
  from?: Date;
  to?: Date;
  /** Entries strictly older than this one (keyset paging, newest first). */
  before?: { occurredAt: Date; id: string };
  limit?: number;
}

/** Newest first. Authorization (staff, or managers of `customerId`) is the caller's policy check. */
export async function searchAudit(db: Database, query: AuditQuery): Promise<AuditEntry[]> {
  const conditions: SQL[] = [];
  if (query.actorUserId) conditions.push(eq(auditLog.actorUserId, query.actorUserId));
  if (query.customerId) conditions.push(eq(auditLog.customerId, query.customerId));
  if (query.action) {
    conditions.push(
      query.action.endsWith(".")
        ? sql`starts_with(${auditLog.action}, ${query.action})`
        : eq(auditLog.action, query.action),
    );
  }
  if (query.from) conditions.push(gte(auditLog.occurredAt, query.from));
  if (query.to) conditions.push(lte(auditLog.occurredAt, query.to));
  if (query.before) {
    const cursor = query.before;
    const olderOrSameTime = or(
      lt(auditLog.occurredAt, cursor.occurredAt),
      and(eq(auditLog.occurredAt, cursor.occurredAt), lt(auditLog.id, cursor.id)),
    );
    if (olderOrSameTime) conditions.push(olderOrSameTime);
  }
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
    .limit(Math.min(Math.max(query.limit ?? 50, 1), 500));
}
