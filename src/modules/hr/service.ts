/**
 * The HR module owns employees and their contracts with customers (SPEC §3). Roles on contracts and
 * the policy deciding who may change them build on these functions.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction, withReferencesChecked } from "../../db/transaction.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import type { Actor, CustomerRoles } from "../access/policy.ts";
import type { Ability, Role } from "../access/roles.ts";
import { type ActorContext, recordAudit } from "../audit/service.ts";
import { customerNotFound } from "../crm/service.ts";
import type { User } from "../identity/schema.ts";
import { type Contract, contracts, type Employee, employees, roleGrants } from "./schema.ts";

function userNotFound(userId: string): NotFoundError {
  return new NotFoundError(`There is no user with the id ${userId}.`);
}

/** The user's employee record, created on first use (the original crashed without one). */
export async function ensureEmployee(db: Database, userId: string): Promise<Employee> {
  if (!isUuid(userId)) throw userNotFound(userId);
  await withReferencesChecked(
    db,
    (tx) => tx.insert(employees).values({ userId }).onConflictDoNothing({ target: employees.userId }),
    () => userNotFound(userId),
  );
  const [employee] = await db.select().from(employees).where(eq(employees.userId, userId));
  if (!employee) throw userNotFound(userId);
  return employee;
}

export async function findContract(
  db: Database,
  employeeId: string,
  customerId: string,
): Promise<Contract | undefined> {
  const [contract] = await db
    .select()
    .from(contracts)
    .where(and(eq(contracts.employeeId, employeeId), eq(contracts.customerId, customerId)));
  return contract;
}

/** The user's contract with the customer (active or not), without creating an employee record. */
export async function findContractOfUser(
  db: Database,
  userId: string,
  customerId: string,
): Promise<Contract | undefined> {
  const [row] = await db
    .select({ contract: contracts })
    .from(contracts)
    .innerJoin(employees, eq(employees.id, contracts.employeeId))
    .where(and(eq(employees.userId, userId), eq(contracts.customerId, customerId)));
  return row?.contract;
}

/** The customers among `customerIds` with which the user has an active contract. */
export async function customersWithActiveContract(
  db: Database,
  userId: string,
  customerIds: readonly string[],
): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const rows = await db
    .select({ customerId: contracts.customerId })
    .from(contracts)
    .innerJoin(employees, eq(employees.id, contracts.employeeId))
    .where(
      and(
        eq(employees.userId, userId),
        eq(contracts.isActive, true),
        inArray(contracts.customerId, [...customerIds]),
      ),
    );
  return new Set(rows.map((row) => row.customerId));
}

export interface EnsuredContract {
  contract: Contract;
  created: boolean;
}

/**
 * The contract between the user and the customer, created active when missing. An existing one is
 * returned as it is (active or not): reactivating is a separate, authorized decision.
 */
export async function ensureContract(
  db: Database,
  actor: ActorContext,
  userId: string,
  customerId: string,
): Promise<EnsuredContract> {
  if (!isUuid(customerId)) throw customerNotFound(customerId);
  return transaction(db, async (tx) => {
    const employee = await ensureEmployee(tx, userId);
    const [created] = await withReferencesChecked(
      tx,
      (savepoint) =>
        savepoint
          .insert(contracts)
          .values({ employeeId: employee.id, customerId })
          .onConflictDoNothing({ target: [contracts.employeeId, contracts.customerId] })
          .returning(),
      () => customerNotFound(customerId),
    );
    if (created) {
      await recordAudit(tx, actor, {
        action: "contract.created",
        customerId,
        targetType: "contract",
        targetId: created.id,
        after: { userId, customerId, isActive: true },
      });
      return { contract: created, created: true };
    }
    const existing = await findContract(tx, employee.id, customerId);
    if (!existing) throw new Error("The contract vanished while it was being created.");
    return { contract: existing, created: false };
  });
}

/** Activates or deactivates a contract; deactivation stamps the date, reactivation clears it. */
export async function setContractActive(
  db: Database,
  actor: ActorContext,
  contractId: string,
  active: boolean,
  today: () => Date = () => new Date(),
): Promise<Contract> {
  const notFound = () => new NotFoundError(`There is no contract with the id ${contractId}.`);
  if (!isUuid(contractId)) throw notFound();
  return transaction(db, async (tx) => {
    const [before] = await tx.select().from(contracts).where(eq(contracts.id, contractId)).for("update");
    if (!before) throw notFound();
    if (before.isActive === active) return before;
    const [after] = await tx
      .update(contracts)
      .set({ isActive: active, deactivationDate: active ? null : today().toISOString().slice(0, 10) })
      .where(eq(contracts.id, contractId))
      .returning();
    if (!after) throw new Error("The contract was not updated.");
    await recordAudit(tx, actor, {
      action: active ? "contract.reactivated" : "contract.deactivated",
      customerId: after.customerId,
      targetType: "contract",
      targetId: after.id,
      before: { isActive: before.isActive, deactivationDate: before.deactivationDate },
      after: { isActive: after.isActive, deactivationDate: after.deactivationDate },
    });
    return after;
  });
}

export async function listContractsOfCustomer(db: Database, customerId: string): Promise<Contract[]> {
  if (!isUuid(customerId)) return [];
  return db.select().from(contracts).where(eq(contracts.customerId, customerId));
}

/** The roles a user holds through active contracts, per customer: what the policy decides on. */
export async function loadCustomerRoles(db: Database, userId: string): Promise<CustomerRoles> {
  const rows = await db
    .select({ customerId: contracts.customerId, role: roleGrants.role, abilities: roleGrants.abilities })
    .from(roleGrants)
    .innerJoin(contracts, eq(contracts.id, roleGrants.contractId))
    .innerJoin(employees, eq(employees.id, contracts.employeeId))
    .where(and(eq(employees.userId, userId), eq(contracts.isActive, true)));
  const roles = new Map<string, Map<Role, Set<Ability>>>();
  for (const row of rows) {
    const ofCustomer = roles.get(row.customerId) ?? new Map<Role, Set<Ability>>();
    ofCustomer.set(row.role, new Set(row.abilities));
    roles.set(row.customerId, ofCustomer);
  }
  return roles;
}

export async function loadActor(db: Database, user: User, context: Actor["context"]): Promise<Actor> {
  return { user, roles: await loadCustomerRoles(db, user.id), context };
}
