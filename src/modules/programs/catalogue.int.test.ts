import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { call, holdRole, newCustomer, newUser, type SignedIn, signedIn } from "../../testing/people.ts";
import { searchAudit } from "../audit/service.ts";

const database = useTestDatabase();
let app: App;
let staff: SignedIn;
let customer: string;

const UNKNOWN = "0199aaaa-0000-7000-8000-000000000000";

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  staff = await signedIn(database.db, await newUser(database.db, "Staff Member", { isStaff: true }));
  customer = await newCustomer(database.db, "Alpha GmbH");
});
afterAll(async () => {
  await app.close();
});

interface ProgramBody {
  id: string;
  name: string;
  description: string;
  isActive: boolean;
  dependencies: { id: string; name: string }[];
  createdAt: string;
  updatedAt: string;
}

async function program(name: string, body: Record<string, unknown> = {}): Promise<ProgramBody> {
  const response = await call(app, staff, "POST", "/api/staff/programs", { name, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function auditOf(action: string, targetId: string) {
  return (await searchAudit(database.db, { action })).filter((entry) => entry.targetId === targetId);
}

describe("the program catalogue", () => {
  it("creates programs with defaults, dependencies by name, and an audit entry", async () => {
    const zeta = await program("Zeta Export");
    const alpha = await program("Alpha Import");
    expect(zeta).toMatchObject({ name: "Zeta Export", description: "", isActive: true, dependencies: [] });

    const created = await program("  Report  ", {
      description: "Monthly report",
      isActive: false,
      dependencyIds: [zeta.id, alpha.id],
    });
    expect(created).toMatchObject({
      name: "Report",
      description: "Monthly report",
      isActive: false,
      dependencies: [
        { id: alpha.id, name: "Alpha Import" },
        { id: zeta.id, name: "Zeta Export" },
      ],
    });
    const [entry] = await auditOf("program.created", created.id);
    expect(entry).toMatchObject({
      actorUserId: staff.user.id,
      targetType: "program",
      after: { name: "Report", isActive: false, dependencyIds: expect.arrayContaining([alpha.id, zeta.id]) },
    });

    const fetched = await call(app, staff, "GET", `/api/staff/programs/${created.id}`);
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).toEqual(created);
  });

  it("lists by name, optionally only active or inactive programs", async () => {
    await program("Listing B");
    await program("Listing A", { isActive: false });
    const all = (await call(app, staff, "GET", "/api/staff/programs")).json().items as ProgramBody[];
    const names = all.map((item) => item.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "variant" })));
    expect(names).toEqual(expect.arrayContaining(["Listing A", "Listing B"]));

    const active = (await call(app, staff, "GET", "/api/staff/programs?active=true")).json().items;
    expect(active.every((item: ProgramBody) => item.isActive)).toBe(true);
    expect(active.map((item: ProgramBody) => item.name)).toContain("Listing B");
    const inactive = (await call(app, staff, "GET", "/api/staff/programs?active=false")).json().items;
    expect(inactive.map((item: ProgramBody) => item.name)).toContain("Listing A");
    expect(inactive.every((item: ProgramBody) => !item.isActive)).toBe(true);
    expect((await call(app, staff, "GET", "/api/staff/programs?active=maybe")).statusCode).toBe(400);
  });

  it("refuses invalid input with 400 and names unknown dependencies", async () => {
    const empty = await call(app, staff, "POST", "/api/staff/programs", { name: "   " });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors).toEqual([expect.objectContaining({ path: "body.name" })]);
    const long = await call(app, staff, "POST", "/api/staff/programs", { name: "x".repeat(201) });
    expect(long.statusCode).toBe(400);
    const text = await call(app, staff, "POST", "/api/staff/programs", {
      name: "Long text",
      description: "x".repeat(10_001),
    });
    expect(text.statusCode).toBe(400);

    const unknown = await call(app, staff, "POST", "/api/staff/programs", {
      name: "Orphan",
      dependencyIds: [UNKNOWN],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      code: "validation_failed",
      detail: expect.stringContaining(UNKNOWN),
      errors: [{ path: "dependencyIds.0" }],
    });
    const names = (await call(app, staff, "GET", "/api/staff/programs"))
      .json()
      .items.map((p: ProgramBody) => p.name);
    expect(names).not.toContain("Orphan");

    const base = await program("Twice");
    const twice = await call(app, staff, "POST", "/api/staff/programs", {
      name: "Twice dependent",
      dependencyIds: [base.id, base.id],
    });
    expect(twice.statusCode).toBe(400);
    const notUuid = await call(app, staff, "POST", "/api/staff/programs", {
      name: "Bad ids",
      dependencyIds: ["nope"],
    });
    expect(notUuid.statusCode).toBe(400);
  });

  it("answers 404 for unknown programs and 400 for malformed ids", async () => {
    for (const method of ["GET", "PATCH", "DELETE"] as const) {
      const response = await call(
        app,
        staff,
        method,
        `/api/staff/programs/${UNKNOWN}`,
        method === "PATCH" ? {} : undefined,
      );
      expect(response.statusCode).toBe(404);
      expect(response.headers["content-type"]).toContain("application/problem+json");
    }
    expect((await call(app, staff, "GET", "/api/staff/programs/not-a-uuid")).statusCode).toBe(400);
  });

  it("changes fields, replaces dependencies, and logs before and after", async () => {
    const a = await program("Change A");
    const b = await program("Change B");
    const c = await program("Change C");
    const target = await program("Change Target", { dependencyIds: [a.id, b.id] });

    const changed = await call(app, staff, "PATCH", `/api/staff/programs/${target.id}`, {
      name: "Changed Target",
      description: "now with C",
      isActive: false,
      dependencyIds: [c.id, b.id],
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      name: "Changed Target",
      description: "now with C",
      isActive: false,
      dependencies: [
        { id: b.id, name: "Change B" },
        { id: c.id, name: "Change C" },
      ],
    });
    const [entry] = await auditOf("program.updated", target.id);
    expect(entry?.before).toMatchObject({ name: "Change Target", isActive: true });
    expect(entry?.after).toMatchObject({ name: "Changed Target", isActive: false });
    const after = entry?.after as { dependencyIds: string[] } | undefined;
    expect(after?.dependencyIds.sort()).toEqual([b.id, c.id].sort());

    // A rename shows in the views of programs depending on it.
    await call(app, staff, "PATCH", `/api/staff/programs/${c.id}`, { name: "Renamed C" });
    const dependent = (await call(app, staff, "GET", `/api/staff/programs/${target.id}`)).json();
    expect(dependent.dependencies).toContainEqual({ id: c.id, name: "Renamed C" });

    const cleared = await call(app, staff, "PATCH", `/api/staff/programs/${target.id}`, {
      dependencyIds: [],
    });
    expect(cleared.json().dependencies).toEqual([]);
  });

  it("changes nothing, not even the timestamp, when asked for what is already so", async () => {
    const dependency = await program("Same Dep");
    const same = await program("Same", { description: "d", dependencyIds: [dependency.id] });
    const again = await call(app, staff, "PATCH", `/api/staff/programs/${same.id}`, {
      name: "Same",
      description: "d",
      isActive: true,
      dependencyIds: [dependency.id],
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(same);
    expect(await auditOf("program.updated", same.id)).toEqual([]);
  });
});

describe("dependency cycles", () => {
  it("refuses a program depending on itself", async () => {
    const self = await program("Selfish");
    const response = await call(app, staff, "PATCH", `/api/staff/programs/${self.id}`, {
      dependencyIds: [self.id],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: "dependency_cycle",
      detail: expect.stringContaining("Selfish → Selfish"),
    });
  });

  it("refuses a direct cycle and leaves everything as it was", async () => {
    const first = await program("Direct One");
    const second = await program("Direct Two", { dependencyIds: [first.id] });
    const response = await call(app, staff, "PATCH", `/api/staff/programs/${first.id}`, {
      name: "Direct One Renamed",
      dependencyIds: [second.id],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: "dependency_cycle",
      detail: expect.stringContaining("Direct One Renamed → Direct Two → Direct One Renamed"),
      errors: [{ path: "dependencyIds" }],
    });
    expect((await call(app, staff, "GET", `/api/staff/programs/${first.id}`)).json()).toEqual(first);
    expect(await auditOf("program.updated", first.id)).toEqual([]);
  });

  it("refuses an indirect cycle through several programs", async () => {
    const c = await program("Ring C");
    const b = await program("Ring B", { dependencyIds: [c.id] });
    const a = await program("Ring A", { dependencyIds: [b.id] });
    const response = await call(app, staff, "PATCH", `/api/staff/programs/${c.id}`, {
      dependencyIds: [a.id],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toContain("Ring C → Ring A → Ring B → Ring C");
    // A diamond is fine: D depends on A and B, both reaching C.
    const d = await call(app, staff, "POST", "/api/staff/programs", {
      name: "Ring D",
      dependencyIds: [a.id, b.id, c.id],
    });
    expect(d.statusCode).toBe(201);
  });

  it("lets only one of two concurrent edits that together would close a cycle succeed", async () => {
    const x = await program("Race X");
    const y = await program("Race Y");
    const [first, second] = await Promise.all([
      call(app, staff, "PATCH", `/api/staff/programs/${x.id}`, { dependencyIds: [y.id] }),
      call(app, staff, "PATCH", `/api/staff/programs/${y.id}`, { dependencyIds: [x.id] }),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 400]);
    const refused = first.statusCode === 400 ? first : second;
    expect(refused.json().code).toBe("dependency_cycle");
  });
});

describe("deleting programs", () => {
  it("deletes an unused program, drops others' dependencies on it, and logs it", async () => {
    const doomed = await program("Doomed");
    const dependent = await program("Dependent", { dependencyIds: [doomed.id] });
    const response = await call(app, staff, "DELETE", `/api/staff/programs/${doomed.id}`);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    expect((await call(app, staff, "GET", `/api/staff/programs/${doomed.id}`)).statusCode).toBe(404);
    expect(
      (await call(app, staff, "GET", `/api/staff/programs/${dependent.id}`)).json().dependencies,
    ).toEqual([]);
    const [entry] = await auditOf("program.deleted", doomed.id);
    expect(entry?.before).toMatchObject({ name: "Doomed" });
    expect((await call(app, staff, "DELETE", `/api/staff/programs/${doomed.id}`)).statusCode).toBe(404);
  });

  it("refuses with 409 while a customer program uses it, suggesting to deactivate it", async () => {
    const used = await program("In Use");
    const installed = await call(app, staff, "POST", "/api/staff/customer-programs", {
      programId: used.id,
      customerId: customer,
      defaultTimeSavedSeconds: 60,
    });
    expect(installed.statusCode).toBe(201);
    const response = await call(app, staff, "DELETE", `/api/staff/programs/${used.id}`);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: "conflict",
      detail: expect.stringContaining("deactivate"),
    });
    expect((await call(app, staff, "GET", `/api/staff/programs/${used.id}`)).statusCode).toBe(200);
  });
});

describe("who may manage the catalogue", () => {
  it("refuses everyone but staff, even program managers, before looking at the id", async () => {
    const manager = await newUser(database.db, "Program Manager");
    await holdRole(database.db, manager.id, customer, "program_manager", [
      "create_programs",
      "delete_programs",
      "grant_role",
    ]);
    const someone = await signedIn(database.db, manager);
    const existing = await program("Guarded");
    const attempts = [
      ["GET", "/api/staff/programs", undefined],
      ["POST", "/api/staff/programs", { name: "Not mine" }],
      ["GET", `/api/staff/programs/${existing.id}`, undefined],
      ["PATCH", `/api/staff/programs/${existing.id}`, { name: "Taken" }],
      ["DELETE", `/api/staff/programs/${existing.id}`, undefined],
      ["GET", `/api/staff/programs/${UNKNOWN}`, undefined],
    ] as const;
    for (const [method, url, body] of attempts) {
      expect((await call(app, someone, method, url, body)).statusCode, `${method} ${url}`).toBe(403);
      expect((await call(app, null, method, url, body)).statusCode, `${method} ${url}`).toBe(401);
    }
    expect((await call(app, staff, "GET", `/api/staff/programs/${existing.id}`)).json().name).toBe("Guarded");
  });
});
