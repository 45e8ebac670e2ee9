/**
 * Staff create and change customer programs (SPEC §4): pricing (fixed price or a tier table, the
 * default table when none), currency, status and the ordered time accounts the program draws from,
 * which must be the same customer's. `tier_basis_seconds` belongs to the executions module and is
 * never written here. Every change is audit-logged with before and after.
 */
import { eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { type ProblemDetail, ValidationError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import { type Actor, assertStaff } from "../access/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { findCustomer } from "../crm/service.ts";
import { timeAccounts } from "../time-accounts/schema.ts";
import { findProgram } from "./catalogue.ts";
import {
  type CustomerProgramDetails,
  customerProgramDetails,
  customerProgramNotFound,
  timeAccountIdsOf,
} from "./customer-programs.ts";
import { duplicateIdProblems, normalMoney, normalTiers, type TierInput, tierTableProblems } from "./rules.ts";
import {
  type CustomerProgram,
  customerPrograms,
  customerProgramTimeAccounts,
  PRICING_MODES,
  type PricingMode,
} from "./schema.ts";

export const MAX_TIME_ACCOUNTS = 20;
export const MAX_DEFAULT_TIME_SAVED_SECONDS = 86_400;
const CURRENCY = /^[A-Z]{3}$/;

export interface CustomerProgramFields {
  defaultTimeSavedSeconds: number;
  /** Default `tiered`. */
  pricingMode?: PricingMode;
  /** The rate of fixed pricing, a decimal string; default "0". */
  pricePerSecond?: string;
  /** null or omitted: the default table. */
  tiers?: readonly TierInput[] | null;
  /** ISO 4217, default EUR. */
  currency?: string;
  isActive?: boolean;
  /** Drawn from in this order; each the same customer's. */
  timeAccountIds?: readonly string[];
}

export interface NewCustomerProgram extends CustomerProgramFields {
  programId: string;
  customerId: string;
}

/** Program and customer stay; `tiers: null` returns to the default table; `timeAccountIds` replaces the list. */
export type CustomerProgramChange = Partial<CustomerProgramFields>;

/** The request schemas check the same; this guards callers other than HTTP. */
function checkFields(fields: CustomerProgramChange): void {
  const problems: ProblemDetail[] = [];
  const seconds = fields.defaultTimeSavedSeconds;
  if (
    seconds !== undefined &&
    (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_DEFAULT_TIME_SAVED_SECONDS)
  ) {
    problems.push({
      path: "defaultTimeSavedSeconds",
      message: `Use whole seconds from 0 to ${MAX_DEFAULT_TIME_SAVED_SECONDS}.`,
    });
  }
  if (fields.pricingMode !== undefined && !PRICING_MODES.includes(fields.pricingMode)) {
    problems.push({ path: "pricingMode", message: "Use fixed or tiered." });
  }
  if (fields.pricePerSecond !== undefined) {
    try {
      normalMoney(fields.pricePerSecond);
    } catch {
      problems.push({ path: "pricePerSecond", message: "Use a decimal string, e.g. 0.05." });
    }
  }
  if (fields.tiers) problems.push(...tierTableProblems(fields.tiers));
  if (fields.currency !== undefined && !CURRENCY.test(fields.currency)) {
    problems.push({ path: "currency", message: "Use three capital letters (ISO 4217), e.g. EUR." });
  }
  const ids = fields.timeAccountIds;
  if (ids !== undefined) {
    if (ids.length > MAX_TIME_ACCOUNTS) {
      problems.push({ path: "timeAccountIds", message: `At most ${MAX_TIME_ACCOUNTS} time accounts.` });
    }
    ids.forEach((id, index) => {
      if (!isUuid(id)) problems.push({ path: `timeAccountIds.${index}`, message: "Not a UUID." });
    });
    problems.push(...duplicateIdProblems(ids, "timeAccountIds"));
  }
  if (problems.length > 0) {
    throw new ValidationError("The customer program is not valid; see `errors` for each problem.", problems);
  }
}

/** Refuses time accounts that do not exist or belong to another customer, naming each. */
async function checkTimeAccounts(tx: Database, customerId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx
    .select({ id: timeAccounts.id, customerId: timeAccounts.customerId })
    .from(timeAccounts)
    .where(inArray(timeAccounts.id, [...ids]));
  const owners = new Map(found.map((account) => [account.id, account.customerId]));
  const problems: ProblemDetail[] = [];
  ids.forEach((id, index) => {
    const owner = owners.get(id);
    if (owner === undefined) {
      problems.push({
        path: `timeAccountIds.${index}`,
        message: `There is no time account with the id ${id}.`,
      });
    } else if (owner !== customerId) {
      problems.push({
        path: `timeAccountIds.${index}`,
        message: `The time account ${id} belongs to another customer.`,
      });
    }
  });
  if (problems.length > 0) {
    throw new ValidationError(
      `A customer program draws only from existing time accounts of its own customer; refused: ${problems
        .map((problem) => problem.message)
        .join(" ")}`,
      problems,
    );
  }
}

async function linkTimeAccounts(tx: Database, customerProgramId: string, ids: readonly string[]) {
  await tx
    .delete(customerProgramTimeAccounts)
    .where(eq(customerProgramTimeAccounts.customerProgramId, customerProgramId));
  if (ids.length === 0) return;
  await tx
    .insert(customerProgramTimeAccounts)
    .values(ids.map((timeAccountId, position) => ({ customerProgramId, timeAccountId, position })));
}

/** What the audit log keeps of a customer program (never the executions module's tier basis). */
function snapshot(row: CustomerProgram, timeAccountIds: readonly string[]) {
  return {
    programId: row.programId,
    customerId: row.customerId,
    defaultTimeSavedSeconds: row.defaultTimeSavedSeconds,
    pricingMode: row.pricingMode,
    pricePerSecond: normalMoney(row.pricePerSecond),
    tiers: row.tiers && normalTiers(row.tiers),
    currency: row.currency,
    isActive: row.isActive,
    timeAccountIds: [...timeAccountIds],
  };
}

export async function createCustomerProgram(
  db: Database,
  actor: Actor,
  input: NewCustomerProgram,
): Promise<CustomerProgramDetails> {
  assertStaff(actor.user);
  checkFields(input);
  return transaction(db, async (tx) => {
    if (!(await findProgram(tx, input.programId))) {
      throw new ValidationError(`There is no program with the id ${input.programId}.`, [
        { path: "programId", message: "Unknown program." },
      ]);
    }
    if (!(await findCustomer(tx, input.customerId))) {
      throw new ValidationError(`There is no customer with the id ${input.customerId}.`, [
        { path: "customerId", message: "Unknown customer." },
      ]);
    }
    const timeAccountIds = input.timeAccountIds ?? [];
    await checkTimeAccounts(tx, input.customerId, timeAccountIds);
    const [created] = await tx
      .insert(customerPrograms)
      .values({
        programId: input.programId,
        customerId: input.customerId,
        defaultTimeSavedSeconds: input.defaultTimeSavedSeconds,
        pricingMode: input.pricingMode ?? "tiered",
        pricePerSecond: normalMoney(input.pricePerSecond ?? "0"),
        tiers: input.tiers ? normalTiers(input.tiers) : null,
        currency: input.currency ?? "EUR",
        isActive: input.isActive ?? true,
      })
      .returning();
    if (!created) throw new Error("The customer program was not stored.");
    await linkTimeAccounts(tx, created.id, timeAccountIds);
    await recordAudit(tx, actor.context, {
      action: "customer_program.created",
      customerId: created.customerId,
      targetType: "customer_program",
      targetId: created.id,
      after: snapshot(created, timeAccountIds),
    });
    return customerProgramDetails(tx, created.id);
  });
}

export async function updateCustomerProgram(
  db: Database,
  actor: Actor,
  customerProgramId: string,
  change: CustomerProgramChange,
): Promise<CustomerProgramDetails> {
  assertStaff(actor.user);
  if (!isUuid(customerProgramId)) throw customerProgramNotFound(customerProgramId);
  checkFields(change);
  return transaction(db, async (tx) => {
    // Executions price under this row's lock, so they see the old or the new settings, never a mix.
    const [row] = await tx
      .select()
      .from(customerPrograms)
      .where(eq(customerPrograms.id, customerProgramId))
      .for("update");
    if (!row) throw customerProgramNotFound(customerProgramId);
    const beforeIds = await timeAccountIdsOf(tx, customerProgramId);
    if (change.timeAccountIds !== undefined)
      await checkTimeAccounts(tx, row.customerId, change.timeAccountIds);
    const wanted: CustomerProgram = {
      ...row,
      defaultTimeSavedSeconds: change.defaultTimeSavedSeconds ?? row.defaultTimeSavedSeconds,
      pricingMode: change.pricingMode ?? row.pricingMode,
      pricePerSecond: normalMoney(change.pricePerSecond ?? row.pricePerSecond),
      tiers: change.tiers === undefined ? row.tiers : change.tiers && normalTiers(change.tiers),
      currency: change.currency ?? row.currency,
      isActive: change.isActive ?? row.isActive,
    };
    const wantedIds = change.timeAccountIds ?? beforeIds;
    const before = snapshot(row, beforeIds);
    const after = snapshot(wanted, wantedIds);
    // Asking for what is already so changes nothing, not even the timestamp.
    if (JSON.stringify(before) === JSON.stringify(after))
      return customerProgramDetails(tx, customerProgramId);
    await tx
      .update(customerPrograms)
      .set({
        defaultTimeSavedSeconds: wanted.defaultTimeSavedSeconds,
        pricingMode: wanted.pricingMode,
        pricePerSecond: wanted.pricePerSecond,
        tiers: wanted.tiers,
        currency: wanted.currency,
        isActive: wanted.isActive,
      })
      .where(eq(customerPrograms.id, customerProgramId));
    if (JSON.stringify(before.timeAccountIds) !== JSON.stringify(after.timeAccountIds)) {
      await linkTimeAccounts(tx, customerProgramId, wantedIds);
    }
    await recordAudit(tx, actor.context, {
      action: "customer_program.updated",
      customerId: row.customerId,
      targetType: "customer_program",
      targetId: customerProgramId,
      before,
      after,
    });
    return customerProgramDetails(tx, customerProgramId);
  });
}
