import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../testing/database.ts";
import { holdRole, newCustomer, newUser } from "../../testing/people.ts";
import { newApiKey } from "../../testing/reporting.ts";
import type { Actor } from "../access/policy.ts";
import type { Ability } from "../access/roles.ts";
import { searchAudit, systemActor } from "../audit/service.ts";
import { ensureContract, loadActor, loadCustomerRoles, setContractActive } from "../hr/service.ts";
import type { User } from "../identity/schema.ts";
import { apiKeyCustomers, apiKeys } from "./schema.ts";
import { hashApiKey, isWellFormedApiKey } from "./secret.ts";
import {
  authenticateApiKey,
  createApiKey,
  listCustomerApiKeys,
  listMyApiKeys,
  revokeAllMyApiKeys,
  revokeApiKey,
} from "./service.ts";

const database = useTestDatabase();
let customerA: string;
let customerB: string;
let customerC: string;
let staff: Actor;

beforeAll(async () => {
  customerA = await newCustomer(database.db, "Customer A");
  customerB = await newCustomer(database.db, "Customer B");
  customerC = await newCustomer(database.db, "Customer C");
  staff = await actorFor(await newUser(database.db, "Staff", { isStaff: true }));
});

async function actorFor(user: User): Promise<Actor> {
  return loadActor(database.db, user, { userId: user.id, ip: "192.0.2.1", requestId: "test" });
}

/** A person holding api_key_manager with `abilities` for each of `customerIds`. */
async function keyManager(abilities: Ability[], ...customerIds: string[]): Promise<Actor> {
  const user = await newUser(database.db, `Key manager ${abilities.join("+")}`);
  for (const customerId of customerIds) {
    await holdRole(database.db, user.id, customerId, "api_key_manager", abilities);
  }
  return actorFor(user);
}

const expectStatus = async (work: Promise<unknown>, status: number, message?: RegExp) => {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught as { status: number; message: string },
  );
  expect(error?.status).toBe(status);
  if (message) expect(error?.message).toMatch(message);
};

async function keysOf(actor: Actor) {
  return database.db.select().from(apiKeys).where(eq(apiKeys.userId, actor.user.id));
}

/** The actor with the roles it holds now (after a test changed them). */
async function refreshed(actor: Actor): Promise<Actor> {
  return { ...actor, roles: await loadCustomerRoles(database.db, actor.user.id) };
}

async function auditFor(action: string, keyId: string) {
  return (await searchAudit(database.db, { action })).filter((entry) => entry.targetId === keyId);
}

describe("creating keys", () => {
  it("stores only the hash: no column of any row holds the secret, shown once in the result", async () => {
    const creator = await keyManager(["create_api_keys"], customerA);
    const created = await createApiKey(database.db, creator, {
      name: "  CI runner  ",
      customerIds: [customerA],
    });
    expect(isWellFormedApiKey(created.secret)).toBe(true);
    expect(created.key).toMatchObject({ name: "CI runner", restricted: true, legacy: false });
    expect(created.key).not.toHaveProperty("keyHash");
    expect(created.key.displayPrefix).toBe(created.secret.slice(0, 10));
    expect(created.customerIds).toEqual([customerA]);

    const rows = await database.db.execute(sql`select * from api_keys where id = ${created.key.id}`);
    expect(rows.rows).toHaveLength(1);
    expect(JSON.stringify(rows.rows)).not.toContain(created.secret);
    expect(JSON.stringify(rows.rows)).not.toContain(created.secret.slice(10));
    expect(rows.rows[0]).toMatchObject({ key_hash: hashApiKey(created.secret) });
    const restrictions = await database.db.execute(
      sql`select * from api_key_customers where api_key_id = ${created.key.id}`,
    );
    expect(restrictions.rows).toEqual([{ api_key_id: created.key.id, customer_id: customerA }]);

    const [audit] = await auditFor("api_key.created", created.key.id);
    expect(audit).toMatchObject({
      actorUserId: creator.user.id,
      customerId: customerA,
      targetType: "api_key",
      after: {
        id: created.key.id,
        name: "CI runner",
        displayPrefix: created.secret.slice(0, 10),
        restricted: true,
        customerIds: [customerA],
        expiresAt: null,
      },
    });
    const logged = JSON.stringify(audit);
    expect(logged).not.toContain(created.secret.slice(6));
    expect(logged).not.toContain(hashApiKey(created.secret));
  });

  it("refuses customers without api_key_manager + create_api_keys by name, creating nothing", async () => {
    const creator = await keyManager(["create_api_keys"], customerA);
    await holdRole(database.db, creator.user.id, customerB, "api_key_manager", ["delete_api_keys"]);
    const actor = await refreshed(creator);
    const unknown = "0199aaaa-0000-7000-8000-0000000000aa";
    const refused = createApiKey(database.db, actor, {
      name: "k",
      customerIds: [customerA, customerB, unknown],
    });
    await expectStatus(refused, 403, new RegExp(`${customerB}, ${unknown}`));
    await expectStatus(refused, 403, /No key was created/);
    expect(await keysOf(actor)).toEqual([]);

    const other = await keyManager(["create_api_keys"], customerB);
    await expectStatus(createApiKey(database.db, other, { name: "k", customerIds: [customerA] }), 403);
    const inactive = await newUser(database.db, "Inactive contract");
    await holdRole(database.db, inactive.id, customerA, "api_key_manager", ["create_api_keys"], {
      activeContract: false,
    });
    await expectStatus(createApiKey(database.db, await actorFor(inactive), { name: "k" }), 403);
    expect(await keysOf(other)).toEqual([]);
  });

  it("without customerIds restricts a person's key to every customer they may create keys for", async () => {
    const creator = await keyManager(["create_api_keys", "grant_role"], customerA, customerC);
    await holdRole(database.db, creator.user.id, customerB, "api_key_manager", ["delete_api_keys"]);
    const created = await createApiKey(database.db, await refreshed(creator), { name: "All mine" });
    expect(created.key.restricted).toBe(true);
    expect(created.customerIds).toEqual([customerA, customerC].sort());

    const withoutAbility = await keyManager(["delete_api_keys"], customerA);
    await expectStatus(createApiKey(database.db, withoutAbility, { name: "k" }), 403, /create_api_keys/);
    const nobody = await actorFor(await newUser(database.db, "No contract"));
    await expectStatus(createApiKey(database.db, nobody, { name: "k" }), 403);
  });

  it("gives staff an unrestricted key without customerIds, and 404 for unknown customers", async () => {
    const created = await createApiKey(database.db, staff, { name: "Staff key" });
    expect(created.key.restricted).toBe(false);
    expect(created.customerIds).toEqual([]);
    const forB = await createApiKey(database.db, staff, {
      name: "For B",
      customerIds: [customerB, customerB],
    });
    expect(forB.customerIds).toEqual([customerB]);
    await expectStatus(
      createApiKey(database.db, staff, {
        name: "k",
        customerIds: [customerA, "0199aaaa-0000-7000-8000-0000000000bb"],
      }),
      404,
      /0199aaaa-0000-7000-8000-0000000000bb/,
    );
  });

  it("wants an expiry in the future and a name of 1 to 100 characters", async () => {
    const creator = await keyManager(["create_api_keys"], customerA);
    const now = new Date("2030-01-01T12:00:00Z");
    await expectStatus(createApiKey(database.db, creator, { name: "k", expiresAt: now }, now), 400, /future/);
    await expectStatus(
      createApiKey(database.db, creator, { name: "k", expiresAt: new Date("2029-12-31T00:00:00Z") }, now),
      400,
    );
    await expectStatus(createApiKey(database.db, creator, { name: "   " }, now), 400);
    await expectStatus(createApiKey(database.db, creator, { name: "x".repeat(101) }, now), 400);
    await expectStatus(createApiKey(database.db, creator, { name: "k", customerIds: [] }, now), 400);
    expect(await keysOf(creator)).toEqual([]);
    const expiresAt = new Date("2030-02-01T00:00:00Z");
    const created = await createApiKey(database.db, creator, { name: "x".repeat(100), expiresAt }, now);
    expect(created.key.expiresAt).toEqual(expiresAt);
  });
});

describe("revoking keys", () => {
  it("lets the owner revoke their key once: a second revoke changes nothing and logs nothing", async () => {
    const owner = await keyManager(["create_api_keys"], customerA);
    const { key, secret } = await createApiKey(database.db, owner, { name: "Mine" });
    const revokedAt = new Date("2031-05-05T05:05:05.005Z");
    const revoked = await revokeApiKey(database.db, owner, key.id, revokedAt);
    expect(revoked.key.revokedAt).toEqual(revokedAt);
    expect(revoked.revokedBy).toMatchObject({ id: owner.user.id });
    const again = await revokeApiKey(database.db, owner, key.id, new Date("2031-06-06T00:00:00Z"));
    expect(again.key.revokedAt).toEqual(revokedAt);
    const audits = await auditFor("api_key.revoked", key.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorUserId: owner.user.id, customerId: customerA });
    expect(JSON.stringify(audits)).not.toContain(hashApiKey(secret));
    expect(await authenticateApiKey(database.db, secret)).toEqual({ ok: false, reason: "revoked" });
  });

  it("lets a delete_api_keys holder of any customer the key is restricted to revoke it", async () => {
    const owner = await keyManager(["create_api_keys"], customerA, customerB);
    const { key } = await createApiKey(database.db, owner, {
      name: "A and B",
      customerIds: [customerA, customerB],
    });
    const deleterOfB = await keyManager(["delete_api_keys"], customerB);
    const revoked = await revokeApiKey(database.db, deleterOfB, key.id);
    expect(revoked.revokedBy).toMatchObject({
      id: deleterOfB.user.id,
      displayName: "Key manager delete_api_keys",
    });
    const [audit] = await auditFor("api_key.revoked", key.id);
    expect(audit).toMatchObject({ actorUserId: deleterOfB.user.id, customerId: null });
  });

  it("refuses other customers' managers, managers without delete_api_keys and unrestricted keys; 404 when unknown", async () => {
    const owner = await keyManager(["create_api_keys"], customerA);
    const { key } = await createApiKey(database.db, owner, { name: "Only A", customerIds: [customerA] });
    const deleterOfB = await keyManager(["delete_api_keys"], customerB);
    const readerOfA = await keyManager(["create_api_keys", "grant_role"], customerA);
    await expectStatus(revokeApiKey(database.db, deleterOfB, key.id), 403, /delete_api_keys/);
    await expectStatus(revokeApiKey(database.db, readerOfA, key.id), 403);

    const worker = await newUser(database.db, "Worker with an unrestricted key");
    await ensureContract(database.db, systemActor, worker.id, customerA);
    const unrestricted = await newApiKey(database.db, worker);
    const deleterOfA = await keyManager(["delete_api_keys"], customerA);
    await expectStatus(revokeApiKey(database.db, deleterOfA, unrestricted.id), 403);
    expect(await authenticateApiKey(database.db, unrestricted.secret)).toMatchObject({ ok: true });

    await expectStatus(revokeApiKey(database.db, deleterOfA, "0199aaaa-0000-7000-8000-0000000000cc"), 404);
    await expectStatus(revokeApiKey(database.db, staff, "0199aaaa-0000-7000-8000-0000000000cc"), 404);
    expect((await revokeApiKey(database.db, staff, unrestricted.id)).key.revokedAt).not.toBeNull();
    expect((await revokeApiKey(database.db, deleterOfA, key.id)).key.revokedAt).not.toBeNull();
  });

  it("revokes all of my active keys, one audit entry each, leaving expired and revoked ones alone", async () => {
    const owner = await keyManager(["create_api_keys"], customerA);
    const then = new Date(Date.now() - 86_400_000);
    const expired = await createApiKey(
      database.db,
      owner,
      { name: "Old", expiresAt: new Date(then.getTime() + 1000) },
      then,
    );
    const revoked = await createApiKey(database.db, owner, { name: "Gone" });
    await revokeApiKey(database.db, owner, revoked.key.id);
    const first = await createApiKey(database.db, owner, { name: "One" });
    const second = await createApiKey(database.db, owner, { name: "Two" });
    const bystander = await keyManager(["create_api_keys"], customerA);
    const theirs = await createApiKey(database.db, bystander, { name: "Theirs" });

    expect(await revokeAllMyApiKeys(database.db, owner)).toBe(2);
    expect(await revokeAllMyApiKeys(database.db, owner)).toBe(0);
    for (const { key } of [first, second]) expect(await auditFor("api_key.revoked", key.id)).toHaveLength(1);
    expect(await auditFor("api_key.revoked", expired.key.id)).toEqual([]);
    const byId = new Map((await listMyApiKeys(database.db, owner)).map((entry) => [entry.key.id, entry]));
    expect(byId.get(expired.key.id)?.key.revokedAt).toBeNull();
    expect(byId.get(first.key.id)?.key.revokedAt).not.toBeNull();
    expect(await authenticateApiKey(database.db, theirs.secret)).toMatchObject({ ok: true });
  });
});

describe("listing keys", () => {
  it("lists my keys newest first, never with hashes", async () => {
    const owner = await keyManager(["create_api_keys"], customerA);
    const names = ["first", "second", "third"];
    for (const name of names) await createApiKey(database.db, owner, { name });
    const mine = await listMyApiKeys(database.db, owner);
    expect(mine.map((entry) => entry.key.name)).toEqual(["third", "second", "first"]);
    expect(mine.every((entry) => !("keyHash" in entry.key))).toBe(true);
    expect(mine[0]).toMatchObject({
      owner: { id: owner.user.id },
      revokedBy: null,
      customerIds: [customerA],
    });
  });

  it("shows a customer's API key managers the keys restricted to it and unrestricted keys of its people", async () => {
    const customer = await newCustomer(database.db, "Listed");
    const other = await newCustomer(database.db, "Other");
    const restrictedOwner = await keyManager(["create_api_keys"], customer, other);
    const onlyHere = await createApiKey(database.db, restrictedOwner, {
      name: "here",
      customerIds: [customer],
    });
    const both = await createApiKey(database.db, restrictedOwner, {
      name: "both",
      customerIds: [customer, other],
    });
    const elsewhere = await createApiKey(database.db, restrictedOwner, {
      name: "elsewhere",
      customerIds: [other],
    });

    const employee = await newUser(database.db, "Employee with an unrestricted key");
    const { contract } = await ensureContract(database.db, systemActor, employee.id, customer);
    const unrestricted = await newApiKey(database.db, employee);
    const leaver = await newUser(database.db, "Leaver");
    const left = await ensureContract(database.db, systemActor, leaver.id, customer);
    const leaversKey = await newApiKey(database.db, leaver);
    await setContractActive(database.db, systemActor, left.contract.id, false);

    const reader = await keyManager([], customer);
    const listed = await listCustomerApiKeys(database.db, reader, customer);
    expect(listed.map((entry) => entry.key.id)).toEqual([unrestricted.id, both.key.id, onlyHere.key.id]);
    expect(listed.find((entry) => entry.key.id === both.key.id)?.customerIds).toEqual([customer]);
    expect(listed.find((entry) => entry.key.id === unrestricted.id)).toMatchObject({
      customerIds: [],
      key: { restricted: false },
      owner: { id: employee.id, displayName: "Employee with an unrestricted key" },
    });
    const ids = listed.map((entry) => entry.key.id);
    expect(ids).not.toContain(elsewhere.key.id);
    expect(ids).not.toContain(leaversKey.id);
    expect(JSON.stringify(listed)).not.toContain(hashApiKey(onlyHere.secret));
    expect(listed.every((entry) => !("keyHash" in entry.key))).toBe(true);

    await setContractActive(database.db, systemActor, contract.id, false);
    const afterLeaving = await listCustomerApiKeys(database.db, reader, customer);
    expect(afterLeaving.map((entry) => entry.key.id)).toEqual([both.key.id, onlyHere.key.id]);
    expect((await listCustomerApiKeys(database.db, staff, customer)).length).toBe(2);
  });

  it("refuses people without the role for the customer; unknown customers are 404 for staff only", async () => {
    const ofB = await keyManager(["create_api_keys", "delete_api_keys", "grant_role"], customerB);
    await expectStatus(listCustomerApiKeys(database.db, ofB, customerA), 403, /API key manager/);
    const unknown = "0199aaaa-0000-7000-8000-0000000000dd";
    await expectStatus(listCustomerApiKeys(database.db, ofB, unknown), 403);
    await expectStatus(listCustomerApiKeys(database.db, staff, unknown), 404);
    const rows = await database.db
      .select()
      .from(apiKeyCustomers)
      .where(eq(apiKeyCustomers.customerId, unknown));
    expect(rows).toEqual([]);
  });
});
