/**
 * Reading keys for people (not for authentication): a key's columns without its hash, its restriction
 * list, its owner and who revoked it, in one query. Authorization is the callers' (service.ts).
 */
import { and, desc, eq, exists, getTableColumns, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../../db/connection.ts";
import { contracts, employees } from "../hr/schema.ts";
import { users } from "../identity/schema.ts";
import { type ApiKey, apiKeyCustomers, apiKeys } from "./schema.ts";

/** A key as people may see it: never the hash (and the secret is not stored at all). */
export type ApiKeyRecord = Omit<ApiKey, "keyHash">;

export interface PersonRef {
  id: string;
  code: string;
  displayName: string;
}

export interface ApiKeyEntry {
  key: ApiKeyRecord;
  /** The customers a restricted key is limited to; empty when the key is not restricted. */
  customerIds: string[];
  owner: PersonRef;
  revokedBy: PersonRef | null;
}

export type ApiKeyStatus = "active" | "revoked" | "expired";

export function statusOf(key: Pick<ApiKey, "revokedAt" | "expiresAt">, now: Date): ApiKeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

const { keyHash: _hash, ...recordColumns } = getTableColumns(apiKeys);
const revoker = alias(users, "revoker");

/**
 * A key's restriction list as one array column, so a lookup stays one query. Ordered as UUIDs, which is
 * the order of their lower-case text too (what `createApiKey` returns).
 */
export const restrictionList = () => sql<string[]>`array(
  select ${apiKeyCustomers.customerId}::text from ${apiKeyCustomers}
  where ${apiKeyCustomers.apiKeyId} = ${apiKeys.id} order by ${apiKeyCustomers.customerId}
)`;

/** Entries matching `where`, newest first (ids are UUIDv7, so they order by creation too). */
export async function findEntries(db: Database, where: SQL | undefined): Promise<ApiKeyEntry[]> {
  const rows = await db
    .select({
      key: recordColumns,
      customerIds: restrictionList(),
      owner: { id: users.id, code: users.code, displayName: users.displayName },
      revoker: { id: revoker.id, code: revoker.code, displayName: revoker.displayName },
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .leftJoin(revoker, eq(revoker.id, apiKeys.revokedByUserId))
    .where(where)
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  return rows.map((row) => ({
    key: row.key,
    customerIds: row.key.restricted ? row.customerIds : [],
    owner: row.owner,
    revokedBy: row.revoker,
  }));
}

export async function findEntry(db: Database, keyId: string): Promise<ApiKeyEntry | undefined> {
  const [entry] = await findEntries(db, eq(apiKeys.id, keyId));
  return entry;
}

/**
 * The keys that concern a customer: those restricted to it, and unrestricted ones whose owner has an
 * active contract with it (they work for it too).
 */
export function concernsCustomer(db: Database, customerId: string): SQL {
  const restrictedToIt = db
    .select({ one: sql`1` })
    .from(apiKeyCustomers)
    .where(and(eq(apiKeyCustomers.apiKeyId, apiKeys.id), eq(apiKeyCustomers.customerId, customerId)));
  const ownerWorksThere = db
    .select({ one: sql`1` })
    .from(contracts)
    .innerJoin(employees, eq(employees.id, contracts.employeeId))
    .where(
      and(
        eq(employees.userId, apiKeys.userId),
        eq(contracts.customerId, customerId),
        eq(contracts.isActive, true),
      ),
    );
  return sql`((${apiKeys.restricted} and ${exists(restrictedToIt)}) or (not ${apiKeys.restricted} and ${exists(ownerWorksThere)}))`;
}
