import { PgTransaction } from "drizzle-orm/pg-core";
import type { Database } from "./connection.ts";
import { databaseErrorCode, isForeignKeyViolation } from "./errors.ts";

export interface TransactionOptions {
  isolationLevel?: "read committed" | "repeatable read" | "serializable";
  /** Extra attempts after a serialization failure or deadlock (SQLSTATE 40001, 40P01). */
  retries?: number;
}

const RETRYABLE = new Set(["40001", "40P01"]);

/**
 * Runs `work` in one transaction: everything commits or nothing does. Inside a transaction it
 * becomes a savepoint. Work is retried only on errors where PostgreSQL asks for a retry, so it must
 * not have side effects outside the database.
 */
export async function transaction<T>(
  db: Database,
  work: (tx: Database) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const config = options.isolationLevel ? { isolationLevel: options.isolationLevel } : undefined;
  // Inside a transaction a serialization failure dooms the outer one too: only it can retry.
  const retries = db instanceof PgTransaction ? 0 : (options.retries ?? 0);
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction((tx) => work(tx), config);
    } catch (error) {
      const code = databaseErrorCode(error);
      if (attempt >= retries || !code || !RETRYABLE.has(code)) throw error;
    }
  }
}

/**
 * Runs `work` in a savepoint and turns a foreign-key violation (a referenced row does not exist)
 * into `missing()`, leaving any surrounding transaction usable.
 */
export async function withReferencesChecked<T>(
  db: Database,
  work: (tx: Database) => Promise<T>,
  missing: () => Error,
): Promise<T> {
  try {
    return await transaction(db, work);
  } catch (error) {
    if (isForeignKeyViolation(error)) throw missing();
    throw error;
  }
}
