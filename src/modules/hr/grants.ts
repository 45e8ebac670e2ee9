/**
 * Delegation (SPEC §3): granting and revoking roles on contracts, and the holders a granter manages.
 * To grant role R for customer C you hold R for C with `grant_role`; the target receives exactly the
 * requested abilities, each of which you hold, or nothing happens. Granting twice changes nothing.
 * Every change is audit-logged with before and after in its own transaction.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { ForbiddenError, ValidationError } from "../../lib/errors.ts";
import {
  type Actor,
  assertMayGrant,
  assertMayRevoke,
  assertNotSelf,
  hasAbility,
  mayManagePerson,
} from "../access/policy.ts";
import { type Ability, foreignAbilities, ROLES, type Role, sortAbilities } from "../access/roles.ts";
import { recordAudit } from "../audit/service.ts";
import { users } from "../identity/schema.ts";
import {
  ensureActiveContract,
  type Person,
  personColumns,
  requireCustomer,
  requireManageablePerson,
} from "./employees.ts";
import { contracts, employees, type RoleGrant, roleGrants } from "./schema.ts";
import { findContractOfUser } from "./service.ts";

export interface GrantInput {
  customerId: string;
  userCode: string;
  role: Role;
  abilities: readonly string[];
}

export interface RevokeInput {
  customerId: string;
  userCode: string;
  role: Role;
  /** The abilities to take away; without it the whole role. */
  abilities?: readonly string[];
}

export interface GrantOutcome {
  user: Person;
  contractId: string | null;
  role: Role;
  /** The abilities held after the change; null when the role is not held (any more). */
  abilities: Ability[] | null;
  changed: boolean;
}

function checkedAbilities(role: Role, requested: readonly string[]): Ability[] {
  const foreign = foreignAbilities(role, requested);
  if (foreign.length > 0) {
    throw new ValidationError(
      `The role ${role} has no abilities named ${foreign.join(", ")}.`,
      foreign.map((ability) => ({ path: "abilities", message: `Unknown ability for ${role}: ${ability}` })),
    );
  }
  return sortAbilities(role, requested);
}

const sameAbilities = (a: readonly Ability[], b: readonly Ability[]) =>
  a.length === b.length && a.every((ability, index) => ability === b[index]);

async function lockGrant(tx: Database, contractId: string, role: Role): Promise<RoleGrant | undefined> {
  const [grant] = await tx
    .select()
    .from(roleGrants)
    .where(and(eq(roleGrants.contractId, contractId), eq(roleGrants.role, role)))
    .for("update");
  return grant;
}

export async function grantRole(db: Database, actor: Actor, input: GrantInput): Promise<GrantOutcome> {
  const requested = checkedAbilities(input.role, input.abilities);
  assertMayGrant(actor, { customerId: input.customerId, role: input.role, abilities: requested });
  await requireCustomer(db, input.customerId);
  const target = await requireManageablePerson(db, actor, input.userCode);
  assertNotSelf(actor, target.id, "role grants");

  return transaction(db, async (tx) => {
    const { contract } = await ensureActiveContract(tx, actor, target, input.customerId);
    const audit = (before: Ability[] | null, after: Ability[]) =>
      recordAudit(tx, actor.context, {
        action: "role.granted",
        customerId: input.customerId,
        targetType: "user",
        targetId: target.id,
        before: before && { role: input.role, abilities: before },
        after: { role: input.role, abilities: after, contractId: contract.id },
      });
    const outcome = { user: target, contractId: contract.id, role: input.role };
    const [created] = await tx
      .insert(roleGrants)
      .values({ contractId: contract.id, role: input.role, abilities: requested })
      .onConflictDoNothing({ target: [roleGrants.contractId, roleGrants.role] })
      .returning();
    if (created) {
      await audit(null, requested);
      return { ...outcome, abilities: requested, changed: true };
    }
    // Held already: add what is missing under the row's lock, so concurrent grants do not lose any.
    const before = await lockGrant(tx, contract.id, input.role);
    if (!before) throw new Error("The role grant vanished while it was being changed.");
    const abilities = sortAbilities(input.role, [...before.abilities, ...requested]);
    if (sameAbilities(abilities, before.abilities)) return { ...outcome, abilities, changed: false };
    await tx.update(roleGrants).set({ abilities }).where(eq(roleGrants.id, before.id));
    await audit(before.abilities, abilities);
    return { ...outcome, abilities, changed: true };
  });
}

/** Takes abilities of a role, or the whole role, from another person's contract with the customer. */
export async function revokeRole(db: Database, actor: Actor, input: RevokeInput): Promise<GrantOutcome> {
  const removing = input.abilities === undefined ? undefined : checkedAbilities(input.role, input.abilities);
  assertMayRevoke(actor, { customerId: input.customerId, role: input.role });
  await requireCustomer(db, input.customerId);
  const target = await requireManageablePerson(db, actor, input.userCode);
  assertNotSelf(actor, target.id, "role grants");

  return transaction(db, async (tx) => {
    const contract = await findContractOfUser(tx, target.id, input.customerId);
    const before = contract && (await lockGrant(tx, contract.id, input.role));
    const outcome = { user: target, contractId: contract?.id ?? null, role: input.role };
    if (!before) return { ...outcome, abilities: null, changed: false };
    const audit = (after: Ability[] | null) =>
      recordAudit(tx, actor.context, {
        action: after === null ? "role.revoked" : "role.abilities_revoked",
        customerId: input.customerId,
        targetType: "user",
        targetId: target.id,
        before: { role: input.role, abilities: before.abilities, contractId: before.contractId },
        after: after && { role: input.role, abilities: after },
      });
    if (removing === undefined) {
      await tx.delete(roleGrants).where(eq(roleGrants.id, before.id));
      await audit(null);
      return { ...outcome, abilities: null, changed: true };
    }
    const abilities = before.abilities.filter((ability) => !removing.includes(ability));
    if (sameAbilities(abilities, before.abilities)) return { ...outcome, abilities, changed: false };
    await tx.update(roleGrants).set({ abilities }).where(eq(roleGrants.id, before.id));
    await audit(abilities);
    return { ...outcome, abilities, changed: true };
  });
}

export interface RoleHolder {
  user: Person;
  contractId: string;
  contractActive: boolean;
  role: Role;
  abilities: Ability[];
}

/** The roles of a customer the actor may grant (and so revoke): all of them for staff. */
export function grantableRoles(actor: Actor, customerId: string): Role[] {
  return ROLES.filter((role) => hasAbility(actor, customerId, role, "grant_role"));
}

/**
 * Who holds the roles the actor may grant for the customer (optionally one role): what a granter
 * needs to see to revoke. Staff members' grants stay hidden from customers' managers.
 */
export async function listRoleHolders(
  db: Database,
  actor: Actor,
  customerId: string,
  role?: Role,
): Promise<RoleHolder[]> {
  const grantable = grantableRoles(actor, customerId);
  const roles = role === undefined ? grantable : grantable.filter((candidate) => candidate === role);
  if (roles.length === 0) {
    throw new ForbiddenError(
      role === undefined
        ? "You may not grant any role for this customer."
        : `Only a holder of ${role} with grant_role for this customer (or staff) may see its holders.`,
    );
  }
  await requireCustomer(db, customerId);
  const rows = await db
    .select({
      user: personColumns,
      contractId: contracts.id,
      contractActive: contracts.isActive,
      role: roleGrants.role,
      abilities: roleGrants.abilities,
    })
    .from(roleGrants)
    .innerJoin(contracts, eq(contracts.id, roleGrants.contractId))
    .innerJoin(employees, eq(employees.id, contracts.employeeId))
    .innerJoin(users, eq(users.id, employees.userId))
    .where(and(eq(contracts.customerId, customerId), inArray(roleGrants.role, roles)))
    .orderBy(asc(roleGrants.role), asc(users.displayName), asc(contracts.id));
  return rows.filter((row) => mayManagePerson(actor, row.user));
}
