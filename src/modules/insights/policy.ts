/**
 * Who sees a customer's insights (SPEC §3, §9 dashboard): its execution managers and its program
 * managers (any abilities, active contract), and staff for every customer.
 */
import { ForbiddenError } from "../../lib/errors.ts";
import { holdsRole, type Principal } from "../access/policy.ts";

export function mayReadInsights(principal: Principal, customerId: string): boolean {
  return (
    holdsRole(principal, customerId, "execution_manager") ||
    holdsRole(principal, customerId, "program_manager")
  );
}

export function assertMayReadInsights(principal: Principal, customerId: string): void {
  if (!mayReadInsights(principal, customerId)) {
    throw new ForbiddenError(
      "Only an execution manager or a program manager of this customer (or staff) may do this.",
    );
  }
}
