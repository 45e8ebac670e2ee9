/**
 * Browser sessions (SPEC §1): stored in the database so any app process can serve any request. The
 * cookie carries a random token; the table holds its hash. A session ends at the first of: logout,
 * the idle timeout since it was last seen, the absolute timeout since login.
 */
import { and, desc, eq, gt, lt } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { isUuid, uuidv7 } from "../../lib/ids.ts";
import { hashToken, keyedDigest, randomToken, sameSecret } from "../../lib/tokens.ts";
import { type ActorContext, recordAudit } from "../audit/service.ts";
import { type User, users } from "../identity/schema.ts";
import { type Session, sessions } from "./schema.ts";
import type { AuthSettings } from "./settings.ts";

export type SessionSettings = Pick<AuthSettings, "sessionIdleMs" | "sessionAbsoluteMs" | "now" | "secretKey">;

/** Seen-at updates are written at most this often, so reading pages does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export interface StartedSession {
  session: Session;
  /** The cookie value; shown once, never stored. */
  token: string;
}

export interface ClientInfo {
  ip?: string | null;
  userAgent?: string | null;
}

/** Opens a new session (a new id at every login) and ends `replacing`, the one the browser had. */
export async function startSession(
  db: Database,
  settings: SessionSettings,
  userId: string,
  client: ClientInfo,
  replacingToken?: string,
): Promise<StartedSession> {
  const now = settings.now();
  const token = randomToken();
  if (replacingToken) await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(replacingToken)));
  // Expired sessions of this user are cleared here rather than by a timer.
  await db.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, now)));
  const [session] = await db
    .insert(sessions)
    .values({
      id: uuidv7(),
      tokenHash: hashToken(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + settings.sessionAbsoluteMs),
      ip: client.ip ?? null,
      userAgent: client.userAgent?.slice(0, 500) ?? null,
    })
    .returning();
  if (!session) throw new Error("The session was not stored.");
  return { session, token };
}

export interface ActiveSession {
  session: Session;
  user: User;
}

function isLive(session: Session, settings: SessionSettings, now: Date): boolean {
  return (
    session.expiresAt.getTime() > now.getTime() &&
    session.lastSeenAt.getTime() + settings.sessionIdleMs > now.getTime()
  );
}

/** The session a cookie names, if it is live and its user active; marks it as seen. */
export async function resumeSession(
  db: Database,
  settings: SessionSettings,
  token: string,
): Promise<ActiveSession | undefined> {
  const now = settings.now();
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, hashToken(token)));
  if (!row) return undefined;
  if (!isLive(row.session, settings, now) || !row.user.isActive) {
    await db.delete(sessions).where(eq(sessions.id, row.session.id));
    return undefined;
  }
  if (now.getTime() - row.session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.session.id));
    row.session.lastSeenAt = now;
  }
  return row;
}

/** The CSRF token of a session: derived, so it needs no storage and cannot be guessed. */
export function csrfTokenFor(settings: Pick<AuthSettings, "secretKey">, session: Session): string {
  return keyedDigest(settings.secretKey, "csrf", session.id);
}

export function isValidCsrfToken(
  settings: Pick<AuthSettings, "secretKey">,
  session: Session,
  given: string | undefined,
): boolean {
  return typeof given === "string" && sameSecret(given, csrfTokenFor(settings, session));
}

export async function listSessions(
  db: Database,
  settings: SessionSettings,
  userId: string,
): Promise<Session[]> {
  const now = settings.now();
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt));
  return rows.filter((session) => isLive(session, settings, now));
}

/** Logout: ends the current session. */
export async function endSession(db: Database, actor: ActorContext, session: Session): Promise<void> {
  await transaction(db, async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, session.id));
    await recordAudit(tx, actor, { action: "auth.logout", targetType: "session", targetId: session.id });
  });
}

/** Ends one of the user's own sessions (e.g. a lost laptop) by its id. */
export async function revokeSession(
  db: Database,
  actor: ActorContext & { userId: string },
  sessionId: string,
): Promise<void> {
  if (!isUuid(sessionId)) throw new NotFoundError("No session of yours has this id.");
  await transaction(db, async (tx) => {
    const deleted = await tx
      .delete(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, actor.userId)))
      .returning({ id: sessions.id });
    if (deleted.length === 0) throw new NotFoundError("No session of yours has this id.");
    await recordAudit(tx, actor, {
      action: "auth.session_revoked",
      targetType: "session",
      targetId: sessionId,
    });
  });
}

/** "Log out everywhere": ends every session of the user, this one included. */
export async function endAllSessions(
  db: Database,
  actor: ActorContext & { userId: string },
): Promise<number> {
  return transaction(db, async (tx) => {
    const deleted = await tx
      .delete(sessions)
      .where(eq(sessions.userId, actor.userId))
      .returning({ id: sessions.id });
    await recordAudit(tx, actor, {
      action: "auth.logout_all",
      targetType: "user",
      targetId: actor.userId,
      after: { sessionsEnded: deleted.length },
    });
    return deleted.length;
  });
}
