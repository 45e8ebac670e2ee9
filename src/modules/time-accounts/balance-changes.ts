/**
 * Staff's changes to balances (SPEC §5): top-ups (a purchase), adjustments (corrections either way)
 * and transfers between two accounts of one customer. Each one locks the accounts, posts to the
 * ledger and writes its audit entry in one transaction, so a refused change leaves nothing behind.
 */
import { inArray } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { ValidationError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import { type Actor, assertStaff } from "../access/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { type LedgerPosting, lockTimeAccounts, postToLedger } from "./ledger.ts";
import { withActorNames } from "./ledger-read.ts";
import type { TimeAccount } from "./schema.ts";
import { timeAccounts } from "./schema.ts";
import { TimeAccountInactiveError, timeAccountNotFound } from "./service.ts";
import type { LedgerEntry } from "./views.ts";

export const MAX_CHANGE_SECONDS = 1_000_000_000;

export interface BalanceChange {
  entry: LedgerEntry;
  timeAccount: TimeAccount;
}

export interface Transfer {
  entries: [LedgerEntry, LedgerEntry];
  from: TimeAccount;
  to: TimeAccount;
}

function checkSeconds(seconds: number, allowNegative: boolean): void {
  const low = allowNegative ? -MAX_CHANGE_SECONDS : 1;
  if (!Number.isSafeInteger(seconds) || seconds === 0 || seconds < low || seconds > MAX_CHANGE_SECONDS) {
    throw new ValidationError(
      `seconds must be a whole number ${allowNegative ? "other than 0 " : ""}from ${low} to ${MAX_CHANGE_SECONDS}.`,
      [{ path: "seconds", message: "Out of range." }],
    );
  }
}

const cleanReason = (reason: string | null | undefined) => reason?.trim() || null;

async function lockedAccounts(tx: Database, ids: readonly string[]): Promise<TimeAccount[]> {
  const malformed = ids.find((id) => !isUuid(id));
  if (malformed !== undefined) throw timeAccountNotFound(malformed);
  const locked = await lockTimeAccounts(tx, ids);
  return ids.map((id) => {
    const account = locked.get(id);
    if (!account) throw timeAccountNotFound(id);
    return account;
  });
}

async function reread(tx: Database, ids: readonly string[]): Promise<Map<string, TimeAccount>> {
  const rows = await tx
    .select()
    .from(timeAccounts)
    .where(inArray(timeAccounts.id, [...ids]));
  return new Map(rows.map((row) => [row.id, row]));
}

/** One posting on one account: a top-up or an adjustment. */
async function changeBalance(
  db: Database,
  actor: Actor,
  id: string,
  posting: { kind: "top_up" | "adjustment"; seconds: number; reason: string | null },
): Promise<BalanceChange> {
  return transaction(db, async (tx) => {
    const [before] = await lockedAccounts(tx, [id]);
    if (!before) throw timeAccountNotFound(id);
    if (posting.kind === "top_up" && !before.isActive) {
      throw new TimeAccountInactiveError(
        `The time account ${before.name} is deactivated; it cannot be topped up.`,
      );
    }
    const [entry] = await postToLedger(tx, actor.context, [{ timeAccountId: id, ...posting }]);
    const after = (await reread(tx, [id])).get(id);
    if (!entry || !after) throw new Error("The ledger entry was not stored.");
    await recordAudit(tx, actor.context, {
      action: posting.kind === "top_up" ? "time_account.topped_up" : "time_account.adjusted",
      customerId: before.customerId,
      targetType: "time_account",
      targetId: id,
      before: { balanceSeconds: before.balanceSeconds },
      after: {
        balanceSeconds: after.balanceSeconds,
        seconds: posting.seconds,
        reason: posting.reason,
        entryId: entry.id,
      },
    });
    const [named] = await withActorNames(tx, [entry]);
    return { entry: named ?? entry, timeAccount: after };
  });
}

/** Staff add purchased seconds to an active account. */
export async function topUpTimeAccount(
  db: Database,
  actor: Actor,
  id: string,
  input: { seconds: number; reason?: string | null },
): Promise<BalanceChange> {
  assertStaff(actor.user);
  checkSeconds(input.seconds, false);
  return changeBalance(db, actor, id, {
    kind: "top_up",
    seconds: input.seconds,
    reason: cleanReason(input.reason),
  });
}

/**
 * Staff correct a balance either way, with a reason. Taking more than the account holds is refused
 * (409 `insufficient_balance`) and changes nothing. Inactive accounts may be corrected too.
 */
export async function adjustTimeAccount(
  db: Database,
  actor: Actor,
  id: string,
  input: { seconds: number; reason: string },
): Promise<BalanceChange> {
  assertStaff(actor.user);
  checkSeconds(input.seconds, true);
  const reason = cleanReason(input.reason);
  if (!reason) {
    throw new ValidationError("An adjustment needs a reason.", [{ path: "reason", message: "Required." }]);
  }
  return changeBalance(db, actor, id, { kind: "adjustment", seconds: input.seconds, reason });
}

/**
 * Staff move seconds between two accounts of one customer: two `transfer` entries in one posting, so
 * both happen or neither. The target must be active; the source may be inactive (emptying a retired
 * account is what a transfer is for).
 */
export async function transferBetweenTimeAccounts(
  db: Database,
  actor: Actor,
  fromId: string,
  input: { toTimeAccountId: string; seconds: number; reason?: string | null },
): Promise<Transfer> {
  assertStaff(actor.user);
  checkSeconds(input.seconds, false);
  const toId = input.toTimeAccountId;
  if (fromId === toId) {
    throw new ValidationError("A transfer needs two different time accounts.", [
      { path: "toTimeAccountId", message: "The same account as the source." },
    ]);
  }
  const reason = cleanReason(input.reason);
  return transaction(db, async (tx) => {
    const [from, to] = await lockedAccounts(tx, [fromId, toId]);
    if (!from || !to) throw new Error("A locked time account went missing.");
    if (from.customerId !== to.customerId) {
      throw new ValidationError("Seconds can only move between time accounts of the same customer.", [
        { path: "toTimeAccountId", message: "Belongs to another customer." },
      ]);
    }
    if (!to.isActive) {
      throw new TimeAccountInactiveError(
        `The time account ${to.name} is deactivated; it cannot receive seconds.`,
      );
    }
    const postings: LedgerPosting[] = [
      { timeAccountId: fromId, kind: "transfer", seconds: -input.seconds, reason },
      { timeAccountId: toId, kind: "transfer", seconds: input.seconds, reason },
    ];
    const [fromEntry, toEntry] = await withActorNames(tx, await postToLedger(tx, actor.context, postings));
    const after = await reread(tx, [fromId, toId]);
    const fromAfter = after.get(fromId);
    const toAfter = after.get(toId);
    if (!fromEntry || !toEntry || !fromAfter || !toAfter) throw new Error("The transfer was not stored.");
    await recordAudit(tx, actor.context, {
      action: "time_account.transferred",
      customerId: from.customerId,
      targetType: "time_account",
      targetId: fromId,
      before: {
        balanceSeconds: from.balanceSeconds,
        toTimeAccountId: toId,
        toBalanceSeconds: to.balanceSeconds,
      },
      after: {
        balanceSeconds: fromAfter.balanceSeconds,
        toTimeAccountId: toId,
        toBalanceSeconds: toAfter.balanceSeconds,
        seconds: input.seconds,
        reason,
        entryIds: [fromEntry.id, toEntry.id],
      },
    });
    return { entries: [fromEntry, toEntry], from: fromAfter, to: toAfter };
  });
}
