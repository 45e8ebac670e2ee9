/**
 * Abuse limits for sign-in and enrolment (SPEC §1): failures are counted per client address and per
 * user code in a fixed window stored in the database, so every app process sees the same counts.
 * Reaching the limit locks the subject out until its window ends; a success clears its counts.
 */
import { inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { TooManyRequestsError } from "../../lib/errors.ts";
import { type ActorContext, recordAudit } from "../audit/service.ts";
import { authFailures } from "./schema.ts";
import type { AuthSettings } from "./settings.ts";

export type ThrottleSettings = Pick<AuthSettings, "failureLimit" | "failureWindowMs" | "now">;

/** The subjects one attempt counts against: its client address and, when known, the user. */
export function throttleSubjects(ip: string | null | undefined, userCodeKey?: string | null): string[] {
  const subjects: string[] = [];
  if (ip) subjects.push(`ip:${ip}`);
  if (userCodeKey) subjects.push(`user:${userCodeKey}`);
  return subjects;
}

function lockedOut(retryAfterMs: number): TooManyRequestsError {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return new TooManyRequestsError(
    `Too many failed attempts. Sign-in is locked for ${minutes} minute${minutes === 1 ? "" : "s"}; try again later.`,
    retryAfterMs / 1000,
  );
}

/** Throws 429 (with Retry-After) when any subject has used up its failures in the current window. */
export async function assertNotLockedOut(
  db: Database,
  settings: ThrottleSettings,
  subjects: string[],
): Promise<void> {
  if (subjects.length === 0) return;
  const now = settings.now().getTime();
  const rows = await db.select().from(authFailures).where(inArray(authFailures.subject, subjects));
  let retryAfterMs = 0;
  for (const row of rows) {
    const windowEnd = row.windowStartedAt.getTime() + settings.failureWindowMs;
    if (row.failures >= settings.failureLimit && windowEnd > now) {
      retryAfterMs = Math.max(retryAfterMs, windowEnd - now);
    }
  }
  if (retryAfterMs > 0) throw lockedOut(retryAfterMs);
}

/**
 * Counts one failure against each subject (atomically, so concurrent processes add up) and records
 * a lock-out in the audit log when this failure reached the limit; the next attempt gets the 429.
 */
export async function recordFailure(
  db: Database,
  settings: ThrottleSettings,
  actor: ActorContext,
  subjects: string[],
): Promise<void> {
  const now = settings.now();
  const nowValue = sql`${now.toISOString()}::timestamptz`;
  const expired = sql`${authFailures.windowStartedAt} <= ${new Date(now.getTime() - settings.failureWindowMs).toISOString()}::timestamptz`;
  for (const subject of subjects) {
    const [row] = await db
      .insert(authFailures)
      .values({ subject, failures: 1, windowStartedAt: now })
      .onConflictDoUpdate({
        target: authFailures.subject,
        set: {
          failures: sql`case when ${expired} then 1 else ${authFailures.failures} + 1 end`,
          windowStartedAt: sql`case when ${expired} then ${nowValue} else ${authFailures.windowStartedAt} end`,
        },
      })
      .returning();
    if (row?.failures === settings.failureLimit) {
      const until = new Date(row.windowStartedAt.getTime() + settings.failureWindowMs);
      await recordAudit(db, actor, {
        action: "auth.locked_out",
        targetType: subject.startsWith("ip:") ? "ip" : "user_code",
        targetId: subject.slice(subject.indexOf(":") + 1),
        after: { failures: row.failures, until: until.toISOString() },
      });
    }
  }
}

export async function clearFailures(db: Database, subjects: string[]): Promise<void> {
  if (subjects.length === 0) return;
  await db.delete(authFailures).where(inArray(authFailures.subject, subjects));
}
