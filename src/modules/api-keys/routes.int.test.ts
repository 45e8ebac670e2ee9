import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp, type LogCapture } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { call, holdRole, newCustomer, newUser, type SignedIn, signedIn } from "../../testing/people.ts";
import { searchAudit } from "../audit/service.ts";
import { formatUserCode } from "../identity/user-code.ts";
import { hashApiKey } from "./secret.ts";
import { authenticateApiKey } from "./service.ts";

const database = useTestDatabase();
let app: App;
let logs: LogCapture;
let customerA: string;
let customerB: string;
let creator: SignedIn;
let deleterOfA: SignedIn;
let readerOfA: SignedIn;
let outsider: SignedIn;

beforeAll(async () => {
  ({ app, logs } = await createTestApp(database.handle));
  const db = database.db;
  customerA = await newCustomer(db, "Customer A");
  customerB = await newCustomer(db, "Customer B");
  const creatorUser = await newUser(db, "Creator");
  await holdRole(db, creatorUser.id, customerA, "api_key_manager", ["create_api_keys"]);
  creator = await signedIn(db, creatorUser);
  const deleterUser = await newUser(db, "Deleter");
  await holdRole(db, deleterUser.id, customerA, "api_key_manager", ["delete_api_keys"]);
  deleterOfA = await signedIn(db, deleterUser);
  const readerUser = await newUser(db, "Reader");
  await holdRole(db, readerUser.id, customerA, "api_key_manager", []);
  readerOfA = await signedIn(db, readerUser);
  const outsiderUser = await newUser(db, "Outsider");
  await holdRole(db, outsiderUser.id, customerB, "api_key_manager", ["create_api_keys", "delete_api_keys"]);
  outsider = await signedIn(db, outsiderUser);
});

afterAll(async () => {
  await app.close();
});

const SECRET = /^nadoo_[0-9A-Za-z]{38}$/;

describe("POST /api/os/api-keys", () => {
  it("shows the secret once, with no-store; lists and the log never carry it", async () => {
    const created = await call(app, creator, "POST", "/api/os/api-keys", {
      name: "Build server",
      customerIds: [customerA],
      expiresAt: "2099-01-01T00:00:00+02:00",
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers["cache-control"]).toBe("no-store");
    const { apiKey, secret } = created.json();
    expect(secret).toMatch(SECRET);
    expect(apiKey).toEqual({
      id: expect.any(String),
      name: "Build server",
      displayPrefix: secret.slice(0, 10),
      legacy: false,
      restricted: true,
      customerIds: [customerA],
      createdAt: expect.any(String),
      expiresAt: "2098-12-31T22:00:00.000Z",
      lastUsedAt: null,
      revokedAt: null,
      revokedBy: null,
      status: "active",
    });

    const listed = await call(app, creator, "GET", "/api/os/api-keys");
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([apiKey]);
    const ofCustomer = await call(app, readerOfA, "GET", `/api/os/customers/${customerA}/api-keys`);
    expect(ofCustomer.json().items).toEqual([
      {
        ...apiKey,
        owner: { id: creator.user.id, code: formatUserCode(creator.user.code), displayName: "Creator" },
      },
    ]);
    for (const body of [listed.body, ofCustomer.body, logs.text]) {
      expect(body).not.toContain(secret.slice(6));
      expect(body).not.toContain(hashApiKey(secret));
    }
    const audit = await searchAudit(database.db, { actorUserId: creator.user.id, action: "api_key.created" });
    expect(JSON.stringify(audit)).not.toContain(secret.slice(6));
    expect(await authenticateApiKey(database.db, secret)).toMatchObject({ ok: true });
  });

  it("refuses customers I may not create keys for with 403 naming them, and creates nothing", async () => {
    const refused = await call(app, creator, "POST", "/api/os/api-keys", {
      name: "Too wide",
      customerIds: [customerA, customerB],
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers["content-type"]).toContain("application/problem+json");
    expect(refused.json().detail).toContain(customerB);
    expect(refused.json().detail).not.toContain(customerA);
    const names = (await call(app, creator, "GET", "/api/os/api-keys"))
      .json()
      .items.map((item: { name: string }) => item.name);
    expect(names).not.toContain("Too wide");
    expect((await call(app, deleterOfA, "POST", "/api/os/api-keys", { name: "k" })).statusCode).toBe(403);
    expect((await call(app, null, "POST", "/api/os/api-keys", { name: "k" })).statusCode).toBe(401);
  });

  it("restricts a key without customerIds to the customers I may create keys for", async () => {
    const created = await call(app, outsider, "POST", "/api/os/api-keys", { name: "Default" });
    expect(created.statusCode).toBe(201);
    expect(created.json().apiKey).toMatchObject({ restricted: true, customerIds: [customerB] });
  });

  it("answers 400 for bad input: past expiry, duplicate or malformed customers, bad names", async () => {
    const bad = [
      { name: "k", expiresAt: "2001-01-01T00:00:00Z" },
      { name: "k", expiresAt: "tomorrow" },
      { name: "k", customerIds: [customerA, customerA] },
      { name: "k", customerIds: [] },
      { name: "k", customerIds: ["not-a-uuid"] },
      { name: " " },
      { name: "x".repeat(101) },
      {},
    ];
    for (const body of bad) {
      const response = await call(app, creator, "POST", "/api/os/api-keys", body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
  });
});

describe("DELETE /api/os/api-keys/{id} and /api/os/api-keys", () => {
  async function newKey(who: SignedIn, body: object = { name: "Key", customerIds: [customerA] }) {
    const response = await call(app, who, "POST", "/api/os/api-keys", body);
    expect(response.statusCode).toBe(201);
    return response.json() as { apiKey: { id: string }; secret: string };
  }

  it("lets a delete_api_keys holder of a customer the key is restricted to revoke it, idempotently", async () => {
    const { apiKey, secret } = await newKey(creator);
    const url = `/api/os/api-keys/${apiKey.id}`;
    expect((await call(app, outsider, "DELETE", url)).statusCode).toBe(403);
    expect((await call(app, readerOfA, "DELETE", url)).statusCode).toBe(403);
    const revoked = await call(app, deleterOfA, "DELETE", url);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({
      id: apiKey.id,
      status: "revoked",
      revokedAt: expect.any(String),
      revokedBy: {
        id: deleterOfA.user.id,
        code: formatUserCode(deleterOfA.user.code),
        displayName: "Deleter",
      },
    });
    const again = await call(app, creator, "DELETE", url);
    expect(again.json()).toEqual(revoked.json());
    expect(await authenticateApiKey(database.db, secret)).toEqual({ ok: false, reason: "revoked" });
    const audits = (await searchAudit(database.db, { action: "api_key.revoked" })).filter(
      (entry) => entry.targetId === apiKey.id,
    );
    expect(audits).toHaveLength(1);
  });

  it("lets the owner revoke one key, and all their active keys at once", async () => {
    const owner = await signedIn(database.db, outsider.user);
    const one = await newKey(owner, { name: "One" });
    const two = await newKey(owner, { name: "Two" });
    expect((await call(app, owner, "DELETE", `/api/os/api-keys/${one.apiKey.id}`)).json().status).toBe(
      "revoked",
    );
    const before = (await call(app, owner, "GET", "/api/os/api-keys")).json().items as { status: string }[];
    const active = before.filter((item) => item.status === "active").length;
    expect(active).toBeGreaterThanOrEqual(1);
    const all = await call(app, owner, "DELETE", "/api/os/api-keys");
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual({ revoked: active });
    expect((await call(app, owner, "DELETE", "/api/os/api-keys")).json()).toEqual({ revoked: 0 });
    expect(await authenticateApiKey(database.db, two.secret)).toEqual({ ok: false, reason: "revoked" });
    const after = (await call(app, owner, "GET", "/api/os/api-keys")).json().items as { status: string }[];
    expect(after.every((item) => item.status === "revoked")).toBe(true);
  });

  it("answers 404 for unknown keys and 400 for malformed ids", async () => {
    expect(
      (await call(app, creator, "DELETE", "/api/os/api-keys/0199aaaa-0000-7000-8000-000000000000"))
        .statusCode,
    ).toBe(404);
    expect((await call(app, creator, "DELETE", "/api/os/api-keys/nope")).statusCode).toBe(400);
    expect((await call(app, null, "DELETE", "/api/os/api-keys")).statusCode).toBe(401);
  });
});

describe("GET /api/os/customers/{customerId}/api-keys", () => {
  it("is for the customer's API key managers", async () => {
    expect((await call(app, readerOfA, "GET", `/api/os/customers/${customerA}/api-keys`)).statusCode).toBe(
      200,
    );
    expect((await call(app, outsider, "GET", `/api/os/customers/${customerA}/api-keys`)).statusCode).toBe(
      403,
    );
    expect((await call(app, readerOfA, "GET", "/api/os/customers/nope/api-keys")).statusCode).toBe(400);
  });
});
