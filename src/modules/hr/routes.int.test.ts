import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { call, holdRole, newCustomer, newUser, type SignedIn, signedIn } from "../../testing/people.ts";
import type { Ability, Role } from "../access/roles.ts";
import { searchAudit } from "../audit/service.ts";
import type { User } from "../identity/schema.ts";
import { formatUserCode } from "../identity/user-code.ts";
import { ensureContract, setContractActive } from "./service.ts";

const database = useTestDatabase();
let app: App;
let customerA: string;
let customerB: string;
let staff: SignedIn;

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  customerA = await newCustomer(database.db, "Alpha GmbH");
  customerB = await newCustomer(database.db, "Beta AG");
  staff = await signedIn(database.db, await newUser(database.db, "Staff Member", { isStaff: true }));
});
afterAll(async () => {
  await app.close();
});

async function person(name: string, roles: [string, Role, Ability[]][] = []): Promise<SignedIn> {
  const user = await newUser(database.db, name);
  for (const [customerId, role, abilities] of roles)
    await holdRole(database.db, user.id, customerId, role, abilities);
  return signedIn(database.db, user);
}

async function employ(user: User, customerId: string, active = true): Promise<string> {
  const { contract } = await ensureContract(database.db, { userId: null }, user.id, customerId);
  await setContractActive(database.db, { userId: null }, contract.id, active);
  return contract.id;
}

describe("my roles and profile", () => {
  it("lists customers of active contracts with roles and abilities, and every contract in the profile", async () => {
    const me = await person("Menu Builder", [[customerA, "employee_manager", ["add_employees"]]]);
    await holdRole(database.db, me.user.id, customerB, "program_manager", ["grant_role"], {
      activeContract: false,
    });
    const roles = await call(app, me, "GET", "/api/os/me/roles");
    expect(roles.statusCode).toBe(200);
    expect(roles.json()).toEqual({
      user: expect.objectContaining({ id: me.user.id, code: formatUserCode(me.user.code) }),
      staff: false,
      superuser: false,
      customers: [
        {
          customerId: customerA,
          customer: { id: customerA, name: "Alpha GmbH" },
          roles: [{ role: "employee_manager", abilities: ["add_employees"] }],
        },
      ],
    });

    const profile = await call(app, me, "GET", "/api/os/me/profile");
    expect(profile.statusCode).toBe(200);
    expect(profile.json().contracts).toMatchObject([
      { customer: { name: "Alpha GmbH" }, isActive: true, roles: [{ role: "employee_manager" }] },
      {
        customer: { name: "Beta AG" },
        isActive: false,
        roles: [{ role: "program_manager", abilities: ["grant_role"] }],
      },
    ]);
    expect((await call(app, staff, "GET", "/api/os/me/roles")).json()).toMatchObject({
      staff: true,
      customers: [],
    });
  });
});

describe("employees and contracts", () => {
  it("lists a customer's employees with status and roles, hiding staff members from customers' managers", async () => {
    const hr = await person("HR Lead", [[customerA, "employee_manager", []]]);
    const worker = await newUser(database.db, "Worker Active");
    await employ(worker, customerA);
    await holdRole(database.db, worker.id, customerA, "execution_manager", ["create_executions"]);
    await holdRole(database.db, worker.id, customerA, "customer_manager", []);
    const staffer = await newUser(database.db, "Staff On Contract", { isStaff: true });
    await employ(staffer, customerA);

    const list = await call(app, hr, "GET", `/api/os/customers/${customerA}/employees`);
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { user: { id: string }; roles: unknown[]; isActive: boolean }[];
    expect(items.find((item) => item.user.id === worker.id)).toMatchObject({
      isActive: true,
      // In the catalogue's order, as in my roles and my profile.
      roles: [
        { role: "execution_manager", abilities: ["create_executions"] },
        { role: "customer_manager", abilities: [] },
      ],
    });
    expect(items.some((item) => item.user.id === staffer.id)).toBe(false);
    const asStaff = await call(app, staff, "GET", `/api/os/customers/${customerA}/employees`);
    expect(asStaff.json().items.some((item: { user: { id: string } }) => item.user.id === staffer.id)).toBe(
      true,
    );
  });

  it("adds an existing user by code: 201, then 200; unknown codes 404", async () => {
    const hr = await person("HR Adder", [[customerA, "employee_manager", ["add_employees"]]]);
    const newcomer = await newUser(database.db, "Newcomer");
    const url = `/api/os/customers/${customerA}/employees`;
    const first = await call(app, hr, "POST", url, { userCode: formatUserCode(newcomer.code).toLowerCase() });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      customerId: customerA,
      user: { id: newcomer.id },
      isActive: true,
      roles: [],
    });
    expect((await call(app, hr, "POST", url, { userCode: newcomer.code })).statusCode).toBe(200);

    const unknown = await call(app, hr, "POST", url, { userCode: "ZZZZ-ZZZZ-ZZZZ" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers["content-type"]).toContain("application/problem+json");
    expect(unknown.json().detail).toContain("ZZZZ-ZZZZ-ZZZZ");
  });

  it("reactivates an inactive contract on adding only with deactivate_employees", async () => {
    const former = await newUser(database.db, "Former Employee");
    await employ(former, customerA, false);
    const adder = await person("HR Adder Only", [[customerA, "employee_manager", ["add_employees"]]]);
    const url = `/api/os/customers/${customerA}/employees`;
    const refused = await call(app, adder, "POST", url, { userCode: former.code });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe("contract_inactive");
    const full = await person("HR Full", [
      [customerA, "employee_manager", ["add_employees", "deactivate_employees"]],
    ]);
    const added = await call(app, full, "POST", url, { userCode: former.code });
    expect(added.statusCode).toBe(200);
    expect(added.json()).toMatchObject({ isActive: true, deactivationDate: null });
  });

  it("deactivates and reactivates contracts of the manager's customer only, never their own", async () => {
    const hr = await person("HR Switcher", [[customerA, "employee_manager", ["deactivate_employees"]]]);
    const worker = await newUser(database.db, "Worker Switched");
    const contractId = await employ(worker, customerA);
    const off = await call(app, hr, "POST", `/api/os/contracts/${contractId}/deactivate`);
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({
      isActive: false,
      deactivationDate: new Date().toISOString().slice(0, 10),
    });
    const on = await call(app, hr, "POST", `/api/os/contracts/${contractId}/reactivate`);
    expect(on.json()).toMatchObject({ isActive: true, deactivationDate: null });
    const logged = await searchAudit(database.db, { actorUserId: hr.user.id });
    expect(logged.map((entry) => entry.action)).toEqual(["contract.reactivated", "contract.deactivated"]);
    expect(logged[1]).toMatchObject({
      customerId: customerA,
      targetId: contractId,
      before: { isActive: true },
      after: { isActive: false },
    });

    const elsewhere = await employ(await newUser(database.db, "Worker B"), customerB);
    expect((await call(app, hr, "POST", `/api/os/contracts/${elsewhere}/deactivate`)).statusCode).toBe(403);
    const own = await call(app, hr, "GET", "/api/os/me/profile");
    const ownContract = own.json().contracts[0].id as string;
    const self = await call(app, hr, "POST", `/api/os/contracts/${ownContract}/deactivate`);
    expect(self.statusCode).toBe(403);
    expect(self.json().detail).toContain("your own contract");
  });

  it("refuses state changes without the CSRF header", async () => {
    const hr = await person("HR No Token", [[customerA, "employee_manager", ["add_employees"]]]);
    const response = await call(
      app,
      { ...hr, csrf: "" },
      "POST",
      `/api/os/customers/${customerA}/employees`,
      {
        userCode: hr.user.code,
      },
    );
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe("csrf_refused");
  });
});

describe("enrolling people", () => {
  it("lets a key manager enrol a new employee: user, active contract and a working link", async () => {
    const keys = await person("Key Keeper", [[customerA, "key_manager", ["create_users"]]]);
    const response = await call(app, keys, "POST", `/api/os/customers/${customerA}/enrolments`, {
      displayName: "Fresh Hire",
      language: "en",
    });
    expect(response.statusCode).toBe(201);
    const { employee, enrolmentLink } = response.json();
    expect(employee).toMatchObject({
      customerId: customerA,
      isActive: true,
      user: { displayName: "Fresh Hire" },
    });
    expect(enrolmentLink.url).toBe(`http://localhost:8000/os/enrol/${enrolmentLink.token}`);
    const opened = await app.inject({ method: "GET", url: `/api/auth/enrolment/${enrolmentLink.token}` });
    expect(opened.statusCode).toBe(200);
    expect(opened.json().user.displayName).toBe("Fresh Hire");

    const actions = (await searchAudit(database.db, { actorUserId: keys.user.id })).map(
      (entry) => entry.action,
    );
    expect(actions.sort()).toEqual(["contract.created", "enrolment_link.issued", "user.created"]);
    const [issued] = await searchAudit(database.db, {
      actorUserId: keys.user.id,
      action: "enrolment_link.issued",
    });
    expect(issued?.customerId).toBe(customerA);
  });

  it("issues a new link for an employee who lost their keys, not for others", async () => {
    const keys = await person("Key Helper", [[customerA, "key_manager", ["create_users"]]]);
    const url = `/api/os/customers/${customerA}/enrolment-links`;
    const employee = await newUser(database.db, "Lost Keys");
    await employ(employee, customerA);
    const issued = await call(app, keys, "POST", url, { userCode: employee.code });
    expect(issued.statusCode).toBe(201);
    expect(issued.json()).toMatchObject({ userId: employee.id });

    const stranger = await newUser(database.db, "Stranger");
    expect((await call(app, keys, "POST", url, { userCode: stranger.code })).statusCode).toBe(404);
    const gone = await newUser(database.db, "Gone Employee");
    await employ(gone, customerA, false);
    expect((await call(app, keys, "POST", url, { userCode: gone.code })).statusCode).toBe(409);
    const staffer = await newUser(database.db, "Staff With Contract", { isStaff: true });
    await employ(staffer, customerA);
    expect((await call(app, keys, "POST", url, { userCode: staffer.code })).statusCode).toBe(403);
  });
});

describe("role grants over HTTP", () => {
  it("grants, lists and revokes, with 403 naming missing abilities", async () => {
    const granter = await person("API Granter", [
      [customerA, "api_key_manager", ["create_api_keys", "grant_role"]],
    ]);
    const target = await newUser(database.db, "API Target");
    const url = `/api/os/customers/${customerA}/role-grants`;
    const refused = await call(app, granter, "POST", url, {
      userCode: target.code,
      role: "api_key_manager",
      abilities: ["create_api_keys", "delete_api_keys"],
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toContain("delete_api_keys");

    const granted = await call(app, granter, "POST", url, {
      userCode: target.code,
      role: "api_key_manager",
      abilities: ["create_api_keys"],
    });
    expect(granted.statusCode).toBe(200);
    expect(granted.json()).toMatchObject({
      changed: true,
      abilities: ["create_api_keys"],
      user: { id: target.id },
    });

    const holders = await call(app, granter, "GET", `${url}?role=api_key_manager`);
    expect(holders.json().items.map((item: { user: { id: string } }) => item.user.id)).toEqual(
      expect.arrayContaining([granter.user.id, target.id]),
    );

    const revoked = await call(app, granter, "POST", `${url}/revoke`, {
      userCode: target.code,
      role: "api_key_manager",
    });
    expect(revoked.json()).toMatchObject({ changed: true, abilities: null });
    const invalid = await call(app, granter, "POST", url, { userCode: target.code, role: "no_such_role" });
    expect(invalid.statusCode).toBe(400);
  });
});
