/**
 * The original's role contracts become role grants (SPEC §3). Mapping (docs/migrating-from-django.md):
 *
 * | original | role | abilities from flags |
 * |---|---|---|
 * | EmployeeManagerContract | employee_manager | can_add_new_employee → add_employees, can_delete_employee → deactivate_employees |
 * | TimeAccountManagerContract | time_account_manager | can_create/delete_time_accounts → create/delete_time_accounts |
 * | CustomerProgramManagerContract | program_manager | can_create/delete_customer_program → create/delete_programs |
 * | CustomerProgramExecutionManagerContract | execution_manager | can_create/delete_customer_program_execution → create/delete_executions |
 * | CustomerManagerContract | customer_manager | (none besides grant_role) |
 * | NadooitApiKeyManager | api_key_manager | always create_api_keys (the row alone let its holder create keys), can_delete_api_key → delete_api_keys |
 * | KeyManager | key_manager | can_create_keys → create_users, can_delete_keys → delete_users, can_create_key_managers → grant_role |
 *
 * `can_give_manager_role` → `grant_role` everywhere. A role on an inactive contract is imported as it
 * is and, as SPEC §3 says, counts for nothing until the contract is active again.
 */

import { inList } from "../../db/lists.ts";
import { type Ability, type Role, sortAbilities } from "../access/roles.ts";
import { roleGrants } from "../hr/schema.ts";
import { fieldsOf, type ImportContext, lookup, recordsOf } from "./context.ts";
import { derivedId, type Fields, pkKey } from "./records.ts";
import { type Row, upsertRows } from "./upsert.ts";

interface ContractRole {
  role: Role;
  flags: Record<string, Ability>;
}

export const CONTRACT_ROLES: Record<string, ContractRole> = {
  "nadooit_hr.employeemanagercontract": {
    role: "employee_manager",
    flags: {
      can_add_new_employee: "add_employees",
      can_delete_employee: "deactivate_employees",
      can_give_manager_role: "grant_role",
    },
  },
  "nadooit_hr.timeaccountmanagercontract": {
    role: "time_account_manager",
    flags: {
      can_create_time_accounts: "create_time_accounts",
      can_delete_time_accounts: "delete_time_accounts",
      can_give_manager_role: "grant_role",
    },
  },
  "nadooit_hr.customerprogrammanagercontract": {
    role: "program_manager",
    flags: {
      can_create_customer_program: "create_programs",
      can_delete_customer_program: "delete_programs",
      can_give_manager_role: "grant_role",
    },
  },
  "nadooit_hr.customerprogramexecutionmanagercontract": {
    role: "execution_manager",
    flags: {
      can_create_customer_program_execution: "create_executions",
      can_delete_customer_program_execution: "delete_executions",
      can_give_manager_role: "grant_role",
    },
  },
  "nadooit_hr.customermanagercontract": {
    role: "customer_manager",
    flags: { can_give_manager_role: "grant_role" },
  },
};

export const API_KEY_MANAGER = "nadooit_api_key.nadooitapikeymanager";
export const KEY_MANAGER = "nadooit_key.keymanager";

function abilitiesFrom(fields: Fields, flags: Record<string, Ability>): Ability[] {
  return Object.entries(flags)
    .filter(([flag]) => fields.boolean(flag, false))
    .map(([, ability]) => ability);
}

interface Grant {
  contractId: string;
  role: Role;
  abilities: Set<Ability>;
  model: string;
}

export async function importRoleGrants(context: ImportContext): Promise<void> {
  const grants = new Map<string, Grant>();
  const add = (model: string, contractId: string, role: Role, abilities: Ability[]) => {
    const key = `${contractId}:${role}`;
    const grant = grants.get(key);
    if (grant) {
      // Merged duplicate contracts: the union of what their role rows allowed.
      for (const ability of abilities) grant.abilities.add(ability);
      context.report.count(model, "skipped");
      return;
    }
    grants.set(key, { contractId, role, abilities: new Set(abilities), model });
  };

  for (const [model, { role, flags }] of Object.entries(CONTRACT_ROLES)) {
    for (const record of recordsOf(context, model)) {
      const fields: Fields = fieldsOf(record);
      const contract = lookup(context.contracts, fields, "contract", "employee contract");
      if (!contract) fields.fail("contract", "is missing");
      add(model, contract.id, role, abilitiesFrom(fields, flags));
    }
  }

  const contractsOfEmployee = new Map<string, { id: string; customerId: string }[]>();
  for (const contract of new Map([...context.contracts.values()].map((c) => [c.id, c])).values()) {
    const list = contractsOfEmployee.get(contract.employeeId) ?? [];
    list.push(contract);
    contractsOfEmployee.set(contract.employeeId, list);
  }

  // The original's API-key manager row hangs on the employee (its pk), with a list of customers.
  for (const record of recordsOf(context, API_KEY_MANAGER)) {
    const fields: Fields = fieldsOf(record);
    const employeeKey = fields.has("employee") ? fields.optionalReference("employee") : pkKey(record.pk);
    const employee = employeeKey ? context.employees.get(employeeKey) : undefined;
    if (!employee) fields.fail("employee", `employee ${employeeKey} is not in the dump`);
    const abilities: Ability[] = ["create_api_keys"];
    if (fields.boolean("can_delete_api_key", false)) abilities.push("delete_api_keys");
    if (fields.boolean("can_give_manager_role", false)) abilities.push("grant_role");
    const customerIds = new Set(
      fields.references("list_of_customers_the_manager_is_responsible_for").map((key) => {
        const id = context.customers.get(key);
        if (!id)
          fields.fail(
            "list_of_customers_the_manager_is_responsible_for",
            `customer ${key} is not in the dump`,
          );
        return id;
      }),
    );
    const contracts = (contractsOfEmployee.get(employee.id) ?? []).filter(
      (contract) => customerIds.size === 0 || customerIds.has(contract.customerId),
    );
    if (customerIds.size === 0) {
      context.report.warn(
        `${API_KEY_MANAGER} pk ${pkKey(record.pk)}: no customers listed; the role was given for every customer the employee has a contract with.`,
      );
    }
    spread(context, API_KEY_MANAGER, record.pk, contracts, "api_key_manager", abilities, add);
  }

  // KeyManager had no customer at all: it becomes a key manager for every customer of the employee.
  for (const record of recordsOf(context, KEY_MANAGER)) {
    const fields: Fields = fieldsOf(record);
    const employeeKey = fields.has("user") ? fields.optionalReference("user") : pkKey(record.pk);
    const employee = employeeKey ? context.employees.get(employeeKey) : undefined;
    if (!employee) fields.fail("user", `employee ${employeeKey} is not in the dump`);
    const abilities = abilitiesFrom(fields, {
      can_create_keys: "create_users",
      can_delete_keys: "delete_users",
      can_create_key_managers: "grant_role",
    });
    spread(
      context,
      KEY_MANAGER,
      record.pk,
      contractsOfEmployee.get(employee.id) ?? [],
      "key_manager",
      abilities,
      add,
    );
  }

  const list = [...grants.values()];
  if (list.length === 0) return;
  // A grant made in NADOO since for the same contract and role is the row to compare with.
  const existing = await context.db
    .select({ id: roleGrants.id, contractId: roleGrants.contractId, role: roleGrants.role })
    .from(roleGrants)
    .where(
      inList(
        roleGrants.contractId,
        list.map((grant) => grant.contractId),
        "uuid",
      ),
    );
  const existingIds = new Map(existing.map((row) => [`${row.contractId}:${row.role}`, row.id]));
  const rows: Row[] = list.map((grant) => ({
    id:
      existingIds.get(`${grant.contractId}:${grant.role}`) ??
      derivedId(`role_grant:${grant.contractId}:${grant.role}`),
    contractId: grant.contractId,
    role: grant.role,
    abilities: sortAbilities(grant.role, grant.abilities),
  }));
  const outcomes = await upsertRows(context.db, roleGrants, rows, ["abilities"]);
  outcomes.forEach((outcome, index) => {
    context.report.count(list[index]?.model ?? "role grant", outcome);
  });
}

function spread(
  context: ImportContext,
  model: string,
  pk: unknown,
  contracts: { id: string }[],
  role: Role,
  abilities: Ability[],
  add: (model: string, contractId: string, role: Role, abilities: Ability[]) => void,
): void {
  if (contracts.length === 0) {
    context.report.count(model, "skipped");
    context.report.warn(
      `${model} pk ${pkKey(pk)}: the employee has no contract to hold the ${role} role; not imported.`,
    );
    return;
  }
  for (const contract of contracts) add(model, contract.id, role, abilities);
}
