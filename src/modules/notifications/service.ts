/**
 * In-app notifications (the bell): written by the modules whose events they tell about, in the same
 * transaction as the event (`notify`), and read and marked read by their recipient only.
 */
import { and, count, desc, eq, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { NotFoundError, ValidationError } from "../../lib/errors.ts";
import { isUuid, uuidv7 } from "../../lib/ids.ts";
import type { Actor } from "../access/policy.ts";
import { type ComplaintStatus, complaints } from "../complaints/schema.ts";
import { customers } from "../crm/schema.ts";
import { users } from "../identity/schema.ts";
import { type NotificationKind, notifications } from "./schema.ts";

export interface NotificationEvent {
  kind: NotificationKind;
  complaintId: string;
  customerId: string;
}

/**
 * Notifies each recipient once about the event, never `author` (whoever caused it). Call inside the
 * transaction of the event.
 */
export async function notify(
  tx: Database,
  recipients: readonly string[],
  event: NotificationEvent,
  author: string | null,
): Promise<void> {
  const userIds = [...new Set(recipients)].filter((id) => id !== author);
  if (userIds.length === 0) return;
  await tx
    .insert(notifications)
    .values(userIds.map((userId) => ({ id: uuidv7(), userId, ...event })))
    .execute();
}

/** The staff queue: every active staff member and superuser. */
export async function staffUserIds(db: Database): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.isActive, true), or(eq(users.isStaff, true), eq(users.isSuperuser, true))));
  return rows.map((row) => row.id);
}

export interface NotificationItem {
  id: string;
  kind: NotificationKind;
  complaintId: string | null;
  customerId: string;
  customerName: string;
  /** The complaint's status now, not when the notification was written. */
  complaintStatus: ComplaintStatus | null;
  createdAt: Date;
  readAt: Date | null;
}

export interface NotificationPage {
  items: NotificationItem[];
  unreadCount: number;
  nextCursor: string | null;
}

interface Cursor {
  createdAt: Date;
  id: string;
}

function encodeCursor(item: Pick<NotificationItem, "createdAt" | "id">): string {
  return Buffer.from(`${item.createdAt.toISOString()}~${item.id}`).toString("base64url");
}

function decodeCursor(cursor: string): Cursor {
  const [moment = "", id = ""] = Buffer.from(cursor, "base64url").toString("utf8").split("~");
  const createdAt = new Date(moment);
  if (Number.isNaN(createdAt.getTime()) || !isUuid(id)) {
    throw new ValidationError("The cursor is not one this list gave out.", [
      { path: "cursor", message: "Use nextCursor of the previous page." },
    ]);
  }
  return { createdAt, id };
}

function olderThan(cursor: Cursor): SQL {
  return and(
    lte(notifications.createdAt, cursor.createdAt),
    sql`(${notifications.createdAt}, ${notifications.id}) < (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id}::uuid)`,
  ) as SQL;
}

/** The actor's own notifications, newest first (keyset paging), with how many are unread. */
export async function listNotifications(
  db: Database,
  actor: Actor,
  page: { limit: number; cursor?: string; unread?: boolean },
): Promise<NotificationPage> {
  const cursor = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      complaintId: notifications.complaintId,
      customerId: notifications.customerId,
      customerName: customers.name,
      complaintStatus: complaints.status,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .innerJoin(customers, eq(customers.id, notifications.customerId))
    .leftJoin(complaints, eq(complaints.id, notifications.complaintId))
    .where(
      and(
        eq(notifications.userId, actor.user.id),
        page.unread === true ? isNull(notifications.readAt) : undefined,
        page.unread === false ? sql`${notifications.readAt} IS NOT NULL` : undefined,
        cursor ? olderThan(cursor) : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items,
    unreadCount: await unreadCount(db, actor),
    nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null,
  };
}

export async function unreadCount(db: Database, actor: Actor): Promise<number> {
  const [row] = await db
    .select({ count: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.user.id), isNull(notifications.readAt)));
  return Number(row?.count ?? 0);
}

/** Marks one of the actor's notifications read (again marking it keeps the first moment). */
export async function markRead(db: Database, actor: Actor, notificationId: string): Promise<void> {
  const missing = () => new NotFoundError(`There is no notification ${notificationId} of yours.`);
  if (!isUuid(notificationId)) throw missing();
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, notificationId), eq(notifications.userId, actor.user.id)))
    .returning({ id: notifications.id });
  if (!row) throw missing();
}

/** Marks all of the actor's unread notifications read; returns how many. */
export async function markAllRead(db: Database, actor: Actor): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, actor.user.id), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
