/**
 * What must hold in the database after any amount of concurrent (or crashed) ingest, checked from the
 * rows alone, so the durability tests and the ingest benchmark use one definition: every balance is
 * its ledger's sum, every execution holds exactly its covered seconds (debits less refunds; nothing
 * once revoked or refunded), no debit belongs to a
 * missing execution, and the daily rollups equal a recomputation from the executions.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../db/connection.ts";
import { REPORTING_TIME_ZONE } from "../modules/insights/rollups.ts";

export interface AccountCheck {
  id: string;
  balanceSeconds: number;
  ledgerSumSeconds: number;
  /** Entries whose balance after them is negative (the constraint should make this impossible). */
  negativeEntries: number;
}

export interface IngestInvariants {
  executions: number;
  accounts: AccountCheck[];
  /** Executions whose debits less refunds differ from what they should hold. */
  coveredMismatches: number;
  /** Debits naming an execution that does not exist (a debit kept while its execution was lost). */
  orphanDebits: number;
  /** Rollup rows differing from a recomputation (at most 20 shown); empty when they agree. */
  rollupMismatches: Record<string, unknown>[];
}

const count = async (db: Database, query: ReturnType<typeof sql>): Promise<number> => {
  const result = await db.execute<{ n: string | number }>(query);
  return Number(result.rows[0]?.n ?? 0);
};

export async function checkIngestInvariants(db: Database): Promise<IngestInvariants> {
  const executions = await count(db, sql`SELECT count(*) AS n FROM executions`);
  const accounts = await db.execute<{
    id: string;
    balance: string | number;
    ledger: string | number;
    negative: string | number;
  }>(sql`
    SELECT a.id, a.balance_seconds AS balance,
      coalesce((SELECT sum(e.seconds) FROM time_account_entries e WHERE e.time_account_id = a.id), 0) AS ledger,
      (SELECT count(*) FROM time_account_entries e
        WHERE e.time_account_id = a.id AND e.balance_after_seconds < 0) AS negative
    FROM time_accounts a ORDER BY a.id`);
  // What an execution holds is its debits less the refunds since: its covered seconds while it counts
  // (not paid, paid), nothing once revoked or refunded (a rejected complaint draws them again).
  const coveredMismatches = await count(
    db,
    sql`
      SELECT count(*) AS n
      FROM executions x
      LEFT JOIN (
        SELECT execution_id, -sum(seconds) AS held FROM time_account_entries
        WHERE kind IN ('execution_debit', 'refund') GROUP BY execution_id
      ) d ON d.execution_id = x.id
      WHERE coalesce(d.held, 0)
        <> CASE WHEN x.payment_status IN ('not_paid', 'paid') THEN x.covered_seconds ELSE 0 END`,
  );
  const orphanDebits = await count(
    db,
    sql`
      SELECT count(*) AS n FROM time_account_entries e
      WHERE e.kind = 'execution_debit'
        AND NOT EXISTS (SELECT 1 FROM executions x WHERE x.id = e.execution_id)`,
  );
  const zone = sql.raw(`'${REPORTING_TIME_ZONE}'`);
  const rollupMismatches = await db.execute<Record<string, unknown>>(sql`
    WITH expected AS (
      SELECT customer_program_id, customer_id, (created_at AT TIME ZONE ${zone})::date AS day,
        payment_status, currency, count(*)::bigint AS executions,
        sum(time_saved_seconds)::bigint AS time_saved, sum(covered_seconds)::bigint AS covered,
        sum(billed_seconds)::bigint AS billed, sum(price) AS price
      FROM executions GROUP BY 1, 2, 3, 4, 5
    )
    SELECT coalesce(e.customer_program_id, r.customer_program_id) AS customer_program_id,
      coalesce(e.day, r.day)::text AS day, coalesce(e.payment_status, r.payment_status) AS payment_status,
      e.executions AS expected_executions, r.executions AS rollup_executions,
      e.covered AS expected_covered, r.covered_seconds AS rollup_covered,
      e.price::text AS expected_price, r.price::text AS rollup_price
    FROM expected e
    FULL JOIN execution_daily_rollups r
      ON r.customer_program_id = e.customer_program_id AND r.day = e.day
        AND r.payment_status = e.payment_status AND r.currency = e.currency
    WHERE e.customer_id IS DISTINCT FROM r.customer_id
      OR e.executions IS DISTINCT FROM r.executions
      OR e.time_saved IS DISTINCT FROM r.time_saved_seconds
      OR e.covered IS DISTINCT FROM r.covered_seconds
      OR e.billed IS DISTINCT FROM r.billed_seconds
      OR e.price IS DISTINCT FROM r.price
    LIMIT 20`);
  return {
    executions,
    accounts: accounts.rows.map((row) => ({
      id: row.id,
      balanceSeconds: Number(row.balance),
      ledgerSumSeconds: Number(row.ledger),
      negativeEntries: Number(row.negative),
    })),
    coveredMismatches,
    orphanDebits,
    rollupMismatches: rollupMismatches.rows,
  };
}

/** The broken invariants in words; empty when everything holds. */
export function invariantViolations(found: IngestInvariants): string[] {
  const problems: string[] = [];
  for (const account of found.accounts) {
    if (account.balanceSeconds !== account.ledgerSumSeconds) {
      problems.push(
        `account ${account.id}: balance ${account.balanceSeconds} s, ledger sum ${account.ledgerSumSeconds} s`,
      );
    }
    if (account.balanceSeconds < 0 || account.negativeEntries > 0) {
      problems.push(`account ${account.id} went below zero`);
    }
  }
  if (found.coveredMismatches > 0) {
    problems.push(`${found.coveredMismatches} executions hold other seconds than they cover`);
  }
  if (found.orphanDebits > 0) problems.push(`${found.orphanDebits} debits belong to no execution`);
  if (found.rollupMismatches.length > 0) {
    problems.push(`daily rollups differ from the executions: ${JSON.stringify(found.rollupMismatches)}`);
  }
  return problems;
}
