/**
 * The staff console's use cases for people (SPEC §10): users, their enrolment links, deactivation
 * and the staff and superuser flags. Staff manage customers' people; only superusers manage staff
 * members' and superusers' accounts and hand out those flags.
 */
import { and, asc, count, eq, gt, ilike, inArray, isNull, max, not, or, type SQL } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { ForbiddenError, NotFoundError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import { containsPattern } from "../../lib/search.ts";
import {
  type Actor,
  assertMayCreateUser,
  assertMayIssueEnrolmentLink,
  assertStaff,
} from "../access/policy.ts";
import type { Ability, Role } from "../access/roles.ts";
import { recordAudit } from "../audit/service.ts";
import { type IssuedEnrolmentLink, issueEnrolmentLink } from "../auth/enrolment.ts";
import { enrolmentLinks, passkeys, sessions } from "../auth/schema.ts";
import type { AuthSettings } from "../auth/settings.ts";
import { customers } from "../crm/schema.ts";
import { contracts, employees, roleGrants } from "../hr/schema.ts";
import { type User, users } from "../identity/schema.ts";
import { createUser, findUserById, type NewUser } from "../identity/service.ts";
import { stripUserCode, userCodeKey } from "../identity/user-code.ts";

export async function createUserAsStaff(
  db: Database,
  actor: Actor,
  input: Omit<NewUser, "legacyCode">,
): Promise<User> {
  assertMayCreateUser(actor.user, input);
  return createUser(db, actor.context, input);
}

export async function issueEnrolmentLinkAsStaff(
  db: Database,
  settings: Pick<AuthSettings, "publicUrl" | "enrolmentLinkMs" | "now">,
  actor: Actor,
  userId: string,
): Promise<IssuedEnrolmentLink> {
  assertStaff(actor.user);
  const target = await findUserById(db, userId);
  if (!target) throw new NotFoundError("There is no user with this id.");
  assertMayIssueEnrolmentLink(actor, target);
  return issueEnrolmentLink(db, settings, actor.context, target.id);
}

export interface UserListRequest {
  /** Part of the display name or of the user code (dashes and spaces ignored). */
  query?: string;
  /** true: staff members and superusers only; false: everyone else. */
  staff?: boolean;
  active?: boolean;
  limit: number;
  offset: number;
}

export interface UserListItem extends User {
  passkeyCount: number;
  /** When one of the user's passkeys was last used to sign in. */
  lastSignInAt: Date | null;
}

const isPlatformUser = or(eq(users.isStaff, true), eq(users.isSuperuser, true)) as SQL;

/** Users by display name (staff only). */
export async function listUsers(
  db: Database,
  actor: Actor,
  request: UserListRequest,
): Promise<{ items: UserListItem[]; total: number }> {
  assertStaff(actor.user);
  const conditions: SQL[] = [];
  const query = request.query?.trim();
  if (query) {
    const byName = ilike(users.displayName, containsPattern(query));
    const code = stripUserCode(query);
    conditions.push(
      code
        ? (or(
            byName,
            ilike(users.code, containsPattern(code)),
            ilike(users.codeKey, containsPattern(userCodeKey(code))),
          ) as SQL)
        : byName,
    );
  }
  if (request.staff !== undefined) conditions.push(request.staff ? isPlatformUser : not(isPlatformUser));
  if (request.active !== undefined) conditions.push(eq(users.isActive, request.active));
  const where = and(...conditions);
  const keys = db
    .select({
      userId: passkeys.userId,
      passkeyCount: count().as("passkey_count"),
      lastSignInAt: max(passkeys.lastUsedAt).as("last_sign_in_at"),
    })
    .from(passkeys)
    .groupBy(passkeys.userId)
    .as("keys");
  const [rows, [counted]] = await Promise.all([
    db
      .select({ user: users, passkeyCount: keys.passkeyCount, lastSignInAt: keys.lastSignInAt })
      .from(users)
      .leftJoin(keys, eq(keys.userId, users.id))
      .where(where)
      .orderBy(asc(users.displayName), asc(users.id))
      .limit(request.limit)
      .offset(request.offset),
    db.select({ total: count() }).from(users).where(where),
  ]);
  return {
    total: counted?.total ?? 0,
    items: rows.map((row) => ({
      ...row.user,
      passkeyCount: Number(row.passkeyCount ?? 0),
      lastSignInAt: row.lastSignInAt ? new Date(row.lastSignInAt) : null,
    })),
  };
}

export interface UserContract {
  contractId: string;
  customerId: string;
  customerName: string;
  isActive: boolean;
  roles: { role: Role; abilities: Ability[] }[];
}

export interface UserDetail {
  user: User;
  contracts: UserContract[];
  passkeyCount: number;
  lastSignInAt: Date | null;
  /** The expiry of the user's unused, unexpired enrolment link, if one is open. */
  openEnrolmentLinkExpiresAt: Date | null;
}

async function requireUserById(db: Database, userId: string): Promise<User> {
  const user = await findUserById(db, userId);
  if (!user) throw new NotFoundError("There is no user with this id.");
  return user;
}

/** One user with their contracts, roles, passkeys and open enrolment link (staff only). */
export async function getUserDetail(
  db: Database,
  settings: Pick<AuthSettings, "now">,
  actor: Actor,
  userId: string,
): Promise<UserDetail> {
  assertStaff(actor.user);
  const user = await requireUserById(db, userId);
  const [contractRows, [keys], [link]] = await Promise.all([
    db
      .select({
        contractId: contracts.id,
        customerId: contracts.customerId,
        customerName: customers.name,
        isActive: contracts.isActive,
      })
      .from(contracts)
      .innerJoin(employees, eq(employees.id, contracts.employeeId))
      .innerJoin(customers, eq(customers.id, contracts.customerId))
      .where(eq(employees.userId, user.id))
      .orderBy(asc(customers.name), asc(contracts.id)),
    db
      .select({ total: count(), lastSignInAt: max(passkeys.lastUsedAt) })
      .from(passkeys)
      .where(eq(passkeys.userId, user.id)),
    db
      .select({ expiresAt: max(enrolmentLinks.expiresAt) })
      .from(enrolmentLinks)
      .where(
        and(
          eq(enrolmentLinks.userId, user.id),
          isNull(enrolmentLinks.usedAt),
          isNull(enrolmentLinks.revokedAt),
          gt(enrolmentLinks.expiresAt, settings.now()),
        ),
      ),
  ]);
  const grants =
    contractRows.length === 0
      ? []
      : await db
          .select({
            contractId: roleGrants.contractId,
            role: roleGrants.role,
            abilities: roleGrants.abilities,
          })
          .from(roleGrants)
          .where(
            inArray(
              roleGrants.contractId,
              contractRows.map((row) => row.contractId),
            ),
          )
          .orderBy(asc(roleGrants.role));
  return {
    user,
    contracts: contractRows.map((row) => ({
      ...row,
      roles: grants
        .filter((grant) => grant.contractId === row.contractId)
        .map(({ role, abilities }) => ({ role, abilities })),
    })),
    passkeyCount: keys?.total ?? 0,
    lastSignInAt: keys?.lastSignInAt ? new Date(keys.lastSignInAt) : null,
    openEnrolmentLinkExpiresAt: link?.expiresAt ? new Date(link.expiresAt) : null,
  };
}

/** Staff manage customers' people; staff members' and superusers' accounts are superusers' business. */
function assertMayManage(actor: Actor, target: User): void {
  assertStaff(actor.user);
  if ((target.isStaff || target.isSuperuser) && !actor.user.isSuperuser) {
    throw new ForbiddenError("Only superusers may change the accounts of staff members and superusers.");
  }
}

/** Locks the user's row for a change; 404 when there is none. */
async function lockUser(tx: Database, userId: string): Promise<User> {
  if (!isUuid(userId)) throw new NotFoundError("There is no user with this id.");
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  if (!user) throw new NotFoundError("There is no user with this id.");
  return user;
}

/**
 * Deactivates a user: they cannot sign in any more, all their sessions end at once and their open
 * enrolment links are revoked. Nobody deactivates themselves. Deactivating an inactive user
 * changes nothing.
 */
export async function deactivateUser(
  db: Database,
  settings: Pick<AuthSettings, "now">,
  actor: Actor,
  userId: string,
): Promise<User> {
  assertStaff(actor.user);
  return transaction(db, async (tx) => {
    const target = await lockUser(tx, userId);
    assertMayManage(actor, target);
    if (target.id === actor.user.id) {
      throw new ForbiddenError("You cannot deactivate your own account; ask another staff member.");
    }
    if (!target.isActive) return target;
    const [after] = await tx
      .update(users)
      .set({ isActive: false })
      .where(eq(users.id, target.id))
      .returning();
    if (!after) throw new Error("The user was not updated.");
    const ended = await tx
      .delete(sessions)
      .where(eq(sessions.userId, target.id))
      .returning({ id: sessions.id });
    const revoked = await tx
      .update(enrolmentLinks)
      .set({ revokedAt: settings.now() })
      .where(
        and(
          eq(enrolmentLinks.userId, target.id),
          isNull(enrolmentLinks.usedAt),
          isNull(enrolmentLinks.revokedAt),
        ),
      )
      .returning({ id: enrolmentLinks.id });
    await recordAudit(tx, actor.context, {
      action: "user.deactivated",
      targetType: "user",
      targetId: target.id,
      before: { isActive: true },
      after: { isActive: false, sessionsEnded: ended.length, enrolmentLinksRevoked: revoked.length },
    });
    return after;
  });
}

/** Lets a deactivated user sign in again (with their passkeys, or a new enrolment link). */
export async function reactivateUser(db: Database, actor: Actor, userId: string): Promise<User> {
  assertStaff(actor.user);
  return transaction(db, async (tx) => {
    const target = await lockUser(tx, userId);
    assertMayManage(actor, target);
    if (target.isActive) return target;
    const [after] = await tx.update(users).set({ isActive: true }).where(eq(users.id, target.id)).returning();
    if (!after) throw new Error("The user was not updated.");
    await recordAudit(tx, actor.context, {
      action: "user.reactivated",
      targetType: "user",
      targetId: target.id,
      before: { isActive: false },
      after: { isActive: true },
    });
    return after;
  });
}

export interface UserChange {
  displayName?: string;
  language?: "de" | "en";
  isStaff?: boolean;
  isSuperuser?: boolean;
}

/**
 * Changes a user's name, language or flags. The flags are superusers' alone (asking for them at all
 * is refused to staff), and a superuser cannot take their own superuser flag away, so there is
 * always someone left to hand it out.
 */
export async function changeUser(
  db: Database,
  actor: Actor,
  userId: string,
  change: UserChange,
): Promise<User> {
  assertStaff(actor.user);
  const touchesFlags = change.isStaff !== undefined || change.isSuperuser !== undefined;
  if (touchesFlags && !actor.user.isSuperuser) {
    throw new ForbiddenError(
      "Only superusers may make someone a staff member or superuser, or take it away.",
    );
  }
  return transaction(db, async (tx) => {
    const target = await lockUser(tx, userId);
    assertMayManage(actor, target);
    if (target.id === actor.user.id && change.isSuperuser === false) {
      throw new ForbiddenError("You cannot take away your own superuser flag; ask another superuser.");
    }
    const displayName = change.displayName?.trim();
    const set: Partial<Pick<User, "displayName" | "language" | "isStaff" | "isSuperuser">> = {};
    if (displayName && displayName !== target.displayName) set.displayName = displayName;
    if (change.language !== undefined && change.language !== target.language) set.language = change.language;
    if (change.isStaff !== undefined && change.isStaff !== target.isStaff) set.isStaff = change.isStaff;
    if (change.isSuperuser !== undefined && change.isSuperuser !== target.isSuperuser) {
      set.isSuperuser = change.isSuperuser;
    }
    const fields = Object.keys(set) as (keyof typeof set)[];
    if (fields.length === 0) return target;
    const [after] = await tx.update(users).set(set).where(eq(users.id, target.id)).returning();
    if (!after) throw new Error("The user was not updated.");
    await recordAudit(tx, actor.context, {
      action: "user.changed",
      targetType: "user",
      targetId: target.id,
      before: Object.fromEntries(fields.map((field) => [field, target[field]])),
      after: Object.fromEntries(fields.map((field) => [field, after[field]])),
    });
    return after;
  });
}
