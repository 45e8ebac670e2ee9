/**
 * The menu of one customer, built from the roles the user holds for it (GET /api/os/me/roles).
 * The same rules guard the pages, so a menu item and its page never disagree. The server checks
 * every request on its own; this only keeps people from pages that would show them nothing.
 */
import type { paths } from "../api/schema";

export type MyRoles = paths["/api/os/me/roles"]["get"]["responses"][200]["content"]["application/json"];
export type CustomerRoles = MyRoles["customers"][number];
export type RoleHolding = CustomerRoles["roles"][number];
export type Role = RoleHolding["role"];
export type Ability = RoleHolding["abilities"][number];

export type PageKey =
  | "dashboard"
  | "executions"
  | "timeAccounts"
  | "programs"
  | "employees"
  | "apiKeys"
  | "roles"
  | "customer"
  | "complaints";

export interface NavItem {
  page: PageKey;
  /** Below /os/c/<customer id>/; "" is the dashboard. */
  path: string;
  /** In the `common` namespace. */
  labelKey: string;
}

export class Holdings {
  readonly #roles: Map<Role, Set<Ability>>;

  constructor(
    roles: readonly RoleHolding[],
    readonly staff = false,
  ) {
    this.#roles = new Map(roles.map((holding) => [holding.role, new Set(holding.abilities)]));
  }

  holds(role: Role): boolean {
    return this.staff || this.#roles.has(role);
  }

  can(role: Role, ability: Ability): boolean {
    return this.staff || (this.#roles.get(role)?.has(ability) ?? false);
  }

  /** Roles this user may grant (holds with grant_role). */
  grantable(): Role[] {
    return [...this.#roles].filter(([, abilities]) => abilities.has("grant_role")).map(([role]) => role);
  }

  abilitiesOf(role: Role): Ability[] {
    return [...(this.#roles.get(role) ?? [])];
  }

  get any(): boolean {
    return this.staff || this.#roles.size > 0;
  }
}

const ITEMS: readonly (NavItem & { shown: (holdings: Holdings) => boolean })[] = [
  {
    page: "dashboard",
    path: "",
    labelKey: "nav.dashboard",
    shown: (h) => h.holds("execution_manager") || h.holds("program_manager"),
  },
  {
    page: "executions",
    path: "executions",
    labelKey: "nav.executions",
    shown: (h) => h.holds("execution_manager"),
  },
  {
    page: "timeAccounts",
    path: "time-accounts",
    labelKey: "nav.timeAccounts",
    shown: (h) => h.holds("time_account_manager"),
  },
  { page: "programs", path: "programs", labelKey: "nav.programs", shown: (h) => h.holds("program_manager") },
  {
    page: "employees",
    path: "employees",
    labelKey: "nav.employees",
    shown: (h) => h.holds("employee_manager") || h.holds("key_manager"),
  },
  {
    page: "complaints",
    path: "complaints",
    labelKey: "nav.complaints",
    shown: (h) => h.holds("execution_manager"),
  },
  { page: "apiKeys", path: "api-keys", labelKey: "nav.apiKeys", shown: (h) => h.holds("api_key_manager") },
  { page: "roles", path: "roles", labelKey: "nav.roles", shown: (h) => h.staff || h.grantable().length > 0 },
  { page: "customer", path: "customer", labelKey: "nav.customer", shown: (h) => h.holds("customer_manager") },
];

export function navigationFor(holdings: Holdings): NavItem[] {
  return ITEMS.filter((item) => item.shown(holdings)).map(({ page, path, labelKey }) => ({
    page,
    path,
    labelKey,
  }));
}

export function mayOpen(page: PageKey, holdings: Holdings): boolean {
  return ITEMS.find((item) => item.page === page)?.shown(holdings) ?? false;
}
