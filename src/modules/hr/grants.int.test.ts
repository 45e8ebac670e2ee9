import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../testing/database.ts";
import { grantsOf, holdRole, newCustomer, newUser } from "../../testing/people.ts";
import type { Actor } from "../access/policy.ts";
import type { Ability, Role } from "../access/roles.ts";
import { searchAudit } from "../audit/service.ts";
import type { User } from "../identity/schema.ts";
import { grantRole, listRoleHolders, revokeRole } from "./grants.ts";
import { ensureContract, findContractOfUser, loadActor, setContractActive } from "./service.ts";

const database = useTestDatabase();
let customerA: string;
let customerB: string;

beforeAll(async () => {
  customerA = await newCustomer(database.db, "Customer A");
  customerB = await newCustomer(database.db, "Customer B");
});

async function actorFor(user: User): Promise<Actor> {
  return loadActor(database.db, user, { userId: user.id, ip: "192.0.2.1", requestId: "test" });
}

async function manager(role: Role, abilities: Ability[], customerId = customerA): Promise<Actor> {
  const user = await newUser(database.db, `${role} ${abilities.join("+")}`);
  await holdRole(database.db, user.id, customerId, role, abilities);
  return actorFor(user);
}

async function contractOf(user: User, customerId = customerA) {
  return findContractOfUser(database.db, user.id, customerId);
}

async function auditOf(user: User, action: string) {
  const entries = await searchAudit(database.db, { action });
  return entries.filter((entry) => entry.targetId === user.id);
}

const expectStatus = async (work: Promise<unknown>, status: number, message?: RegExp) => {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught as { status: number; message: string },
  );
  expect(error?.status).toBe(status);
  if (message) expect(error?.message).toMatch(message);
};

describe("granting", () => {
  it("gives the target an employee, an active contract and exactly the requested abilities, audit-logged", async () => {
    const granter = await manager("program_manager", ["create_programs", "grant_role"]);
    const target = await newUser(database.db, "Target One");
    const outcome = await grantRole(database.db, granter, {
      customerId: customerA,
      userCode: target.code.toLowerCase(),
      role: "program_manager",
      abilities: ["create_programs"],
    });
    expect(outcome).toMatchObject({ role: "program_manager", abilities: ["create_programs"], changed: true });
    const contract = await contractOf(target);
    expect(contract?.isActive).toBe(true);
    expect(await grantsOf(database.db, contract?.id ?? "")).toMatchObject([
      { role: "program_manager", abilities: ["create_programs"] },
    ]);
    const [entry] = await auditOf(target, "role.granted");
    expect(entry).toMatchObject({
      actorUserId: granter.user.id,
      customerId: customerA,
      targetType: "user",
      before: null,
      after: { role: "program_manager", abilities: ["create_programs"], contractId: contract?.id },
      ip: "192.0.2.1",
    });
    const created = await searchAudit(database.db, { action: "contract.created", customerId: customerA });
    expect(created.filter((entry) => entry.targetId === contract?.id)).toMatchObject([
      { actorUserId: granter.user.id, after: { userId: target.id, isActive: true } },
    ]);
  });

  it("is idempotent: granting twice changes nothing and logs once", async () => {
    const granter = await manager("execution_manager", ["create_executions", "grant_role"]);
    const target = await newUser(database.db, "Target Twice");
    const input = {
      customerId: customerA,
      userCode: target.code,
      role: "execution_manager" as const,
      abilities: ["grant_role", "create_executions"],
    };
    expect((await grantRole(database.db, granter, input)).changed).toBe(true);
    const again = await grantRole(database.db, granter, input);
    expect(again).toMatchObject({ changed: false, abilities: ["create_executions", "grant_role"] });
    expect(await auditOf(target, "role.granted")).toHaveLength(1);
  });

  it("adds abilities to a role already held, keeping the others", async () => {
    const granter = await manager("time_account_manager", [
      "create_time_accounts",
      "delete_time_accounts",
      "grant_role",
    ]);
    const target = await newUser(database.db, "Target Adds");
    const grant = (abilities: string[]) =>
      grantRole(database.db, granter, {
        customerId: customerA,
        userCode: target.code,
        role: "time_account_manager",
        abilities,
      });
    await grant(["delete_time_accounts"]);
    const outcome = await grant(["create_time_accounts"]);
    expect(outcome.abilities).toEqual(["create_time_accounts", "delete_time_accounts"]);
    const [second] = await auditOf(target, "role.granted");
    expect(second?.before).toEqual({ role: "time_account_manager", abilities: ["delete_time_accounts"] });
  });

  it("refuses abilities the granter lacks, naming them, and changes nothing", async () => {
    const granter = await manager("key_manager", ["create_users", "grant_role"]);
    const target = await newUser(database.db, "Target Refused");
    await expectStatus(
      grantRole(database.db, granter, {
        customerId: customerA,
        userCode: target.code,
        role: "key_manager",
        abilities: ["create_users", "delete_users"],
      }),
      403,
      /delete_users/,
    );
    expect(await contractOf(target)).toBeUndefined();
    expect(await auditOf(target, "role.granted")).toHaveLength(0);
  });

  it("refuses granting for another customer, a role not held, or without grant_role", async () => {
    const granter = await manager("program_manager", ["create_programs", "grant_role"]);
    const noGrant = await manager("program_manager", ["create_programs"]);
    const target = await newUser(database.db, "Target Elsewhere");
    const base = { userCode: target.code, abilities: [] };
    await expectStatus(
      grantRole(database.db, granter, { ...base, customerId: customerB, role: "program_manager" }),
      403,
    );
    await expectStatus(
      grantRole(database.db, granter, { ...base, customerId: customerA, role: "api_key_manager" }),
      403,
    );
    await expectStatus(
      grantRole(database.db, noGrant, { ...base, customerId: customerA, role: "program_manager" }),
      403,
    );
    expect(await contractOf(target, customerB)).toBeUndefined();
  });

  it("answers 404 for an unknown user code and 400 for an ability of another role", async () => {
    const granter = await manager("customer_manager", ["edit_customer", "grant_role"]);
    await expectStatus(
      grantRole(database.db, granter, {
        customerId: customerA,
        userCode: "ZZZZ-ZZZZ-ZZZZ",
        role: "customer_manager",
        abilities: [],
      }),
      404,
      /no user with the code ZZZZ-ZZZZ-ZZZZ/,
    );
    const target = await newUser(database.db, "Target Foreign");
    await expectStatus(
      grantRole(database.db, granter, {
        customerId: customerA,
        userCode: target.code,
        role: "customer_manager",
        abilities: ["create_users"],
      }),
      400,
      /customer_manager has no abilities named create_users/,
    );
  });

  it("refuses changes to one's own grants", async () => {
    const user = await newUser(database.db, "Self Granter");
    await holdRole(database.db, user.id, customerA, "employee_manager", ["add_employees", "grant_role"]);
    const granter = await actorFor(user);
    const input = { customerId: customerA, userCode: user.code, role: "employee_manager" as const };
    await expectStatus(
      grantRole(database.db, granter, { ...input, abilities: ["add_employees"] }),
      403,
      /your own role grants/,
    );
    await expectStatus(revokeRole(database.db, granter, input), 403, /your own role grants/);
  });

  it("gives a role on an inactive contract no power", async () => {
    const user = await newUser(database.db, "Inactive Granter");
    await holdRole(database.db, user.id, customerA, "program_manager", ["create_programs", "grant_role"], {
      activeContract: false,
    });
    const target = await newUser(database.db, "Target Of Inactive");
    await expectStatus(
      grantRole(database.db, await actorFor(user), {
        customerId: customerA,
        userCode: target.code,
        role: "program_manager",
        abilities: [],
      }),
      403,
    );
  });

  it("reactivates the target's inactive contract only for someone allowed to", async () => {
    const target = await newUser(database.db, "Target Inactive");
    const { contract } = await ensureContract(database.db, { userId: null }, target.id, customerA);
    await setContractActive(database.db, { userId: null }, contract.id, false);
    const granter = await manager("program_manager", ["grant_role"]);
    const input = {
      customerId: customerA,
      userCode: target.code,
      role: "program_manager" as const,
      abilities: [],
    };
    await expectStatus(grantRole(database.db, granter, input), 403, /inactive/);
    expect((await contractOf(target))?.isActive).toBe(false);

    const both = await newUser(database.db, "Program And Employee Manager");
    await holdRole(database.db, both.id, customerA, "program_manager", ["grant_role"]);
    await holdRole(database.db, both.id, customerA, "employee_manager", ["deactivate_employees"]);
    expect((await grantRole(database.db, await actorFor(both), input)).changed).toBe(true);
    expect((await contractOf(target))?.isActive).toBe(true);
    const reactivations = await searchAudit(database.db, {
      action: "contract.reactivated",
      actorUserId: both.id,
    });
    expect(reactivations.map((entry) => entry.targetId)).toEqual([contract.id]);
  });

  it("keeps staff members' grants out of customers' hands but lets staff grant anything", async () => {
    const granter = await manager("api_key_manager", ["create_api_keys", "grant_role"]);
    const staffTarget = await newUser(database.db, "Staff Target", { isStaff: true });
    await expectStatus(
      grantRole(database.db, granter, {
        customerId: customerA,
        userCode: staffTarget.code,
        role: "api_key_manager",
        abilities: [],
      }),
      403,
      /managed by staff/,
    );
    const staff = await actorFor(await newUser(database.db, "Staff Granter", { isStaff: true }));
    const target = await newUser(database.db, "Target Of Staff");
    const outcome = await grantRole(database.db, staff, {
      customerId: customerB,
      userCode: target.code,
      role: "key_manager",
      abilities: ["create_users", "delete_users", "grant_role"],
    });
    expect(outcome.abilities).toEqual(["create_users", "delete_users", "grant_role"]);
    await expectStatus(
      grantRole(database.db, staff, {
        customerId: "0199aaaa-0000-7000-8000-000000000000",
        userCode: target.code,
        role: "key_manager",
        abilities: [],
      }),
      404,
      /no customer/,
    );
  });

  it("loses no ability when grants for the same person race", async () => {
    const granter = await manager("employee_manager", [
      "add_employees",
      "deactivate_employees",
      "grant_role",
    ]);
    const target = await newUser(database.db, "Target Raced");
    const grant = (ability: Ability) =>
      grantRole(database.db, granter, {
        customerId: customerA,
        userCode: target.code,
        role: "employee_manager",
        abilities: [ability],
      });
    await Promise.all([grant("add_employees"), grant("deactivate_employees"), grant("grant_role")]);
    const contract = await contractOf(target);
    const [row] = await grantsOf(database.db, contract?.id ?? "");
    expect(row?.abilities).toEqual(["add_employees", "deactivate_employees", "grant_role"]);
  });
});

describe("revoking", () => {
  it("removes abilities, then the whole role, audit-logged; repeating changes nothing", async () => {
    const granter = await manager("execution_manager", ["grant_role"]);
    const target = await newUser(database.db, "Target Revoked");
    const contractId = await holdRole(database.db, target.id, customerA, "execution_manager", [
      "create_executions",
      "delete_executions",
    ]);
    const revoke = (abilities?: string[]) =>
      revokeRole(database.db, granter, {
        customerId: customerA,
        userCode: target.code,
        role: "execution_manager",
        abilities,
      });

    // Whoever may grant a role may take abilities away that they do not hold themselves.
    expect(await revoke(["delete_executions"])).toMatchObject({
      abilities: ["create_executions"],
      changed: true,
    });
    expect(await revoke(["delete_executions"])).toMatchObject({ changed: false });
    const [partial] = await auditOf(target, "role.abilities_revoked");
    expect(partial).toMatchObject({
      before: { role: "execution_manager", abilities: ["create_executions", "delete_executions"] },
      after: { role: "execution_manager", abilities: ["create_executions"] },
    });

    expect(await revoke()).toMatchObject({ abilities: null, changed: true });
    expect(await grantsOf(database.db, contractId)).toEqual([]);
    expect(await revoke()).toMatchObject({ abilities: null, changed: false });
    expect(await auditOf(target, "role.revoked")).toHaveLength(1);
  });

  it("refuses revoking without grant_role or for another customer", async () => {
    const target = await newUser(database.db, "Target Kept");
    const contractId = await holdRole(database.db, target.id, customerA, "key_manager", ["create_users"]);
    const noGrant = await manager("key_manager", ["create_users", "delete_users"]);
    const otherCustomer = await manager("key_manager", ["grant_role"], customerB);
    for (const actor of [noGrant, otherCustomer]) {
      await expectStatus(
        revokeRole(database.db, actor, { customerId: customerA, userCode: target.code, role: "key_manager" }),
        403,
      );
    }
    expect(await grantsOf(database.db, contractId)).toMatchObject([
      { role: "key_manager", abilities: ["create_users"] },
    ]);
  });
});

describe("listing holders", () => {
  it("shows the holders of the roles the actor may grant, for that customer only", async () => {
    const granter = await manager("customer_manager", ["grant_role"]);
    const holder = await newUser(database.db, "Customer Manager Holder");
    await holdRole(database.db, holder.id, customerA, "customer_manager", ["edit_customer"]);
    const elsewhere = await newUser(database.db, "Holder Elsewhere");
    await holdRole(database.db, elsewhere.id, customerB, "customer_manager", ["edit_customer"]);
    const holders = await listRoleHolders(database.db, granter, customerA);
    expect(holders.every((entry) => entry.role === "customer_manager")).toBe(true);
    expect(holders.map((entry) => entry.user.id)).toContain(holder.id);
    expect(holders.map((entry) => entry.user.id)).not.toContain(elsewhere.id);
    await expectStatus(listRoleHolders(database.db, granter, customerA, "program_manager"), 403);
  });
});
