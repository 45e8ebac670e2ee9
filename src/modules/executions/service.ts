/**
 * Recording executions (SPEC §7): checks what a key may report, then prices and stores a batch of
 * executions in one transaction. The customer programs and time accounts involved are locked (in id
 * order, so concurrent batches cannot deadlock each other), so two executions drawing on the same
 * account never overdraw it or lose a debit, and each execution's tier sees all executions before it.
 * A single execution is a batch of one; the work per batch is a fixed number of statements.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { type Database, executePrepared } from "../../db/connection.ts";
import { inList } from "../../db/lists.ts";
import { transaction } from "../../db/transaction.ts";
import { AppError, NotFoundError } from "../../lib/errors.ts";
import { uuidv7 } from "../../lib/ids.ts";
import { formatMoney, parseMoney } from "../../lib/money.ts";
import type { ApiKey } from "../api-keys/schema.ts";
import type { ActorContext } from "../audit/service.ts";
import { customers } from "../crm/schema.ts";
import { contracts, employees } from "../hr/schema.ts";
import type { User } from "../identity/schema.ts";
import { rollupInsertOf } from "../insights/rollups.ts";
import {
  type CustomerProgram,
  customerPrograms,
  customerProgramTimeAccounts,
  programs as programCatalogue,
} from "../programs/schema.ts";
import { DEFAULT_TIERS } from "../programs/tiers.ts";
import { planPostings } from "../time-accounts/ledger.ts";
import { timeAccountEntries, timeAccounts } from "../time-accounts/schema.ts";
import { type Draw, type PricingState, priceExecution } from "./pricing.ts";
import { type Execution, executions } from "./schema.ts";

/** Who reports: an authenticated API key and its owner. */
export interface Reporter {
  key: Pick<ApiKey, "id">;
  owner: Pick<User, "id">;
  /** The customers the key is restricted to; null when it is not restricted. */
  customerIds: string[] | null;
}

export interface ExecutionInput {
  customerProgramId: string;
  /** Whole seconds 1..86400; the program's default when absent. */
  timeSavedSeconds?: number;
  occurredAt?: Date;
}

export interface RecordedExecution {
  execution: Execution;
  remainingBalanceSeconds: number;
}

export const MAX_TIME_SAVED_SECONDS = 86_400;

/** Why a reported execution is refused; `code` tells the legacy API which old body to answer with. */
export class ExecutionRefused extends AppError {
  constructor(
    status: number,
    code:
      | "program_not_found"
      | "program_inactive"
      | "not_an_employee"
      | "key_not_allowed"
      | "invalid_time_saved",
    message: string,
    /** The refused item or field, e.g. `executions.3` or `timeSavedSeconds`. */
    path?: string,
  ) {
    super(status, code, message, { details: path === undefined ? undefined : [{ path, message }] });
  }
}

/** Whether `value` is a time saved the APIs accept: a whole number of seconds, 1..86400. */
export function isValidTimeSaved(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= MAX_TIME_SAVED_SECONDS;
}

function refuse(
  status: number,
  code: ConstructorParameters<typeof ExecutionRefused>[1],
  message: string,
  index: number,
  batch: boolean,
  field?: string,
): ExecutionRefused {
  const path = batch ? [`executions.${index}`, field].filter(Boolean).join(".") : field;
  return new ExecutionRefused(status, code, batch ? `Execution ${index}: ${message}` : message, path);
}

/** One execution to record and who reports it. */
export interface ReportedExecution {
  reporter: Reporter;
  input: ExecutionInput;
  context: ActorContext;
}

/** A customer program as recording needs it, locked for the rest of the transaction. */
interface LockedProgram {
  id: string;
  customerId: string;
  isActive: boolean;
  pricingMode: CustomerProgram["pricingMode"];
  pricePerSecond: string;
  tiers: CustomerProgram["tiers"];
  currency: string;
  defaultTimeSavedSeconds: number;
  tierBasisSeconds: number;
}

/** Everything recording reads, locked, in one statement. */
interface LockedState {
  /** The transaction's time: every execution of it is created at this moment. */
  now: Date;
  programs: Map<string, LockedProgram>;
  pricing: PricingState;
  /** The balances as locked, for the ledger's plan; pricing moves its own copy (`pricing.accounts`) on. */
  accounts: Map<string, { balanceSeconds: number }>;
  /** `employmentKey(user, customer)` of the reporters' active contracts. */
  employments: Set<string>;
}

/**
 * Locks the customer programs, then their time accounts (each in id order, so concurrent recorders
 * cannot deadlock; every writer locks programs before accounts) and reads the reporters' active
 * contracts with those programs' customers: one round trip, whatever the number of executions.
 */
async function lockState(tx: Database, items: readonly ReportedExecution[]): Promise<LockedState> {
  const programIds = [...new Set(items.map((item) => item.input.customerProgramId))];
  const userIds = [...new Set(items.map((item) => item.reporter.owner.id))];
  const result = await executePrepared<{
    now: string;
    programs: (Omit<LockedProgram, "tierBasisSeconds"> & { tierBasisSeconds: string | number })[] | null;
    links: { customerProgramId: string; timeAccountId: string }[] | null;
    accounts: { id: string; isActive: boolean; balanceSeconds: string | number }[] | null;
    employments: { userId: string; customerId: string }[] | null;
  }>(
    tx,
    "record_executions_lock",
    sql`
    WITH p AS (
      SELECT id, customer_id, is_active, pricing_mode, price_per_second, tiers, currency,
        default_time_saved_seconds, tier_basis_seconds
      FROM ${customerPrograms} WHERE ${inList(customerPrograms.id, programIds, "uuid")} ORDER BY id FOR UPDATE
    ), l AS (
      SELECT customer_program_id, time_account_id, position FROM ${customerProgramTimeAccounts}
      WHERE customer_program_id IN (SELECT id FROM p)
    ), a AS (
      SELECT id, is_active, balance_seconds FROM ${timeAccounts}
      WHERE id IN (SELECT time_account_id FROM l) ORDER BY id FOR UPDATE
    ), e AS (
      SELECT ${employees.userId}, ${contracts.customerId}
      FROM ${contracts} JOIN ${employees} ON ${employees.id} = ${contracts.employeeId}
      WHERE ${inList(employees.userId, userIds, "uuid")} AND ${contracts.isActive}
        AND ${contracts.customerId} IN (SELECT customer_id FROM p)
    )
    SELECT to_json(now()::timestamptz(3)) AS now,
      (SELECT json_agg(json_build_object('id', id, 'customerId', customer_id, 'isActive', is_active,
         'pricingMode', pricing_mode, 'pricePerSecond', price_per_second::text, 'tiers', tiers,
         'currency', currency, 'defaultTimeSavedSeconds', default_time_saved_seconds,
         'tierBasisSeconds', tier_basis_seconds::text)) FROM p) AS programs,
      (SELECT json_agg(json_build_object('customerProgramId', customer_program_id,
         'timeAccountId', time_account_id) ORDER BY position) FROM l) AS links,
      (SELECT json_agg(json_build_object('id', id, 'isActive', is_active,
         'balanceSeconds', balance_seconds::text)) FROM a) AS accounts,
      (SELECT json_agg(json_build_object('userId', user_id, 'customerId', customer_id)) FROM e)
         AS employments`,
  );
  const row = result.rows[0];
  if (!row) throw new Error("Reading the recording state returned nothing.");
  // Drivers differ in whether json columns arrive parsed.
  for (const column of ["programs", "links", "accounts", "employments"] as const) {
    if (typeof row[column] === "string") Object.assign(row, { [column]: JSON.parse(row[column]) });
  }
  const programs = new Map(
    (row.programs ?? []).map((program) => [
      program.id,
      { ...program, tierBasisSeconds: Number(program.tierBasisSeconds) },
    ]),
  );
  const links = row.links ?? [];
  const accounts = (row.accounts ?? []).map((account) => ({
    id: account.id,
    isActive: account.isActive,
    balanceSeconds: Number(account.balanceSeconds),
  }));
  return {
    now: new Date(row.now),
    programs,
    pricing: {
      programs: new Map(
        [...programs.values()].map((program) => [
          program.id,
          {
            id: program.id,
            pricingMode: program.pricingMode,
            pricePerSecond: parseMoney(program.pricePerSecond),
            tiers: program.tiers ?? DEFAULT_TIERS,
            currency: program.currency,
            defaultTimeSavedSeconds: program.defaultTimeSavedSeconds,
            tierBasisSeconds: program.tierBasisSeconds,
            timeAccountIds: links
              .filter((link) => link.customerProgramId === program.id)
              .map((link) => link.timeAccountId),
          },
        ]),
      ),
      accounts: new Map(accounts.map((account) => [account.id, { ...account }])),
    },
    accounts: new Map(accounts.map((account) => [account.id, { balanceSeconds: account.balanceSeconds }])),
    employments: new Set(
      (row.employments ?? []).map((employment) => employmentKey(employment.userId, employment.customerId)),
    ),
  };
}

/** How a reporter's active contract with a customer is looked up. */
function employmentKey(userId: string, customerId: string): string {
  return `${userId}:${customerId}`;
}

/** The checks of SPEC §7 after the key and its owner, for one execution: why it is refused, if it is. */
function refusalOf(
  item: ReportedExecution,
  state: LockedState,
  index: number,
  batch: boolean,
): ExecutionRefused | undefined {
  const { input, reporter } = item;
  const program = state.programs.get(input.customerProgramId);
  if (!program) {
    return refuse(
      404,
      "program_not_found",
      `There is no customer program ${input.customerProgramId}.`,
      index,
      batch,
    );
  }
  if (!program.isActive) {
    return refuse(
      409,
      "program_inactive",
      "This customer program is not active; it accepts no executions.",
      index,
      batch,
    );
  }
  if (!state.employments.has(employmentKey(reporter.owner.id, program.customerId))) {
    return refuse(
      403,
      "not_an_employee",
      "The key's owner has no active contract with this program's customer.",
      index,
      batch,
    );
  }
  if (reporter.customerIds !== null && !reporter.customerIds.includes(program.customerId)) {
    return refuse(
      403,
      "key_not_allowed",
      "This API key is not allowed for this program's customer.",
      index,
      batch,
    );
  }
  if (input.timeSavedSeconds !== undefined && !isValidTimeSaved(input.timeSavedSeconds)) {
    return refuse(
      400,
      "invalid_time_saved",
      `The time saved must be a whole number of seconds from 1 to ${MAX_TIME_SAVED_SECONDS}.`,
      index,
      batch,
      "timeSavedSeconds",
    );
  }
  return undefined;
}

/**
 * Prices the checked executions in order and writes everything they change in one statement: the
 * executions, their ledger debits and the accounts' balances (as the ledger plans them), the daily
 * rollups and the programs' tier bases.
 */
async function writeExecutions(
  tx: Database,
  items: readonly ReportedExecution[],
  state: LockedState,
): Promise<RecordedExecution[]> {
  const [first] = items;
  if (!first) return [];
  const recorded = items.map((item): RecordedExecution & { draws: Draw[] } => {
    const outcome = priceExecution(state.pricing, item.input.customerProgramId, item.input.timeSavedSeconds);
    const program = state.programs.get(outcome.customerProgramId);
    if (!program) throw new Error(`Customer program ${outcome.customerProgramId} is not locked.`);
    return {
      execution: {
        id: uuidv7(),
        customerProgramId: outcome.customerProgramId,
        customerId: program.customerId,
        reportedByUserId: item.reporter.owner.id,
        apiKeyId: item.reporter.key.id,
        timeSavedSeconds: outcome.timeSavedSeconds,
        coveredSeconds: outcome.coveredSeconds,
        billedSeconds: outcome.billedSeconds,
        pricePerSecond: formatMoney(outcome.pricePerSecond),
        price: formatMoney(outcome.price),
        currency: outcome.currency,
        paymentStatus: "not_paid",
        occurredAt: item.input.occurredAt ?? null,
        paidAt: null,
        createdAt: state.now,
        updatedAt: state.now,
      },
      remainingBalanceSeconds: outcome.remainingBalanceSeconds,
      draws: outcome.draws,
    };
  });
  const ledger = planPostings(
    first.context,
    recorded.flatMap(({ execution, draws }, index) =>
      draws.map((draw) => ({
        timeAccountId: draw.timeAccountId,
        kind: "execution_debit" as const,
        seconds: -draw.seconds,
        executionId: execution.id,
        actor: items[index]?.context,
      })),
    ),
    state.accounts,
  );
  const rows = recorded.map(({ execution }) => execution);
  // Only the programs that recorded something: the others' rows stay untouched.
  const bases = [...state.pricing.programs.values()]
    .filter((program) => rows.some((row) => row.customerProgramId === program.id))
    .map((program) => ({ id: program.id, basis: program.tierBasisSeconds }));

  await executePrepared(
    tx,
    "record_executions_write",
    sql`
    WITH x AS (
      SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json) AS x("id" uuid,
        "customerProgramId" uuid, "customerId" uuid, "reportedByUserId" uuid, "apiKeyId" uuid,
        "timeSavedSeconds" integer, "coveredSeconds" integer, "billedSeconds" integer,
        "pricePerSecond" numeric, "price" numeric, "currency" text, "occurredAt" timestamptz)
    ), inserted AS (
      INSERT INTO ${executions} (id, customer_program_id, customer_id, reported_by_user_id, api_key_id,
        time_saved_seconds, covered_seconds, billed_seconds, price_per_second, price, currency,
        payment_status, occurred_at, created_at, updated_at)
      SELECT "id", "customerProgramId", "customerId", "reportedByUserId", "apiKeyId", "timeSavedSeconds",
        "coveredSeconds", "billedSeconds", "pricePerSecond", "price", "currency", 'not_paid', "occurredAt",
        ${state.now}::timestamptz, ${state.now}::timestamptz
      FROM x
    ), entries AS (
      INSERT INTO ${timeAccountEntries} (id, time_account_id, kind, seconds, balance_after_seconds,
        execution_id, actor_user_id, actor_api_key_id, reason)
      SELECT "id", "timeAccountId", "kind", "seconds", "balanceAfterSeconds", "executionId", "actorUserId",
        "actorApiKeyId", "reason"
      FROM json_to_recordset(${JSON.stringify(ledger.entries)}::json) AS e("id" uuid, "timeAccountId" uuid,
        "kind" text, "seconds" bigint, "balanceAfterSeconds" bigint, "executionId" uuid, "actorUserId" uuid,
        "actorApiKeyId" uuid, "reason" text)
    ), balances AS (
      UPDATE ${timeAccounts} AS t SET balance_seconds = b."balanceSeconds", updated_at = now()
      FROM json_to_recordset(${JSON.stringify(ledger.balances)}::json) AS b("id" uuid, "balanceSeconds" bigint)
      WHERE t.id = b."id"
    ), bases AS (
      UPDATE ${customerPrograms} AS p SET tier_basis_seconds = b."basis"
      FROM json_to_recordset(${JSON.stringify(bases)}::json) AS b("id" uuid, "basis" bigint)
      WHERE p.id = b."id"
    )
    ${rollupInsertOf(sql`
      SELECT "customerProgramId" AS customer_program_id, "customerId" AS customer_id,
        ${state.now}::timestamptz AS created_at, 'not_paid' AS payment_status, "currency" AS currency,
        "timeSavedSeconds" AS time_saved_seconds, "coveredSeconds" AS covered_seconds,
        "billedSeconds" AS billed_seconds, "price" AS price
      FROM x`)}`,
  );

  return recorded.map(({ execution, remainingBalanceSeconds }) => ({ execution, remainingBalanceSeconds }));
}

/**
 * Records the executions, all or none, in the order given. Throws `ExecutionRefused` naming the first
 * execution that may not be recorded.
 */
export async function recordExecutions(
  db: Database,
  reporter: Reporter,
  inputs: readonly ExecutionInput[],
  context: ActorContext,
): Promise<RecordedExecution[]> {
  if (inputs.length === 0) return [];
  const items = inputs.map((input) => ({ reporter, input, context }));
  return transaction(
    db,
    async (tx) => {
      const state = await lockState(tx, items);
      const batch = items.length > 1;
      items.forEach((item, index) => {
        const refusal = refusalOf(item, state, index, batch);
        if (refusal) throw refusal;
      });
      return writeExecutions(tx, items, state);
    },
    { retries: 3 },
  );
}

/**
 * Records each execution that passes its checks, in the given order, inside the caller's transaction
 * (reports of different keys and reporters alike): the refusal, or what was recorded, per item.
 */
export async function recordEach(
  tx: Database,
  items: readonly ReportedExecution[],
): Promise<(RecordedExecution | ExecutionRefused)[]> {
  if (items.length === 0) return [];
  const state = await lockState(tx, items);
  const refusals = items.map((item, index) => refusalOf(item, state, index, false));
  const accepted = items.filter((_item, index) => refusals[index] === undefined);
  const recorded = await writeExecutions(tx, accepted, state);
  let next = 0;
  return refusals.map((refusal) => {
    if (refusal) return refusal;
    const result = recorded[next++];
    if (!result) throw new Error("An accepted execution was not recorded.");
    return result;
  });
}

export interface ReportableProgram {
  id: string;
  program: { id: string; name: string };
  customer: { id: string; name: string };
  defaultTimeSavedSeconds: number;
  pricingMode: CustomerProgram["pricingMode"];
  currency: string;
}

/** The active customer programs the reporter may report for, by customer and program name. */
export async function reportablePrograms(db: Database, reporter: Reporter): Promise<ReportableProgram[]> {
  const rows = await db
    .select({
      id: customerPrograms.id,
      program: { id: programCatalogue.id, name: programCatalogue.name },
      customer: { id: customers.id, name: customers.name },
      defaultTimeSavedSeconds: customerPrograms.defaultTimeSavedSeconds,
      pricingMode: customerPrograms.pricingMode,
      currency: customerPrograms.currency,
    })
    .from(customerPrograms)
    .innerJoin(programCatalogue, eq(programCatalogue.id, customerPrograms.programId))
    .innerJoin(customers, eq(customers.id, customerPrograms.customerId))
    .innerJoin(contracts, eq(contracts.customerId, customerPrograms.customerId))
    .innerJoin(employees, eq(employees.id, contracts.employeeId))
    .where(
      and(
        eq(employees.userId, reporter.owner.id),
        eq(contracts.isActive, true),
        eq(customerPrograms.isActive, true),
        reporter.customerIds === null
          ? undefined
          : inArray(customerPrograms.customerId, reporter.customerIds),
      ),
    )
    .orderBy(asc(customers.name), asc(programCatalogue.name), asc(customerPrograms.id));
  return rows;
}

export function executionNotFound(id: string): NotFoundError {
  return new NotFoundError(`There is no execution ${id}.`);
}
