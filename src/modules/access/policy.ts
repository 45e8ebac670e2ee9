/**
 * Who may do what: the one policy module (SPEC §1, §3, §10). Pure functions over a `Principal`: the
 * signed-in user's flags and the roles they hold through active contracts, per customer. Services
 * call these before they read or change anything, so every entry point applies the same rules.
 *
 * Rules: everything is scoped to one customer; a role counts only on an active contract (the
 * principal's `roles` hold nothing else); staff and superusers may do everything for every customer.
 */
import { ForbiddenError } from "../../lib/errors.ts";
import type { ActorContext } from "../audit/service.ts";
import type { User } from "../identity/schema.ts";
import type { Ability, Role } from "./roles.ts";

type Flags = Pick<User, "isActive" | "isStaff" | "isSuperuser">;

/** Roles with their abilities, per customer id. */
export type CustomerRoles = ReadonlyMap<string, ReadonlyMap<Role, ReadonlySet<Ability>>>;

export interface Principal {
  user: Pick<User, "id"> & Flags;
  /** Only grants on active contracts. */
  roles: CustomerRoles;
}

/** A signed-in person acting through any entry point, with the context the audit log records. */
export interface Actor extends Principal {
  context: ActorContext;
}

export function isStaffMember(user: Flags): boolean {
  return user.isActive && (user.isStaff || user.isSuperuser);
}

export function holdsRole(principal: Principal, customerId: string, role: Role): boolean {
  return isStaffMember(principal.user) || (principal.roles.get(customerId)?.has(role) ?? false);
}

export function hasAbility(principal: Principal, customerId: string, role: Role, ability: Ability): boolean {
  return isStaffMember(principal.user) || (principal.roles.get(customerId)?.get(role)?.has(ability) ?? false);
}

/** The customers whose `role` data the principal may see: every customer for staff. */
export type CustomerScope = { all: true } | { all: false; customerIds: string[] };

export function customerScope(principal: Principal, role: Role): CustomerScope {
  if (isStaffMember(principal.user)) return { all: true };
  const customerIds = [...principal.roles].filter(([, roles]) => roles.has(role)).map(([id]) => id);
  return { all: false, customerIds };
}

const ROLE_NAMES: Record<Role, string> = {
  employee_manager: "employee manager",
  time_account_manager: "time account manager",
  program_manager: "program manager",
  execution_manager: "execution manager",
  api_key_manager: "API key manager",
  key_manager: "key manager",
  customer_manager: "customer manager",
};

/** Seeing a part of a customer's data needs the role for that customer (with any abilities). */
export function assertHoldsRole(principal: Principal, customerId: string, role: Role): void {
  if (!holdsRole(principal, customerId, role)) {
    throw new ForbiddenError(`Only a ${ROLE_NAMES[role]} of this customer (or staff) may do this.`);
  }
}

export function assertHasAbility(
  principal: Principal,
  customerId: string,
  role: Role,
  ability: Ability,
): void {
  if (!hasAbility(principal, customerId, role, ability)) {
    throw new ForbiddenError(
      `Only a ${ROLE_NAMES[role]} of this customer with the ability ${ability} (or staff) may do this.`,
    );
  }
}

/**
 * Granting (and revoking) role R for customer C needs R for C with `grant_role`. Requested abilities
 * the granter lacks are refused by name, never silently dropped (SPEC §3). (Nobody changes their own
 * grants: `assertNotSelf` once the target is known.)
 */
export function assertMayGrant(
  principal: Principal,
  input: { customerId: string; role: Role; abilities: readonly Ability[] },
): void {
  assertHasAbility(principal, input.customerId, input.role, "grant_role");
  if (!isStaffMember(principal.user)) {
    const held = principal.roles.get(input.customerId)?.get(input.role);
    const missing = input.abilities.filter((ability) => !held?.has(ability));
    if (missing.length > 0) {
      throw new ForbiddenError(
        `You cannot grant abilities you do not hold yourself: ${missing.join(", ")}. Nothing was changed.`,
        missing.map((ability) => ({
          path: `abilities.${ability}`,
          message: "You do not hold this ability.",
        })),
      );
    }
  }
}

/** Whoever may grant a role for a customer may take its abilities, or the whole role, away again. */
export function assertMayRevoke(principal: Principal, input: { customerId: string; role: Role }): void {
  assertHasAbility(principal, input.customerId, input.role, "grant_role");
}

export function assertNotSelf(principal: Principal, targetUserId: string, what: string): void {
  if (principal.user.id === targetUserId) {
    throw new ForbiddenError(`You cannot change your own ${what}; ask another manager.`);
  }
}

/** Reactivating an inactive contract is the `deactivate_employees` ability's decision. */
export function mayChangeContracts(principal: Principal, customerId: string): boolean {
  return hasAbility(principal, customerId, "employee_manager", "deactivate_employees");
}

/**
 * Employee lists hide staff members' contracts from customers' managers (as the original did): the
 * operating company's people are not the customer's to manage.
 */
export function mayManagePerson(principal: Principal, person: Flags): boolean {
  return isStaffMember(principal.user) || !(person.isStaff || person.isSuperuser);
}

export function assertStaff(actor: Flags): void {
  if (!isStaffMember(actor)) throw new ForbiddenError("Only staff may do this.");
}

/** Staff create users; only superusers create staff or superusers. */
export function assertMayCreateUser(
  actor: Flags,
  wanted: { isStaff?: boolean; isSuperuser?: boolean },
): void {
  assertStaff(actor);
  if ((wanted.isStaff || wanted.isSuperuser) && !actor.isSuperuser) {
    throw new ForbiddenError("Only superusers may create staff members or superusers.");
  }
}

/**
 * Enrolment links let their holder add a passkey to the account. Staff issue them; a key manager with
 * `create_users` issues them for the customer's own people (`customerId`). For a staff member's or
 * superuser's account only a superuser may.
 */
export function assertMayIssueEnrolmentLink(principal: Principal, target: Flags, customerId?: string): void {
  if (customerId === undefined) assertStaff(principal.user);
  else assertHasAbility(principal, customerId, "key_manager", "create_users");
  if ((target.isStaff || target.isSuperuser) && !principal.user.isSuperuser) {
    throw new ForbiddenError("Only superusers may issue enrolment links for staff members or superusers.");
  }
}

/** The audit log: staff see everything, customer managers their customer's entries (SPEC §13). */
export function assertMayReadAudit(principal: Principal, customerId?: string): void {
  if (customerId === undefined) assertStaff(principal.user);
  else assertHoldsRole(principal, customerId, "customer_manager");
}
