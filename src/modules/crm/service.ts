/**
 * The CRM module owns customers and their billing and shipping addresses (SPEC §2). Names and
 * addresses are personal data: every change is audit-logged; read authorization is the callers'
 * policy (staff, or the customer's own customer managers).
 */
import { and, asc, count, eq, ilike, inArray, or } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import { transaction } from "../../db/transaction.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import { containsPattern } from "../../lib/search.ts";
import { type ActorContext, recordAudit } from "../audit/service.ts";
import { complaints } from "../complaints/schema.ts";
import { contracts } from "../hr/schema.ts";
import { customerPrograms } from "../programs/schema.ts";
import { timeAccounts } from "../time-accounts/schema.ts";
import { type Address, addresses, type Customer, customers } from "./schema.ts";

export interface AddressInput {
  addressedTo?: string | null;
  street?: string | null;
  houseNumber?: string | null;
  postalCode?: string | null;
  town?: string | null;
  country?: string | null;
}

export interface NewCustomer {
  name: string;
  customerNumber?: string | null;
  billingAddress?: AddressInput | null;
  shippingAddress?: AddressInput | null;
}

export type AddressKind = "billing" | "shipping";

export interface CustomerWithAddresses extends Customer {
  billingAddress: Address | null;
  shippingAddress: Address | null;
}

const addressColumn = {
  billing: "billingAddressId",
  shipping: "shippingAddressId",
} as const satisfies Record<AddressKind, keyof Customer>;

function cleanAddress(input: AddressInput): AddressInput {
  const country = input.country?.trim().toUpperCase() || null;
  if (country !== null && !/^[A-Z]{2}$/.test(country)) {
    throw new ValidationError("The country must be a two-letter ISO 3166 code, e.g. DE.");
  }
  const text = (value: string | null | undefined) => value?.trim() || null;
  return {
    addressedTo: text(input.addressedTo),
    street: text(input.street),
    houseNumber: text(input.houseNumber),
    postalCode: text(input.postalCode),
    town: text(input.town),
    country,
  };
}

async function insertAddress(db: Database, input: AddressInput): Promise<Address> {
  const [address] = await db.insert(addresses).values(cleanAddress(input)).returning();
  if (!address) throw new Error("The address was not stored.");
  return address;
}

export async function createCustomer(
  db: Database,
  actor: ActorContext,
  input: NewCustomer,
): Promise<Customer> {
  const name = input.name.trim();
  if (!name) throw new ValidationError("The customer name must not be empty.");
  try {
    return await transaction(db, async (tx) => {
      const billing = input.billingAddress ? await insertAddress(tx, input.billingAddress) : null;
      const shipping = input.shippingAddress ? await insertAddress(tx, input.shippingAddress) : null;
      const [customer] = await tx
        .insert(customers)
        .values({
          name,
          customerNumber: input.customerNumber?.trim() || null,
          billingAddressId: billing?.id ?? null,
          shippingAddressId: shipping?.id ?? null,
        })
        .returning();
      if (!customer) throw new Error("The customer was not stored.");
      await recordAudit(tx, actor, {
        action: "customer.created",
        customerId: customer.id,
        targetType: "customer",
        targetId: customer.id,
        after: { name, customerNumber: customer.customerNumber, billing, shipping },
      });
      return customer;
    });
  } catch (error) {
    if (isUniqueViolation(error, "customers_customer_number_unique")) {
      throw numberTaken(input.customerNumber?.trim());
    }
    throw error;
  }
}

export function customerNotFound(customerId: string): NotFoundError {
  return new NotFoundError(`There is no customer with the id ${customerId}.`);
}

export async function findCustomer(db: Database, customerId: string): Promise<Customer | undefined> {
  if (!isUuid(customerId)) return undefined;
  const [customer] = await db.select().from(customers).where(eq(customers.id, customerId));
  return customer;
}

export async function getCustomer(db: Database, customerId: string): Promise<CustomerWithAddresses> {
  if (!isUuid(customerId)) throw customerNotFound(customerId);
  const [customer] = await db.select().from(customers).where(eq(customers.id, customerId));
  if (!customer) throw customerNotFound(customerId);
  const load = async (id: string | null) =>
    id ? ((await db.select().from(addresses).where(eq(addresses.id, id)))[0] ?? null) : null;
  return {
    ...customer,
    billingAddress: await load(customer.billingAddressId),
    shippingAddress: await load(customer.shippingAddressId),
  };
}

/** Replaces (or with `null` removes) the customer's billing or shipping address. */
export async function setCustomerAddress(
  db: Database,
  actor: ActorContext,
  customerId: string,
  kind: AddressKind,
  input: AddressInput | null,
): Promise<CustomerWithAddresses> {
  if (!isUuid(customerId)) throw customerNotFound(customerId);
  return transaction(db, async (tx) => {
    // Serialises concurrent changes of one customer's addresses (no orphans, true "before").
    await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId)).for("update");
    const current = await getCustomer(tx, customerId);
    const previous = kind === "billing" ? current.billingAddress : current.shippingAddress;
    const next = input ? await insertAddress(tx, input) : null;
    await tx
      .update(customers)
      .set({ [addressColumn[kind]]: next?.id ?? null })
      .where(eq(customers.id, customerId));
    if (previous) await tx.delete(addresses).where(eq(addresses.id, previous.id));
    await recordAudit(tx, actor, {
      action: `customer.${kind}_address_changed`,
      customerId,
      targetType: "customer",
      targetId: customerId,
      before: previous,
      after: next,
    });
    return getCustomer(tx, customerId);
  });
}

/** Renames a customer; the name is the customer's own master data (SPEC §2). */
export async function renameCustomer(
  db: Database,
  actor: ActorContext,
  customerId: string,
  name: string,
): Promise<Customer> {
  return changeCustomer(db, actor, customerId, { name });
}

export interface CustomerChange {
  name?: string;
  /** The operating company's number; null removes it. Unique among customers. */
  customerNumber?: string | null;
  isActive?: boolean;
}

/**
 * Changes a customer's master data in one transaction, one audit entry per kind of change
 * (`customer.renamed`, `customer.number_changed`, `customer.deactivated` / `customer.reactivated`).
 * Values equal to the stored ones change nothing and are not logged.
 */
export async function changeCustomer(
  db: Database,
  actor: ActorContext,
  customerId: string,
  change: CustomerChange,
): Promise<Customer> {
  const name = change.name?.trim();
  if (name === "") throw new ValidationError("The customer name must not be empty.");
  const customerNumber =
    change.customerNumber === undefined ? undefined : change.customerNumber?.trim() || null;
  if (!isUuid(customerId)) throw customerNotFound(customerId);
  try {
    return await transaction(db, async (tx) => {
      const [before] = await tx.select().from(customers).where(eq(customers.id, customerId)).for("update");
      if (!before) throw customerNotFound(customerId);
      const set: Partial<Pick<Customer, "name" | "customerNumber" | "isActive">> = {};
      if (name !== undefined && name !== before.name) set.name = name;
      if (customerNumber !== undefined && customerNumber !== before.customerNumber) {
        set.customerNumber = customerNumber;
      }
      if (change.isActive !== undefined && change.isActive !== before.isActive)
        set.isActive = change.isActive;
      if (Object.keys(set).length === 0) return before;
      const [after] = await tx.update(customers).set(set).where(eq(customers.id, customerId)).returning();
      if (!after) throw new Error("The customer was not updated.");
      const entry = { customerId, targetType: "customer", targetId: customerId } as const;
      if (set.name !== undefined) {
        await recordAudit(tx, actor, {
          ...entry,
          action: "customer.renamed",
          before: { name: before.name },
          after: { name: after.name },
        });
      }
      if (set.customerNumber !== undefined) {
        await recordAudit(tx, actor, {
          ...entry,
          action: "customer.number_changed",
          before: { customerNumber: before.customerNumber },
          after: { customerNumber: after.customerNumber },
        });
      }
      if (set.isActive !== undefined) {
        await recordAudit(tx, actor, {
          ...entry,
          action: after.isActive ? "customer.reactivated" : "customer.deactivated",
          before: { isActive: before.isActive },
          after: { isActive: after.isActive },
        });
      }
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error, "customers_customer_number_unique")) throw numberTaken(customerNumber);
    throw error;
  }
}

function numberTaken(customerNumber: string | null | undefined): ConflictError {
  return new ConflictError(`The customer number ${customerNumber} is already in use.`, [
    { path: "customerNumber", message: "Another customer already has this number." },
  ]);
}

export interface CustomerListRequest {
  /** Part of the name or the customer number, any case. */
  query?: string;
  active?: boolean;
  limit: number;
  offset: number;
}

export interface CustomerList {
  items: Customer[];
  total: number;
}

/** Customers by name (staff console; the caller checks that the actor is staff). */
export async function listCustomers(db: Database, request: CustomerListRequest): Promise<CustomerList> {
  const conditions = [];
  const query = request.query?.trim();
  if (query) {
    const pattern = containsPattern(query);
    conditions.push(or(ilike(customers.name, pattern), ilike(customers.customerNumber, pattern)));
  }
  if (request.active !== undefined) conditions.push(eq(customers.isActive, request.active));
  const where = and(...conditions);
  const [items, [counted]] = await Promise.all([
    db
      .select()
      .from(customers)
      .where(where)
      .orderBy(asc(customers.name), asc(customers.id))
      .limit(request.limit)
      .offset(request.offset),
    db.select({ total: count() }).from(customers).where(where),
  ]);
  return { items, total: counted?.total ?? 0 };
}

export interface CustomerCounts {
  activeContracts: number;
  activeCustomerPrograms: number;
  activeTimeAccounts: number;
  openComplaints: number;
}

/** What the staff console's customer page summarises: four indexed counts. */
export async function countCustomerRecords(db: Database, customerId: string): Promise<CustomerCounts> {
  const countOf = async (query: Promise<{ total: number }[]>) => (await query)[0]?.total ?? 0;
  const [activeContracts, activeCustomerPrograms, activeTimeAccounts, openComplaints] = await Promise.all([
    countOf(
      db
        .select({ total: count() })
        .from(contracts)
        .where(and(eq(contracts.customerId, customerId), eq(contracts.isActive, true))),
    ),
    countOf(
      db
        .select({ total: count() })
        .from(customerPrograms)
        .where(and(eq(customerPrograms.customerId, customerId), eq(customerPrograms.isActive, true))),
    ),
    countOf(
      db
        .select({ total: count() })
        .from(timeAccounts)
        .where(and(eq(timeAccounts.customerId, customerId), eq(timeAccounts.isActive, true))),
    ),
    countOf(
      db
        .select({ total: count() })
        .from(complaints)
        .where(
          and(eq(complaints.customerId, customerId), inArray(complaints.status, ["open", "in_progress"])),
        ),
    ),
  ]);
  return { activeContracts, activeCustomerPrograms, activeTimeAccounts, openComplaints };
}
