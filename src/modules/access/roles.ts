/**
 * The seven customer roles and their abilities (SPEC §3). Holding a role (with any abilities or none)
 * lets you see that part of the customer's data; the abilities let you change it.
 */
export const ROLE_ABILITIES = {
  employee_manager: ["add_employees", "deactivate_employees", "grant_role"],
  time_account_manager: ["create_time_accounts", "delete_time_accounts", "grant_role"],
  program_manager: ["create_programs", "delete_programs", "grant_role"],
  execution_manager: ["create_executions", "delete_executions", "grant_role"],
  api_key_manager: ["create_api_keys", "delete_api_keys", "grant_role"],
  key_manager: ["create_users", "delete_users", "grant_role"],
  customer_manager: ["edit_customer", "grant_role"],
} as const;

export type Role = keyof typeof ROLE_ABILITIES;
export type Ability = (typeof ROLE_ABILITIES)[Role][number];

/** Non-empty tuples, so schemas can enumerate them. */
export const ROLES = Object.keys(ROLE_ABILITIES) as [Role, ...Role[]];
export const ABILITIES = [...new Set(Object.values(ROLE_ABILITIES).flat())] as [Ability, ...Ability[]];

export function isRole(value: string): value is Role {
  return Object.hasOwn(ROLE_ABILITIES, value);
}

export function abilitiesOf(role: Role): readonly Ability[] {
  return ROLE_ABILITIES[role];
}

/** The abilities in `requested` that `role` does not have at all, e.g. `edit_customer` for a key manager. */
export function foreignAbilities(role: Role, requested: readonly string[]): string[] {
  const known = new Set<string>(ROLE_ABILITIES[role]);
  return requested.filter((ability) => !known.has(ability));
}

/** Abilities in the catalogue's order, without duplicates: stored and shown that way. */
export function sortAbilities(role: Role, abilities: Iterable<string>): Ability[] {
  const wanted = new Set(abilities);
  return ROLE_ABILITIES[role].filter((ability) => wanted.has(ability));
}
