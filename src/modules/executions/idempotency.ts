/**
 * `Idempotency-Key` for the reporting API: the first successful answer to a key is stored with a hash
 * of its request, in the same transaction as the executions it created. A retry with the same key and
 * body gets that answer again (no second execution); the same key with another body is refused (409).
 * Two concurrent requests with one key: the second waits on the first's unique row, finds it taken,
 * rolls its own work back and answers with the first's result.
 */
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import type { Settled } from "../../lib/batcher.ts";
import { AppError } from "../../lib/errors.ts";
import { idempotencyRecords } from "./schema.ts";

export interface IdempotencyScope {
  userId: string;
  key: string;
}

export interface StoredAnswer<T> {
  status: number;
  body: T;
  /** True when this is the stored answer of an earlier request. */
  replayed: boolean;
}

class IdempotencyKeyReused extends AppError {
  constructor() {
    super(
      409,
      "idempotency_key_reused",
      "This Idempotency-Key was already used with a different request. Use a new key for a new request.",
    );
  }
}

/** Someone else stored an answer for the key first; our transaction must not commit. */
class AnsweredMeanwhile extends Error {}

/** The same JSON value in the same text, whatever the order of object keys. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** `endpoint` names what was asked, including the API key: a key's answer is never replayed to another. */
export function requestHash(endpoint: string, body: unknown): string {
  return createHash("sha256")
    .update(`${endpoint}\n${canonicalJson(body)}`)
    .digest("hex");
}

/** A stored first answer, as `findStoredAnswers` reads it. */
export interface StoredRecord {
  hash: string;
  status: number;
  body: unknown;
}

/** The stored answer replayed to a request with `hash`; another request under the same key is refused. */
export function replay<T>(record: StoredRecord, hash: string): Settled<StoredAnswer<T>> {
  if (record.hash !== hash) return { ok: false, error: new IdempotencyKeyReused() };
  return { ok: true, value: { status: record.status, body: record.body as T, replayed: true } };
}

async function storedAnswer<T>(
  db: Database,
  scope: IdempotencyScope,
  hash: string,
): Promise<StoredAnswer<T> | undefined> {
  const record = (await findStoredAnswers(db, [scope])).get(scopeKey(scope));
  if (!record) return undefined;
  const replayed = replay<T>(record, hash);
  if (!replayed.ok) throw replayed.error;
  return replayed.value;
}

/**
 * Runs `work` in a transaction and answers with its result; with a scope, at most once per key.
 */
export async function answerOnce<T>(
  db: Database,
  scope: IdempotencyScope | null,
  hash: string,
  work: (tx: Database) => Promise<{ status: number; body: T }>,
): Promise<StoredAnswer<T>> {
  if (!scope) return { ...(await transaction(db, work, { retries: 3 })), replayed: false };
  const earlier = await storedAnswer<T>(db, scope, hash);
  if (earlier) return earlier;
  try {
    return await transaction(
      db,
      async (tx) => {
        const answer = await work(tx);
        if (!(await storeAnswers(tx, [{ scope, hash, ...answer }]))) throw new AnsweredMeanwhile();
        return { ...answer, replayed: false };
      },
      { retries: 3 },
    );
  } catch (error) {
    if (!(error instanceof AnsweredMeanwhile)) throw error;
    const answer = await storedAnswer<T>(db, scope, hash);
    if (!answer) throw new Error("An idempotency record vanished after a conflict.");
    return answer;
  }
}

export interface AnswerToStore {
  scope: IdempotencyScope;
  hash: string;
  status: number;
  body: unknown;
}

/** The stored answers of many keys in one query, by `scopeKey`. */
export async function findStoredAnswers(
  db: Database,
  scopes: readonly IdempotencyScope[],
): Promise<Map<string, StoredRecord>> {
  if (scopes.length === 0) return new Map();
  const wanted = scopes.map((scope) => sql`(${scope.userId}::uuid, ${scope.key})`);
  const rows = await db
    .select()
    .from(idempotencyRecords)
    .where(sql`(${idempotencyRecords.userId}, ${idempotencyRecords.key}) IN (${sql.join(wanted, sql`, `)})`);
  return new Map(
    rows.map((row) => [
      scopeKey(row),
      { hash: row.requestHash, status: row.responseStatus, body: row.responseBody },
    ]),
  );
}

/**
 * Stores first answers in the caller's transaction; false when another transaction stored an answer
 * for one of the keys first (the caller must then roll back).
 */
export async function storeAnswers(db: Database, answers: readonly AnswerToStore[]): Promise<boolean> {
  if (answers.length === 0) return true;
  const inserted = await db
    .insert(idempotencyRecords)
    .values(
      answers.map((answer) => ({
        userId: answer.scope.userId,
        key: answer.scope.key,
        requestHash: answer.hash,
        responseStatus: answer.status,
        responseBody: answer.body,
      })),
    )
    .onConflictDoNothing()
    .returning({ key: idempotencyRecords.key });
  return inserted.length === answers.length;
}

export function scopeKey(scope: IdempotencyScope): string {
  return `${scope.userId}\n${scope.key}`;
}
