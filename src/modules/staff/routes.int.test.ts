import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { call, holdRole, newCustomer, newUser, type SignedIn, signedIn } from "../../testing/people.ts";
import { searchAudit } from "../audit/service.ts";
import { enrolmentLinks, sessions } from "../auth/schema.ts";
import { users } from "../identity/schema.ts";

const database = useTestDatabase();
let app: App;
let staff: SignedIn;
let admin: SignedIn;
let customerUser: SignedIn;
let customerId: string;

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  staff = await signedIn(database.db, await newUser(database.db, "Sam Staff", { isStaff: true }));
  admin = await signedIn(database.db, await newUser(database.db, "Ada Admin", { isSuperuser: true }));
  customerId = await newCustomer(database.db, "Kunde GmbH");
  const plain = await newUser(database.db, "Kim Kunde");
  await holdRole(database.db, plain.id, customerId, "key_manager", ["create_users", "grant_role"]);
  customerUser = await signedIn(database.db, plain);
});
afterAll(async () => {
  await app.close();
});

const userUrl = (id: string) => `/api/staff/users/${id}`;

describe("GET /api/staff/users", () => {
  it("searches by name or user code and filters by staff and active", async () => {
    const found = await call(app, staff, "GET", "/api/staff/users?q=kim");
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({
      total: 1,
      items: [
        { displayName: "Kim Kunde", isActive: true, isStaff: false, passkeyCount: 0, lastSignInAt: null },
      ],
    });
    const code: string = found.json().items[0].code;
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const byCode = await call(
      app,
      staff,
      "GET",
      `/api/staff/users?q=${encodeURIComponent(code.slice(2, 9).toLowerCase())}`,
    );
    expect(byCode.json().items.map((user: { code: string }) => user.code)).toContain(code);

    const platform = (await call(app, staff, "GET", "/api/staff/users?staff=true")).json();
    expect(platform.items.map((user: { displayName: string }) => user.displayName)).toEqual([
      "Ada Admin",
      "Sam Staff",
    ]);
    const others = (await call(app, staff, "GET", "/api/staff/users?staff=false&limit=1")).json();
    expect(others.items).toHaveLength(1);
    expect(others.total).toBeGreaterThanOrEqual(1);
    expect((await call(app, staff, "GET", "/api/staff/users?active=false")).json().total).toBe(0);
    expect((await call(app, staff, "GET", "/api/staff/users?limit=0")).statusCode).toBe(400);
  });
});

describe("GET /api/staff/users/{id}", () => {
  it("shows contracts with roles and the open enrolment link", async () => {
    const url = userUrl(customerUser.user.id);
    const before = (await call(app, staff, "GET", url)).json();
    expect(before).toMatchObject({
      displayName: "Kim Kunde",
      passkeyCount: 0,
      openEnrolmentLinkExpiresAt: null,
      contracts: [
        {
          customerId,
          customerName: "Kunde GmbH",
          isActive: true,
          roles: [{ role: "key_manager", abilities: ["create_users", "grant_role"] }],
        },
      ],
    });
    const link = (await call(app, staff, "POST", `${url}/enrolment-links`)).json();
    expect((await call(app, staff, "GET", url)).json().openEnrolmentLinkExpiresAt).toBe(link.expiresAt);
    expect((await call(app, staff, "GET", userUrl("0199aaaa-0000-7000-8000-000000000000"))).statusCode).toBe(
      404,
    );
    expect((await call(app, staff, "GET", userUrl("nonsense"))).statusCode).toBe(404);
  });
});

describe("deactivating and reactivating", () => {
  it("ends the user's sessions and enrolment links at once, audit-logged; reactivation lets them in again", async () => {
    const person = await newUser(database.db, "Paul Person");
    const session = await signedIn(database.db, person);
    const second = await signedIn(database.db, person);
    expect((await call(app, session, "GET", "/api/auth/me")).statusCode).toBe(200);
    await call(app, staff, "POST", `${userUrl(person.id)}/enrolment-links`);

    const deactivated = await call(app, staff, "POST", `${userUrl(person.id)}/deactivate`);
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json()).toMatchObject({ isActive: false, openEnrolmentLinkExpiresAt: null });
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, person.id))).toEqual([]);
    const links = await database.db.select().from(enrolmentLinks).where(eq(enrolmentLinks.userId, person.id));
    expect(links.every((link) => link.revokedAt !== null)).toBe(true);
    expect((await call(app, session, "GET", "/api/auth/me")).statusCode).toBe(401);
    expect((await call(app, second, "GET", "/api/os/me/roles")).statusCode).toBe(401);
    // Again: nothing more happens.
    expect((await call(app, staff, "POST", `${userUrl(person.id)}/deactivate`)).statusCode).toBe(200);
    expect((await call(app, staff, "POST", `${userUrl(person.id)}/enrolment-links`)).statusCode).toBe(410);

    const [entry] = await searchAudit(database.db, {
      action: "user.deactivated",
      actorUserId: staff.user.id,
    });
    expect(entry).toMatchObject({
      targetId: person.id,
      before: { isActive: true },
      after: { isActive: false, sessionsEnded: 2, enrolmentLinksRevoked: 1 },
    });

    const reactivated = await call(app, staff, "POST", `${userUrl(person.id)}/reactivate`);
    expect(reactivated.json().isActive).toBe(true);
    expect(
      await searchAudit(database.db, { action: "user.reactivated", actorUserId: staff.user.id }),
    ).toHaveLength(1);
    const fresh = await signedIn(database.db, { ...person, isActive: true });
    expect((await call(app, fresh, "GET", "/api/auth/me")).statusCode).toBe(200);
  });

  it("never resumes an existing session of an inactive user", async () => {
    const person = await newUser(database.db, "Ines Inaktiv");
    const session = await signedIn(database.db, person);
    await database.db.update(users).set({ isActive: false }).where(eq(users.id, person.id));
    expect((await call(app, session, "GET", "/api/auth/me")).statusCode).toBe(401);
  });

  it("keeps staff accounts to superusers and refuses deactivating yourself", async () => {
    const colleague = await newUser(database.db, "Carla Kollegin", { isStaff: true });
    const staffTry = await call(app, staff, "POST", `${userUrl(colleague.id)}/deactivate`);
    expect(staffTry.statusCode).toBe(403);
    expect(staffTry.json().detail).toMatch(/superusers/);
    expect((await call(app, admin, "POST", `${userUrl(colleague.id)}/deactivate`)).statusCode).toBe(200);
    expect((await call(app, staff, "POST", `${userUrl(colleague.id)}/reactivate`)).statusCode).toBe(403);
    expect((await call(app, admin, "POST", `${userUrl(colleague.id)}/reactivate`)).statusCode).toBe(200);

    const self = await call(app, admin, "POST", `${userUrl(admin.user.id)}/deactivate`);
    expect(self.statusCode).toBe(403);
    expect(self.json().detail).toMatch(/your own account/);
    expect((await call(app, customerUser, "POST", `${userUrl(colleague.id)}/deactivate`)).statusCode).toBe(
      403,
    );
  });
});

describe("PATCH /api/staff/users/{id}", () => {
  it("lets staff change names and languages, and only superusers the flags, audit-logged with before and after", async () => {
    const person = await newUser(database.db, "Otto Operator");
    const url = userUrl(person.id);
    const renamed = await call(app, staff, "PATCH", url, { displayName: " Otto O. ", language: "en" });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ displayName: "Otto O.", language: "en", isStaff: false });

    const refused = await call(app, staff, "PATCH", url, { isStaff: true });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toMatch(/Only superusers/);
    expect((await call(app, customerUser, "PATCH", url, { displayName: "X" })).statusCode).toBe(403);

    const promoted = await call(app, admin, "PATCH", url, { isStaff: true });
    expect(promoted.json().isStaff).toBe(true);
    // Now a staff member's account: staff may not even rename it.
    expect((await call(app, staff, "PATCH", url, { displayName: "Otto" })).statusCode).toBe(403);

    const entries = await searchAudit(database.db, { action: "user.changed" });
    const ofPerson = entries.filter((entry) => entry.targetId === person.id).reverse();
    expect(ofPerson).toMatchObject([
      {
        actorUserId: staff.user.id,
        before: { displayName: "Otto Operator", language: "de" },
        after: { displayName: "Otto O.", language: "en" },
      },
      { actorUserId: admin.user.id, before: { isStaff: false }, after: { isStaff: true } },
    ]);
    expect((await call(app, staff, "PATCH", url, { displayName: "" })).statusCode).toBe(400);
  });

  it("does not let a superuser take away their own superuser flag", async () => {
    const own = await call(app, admin, "PATCH", userUrl(admin.user.id), { isSuperuser: false });
    expect(own.statusCode).toBe(403);
    expect(own.json().detail).toMatch(/your own superuser flag/);
    const other = await newUser(database.db, "Zweiter Admin", { isSuperuser: true });
    const demoted = await call(app, admin, "PATCH", userUrl(other.id), { isSuperuser: false });
    expect(demoted.json()).toMatchObject({ isSuperuser: false });
  });
});
