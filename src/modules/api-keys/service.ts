/**
 * API key use cases for people (SPEC §6): create a key for yourself, list your keys and a customer's,
 * revoke one or all. Each checks the policy first and audit-logs in the same transaction; neither
 * the secret nor its hash ever reaches a log, an audit entry or a response other than creation's.
 * Using a key (the reporting APIs) is authentication.ts, re-exported here.
 */
import { and, eq, gt, inArray, isNull, or } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { isUuid, uuidv7 } from "../../lib/ids.ts";
import { type Actor, assertHoldsRole, hasAbility, isStaffMember } from "../access/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { customers } from "../crm/schema.ts";
import { customerNotFound, findCustomer } from "../crm/service.ts";
import { type ApiKeyEntry, type ApiKeyRecord, concernsCustomer, findEntries, findEntry } from "./entries.ts";
import { apiKeyCustomers, apiKeys } from "./schema.ts";
import { displayPrefixOf, generateApiKey, hashApiKey } from "./secret.ts";

export {
  type ApiKeyAuthentication,
  ApiKeyAuthenticator,
  apiKeyAllows,
  authenticateApiKey,
  LAST_USED_PRECISION_MS,
} from "./authentication.ts";
export type { ApiKeyEntry, ApiKeyRecord, ApiKeyStatus, PersonRef } from "./entries.ts";
export { statusOf } from "./entries.ts";

export const MAX_NAME_LENGTH = 100;

export interface NewApiKey {
  name: string;
  expiresAt?: Date | null;
  /** The customers the key is limited to; omitted: see `createApiKey`. */
  customerIds?: readonly string[];
}

export interface CreatedApiKey {
  key: ApiKeyRecord;
  /** Empty when the key is not restricted. */
  customerIds: string[];
  /** Shown this once; only its hash is stored. */
  secret: string;
}

const mayCreateFor = (actor: Actor, customerId: string) =>
  hasAbility(actor, customerId, "api_key_manager", "create_api_keys");

/** The audit log has one customer per entry: the key's only customer, if it has exactly one. */
const auditCustomer = (customerIds: readonly string[]) => (customerIds.length === 1 ? customerIds[0] : null);

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > MAX_NAME_LENGTH) {
    throw new ValidationError(`A key's name has 1 to ${MAX_NAME_LENGTH} characters.`, [
      { path: "name", message: `1 to ${MAX_NAME_LENGTH} characters` },
    ]);
  }
  return trimmed;
}

/**
 * The customers a new key is restricted to, or null for an unrestricted key. Named customers each
 * need `api_key_manager` with `create_api_keys` (staff: they must exist). Without a list, staff get
 * an unrestricted key and everyone else a key for all customers they may create keys for.
 */
async function restrictionFor(
  db: Database,
  actor: Actor,
  requested: readonly string[] | undefined,
): Promise<string[] | null> {
  if (requested === undefined) {
    if (isStaffMember(actor.user)) return null;
    const allowed = [...actor.roles.keys()].filter((customerId) => mayCreateFor(actor, customerId)).sort();
    if (allowed.length === 0) {
      throw new ForbiddenError(
        "You may create API keys only for customers where you are an API key manager with create_api_keys.",
      );
    }
    return allowed;
  }
  const wanted = [...new Set(requested)];
  if (wanted.length === 0) {
    throw new ValidationError("Name at least one customer, or omit customerIds.", [
      { path: "customerIds", message: "at least one customer" },
    ]);
  }
  const lacking = wanted.filter((customerId) => !mayCreateFor(actor, customerId));
  if (lacking.length > 0) {
    throw new ForbiddenError(
      `You are not an API key manager with create_api_keys for these customers: ${lacking.join(", ")}. ` +
        "No key was created.",
      lacking.map((customerId) => ({ path: "customerIds", message: `not allowed: ${customerId}` })),
    );
  }
  // Only staff get here with customers they hold no role for; the others' customers exist.
  const wellFormed = wanted.filter(isUuid);
  const known =
    wellFormed.length === 0
      ? []
      : await db.select({ id: customers.id }).from(customers).where(inArray(customers.id, wellFormed));
  const unknown = wanted.filter((customerId) => !known.some((row) => row.id === customerId));
  if (unknown.length > 0) {
    throw new NotFoundError(`There are no customers with the ids ${unknown.join(", ")}.`);
  }
  // In the order the restriction list is read back in.
  return wanted.sort();
}

/** A new key for the acting person; the secret is in the result and nowhere else. */
export async function createApiKey(
  db: Database,
  actor: Actor,
  input: NewApiKey,
  now: Date = new Date(),
): Promise<CreatedApiKey> {
  const name = checkedName(input.name);
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt && expiresAt.getTime() <= now.getTime()) {
    throw new ValidationError("The expiry must be in the future.", [
      { path: "expiresAt", message: "must be in the future" },
    ]);
  }
  const restriction = await restrictionFor(db, actor, input.customerIds);
  const secret = generateApiKey();
  const customerIds = restriction ?? [];
  const key = await transaction(db, async (tx) => {
    const [created] = await tx
      .insert(apiKeys)
      .values({
        id: uuidv7(),
        userId: actor.user.id,
        name,
        keyHash: hashApiKey(secret),
        displayPrefix: displayPrefixOf(secret),
        restricted: restriction !== null,
        expiresAt,
      })
      .returning();
    if (!created) throw new Error("The API key was not stored.");
    if (customerIds.length > 0) {
      await tx
        .insert(apiKeyCustomers)
        .values(customerIds.map((customerId) => ({ apiKeyId: created.id, customerId })));
    }
    await recordAudit(tx, actor.context, {
      action: "api_key.created",
      customerId: auditCustomer(customerIds),
      targetType: "api_key",
      targetId: created.id,
      after: {
        id: created.id,
        name,
        displayPrefix: created.displayPrefix,
        restricted: created.restricted,
        customerIds,
        expiresAt: expiresAt?.toISOString() ?? null,
      },
    });
    return created;
  });
  const { keyHash: _hash, ...record } = key;
  return { key: record, customerIds, secret };
}

/** The acting person's own keys, newest first, in every status. */
export async function listMyApiKeys(db: Database, actor: Actor): Promise<ApiKeyEntry[]> {
  return findEntries(db, eq(apiKeys.userId, actor.user.id));
}

/**
 * The keys that work (or worked) for a customer, for its API key managers (any abilities) and staff.
 * Restriction lists are cut down to this customer: other customers of the owner are not its business.
 */
export async function listCustomerApiKeys(
  db: Database,
  actor: Actor,
  customerId: string,
): Promise<ApiKeyEntry[]> {
  assertHoldsRole(actor, customerId, "api_key_manager");
  if (!isUuid(customerId) || !(await findCustomer(db, customerId))) throw customerNotFound(customerId);
  const entries = await findEntries(db, concernsCustomer(db, customerId));
  return entries.map((entry) => ({
    ...entry,
    customerIds: entry.customerIds.filter((id) => id === customerId),
  }));
}

/** The owner, staff, or a `delete_api_keys` holder of any customer the key is restricted to. */
function mayRevoke(actor: Actor, entry: ApiKeyEntry): boolean {
  return (
    entry.owner.id === actor.user.id ||
    isStaffMember(actor.user) ||
    (entry.key.restricted &&
      entry.customerIds.some((customerId) =>
        hasAbility(actor, customerId, "api_key_manager", "delete_api_keys"),
      ))
  );
}

const revokedAudit = (key: { id: string; name: string; displayPrefix: string }, revokedAt: Date) => ({
  action: "api_key.revoked",
  targetType: "api_key",
  targetId: key.id,
  before: { revokedAt: null },
  after: { id: key.id, name: key.name, displayPrefix: key.displayPrefix, revokedAt: revokedAt.toISOString() },
});

/**
 * Revokes one key. Without the key there is nothing to decide authority on, so an unknown id is 404
 * for everyone. Revoking a revoked key returns it unchanged.
 */
export async function revokeApiKey(
  db: Database,
  actor: Actor,
  keyId: string,
  now: Date = new Date(),
): Promise<ApiKeyEntry> {
  const notFound = () => new NotFoundError(`There is no API key with the id ${keyId}.`);
  const entry = isUuid(keyId) ? await findEntry(db, keyId) : undefined;
  if (!entry) throw notFound();
  if (!mayRevoke(actor, entry)) {
    throw new ForbiddenError(
      "Only the key's owner, an API key manager with delete_api_keys for a customer the key is " +
        "restricted to, or staff may revoke this key.",
    );
  }
  const changed = await transaction(db, async (tx) => {
    const [locked] = await tx
      .select({ revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(eq(apiKeys.id, keyId))
      .for("update");
    if (!locked) throw notFound();
    if (locked.revokedAt) return false;
    await tx
      .update(apiKeys)
      .set({ revokedAt: now, revokedByUserId: actor.user.id })
      .where(eq(apiKeys.id, keyId));
    await recordAudit(tx, actor.context, {
      ...revokedAudit(entry.key, now),
      customerId: auditCustomer(entry.customerIds),
    });
    return true;
  });
  if (!changed) return entry;
  const after = await findEntry(db, keyId);
  if (!after) throw notFound();
  return after;
}

/** Revokes every active key of the acting person (one audit entry each); returns how many. */
export async function revokeAllMyApiKeys(
  db: Database,
  actor: Actor,
  now: Date = new Date(),
): Promise<number> {
  return transaction(db, async (tx) => {
    const revoked = await tx
      .update(apiKeys)
      .set({ revokedAt: now, revokedByUserId: actor.user.id })
      .where(
        and(
          eq(apiKeys.userId, actor.user.id),
          isNull(apiKeys.revokedAt),
          or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
        ),
      )
      .returning({
        id: apiKeys.id,
        name: apiKeys.name,
        displayPrefix: apiKeys.displayPrefix,
        restricted: apiKeys.restricted,
      });
    if (revoked.length === 0) return 0;
    const restrictions = await tx
      .select()
      .from(apiKeyCustomers)
      .where(
        inArray(
          apiKeyCustomers.apiKeyId,
          revoked.map((key) => key.id),
        ),
      );
    for (const key of revoked) {
      const customerIds = restrictions.filter((row) => row.apiKeyId === key.id).map((row) => row.customerId);
      await recordAudit(tx, actor.context, {
        ...revokedAudit(key, now),
        customerId: auditCustomer(customerIds),
      });
    }
    return revoked.length;
  });
}
