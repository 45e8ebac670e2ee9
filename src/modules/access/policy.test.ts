import { describe, expect, it } from "vitest";
import { ForbiddenError } from "../../lib/errors.ts";
import {
  assertMayGrant,
  assertMayIssueEnrolmentLink,
  assertMayReadAudit,
  assertMayRevoke,
  assertNotSelf,
  customerScope,
  hasAbility,
  holdsRole,
  mayChangeContracts,
  mayManagePerson,
  type Principal,
} from "./policy.ts";
import type { Ability, Role } from "./roles.ts";

const A = "customer-a";
const B = "customer-b";
const plain = { isActive: true, isStaff: false, isSuperuser: false };

function principal(
  roles: Record<string, Partial<Record<Role, Ability[]>>> = {},
  flags: Partial<typeof plain> = {},
): Principal {
  return {
    user: { id: "me", ...plain, ...flags },
    roles: new Map(
      Object.entries(roles).map(([customer, held]) => [
        customer,
        new Map(Object.entries(held).map(([role, abilities]) => [role as Role, new Set(abilities)])),
      ]),
    ),
  };
}

const refusal = (work: () => void) => {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ForbiddenError);
    return error as ForbiddenError;
  }
  throw new Error("expected a refusal");
};

describe("holding roles", () => {
  it("counts a role only for the customer it is held for", () => {
    const actor = principal({ [A]: { employee_manager: [] } });
    expect(holdsRole(actor, A, "employee_manager")).toBe(true);
    expect(holdsRole(actor, B, "employee_manager")).toBe(false);
    expect(holdsRole(actor, A, "program_manager")).toBe(false);
  });

  it("needs the ability of the same role: add_employees of A says nothing about B or other roles", () => {
    const actor = principal({ [A]: { employee_manager: ["add_employees"], program_manager: [] } });
    expect(hasAbility(actor, A, "employee_manager", "add_employees")).toBe(true);
    expect(hasAbility(actor, A, "employee_manager", "deactivate_employees")).toBe(false);
    expect(hasAbility(actor, B, "employee_manager", "add_employees")).toBe(false);
    expect(hasAbility(actor, A, "program_manager", "grant_role")).toBe(false);
  });

  it("lets active staff and superusers do everything, but not deactivated ones", () => {
    for (const flags of [{ isStaff: true }, { isSuperuser: true }]) {
      expect(hasAbility(principal({}, flags), B, "key_manager", "create_users")).toBe(true);
      expect(customerScope(principal({}, flags), "execution_manager")).toEqual({ all: true });
      expect(hasAbility(principal({}, { ...flags, isActive: false }), B, "key_manager", "create_users")).toBe(
        false,
      );
    }
  });

  it("scopes reads to the customers where the role is held", () => {
    const actor = principal({ [A]: { execution_manager: [] }, [B]: { program_manager: [] } });
    expect(customerScope(actor, "execution_manager")).toEqual({ all: false, customerIds: [A] });
    expect(customerScope(actor, "time_account_manager")).toEqual({ all: false, customerIds: [] });
  });
});

describe("delegation", () => {
  const granter = principal({ [A]: { program_manager: ["create_programs", "grant_role"] } });

  it("grants what the granter holds, including grant_role itself", () => {
    expect(() =>
      assertMayGrant(granter, {
        customerId: A,
        role: "program_manager",
        abilities: ["create_programs", "grant_role"],
      }),
    ).not.toThrow();
    expect(() =>
      assertMayGrant(granter, { customerId: A, role: "program_manager", abilities: [] }),
    ).not.toThrow();
  });

  it("refuses abilities the granter lacks and names them", () => {
    const error = refusal(() =>
      assertMayGrant(granter, {
        customerId: A,
        role: "program_manager",
        abilities: ["create_programs", "delete_programs"],
      }),
    );
    expect(error.message).toContain("delete_programs");
    expect(error.message).not.toContain("create_programs,");
    expect(error.details).toEqual([{ path: "abilities.delete_programs", message: expect.any(String) }]);
  });

  it("refuses a granter without grant_role, with another role, or for another customer", () => {
    const withoutGrant = principal({ [A]: { program_manager: ["create_programs"] } });
    refusal(() => assertMayGrant(withoutGrant, { customerId: A, role: "program_manager", abilities: [] }));
    refusal(() => assertMayGrant(granter, { customerId: A, role: "execution_manager", abilities: [] }));
    refusal(() => assertMayGrant(granter, { customerId: B, role: "program_manager", abilities: [] }));
  });

  it("lets whoever may grant a role revoke it, and nobody else", () => {
    expect(() => assertMayRevoke(granter, { customerId: A, role: "program_manager" })).not.toThrow();
    refusal(() => assertMayRevoke(granter, { customerId: B, role: "program_manager" }));
    refusal(() =>
      assertMayRevoke(principal({ [A]: { program_manager: [] } }), {
        customerId: A,
        role: "program_manager",
      }),
    );
  });

  it("refuses changes to one's own grants, also for staff", () => {
    refusal(() => assertNotSelf(granter, "me", "role grants"));
    refusal(() => assertNotSelf(principal({}, { isSuperuser: true }), "me", "role grants"));
    expect(() => assertNotSelf(granter, "someone else", "role grants")).not.toThrow();
  });

  it("gives a role on an inactive contract no power: such roles are not part of the principal", () => {
    // loadCustomerRoles leaves out inactive contracts; with nothing held, nothing may be granted.
    const inactive = principal({});
    refusal(() => assertMayGrant(inactive, { customerId: A, role: "program_manager", abilities: [] }));
  });

  it("lets staff grant every ability for every customer", () => {
    const staff = principal({}, { isStaff: true });
    expect(() =>
      assertMayGrant(staff, {
        customerId: B,
        role: "key_manager",
        abilities: ["create_users", "delete_users"],
      }),
    ).not.toThrow();
  });
});

describe("contracts, people, enrolment links and the audit log", () => {
  it("leaves reactivating contracts to deactivate_employees", () => {
    expect(mayChangeContracts(principal({ [A]: { employee_manager: ["deactivate_employees"] } }), A)).toBe(
      true,
    );
    expect(mayChangeContracts(principal({ [A]: { employee_manager: ["add_employees"] } }), A)).toBe(false);
  });

  it("keeps staff members out of customers' hands", () => {
    const manager = principal({ [A]: { employee_manager: ["add_employees"] } });
    expect(mayManagePerson(manager, { ...plain, isStaff: true })).toBe(false);
    expect(mayManagePerson(manager, plain)).toBe(true);
    expect(mayManagePerson(principal({}, { isStaff: true }), { ...plain, isSuperuser: true })).toBe(true);
  });

  it("lets key managers with create_users issue enrolment links for their customer only", () => {
    const keyManager = principal({ [A]: { key_manager: ["create_users"] } });
    expect(() => assertMayIssueEnrolmentLink(keyManager, plain, A)).not.toThrow();
    refusal(() => assertMayIssueEnrolmentLink(keyManager, plain, B));
    refusal(() => assertMayIssueEnrolmentLink(keyManager, plain));
    refusal(() => assertMayIssueEnrolmentLink(keyManager, { ...plain, isStaff: true }, A));
    refusal(() => assertMayIssueEnrolmentLink(principal({}, { isStaff: true }), { ...plain, isStaff: true }));
    expect(() =>
      assertMayIssueEnrolmentLink(principal({}, { isSuperuser: true }), { ...plain, isStaff: true }),
    ).not.toThrow();
  });

  it("shows the whole audit log to staff and a customer's entries to its customer managers", () => {
    const manager = principal({ [A]: { customer_manager: [] } });
    expect(() => assertMayReadAudit(manager, A)).not.toThrow();
    refusal(() => assertMayReadAudit(manager, B));
    refusal(() => assertMayReadAudit(manager));
    expect(() => assertMayReadAudit(principal({}, { isStaff: true }))).not.toThrow();
  });
});
