/**
 * Employee management for a customer's managers and staff (SPEC §3): the employee list, adding an
 * existing user, (de)activating contracts, enrolling new users and issuing enrolment links. Every
 * function takes the acting person and applies the policy before it reads or changes anything.
 */
import { asc, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { AppError, ConflictError, ForbiddenError, NotFoundError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import {
  type Actor,
  assertHasAbility,
  assertHoldsRole,
  assertMayIssueEnrolmentLink,
  assertNotSelf,
  mayChangeContracts,
  mayManagePerson,
} from "../access/policy.ts";
import { type Ability, ROLES, type Role, sortAbilities } from "../access/roles.ts";
import { type EnrolmentSettings, type IssuedEnrolmentLink, issueEnrolmentLink } from "../auth/enrolment.ts";
import { customerNotFound, findCustomer } from "../crm/service.ts";
import { type User, users } from "../identity/schema.ts";
import { createUser, findUserByCode } from "../identity/service.ts";
import { type Contract, contracts, employees, roleGrants } from "./schema.ts";
import { ensureContract, findContractOfUser, setContractActive } from "./service.ts";

export type Person = Pick<User, "id" | "code" | "displayName" | "isActive" | "isStaff" | "isSuperuser">;

export interface HeldRole {
  role: Role;
  abilities: Ability[];
}

export interface EmployeeEntry {
  contract: Contract;
  user: Person;
  roles: HeldRole[];
}

export const personColumns = {
  id: users.id,
  code: users.code,
  displayName: users.displayName,
  isActive: users.isActive,
  isStaff: users.isStaff,
  isSuperuser: users.isSuperuser,
};

export function userCodeNotFound(userCode: string): NotFoundError {
  return new NotFoundError(`There is no user with the code ${userCode}. Check the code and try again.`);
}

function contractNotFound(contractId: string): NotFoundError {
  return new NotFoundError(`There is no contract with the id ${contractId}.`);
}

const staffPersonRefused = () =>
  new ForbiddenError("Staff members' contracts and roles are managed by staff, not by customers.");

/** Staff pass every role check, so for them an unknown customer must still be a 404. */
export async function requireCustomer(db: Database, customerId: string): Promise<void> {
  if (!(await findCustomer(db, customerId))) throw customerNotFound(customerId);
}

/** Finds the target person by code: 404 if unknown, 403 if they are staff and the actor is not. */
export async function requireManageablePerson(db: Database, actor: Actor, userCode: string): Promise<User> {
  const target = await findUserByCode(db, userCode);
  if (!target) throw userCodeNotFound(userCode);
  if (!mayManagePerson(actor, target)) throw staffPersonRefused();
  return target;
}

/** The roles stored on each contract (active or not), in the catalogue's order. */
export async function rolesOfContracts(
  db: Database,
  contractIds: string[],
): Promise<Map<string, HeldRole[]>> {
  const byContract = new Map<string, HeldRole[]>();
  if (contractIds.length === 0) return byContract;
  const rows = await db
    .select({ contractId: roleGrants.contractId, role: roleGrants.role, abilities: roleGrants.abilities })
    .from(roleGrants)
    .where(inArray(roleGrants.contractId, contractIds));
  rows.sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role));
  for (const row of rows) {
    const list = byContract.get(row.contractId) ?? [];
    list.push({ role: row.role, abilities: sortAbilities(row.role, row.abilities) });
    byContract.set(row.contractId, list);
  }
  return byContract;
}

async function contractsWithPeople(db: Database, where: ReturnType<typeof eq>): Promise<EmployeeEntry[]> {
  const rows = await db
    .select({ contract: contracts, user: personColumns })
    .from(contracts)
    .innerJoin(employees, eq(employees.id, contracts.employeeId))
    .innerJoin(users, eq(users.id, employees.userId))
    .where(where)
    .orderBy(desc(contracts.isActive), asc(users.displayName), asc(contracts.id));
  const roles = await rolesOfContracts(
    db,
    rows.map((row) => row.contract.id),
  );
  return rows.map((row) => ({ ...row, roles: roles.get(row.contract.id) ?? [] }));
}

async function findEmployeeEntry(db: Database, contractId: string): Promise<EmployeeEntry | undefined> {
  if (!isUuid(contractId)) return undefined;
  const [entry] = await contractsWithPeople(db, eq(contracts.id, contractId));
  return entry;
}

async function employeeEntry(db: Database, contractId: string): Promise<EmployeeEntry> {
  const entry = await findEmployeeEntry(db, contractId);
  if (!entry) throw contractNotFound(contractId);
  return entry;
}

/** Employees of a customer with their contract status and roles: employee managers and staff. */
export async function listEmployees(
  db: Database,
  actor: Actor,
  customerId: string,
): Promise<EmployeeEntry[]> {
  assertHoldsRole(actor, customerId, "employee_manager");
  await requireCustomer(db, customerId);
  const entries = await contractsWithPeople(db, eq(contracts.customerId, customerId));
  return entries.filter((entry) => mayManagePerson(actor, entry.user));
}

/**
 * The target's active contract with the customer, created if missing. An inactive one is reactivated
 * only when the actor may change contracts; otherwise the caller's request is refused (SPEC §3).
 */
export async function ensureActiveContract(
  tx: Database,
  actor: Actor,
  target: Person,
  customerId: string,
): Promise<{ contract: Contract; created: boolean }> {
  const { contract, created } = await ensureContract(tx, actor.context, target.id, customerId);
  if (contract.isActive) return { contract, created };
  if (!mayChangeContracts(actor, customerId)) {
    throw new AppError(
      403,
      "contract_inactive",
      `The contract of ${target.displayName} with this customer is inactive. Only an employee manager ` +
        "with the ability deactivate_employees may reactivate it; nothing was changed.",
    );
  }
  return { contract: await setContractActive(tx, actor.context, contract.id, true), created: false };
}

/** Adds an existing user (by code) to the customer: `add_employees`. */
export async function addEmployee(
  db: Database,
  actor: Actor,
  customerId: string,
  userCode: string,
): Promise<{ entry: EmployeeEntry; created: boolean }> {
  assertHasAbility(actor, customerId, "employee_manager", "add_employees");
  await requireCustomer(db, customerId);
  const target = await requireManageablePerson(db, actor, userCode);
  return transaction(db, async (tx) => {
    const { contract, created } = await ensureActiveContract(tx, actor, target, customerId);
    return { entry: await employeeEntry(tx, contract.id), created };
  });
}

/** Deactivates or reactivates a contract: `deactivate_employees` for the contract's customer. */
export async function changeContractStatus(
  db: Database,
  actor: Actor,
  contractId: string,
  active: boolean,
): Promise<EmployeeEntry> {
  const found = await findEmployeeEntry(db, contractId);
  if (!found) throw contractNotFound(contractId);
  assertHasAbility(actor, found.contract.customerId, "employee_manager", "deactivate_employees");
  assertNotSelf(actor, found.user.id, "contract");
  if (!mayManagePerson(actor, found.user)) throw staffPersonRefused();
  await setContractActive(db, actor.context, contractId, active);
  return employeeEntry(db, contractId);
}

/**
 * Key managers with `create_users` enrol a new person for their customer: the user, an active
 * contract and a one-time enrolment link, all or nothing.
 */
export async function enrolEmployee(
  db: Database,
  settings: EnrolmentSettings,
  actor: Actor,
  customerId: string,
  input: { displayName: string; language?: "de" | "en" },
): Promise<{ entry: EmployeeEntry; enrolment: IssuedEnrolmentLink }> {
  assertHasAbility(actor, customerId, "key_manager", "create_users");
  await requireCustomer(db, customerId);
  return transaction(db, async (tx) => {
    const user = await createUser(tx, actor.context, input);
    const { contract } = await ensureContract(tx, actor.context, user.id, customerId);
    const enrolment = await issueEnrolmentLink(tx, settings, actor.context, user.id, { customerId });
    return { entry: await employeeEntry(tx, contract.id), enrolment };
  });
}

/**
 * A new enrolment link for an employee of the customer who lost their keys (SPEC §1): key managers
 * with `create_users`, for people with an active contract; their passkeys stay until removed.
 */
export async function issueEmployeeEnrolmentLink(
  db: Database,
  settings: EnrolmentSettings,
  actor: Actor,
  customerId: string,
  userCode: string,
): Promise<IssuedEnrolmentLink> {
  assertHasAbility(actor, customerId, "key_manager", "create_users");
  await requireCustomer(db, customerId);
  const target = await findUserByCode(db, userCode);
  if (!target) throw userCodeNotFound(userCode);
  assertMayIssueEnrolmentLink(actor, target, customerId);
  const contract = await findContractOfUser(db, target.id, customerId);
  if (!contract) throw new NotFoundError(`The user ${userCode} is not an employee of this customer.`);
  if (!contract.isActive) {
    throw new ConflictError(`The contract of ${target.displayName} is inactive; reactivate it first.`);
  }
  return issueEnrolmentLink(db, settings, actor.context, target.id, { customerId });
}
