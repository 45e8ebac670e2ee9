import { describe, expect, it } from "vitest";
import { ROLE_ABILITIES as SERVER_CATALOGUE } from "../../../../src/modules/access/roles.ts";
import { ApiError } from "../../api/client";
import { Holdings } from "../../app/navigation";
import {
  explainRoleError,
  grantableRoles,
  type Holder,
  holdersOf,
  offeredAbilities,
  ROLE_ABILITIES,
  withheldAbilities,
} from "./model";

it("mirrors the server's role catalogue exactly", () => {
  expect(ROLE_ABILITIES).toEqual(SERVER_CATALOGUE);
  expect(Object.keys(ROLE_ABILITIES)).toEqual(Object.keys(SERVER_CATALOGUE));
});

const manager = new Holdings([
  { role: "employee_manager", abilities: ["add_employees", "grant_role"] },
  { role: "execution_manager", abilities: ["grant_role", "delete_executions"] },
  { role: "program_manager", abilities: ["create_programs"] },
]);

describe("grantableRoles", () => {
  it("lists the roles held with grant_role, in the catalogue's order", () => {
    expect(grantableRoles(manager)).toEqual(["employee_manager", "execution_manager"]);
  });

  it("lists every role for staff", () => {
    expect(grantableRoles(new Holdings([], true))).toEqual(Object.keys(SERVER_CATALOGUE));
  });

  it("lists none without grant_role", () => {
    expect(grantableRoles(new Holdings([{ role: "key_manager", abilities: ["create_users"] }]))).toEqual([]);
  });
});

describe("offered and withheld abilities", () => {
  it("offers only the abilities held for the role, in the catalogue's order", () => {
    expect(offeredAbilities(manager, "execution_manager")).toEqual(["delete_executions", "grant_role"]);
    expect(withheldAbilities(manager, "execution_manager")).toEqual(["create_executions"]);
  });

  it("offers staff every ability", () => {
    const staff = new Holdings([], true);
    expect(offeredAbilities(staff, "customer_manager")).toEqual(["edit_customer", "grant_role"]);
    expect(withheldAbilities(staff, "customer_manager")).toEqual([]);
  });

  it("offers nothing for a role not held", () => {
    expect(offeredAbilities(manager, "key_manager")).toEqual([]);
  });
});

it("picks the holders of one role", () => {
  const holder = (role: Holder["role"], id: string): Holder => ({
    user: { id, code: id, displayName: id, isActive: true },
    contractId: `${id}-${role}`,
    contractActive: true,
    role,
    abilities: [],
  });
  const holders = [
    holder("employee_manager", "a"),
    holder("key_manager", "b"),
    holder("employee_manager", "c"),
  ];
  expect(holdersOf(holders, "employee_manager").map((h) => h.user.id)).toEqual(["a", "c"]);
});

describe("explainRoleError", () => {
  it("names the abilities the granter lacks from the problem's details", () => {
    const error = new ApiError({
      status: 403,
      code: "forbidden",
      errors: [
        { path: "abilities.create_executions", message: "You do not hold this ability." },
        { path: "abilities.grant_role", message: "You do not hold this ability." },
      ],
    });
    expect(explainRoleError(error, "grant")).toEqual({
      key: "errors.missingAbilities",
      abilities: ["create_executions", "grant_role"],
    });
  });

  it("explains an inactive contract", () => {
    expect(explainRoleError(new ApiError({ status: 403, code: "contract_inactive" }), "grant")).toEqual({
      key: "errors.contractInactive",
    });
  });

  it("says what granting and revoking require on another 403", () => {
    const error = new ApiError({ status: 403, code: "forbidden" });
    expect(explainRoleError(error, "grant")?.key).toBe("errors.forbidden.grant");
    expect(explainRoleError(error, "revoke")?.key).toBe("errors.forbidden.revoke");
  });

  it("names an unknown user code", () => {
    expect(
      explainRoleError(new ApiError({ status: 404, code: "not_found" }), "grant", "K7QM-3XTD-9PWA"),
    ).toEqual({
      key: "errors.unknownCode",
      code: "K7QM-3XTD-9PWA",
    });
  });

  it("leaves network, session, throttling and server errors to the shared texts", () => {
    for (const status of [0, 401, 429, 500])
      expect(explainRoleError(new ApiError({ status }), "grant")).toBeNull();
  });
});
