/**
 * What every customer-scoped read of insights and execution lists checks after the policy: the customer
 * exists (404), and a customer program filter names one of that customer's programs (404 otherwise, so
 * nobody learns about another customer's programs). Also the customer's program names, for answers.
 */
import { asc, eq } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { customerNotFound, findCustomer } from "../crm/service.ts";
import { customerProgramNotFound, findCustomerProgram } from "../programs/customer-programs.ts";
import { customerPrograms, programs } from "../programs/schema.ts";

export async function requireCustomerScope(
  db: Database,
  customerId: string,
  customerProgramId: string | undefined,
): Promise<void> {
  if (!(await findCustomer(db, customerId))) throw customerNotFound(customerId);
  if (customerProgramId === undefined) return;
  const program = await findCustomerProgram(db, customerProgramId);
  if (program?.customerId !== customerId) throw customerProgramNotFound(customerProgramId);
}

export interface NamedCustomerProgram {
  id: string;
  name: string;
  isActive: boolean;
}

/** The customer's programs with their catalogue names, by name. */
export function customerProgramsOf(db: Database, customerId: string): Promise<NamedCustomerProgram[]> {
  return db
    .select({ id: customerPrograms.id, name: programs.name, isActive: customerPrograms.isActive })
    .from(customerPrograms)
    .innerJoin(programs, eq(programs.id, customerPrograms.programId))
    .where(eq(customerPrograms.customerId, customerId))
    .orderBy(asc(programs.name), asc(customerPrograms.id));
}
