import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/connection.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { holdRole, newCustomer, newUser } from "../../testing/people.ts";
import { newApiKey } from "../../testing/reporting.ts";
import type { Actor } from "../access/policy.ts";
import { loadActor } from "../hr/service.ts";
import type { User } from "../identity/schema.ts";
import { apiKeys } from "./schema.ts";
import { generateApiKey } from "./secret.ts";
import {
  apiKeyAllows,
  authenticateApiKey,
  createApiKey,
  LAST_USED_PRECISION_MS,
  revokeApiKey,
} from "./service.ts";

const database = useTestDatabase();
let customerA: string;
let customerB: string;
let owner: User;
let actor: Actor;

beforeAll(async () => {
  customerA = await newCustomer(database.db, "Customer A");
  customerB = await newCustomer(database.db, "Customer B");
  owner = await newUser(database.db, "Key Owner");
  await holdRole(database.db, owner.id, customerA, "api_key_manager", ["create_api_keys", "delete_api_keys"]);
  await holdRole(database.db, owner.id, customerB, "api_key_manager", ["create_api_keys"]);
  actor = await loadActor(database.db, owner, { userId: owner.id });
});

async function stored(keyId: string) {
  const [key] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
  if (!key) throw new Error("The key is gone.");
  return key;
}

/** The database, counting the UPDATE statements started through it. */
function countingUpdates(db: Database): { db: Database; updates: () => number } {
  let updates = 0;
  const counting = new Proxy(db, {
    get(target, property, receiver) {
      if (property === "update") updates += 1;
      return Reflect.get(target, property, receiver);
    },
  });
  return { db: counting, updates: () => updates };
}

describe("authenticateApiKey", () => {
  it("finds a valid key with its owner and restriction list", async () => {
    const { key, secret } = await createApiKey(database.db, actor, {
      name: "Both",
      customerIds: [customerB, customerA],
    });
    const result = await authenticateApiKey(database.db, secret);
    expect(result).toMatchObject({
      ok: true,
      key: { id: key.id, userId: owner.id, restricted: true },
      owner: { id: owner.id, code: owner.code, isActive: true },
    });
    if (!result.ok) throw new Error("not ok");
    expect([...(result.customerIds ?? [])].sort()).toEqual([customerA, customerB].sort());
    expect(apiKeyAllows(result, customerA)).toBe(true);
    const elsewhere = await newCustomer(database.db, "Elsewhere");
    expect(apiKeyAllows(result, elsewhere)).toBe(false);
  });

  it("answers null customerIds for an unrestricted key, which allows every customer", async () => {
    const { secret } = await newApiKey(database.db, owner);
    const result = await authenticateApiKey(database.db, secret);
    expect(result).toMatchObject({ ok: true, customerIds: null });
    expect(apiKeyAllows({ customerIds: null }, randomUUID())).toBe(true);
    expect(apiKeyAllows({ customerIds: [] }, customerA)).toBe(false);
  });

  it("accepts legacy keys: UUID strings hashed with SHA-256", async () => {
    const legacy = randomUUID();
    const { id } = await newApiKey(database.db, owner, { secret: legacy });
    expect(await authenticateApiKey(database.db, legacy)).toMatchObject({
      ok: true,
      key: { id, legacy: true },
    });
    expect(await authenticateApiKey(database.db, legacy.toUpperCase())).toEqual({
      ok: false,
      reason: "unknown",
    });
  });

  it("says unknown for secrets it does not know, including well-formed ones, empty and huge input", async () => {
    for (const secret of [generateApiKey(), "", "nadoo_", "x".repeat(10_000)]) {
      expect(await authenticateApiKey(database.db, secret)).toEqual({ ok: false, reason: "unknown" });
    }
  });

  it("says revoked and expired, and neither writes last_used_at", async () => {
    const now = new Date("2032-03-03T10:00:00.000Z");
    const expiring = await createApiKey(
      database.db,
      actor,
      { name: "Expiring", expiresAt: new Date(now.getTime() + 1000) },
      now,
    );
    expect(await authenticateApiKey(database.db, expiring.secret, now)).toMatchObject({ ok: true });
    const later = new Date(now.getTime() + 5 * LAST_USED_PRECISION_MS);
    const counted = countingUpdates(database.db);
    expect(await authenticateApiKey(counted.db, expiring.secret, later)).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(await authenticateApiKey(counted.db, expiring.secret, new Date(now.getTime() + 1000))).toEqual({
      ok: false,
      reason: "expired",
    });
    expect((await stored(expiring.key.id)).lastUsedAt).toEqual(now);

    const revoked = await createApiKey(database.db, actor, { name: "Revoked" });
    await revokeApiKey(database.db, actor, revoked.key.id);
    expect(await authenticateApiKey(counted.db, revoked.secret)).toEqual({ ok: false, reason: "revoked" });
    expect((await stored(revoked.key.id)).lastUsedAt).toBeNull();
    expect(counted.updates()).toBe(0);
  });

  it("writes last_used_at on first use, not again within 60 seconds, and again after", async () => {
    const { key, secret } = await createApiKey(database.db, actor, { name: "Busy" });
    const before = await stored(key.id);
    expect(before.lastUsedAt).toBeNull();
    const first = new Date(Date.now() + 1000);

    const counted = countingUpdates(database.db);
    const used = await authenticateApiKey(counted.db, secret, first);
    expect(used).toMatchObject({ ok: true, key: { lastUsedAt: first } });
    expect(counted.updates()).toBe(1);
    const afterFirst = await stored(key.id);
    expect(afterFirst.lastUsedAt).toEqual(first);
    // Using a key is not changing it.
    expect(afterFirst.updatedAt).toEqual(before.updatedAt);

    for (const offset of [0, 1, LAST_USED_PRECISION_MS - 1, LAST_USED_PRECISION_MS]) {
      const result = await authenticateApiKey(counted.db, secret, new Date(first.getTime() + offset));
      expect(result).toMatchObject({ ok: true, key: { lastUsedAt: first } });
    }
    expect(counted.updates()).toBe(1);
    expect((await stored(key.id)).lastUsedAt).toEqual(first);

    const minuteLater = new Date(first.getTime() + LAST_USED_PRECISION_MS + 1);
    expect(await authenticateApiKey(counted.db, secret, minuteLater)).toMatchObject({
      ok: true,
      key: { lastUsedAt: minuteLater },
    });
    expect(counted.updates()).toBe(2);
    expect((await stored(key.id)).lastUsedAt).toEqual(minuteLater);
  });

  it("does not move last_used_at back when a request with an older clock comes late", async () => {
    const { key, secret } = await createApiKey(database.db, actor, { name: "Out of order" });
    const recent = new Date(Date.now() + 10 * LAST_USED_PRECISION_MS);
    await authenticateApiKey(database.db, secret, recent);
    await authenticateApiKey(database.db, secret, new Date(recent.getTime() - 5 * LAST_USED_PRECISION_MS));
    expect((await stored(key.id)).lastUsedAt).toEqual(recent);
  });
});
