/**
 * Using a key (SPEC §6, §7): the reporting APIs turn a presented secret into the key, its owner and
 * the customers it may report for. Whether the owner is active and has an active contract with the
 * customer is the caller's check at use time; this only says whether the key itself is valid.
 */
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
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
 * Looks the key up by the hash of `secret` (new `nadoo_` keys and legacy UUID keys alike) in one
 * query, then records the use when the stored `last_used_at` is older than the precision. The
 * update is conditional as well, so concurrent requests with the same key write at most once more.
 */
export async function authenticateApiKey(
  db: Database,
  secret: string,
  now: Date = new Date(),
): Promise<ApiKeyAuthentication> {
  if (secret.length === 0 || secret.length > MAX_SECRET_LENGTH) return { ok: false, reason: "unknown" };
  const [found] = await db
    .select({ key: apiKeys, owner: users, customerIds: restrictionList() })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.keyHash, hashApiKey(secret)));
  if (!found) return { ok: false, reason: "unknown" };
  const { key, owner } = found;
  if (key.revokedAt) return { ok: false, reason: "revoked" };
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };

  const cutoff = new Date(now.getTime() - LAST_USED_PRECISION_MS);
  let lastUsedAt = key.lastUsedAt;
  if (lastUsedAt === null || lastUsedAt < cutoff) {
    const updated = await db
      .update(apiKeys)
      // updated_at stays: it tells when the key was changed, not when it was last used.
      .set({ lastUsedAt: now, updatedAt: sql`${apiKeys.updatedAt}` })
      .where(and(eq(apiKeys.id, key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, cutoff))))
      .returning({ id: apiKeys.id });
    if (updated.length > 0) lastUsedAt = now;
  }
  return {
    ok: true,
    key: { ...key, lastUsedAt },
    owner,
    customerIds: key.restricted ? found.customerIds : null,
  };
}

/** Whether the key may report for `customerId` (the owner's active contract is checked separately). */
export function apiKeyAllows(auth: { customerIds: string[] | null }, customerId: string): boolean {
  return auth.customerIds === null || auth.customerIds.includes(customerId);
}
