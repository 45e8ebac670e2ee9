/**
 * The one way balances change (SPEC §5): postings go to the append-only ledger and the balance moves
 * with them in the same transaction, under a row lock (`postToLedger`, or a `planPostings` plan that
 * the execution recorder writes in the same statement as its executions), so the balance always equals the sum of the
 * entries and never goes below zero. No policy here: callers (top-ups, executions, refunds) check who
 * may post before they call.
 */
import { asc, inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { AppError } from "../../lib/errors.ts";
import { uuidv7 } from "../../lib/ids.ts";
import type { ActorContext } from "../audit/service.ts";
import {
  type LedgerKind,
  type TimeAccount,
  type TimeAccountEntry,
  timeAccountEntries,
  timeAccounts,
} from "./schema.ts";

export interface LedgerPosting {
  timeAccountId: string;
  kind: LedgerKind;
  /** Positive adds to the balance, negative draws from it; never zero. */
  seconds: number;
  executionId?: string | null;
  reason?: string | null;
  /** Who posts this entry, when not the actor of the whole call (a batch of several reporters). */
  actor?: ActorContext;
}

export class InsufficientBalanceError extends AppError {
  constructor(message: string) {
    super(409, "insufficient_balance", message);
  }
}

/**
 * Locks the accounts for the rest of the transaction and returns them by id. Locks are taken in id
 * order, whatever order the caller names them in, so two transactions cannot deadlock on them.
 */
export async function lockTimeAccounts(
  db: Database,
  ids: readonly string[],
): Promise<Map<string, TimeAccount>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select()
    .from(timeAccounts)
    .where(inArray(timeAccounts.id, unique))
    .orderBy(asc(timeAccounts.id))
    .for("update");
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Posts the entries in order and moves the balances with them. Throws `InsufficientBalanceError`
 * (changing nothing) when a posting would take a balance below zero, and NotFound-like errors are the
 * caller's: every account must exist.
 */
export async function postToLedger(
  db: Database,
  actor: ActorContext,
  postings: readonly LedgerPosting[],
): Promise<TimeAccountEntry[]> {
  if (postings.length === 0) return [];
  return transaction(db, async (tx) => {
    const accounts = await lockTimeAccounts(
      tx,
      postings.map((posting) => posting.timeAccountId),
    );
    const { entries, balances } = planPostings(actor, postings, accounts);
    const changed = balances.map(({ id, balanceSeconds }) => sql`(${id}::uuid, ${balanceSeconds}::bigint)`);
    await tx.execute(sql`
      UPDATE ${timeAccounts} AS t
      SET balance_seconds = v.balance, updated_at = now()
      FROM (VALUES ${sql.join(changed, sql`, `)}) AS v(id, balance)
      WHERE t.id = v.id`);
    return tx.insert(timeAccountEntries).values(entries).returning();
  });
}

export type PlannedEntry = Omit<TimeAccountEntry, "createdAt">;

export interface PostingPlan {
  entries: PlannedEntry[];
  /** The balance of each account touched, after all postings. */
  balances: { id: string; balanceSeconds: number }[];
}

/**
 * The entries and new balances for `postings` on accounts locked by the caller's transaction, with
 * their current balances. `postToLedger` writes such a plan; the execution recorder writes it in the
 * same statement as the executions the debits belong to. Throws `InsufficientBalanceError` when a
 * posting would take a balance below zero.
 */
export function planPostings(
  actor: ActorContext,
  postings: readonly LedgerPosting[],
  accounts: ReadonlyMap<string, Pick<TimeAccount, "balanceSeconds">>,
): PostingPlan {
  const balances = new Map([...accounts].map(([id, account]) => [id, account.balanceSeconds]));
  const entries = postings.map((posting): PlannedEntry => {
    if (!Number.isSafeInteger(posting.seconds) || posting.seconds === 0) {
      throw new RangeError(`A ledger posting needs a whole, non-zero number of seconds: ${posting.seconds}`);
    }
    const balance = balances.get(posting.timeAccountId);
    if (balance === undefined) throw new Error(`Time account ${posting.timeAccountId} does not exist.`);
    const after = balance + posting.seconds;
    if (after < 0) {
      throw new InsufficientBalanceError(
        `The time account holds ${balance} seconds; taking ${-posting.seconds} would make it negative. Nothing was changed.`,
      );
    }
    balances.set(posting.timeAccountId, after);
    const poster = posting.actor ?? actor;
    return {
      id: uuidv7(),
      timeAccountId: posting.timeAccountId,
      kind: posting.kind,
      seconds: posting.seconds,
      balanceAfterSeconds: after,
      executionId: posting.executionId ?? null,
      actorUserId: poster.userId,
      actorApiKeyId: poster.apiKeyId ?? null,
      reason: posting.reason ?? null,
    };
  });
  const touched = [...new Set(postings.map((posting) => posting.timeAccountId))];
  return {
    entries,
    balances: touched.map((id) => ({ id, balanceSeconds: balances.get(id) ?? 0 })),
  };
}
