/**
 * The role granting page's decisions, kept pure for unit tests: which roles the user may grant,
 * which abilities the form offers (only those the user holds, SPEC §3), and which plain-words text
 * explains a refusal.
 */
import { ApiError } from "../../api/client";
import type { paths } from "../../api/schema";
import type { Ability, Holdings, Role } from "../../app/navigation";

export type Holder =
  paths["/api/os/customers/{customerId}/role-grants"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type GrantOutcome =
  paths["/api/os/customers/{customerId}/role-grants"]["post"]["responses"][200]["content"]["application/json"];

/** The catalogue of src/modules/access/roles.ts (a unit test keeps the two equal), in its order. */
export const ROLE_ABILITIES: Readonly<Record<Role, readonly Ability[]>> = {
  employee_manager: ["add_employees", "deactivate_employees", "grant_role"],
  time_account_manager: ["create_time_accounts", "delete_time_accounts", "grant_role"],
  program_manager: ["create_programs", "delete_programs", "grant_role"],
  execution_manager: ["create_executions", "delete_executions", "grant_role"],
  api_key_manager: ["create_api_keys", "delete_api_keys", "grant_role"],
  key_manager: ["create_users", "delete_users", "grant_role"],
  customer_manager: ["edit_customer", "grant_role"],
};

export const ROLES = Object.keys(ROLE_ABILITIES) as Role[];

export const holdersKey = (customerId: string) => ["customers", customerId, "role-grants"] as const;

export function isRole(value: string | null): value is Role {
  return value !== null && Object.hasOwn(ROLE_ABILITIES, value);
}

/** The roles the user may grant for the customer, in the catalogue's order: all of them for staff. */
export function grantableRoles(holdings: Holdings): Role[] {
  if (holdings.staff) return [...ROLES];
  const grantable = new Set(holdings.grantable());
  return ROLES.filter((role) => grantable.has(role));
}

/** The abilities the grant form offers for `role`: those the user holds (staff: all), in order. */
export function offeredAbilities(holdings: Holdings, role: Role): Ability[] {
  if (holdings.staff) return [...ROLE_ABILITIES[role]];
  const held = new Set(holdings.abilitiesOf(role));
  return ROLE_ABILITIES[role].filter((ability) => held.has(ability));
}

/** The role's abilities the user cannot pass on, because they do not hold them. */
export function withheldAbilities(holdings: Holdings, role: Role): Ability[] {
  const offered = new Set(offeredAbilities(holdings, role));
  return ROLE_ABILITIES[role].filter((ability) => !offered.has(ability));
}

/** The holders of one role, in the server's order (by name). */
export function holdersOf(holders: readonly Holder[], role: Role): Holder[] {
  return holders.filter((holder) => holder.role === role);
}

/** A text of the `roles` namespace, with what it names (ability keys are translated by the page). */
export interface Explanation {
  key: string;
  abilities?: Ability[];
  code?: string;
}

export type RoleAction = "grant" | "revoke";

const ABILITY_PATH = /^abilities\.([a-z_]+)$/;

/**
 * What to tell the person when the server refused to grant or revoke; null for errors the shared
 * texts say well (network, signed out, too many attempts, server errors).
 */
export function explainRoleError(error: unknown, action: RoleAction, code = ""): Explanation | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === "contract_inactive") return { key: "errors.contractInactive" };
  switch (error.status) {
    case 400:
      return { key: "errors.invalidInput" };
    case 403: {
      const missing = (error.problem.errors ?? []).flatMap((detail) => {
        const match = ABILITY_PATH.exec(detail.path);
        return match?.[1] ? [match[1] as Ability] : [];
      });
      if (missing.length > 0) return { key: "errors.missingAbilities", abilities: missing };
      return { key: `errors.forbidden.${action}` };
    }
    case 404:
      return { key: "errors.unknownCode", code };
    default:
      return null;
  }
}
