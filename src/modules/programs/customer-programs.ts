/**
 * Reading customer programs (SPEC §3, §4): staff see all of them; holding `program_manager` for a
 * customer (with any abilities) lets you see that customer's programs, prices and tiers. Also the
 * lookups other modules use. Changes are in customer-program-changes.ts.
 */
import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import { type Actor, assertHoldsRole, assertStaff } from "../access/policy.ts";
import { customers } from "../crm/schema.ts";
import { customerNotFound, findCustomer } from "../crm/service.ts";
import { timeAccounts } from "../time-accounts/schema.ts";
import { type CustomerProgram, customerPrograms, customerProgramTimeAccounts, programs } from "./schema.ts";

export interface LinkedTimeAccount {
  id: string;
  name: string;
  isActive: boolean;
  balanceSeconds: number;
  /** 0 is drawn from first. */
  position: number;
}

export interface CustomerProgramDetails extends CustomerProgram {
  program: { id: string; name: string; description: string };
  customer: { id: string; name: string };
  /** In the order they are drawn from. */
  timeAccounts: LinkedTimeAccount[];
}

export function customerProgramNotFound(customerProgramId: string): NotFoundError {
  return new NotFoundError(`There is no customer program with the id ${customerProgramId}.`);
}

/** The customer program, or undefined (also for ids that are not UUIDs). No policy check. */
export async function findCustomerProgram(
  db: Database,
  customerProgramId: string,
): Promise<CustomerProgram | undefined> {
  if (!isUuid(customerProgramId)) return undefined;
  const [found] = await db.select().from(customerPrograms).where(eq(customerPrograms.id, customerProgramId));
  return found;
}

/** The ids of the time accounts a customer program draws from, in order. No policy check. */
export async function timeAccountIdsOf(db: Database, customerProgramId: string): Promise<string[]> {
  const links = await db
    .select({ id: customerProgramTimeAccounts.timeAccountId })
    .from(customerProgramTimeAccounts)
    .where(eq(customerProgramTimeAccounts.customerProgramId, customerProgramId))
    .orderBy(asc(customerProgramTimeAccounts.position));
  return links.map((link) => link.id);
}

/** Customer programs matching `where` with program, customer and time accounts; by customer, then program name. */
async function loadDetails(db: Database, where: SQL | undefined): Promise<CustomerProgramDetails[]> {
  const rows = await db
    .select({
      row: customerPrograms,
      program: { id: programs.id, name: programs.name, description: programs.description },
      customer: { id: customers.id, name: customers.name },
    })
    .from(customerPrograms)
    .innerJoin(programs, eq(programs.id, customerPrograms.programId))
    .innerJoin(customers, eq(customers.id, customerPrograms.customerId))
    .where(where)
    .orderBy(
      asc(customers.name),
      asc(programs.name),
      asc(customerPrograms.createdAt),
      asc(customerPrograms.id),
    );
  if (rows.length === 0) return [];
  const links = await db
    .select({
      customerProgramId: customerProgramTimeAccounts.customerProgramId,
      position: customerProgramTimeAccounts.position,
      id: timeAccounts.id,
      name: timeAccounts.name,
      isActive: timeAccounts.isActive,
      balanceSeconds: timeAccounts.balanceSeconds,
    })
    .from(customerProgramTimeAccounts)
    .innerJoin(timeAccounts, eq(timeAccounts.id, customerProgramTimeAccounts.timeAccountId))
    .where(
      inArray(
        customerProgramTimeAccounts.customerProgramId,
        rows.map(({ row }) => row.id),
      ),
    )
    .orderBy(asc(customerProgramTimeAccounts.position));
  return rows.map(({ row, program, customer }) => ({
    ...row,
    program,
    customer,
    timeAccounts: links
      .filter((link) => link.customerProgramId === row.id)
      .map(({ id, name, isActive, balanceSeconds, position }) => ({
        id,
        name,
        isActive,
        balanceSeconds,
        position,
      })),
  }));
}

/** One customer program with its details; 404 when unknown. No policy check: callers apply it. */
export async function customerProgramDetails(
  db: Database,
  customerProgramId: string,
): Promise<CustomerProgramDetails> {
  if (!isUuid(customerProgramId)) throw customerProgramNotFound(customerProgramId);
  const [details] = await loadDetails(db, eq(customerPrograms.id, customerProgramId));
  if (!details) throw customerProgramNotFound(customerProgramId);
  return details;
}

export async function listCustomerProgramsAsStaff(
  db: Database,
  actor: Actor,
  filter: { customerId?: string; programId?: string } = {},
): Promise<CustomerProgramDetails[]> {
  assertStaff(actor.user);
  const conditions: SQL[] = [];
  if (filter.customerId !== undefined) conditions.push(eq(customerPrograms.customerId, filter.customerId));
  if (filter.programId !== undefined) conditions.push(eq(customerPrograms.programId, filter.programId));
  return loadDetails(db, and(...conditions));
}

export async function getCustomerProgramAsStaff(
  db: Database,
  actor: Actor,
  customerProgramId: string,
): Promise<CustomerProgramDetails> {
  assertStaff(actor.user);
  return customerProgramDetails(db, customerProgramId);
}

/** A customer's programs for its program managers (any abilities) and staff. */
export async function listCustomerProgramsOfCustomer(
  db: Database,
  actor: Actor,
  customerId: string,
): Promise<CustomerProgramDetails[]> {
  assertHoldsRole(actor, customerId, "program_manager");
  if (!(await findCustomer(db, customerId))) throw customerNotFound(customerId);
  return loadDetails(db, eq(customerPrograms.customerId, customerId));
}

/**
 * One customer program for a program manager of its customer (or staff). An unknown id is 404 for
 * everyone: ids are random, so this tells nobody anything about other customers.
 */
export async function viewCustomerProgram(
  db: Database,
  actor: Actor,
  customerProgramId: string,
): Promise<CustomerProgramDetails> {
  const found = await findCustomerProgram(db, customerProgramId);
  if (!found) throw customerProgramNotFound(customerProgramId);
  assertHoldsRole(actor, found.customerId, "program_manager");
  return customerProgramDetails(db, customerProgramId);
}
