/**
 * A customer's master data as its own people see and edit it (SPEC §2, §3): customer managers see
 * it, with `edit_customer` they change the name and the addresses. The customer number is the
 * operating company's and stays with staff.
 */
import type { Database } from "../../db/connection.ts";
import { type Actor, assertHasAbility, assertHoldsRole } from "../access/policy.ts";
import {
  type AddressInput,
  type AddressKind,
  type CustomerWithAddresses,
  getCustomer,
  renameCustomer,
  setCustomerAddress,
} from "./service.ts";

export async function viewCustomer(
  db: Database,
  actor: Actor,
  customerId: string,
): Promise<CustomerWithAddresses> {
  assertHoldsRole(actor, customerId, "customer_manager");
  return getCustomer(db, customerId);
}

export async function editCustomer(
  db: Database,
  actor: Actor,
  customerId: string,
  change: { name?: string },
): Promise<CustomerWithAddresses> {
  assertHasAbility(actor, customerId, "customer_manager", "edit_customer");
  if (change.name !== undefined) await renameCustomer(db, actor.context, customerId, change.name);
  return getCustomer(db, customerId);
}

export async function editCustomerAddress(
  db: Database,
  actor: Actor,
  customerId: string,
  kind: AddressKind,
  address: AddressInput | null,
): Promise<CustomerWithAddresses> {
  assertHasAbility(actor, customerId, "customer_manager", "edit_customer");
  return setCustomerAddress(db, actor.context, customerId, kind, address);
}
