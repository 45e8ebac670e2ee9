/**
 * What signed-in people see about themselves (SPEC §3, §9): their roles per customer, from which the
 * back office builds its menus, and their profile with every contract.
 */
import { asc, eq } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { type Actor, isStaffMember } from "../access/policy.ts";
import { type Ability, ROLES, type Role, sortAbilities } from "../access/roles.ts";
import { customers } from "../crm/schema.ts";
import { type HeldRole, rolesOfContracts } from "./employees.ts";
import { contracts, employees } from "./schema.ts";

export interface CustomerRef {
  id: string;
  name: string;
}

export interface MyCustomerRoles {
  customer: CustomerRef;
  roles: HeldRole[];
}

export interface MyRoles {
  /** Staff and superusers may act for every customer, whatever roles they hold. */
  staff: boolean;
  superuser: boolean;
  customers: MyCustomerRoles[];
}

function heldRoles(roles: ReadonlyMap<Role, ReadonlySet<Ability>> | undefined): HeldRole[] {
  if (!roles) return [];
  return ROLES.filter((role) => roles.has(role)).map((role) => ({
    role,
    abilities: sortAbilities(role, roles.get(role) ?? []),
  }));
}

async function contractsOf(db: Database, userId: string) {
  return db
    .select({ contract: contracts, customer: { id: customers.id, name: customers.name } })
    .from(contracts)
    .innerJoin(employees, eq(employees.id, contracts.employeeId))
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .where(eq(employees.userId, userId))
    .orderBy(asc(customers.name), asc(customers.id));
}

/** Customers the actor works for (active contracts), each with the roles and abilities held there. */
export async function myRoles(db: Database, actor: Actor): Promise<MyRoles> {
  const rows = await contractsOf(db, actor.user.id);
  return {
    staff: isStaffMember(actor.user),
    superuser: actor.user.isActive && actor.user.isSuperuser,
    customers: rows
      .filter((row) => row.contract.isActive)
      .map((row) => ({ customer: row.customer, roles: heldRoles(actor.roles.get(row.customer.id)) })),
  };
}

export interface MyContract {
  id: string;
  customer: CustomerRef;
  isActive: boolean;
  startDate: string;
  endDate: string | null;
  deactivationDate: string | null;
  /** Stored roles, also on inactive contracts, where they count for nothing until reactivation. */
  roles: HeldRole[];
}

/** Every contract of the actor, active or not, with the roles on it. */
export async function myContracts(db: Database, actor: Actor): Promise<MyContract[]> {
  const rows = await contractsOf(db, actor.user.id);
  const roles = await rolesOfContracts(
    db,
    rows.map((row) => row.contract.id),
  );
  return rows.map(({ contract, customer }) => ({
    id: contract.id,
    customer,
    isActive: contract.isActive,
    startDate: contract.startDate,
    endDate: contract.endDate,
    deactivationDate: contract.deactivationDate,
    roles: roles.get(contract.id) ?? [],
  }));
}
