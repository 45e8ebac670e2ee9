/**
 * Using a key (SPEC §6, §7): the reporting APIs turn a presented secret into the key, its owner and
 * the customers it may report for. Whether the owner is active and has an active contract with the
 * customer is the caller's check at use time; this only says whether the key itself is valid.
 */
import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { Batcher } from "../../lib/batcher.ts";
import { type User, users } from "../identity/schema.ts";
import { restrictionList } from "./entries.ts";
import { type ApiKey, apiKeys } from "./schema.ts";
import { hashApiKey } from "./secret.ts";

/**
 * `last_used_at` is kept to this precision, so a busy key does not turn every request into a write
 * (and a row lock) on its row.
 */
export const LAST_USED_PRECISION_MS = 60_000;

/** Longer than any key, new or legacy: not worth hashing. */
const MAX_SECRET_LENGTH = 512;

export type ApiKeyAuthentication =
  | { ok: true; key: ApiKey; owner: User; customerIds: string[] | null }
  | { ok: false; reason: "unknown" | "revoked" | "expired" };

/**
 * Looks the key up by the hash of `secret` (new `nadoo_` keys and legacy UUID keys alike), then records
 * the use when the stored `last_used_at` is older than the precision.
 */
export async function authenticateApiKey(
  db: Database,
  secret: string,
  now: Date = new Date(),
): Promise<ApiKeyAuthentication> {
  const [result] = await authenticateApiKeys(db, [secret], now);
  if (!result) throw new Error("No authentication result for the key.");
  return result;
}

/**
 * `authenticateApiKey` for many secrets in one query (and at most one update), answering in the same
 * order: the reporting APIs authenticate concurrent requests together. The update is conditional, so
 * concurrent processes using the same key write at most once more.
 */
export async function authenticateApiKeys(
  db: Database,
  secrets: readonly string[],
  now: Date = new Date(),
): Promise<ApiKeyAuthentication[]> {
  const hashes = secrets.map((secret) =>
    secret.length === 0 || secret.length > MAX_SECRET_LENGTH ? null : hashApiKey(secret),
  );
  const wanted = [...new Set(hashes.filter((hash): hash is string => hash !== null))];
  const found =
    wanted.length === 0
      ? []
      : await db
          .select({ key: apiKeys, owner: users, customerIds: restrictionList() })
          .from(apiKeys)
          .innerJoin(users, eq(users.id, apiKeys.userId))
          .where(inArray(apiKeys.keyHash, wanted));
  const byHash = new Map(found.map((row) => [row.key.keyHash, row]));

  const cutoff = new Date(now.getTime() - LAST_USED_PRECISION_MS);
  const stale = found
    .filter(
      ({ key }) =>
        !key.revokedAt &&
        !(key.expiresAt && key.expiresAt.getTime() <= now.getTime()) &&
        (key.lastUsedAt === null || key.lastUsedAt < cutoff),
    )
    .map(({ key }) => key.id);
  const touched = new Set<string>();
  if (stale.length > 0) {
    const updated = await db
      .update(apiKeys)
      // updated_at stays: it tells when the key was changed, not when it was last used.
      .set({ lastUsedAt: now, updatedAt: sql`${apiKeys.updatedAt}` })
      .where(and(inArray(apiKeys.id, stale), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, cutoff))))
      .returning({ id: apiKeys.id });
    for (const { id } of updated) touched.add(id);
  }

  return hashes.map((hash): ApiKeyAuthentication => {
    const row = hash === null ? undefined : byHash.get(hash);
    if (!row) return { ok: false, reason: "unknown" };
    const { key, owner } = row;
    if (key.revokedAt) return { ok: false, reason: "revoked" };
    if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
    return {
      ok: true,
      key: { ...key, lastUsedAt: touched.has(key.id) ? now : key.lastUsedAt },
      owner,
      customerIds: key.restricted ? row.customerIds : null,
    };
  });
}

/** Whether the key may report for `customerId` (the owner's active contract is checked separately). */
export function apiKeyAllows(auth: { customerIds: string[] | null }, customerId: string): boolean {
  return auth.customerIds === null || auth.customerIds.includes(customerId);
}

/**
 * Authenticates concurrent requests together: keys presented while a lookup runs are looked up in the
 * next one, so a burst of requests costs a few queries instead of one each. Nothing is cached: a
 * revoked key is refused from the next lookup on, in every process.
 */
export class ApiKeyAuthenticator {
  readonly #batcher: Batcher<string, ApiKeyAuthentication>;

  constructor(db: Database, clock: () => Date = () => new Date()) {
    this.#batcher = new Batcher(
      async (secrets) =>
        (await authenticateApiKeys(db, secrets, clock())).map((value) => ({ ok: true, value })),
      { maxBatchSize: 512 },
    );
  }

  authenticate(secret: string): Promise<ApiKeyAuthentication> {
    return this.#batcher.submit(secret);
  }
}
