/**
 * Time accounts of a customer (SPEC §5) as their time account managers see and change them: holding
 * the role shows the customer's accounts, `create_time_accounts` creates one, `delete_time_accounts`
 * deactivates one (balance and history stay). Balances move only through the ledger (`ledger.ts`).
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { AppError, NotFoundError } from "../../lib/errors.ts";
import { isUuid, uuidv7 } from "../../lib/ids.ts";
import { type Actor, assertHasAbility, assertHoldsRole } from "../access/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { customerNotFound, findCustomer } from "../crm/service.ts";
import { type TimeAccount, timeAccounts } from "./schema.ts";

const ROLE = "time_account_manager";

export class TimeAccountInactiveError extends AppError {
  constructor(message: string) {
    super(409, "time_account_inactive", message);
  }
}

export function timeAccountNotFound(id: string): NotFoundError {
  return new NotFoundError(`There is no time account with the id ${id}.`);
}

/** The account, or undefined; no policy (for other modules and for the checks here). */
export async function findTimeAccount(db: Database, id: string): Promise<TimeAccount | undefined> {
  if (!isUuid(id)) return undefined;
  const [account] = await db.select().from(timeAccounts).where(eq(timeAccounts.id, id));
  return account;
}

async function requireTimeAccount(db: Database, id: string): Promise<TimeAccount> {
  const account = await findTimeAccount(db, id);
  if (!account) throw timeAccountNotFound(id);
  return account;
}

async function requireCustomer(db: Database, customerId: string): Promise<void> {
  if (!(await findCustomer(db, customerId))) throw customerNotFound(customerId);
}

/** The balances audit entries record, so the log shows what a change did to the money. */
function auditedState(account: Pick<TimeAccount, "name" | "isActive" | "balanceSeconds">) {
  return { name: account.name, isActive: account.isActive, balanceSeconds: account.balanceSeconds };
}

export async function createTimeAccount(
  db: Database,
  actor: Actor,
  customerId: string,
  input: { name: string },
): Promise<TimeAccount> {
  assertHasAbility(actor, customerId, ROLE, "create_time_accounts");
  await requireCustomer(db, customerId);
  return transaction(db, async (tx) => {
    const [account] = await tx
      .insert(timeAccounts)
      .values({ id: uuidv7(), customerId, name: input.name })
      .returning();
    if (!account) throw new Error("The time account was not stored.");
    await recordAudit(tx, actor.context, {
      action: "time_account.created",
      customerId,
      targetType: "time_account",
      targetId: account.id,
      after: auditedState(account),
    });
    return account;
  });
}

export interface TimeAccountList {
  items: TimeAccount[];
  /** Over every listed account, active or not: the seconds the customer holds. */
  totalBalanceSeconds: number;
}

/** Active accounts first, then by name. */
export async function listTimeAccounts(
  db: Database,
  actor: Actor,
  customerId: string,
): Promise<TimeAccountList> {
  assertHoldsRole(actor, customerId, ROLE);
  await requireCustomer(db, customerId);
  const items = await db
    .select()
    .from(timeAccounts)
    .where(eq(timeAccounts.customerId, customerId))
    .orderBy(desc(timeAccounts.isActive), asc(timeAccounts.name), asc(timeAccounts.id));
  return { items, totalBalanceSeconds: items.reduce((sum, account) => sum + account.balanceSeconds, 0) };
}

/**
 * The seconds all of the customer's accounts hold, active or not (as the list's total); no policy, for
 * other modules' use cases that have checked their own (insights show it as the prepaid balance).
 */
export async function customerBalanceSeconds(db: Database, customerId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${timeAccounts.balanceSeconds}), 0)` })
    .from(timeAccounts)
    .where(eq(timeAccounts.customerId, customerId));
  return Number(row?.total ?? 0);
}

/** An unknown id is 404 for everybody (it names no customer); another customer's account is 403. */
export async function viewTimeAccountAs(db: Database, actor: Actor, id: string): Promise<TimeAccount> {
  const account = await requireTimeAccount(db, id);
  assertHoldsRole(actor, account.customerId, ROLE);
  return account;
}

/** Idempotent: deactivating an inactive account changes nothing and logs nothing. */
export async function deactivateTimeAccount(db: Database, actor: Actor, id: string): Promise<TimeAccount> {
  const found = await requireTimeAccount(db, id);
  assertHasAbility(actor, found.customerId, ROLE, "delete_time_accounts");
  return transaction(db, async (tx) => {
    // Under the row's lock, so a concurrent top-up sees either the active or the inactive account.
    const [before] = await tx.select().from(timeAccounts).where(eq(timeAccounts.id, id)).for("update");
    if (!before) throw timeAccountNotFound(id);
    if (!before.isActive) return before;
    const now = new Date();
    const [after] = await tx
      .update(timeAccounts)
      .set({ isActive: false, deactivatedAt: now, updatedAt: now })
      .where(and(eq(timeAccounts.id, id), eq(timeAccounts.isActive, true)))
      .returning();
    if (!after) throw new Error("The time account changed while it was locked.");
    await recordAudit(tx, actor.context, {
      action: "time_account.deactivated",
      customerId: after.customerId,
      targetType: "time_account",
      targetId: id,
      before: auditedState(before),
      after: { ...auditedState(after), deactivatedAt: now.toISOString() },
    });
    return after;
  });
}
