/**
 * Recording executions (SPEC §7): checks what a key may report, then prices and stores a batch of
 * executions in one transaction. The customer programs and time accounts involved are locked (in id
 * order, so concurrent batches cannot deadlock each other), so two executions drawing on the same
 * account never overdraw it or lose a debit, and each execution's tier sees all executions before it.
 * A single execution is a batch of one; the work per batch is a fixed number of statements.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { AppError, NotFoundError } from "../../lib/errors.ts";
import { uuidv7 } from "../../lib/ids.ts";
import { formatMoney, parseMoney } from "../../lib/money.ts";
import type { ApiKey } from "../api-keys/schema.ts";
import type { ActorContext } from "../audit/service.ts";
import { customers } from "../crm/schema.ts";
import { contracts, employees } from "../hr/schema.ts";
import { activeEmployments, employmentKey } from "../hr/service.ts";
import type { User } from "../identity/schema.ts";
import { addToRollups } from "../insights/rollups.ts";
import {
  type CustomerProgram,
  customerPrograms,
  customerProgramTimeAccounts,
  programs as programCatalogue,
} from "../programs/schema.ts";
import { DEFAULT_TIERS } from "../programs/tiers.ts";
import { lockTimeAccounts, postToLedger } from "../time-accounts/ledger.ts";
import type { TimeAccount } from "../time-accounts/schema.ts";
import { type PricingState, priceExecution } from "./pricing.ts";
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

/** Locks the customer programs (in id order) for the rest of the transaction. */
async function lockPrograms(tx: Database, ids: readonly string[]): Promise<Map<string, CustomerProgram>> {
  const locked = await tx
    .select()
    .from(customerPrograms)
    .where(inArray(customerPrograms.id, [...new Set(ids)]))
    .orderBy(asc(customerPrograms.id))
    .for("update");
  return new Map(locked.map((program) => [program.id, program]));
}

/** The checks of SPEC §7 after the key and its owner, for one execution: why it is refused, if it is. */
function refusalOf(
  item: ReportedExecution,
  programs: ReadonlyMap<string, CustomerProgram>,
  employments: ReadonlySet<string>,
  index: number,
  batch: boolean,
): ExecutionRefused | undefined {
  const { input, reporter } = item;
  const program = programs.get(input.customerProgramId);
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
  if (!employments.has(employmentKey(reporter.owner.id, program.customerId))) {
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

/** Locks the programs and checks every execution; the refusal per item (undefined: may be recorded). */
async function lockAndCheck(
  tx: Database,
  items: readonly ReportedExecution[],
  batch: boolean,
): Promise<{ programs: Map<string, CustomerProgram>; refusals: (ExecutionRefused | undefined)[] }> {
  const programs = await lockPrograms(
    tx,
    items.map((item) => item.input.customerProgramId),
  );
  const employments = await activeEmployments(
    tx,
    items.map((item) => item.reporter.owner.id),
    [...programs.values()].map((program) => program.customerId),
  );
  return {
    programs,
    refusals: items.map((item, index) => refusalOf(item, programs, employments, index, batch)),
  };
}

/** Locks the programs' time accounts and builds the pricing state from them. */
async function lockPricingState(
  tx: Database,
  programs: CustomerProgram[],
): Promise<{ state: PricingState; accounts: Map<string, TimeAccount> }> {
  const links = await tx
    .select()
    .from(customerProgramTimeAccounts)
    .where(
      inArray(
        customerProgramTimeAccounts.customerProgramId,
        programs.map((program) => program.id),
      ),
    )
    .orderBy(asc(customerProgramTimeAccounts.position));
  const accounts = await lockTimeAccounts(
    tx,
    links.map((link) => link.timeAccountId),
  );
  const state: PricingState = {
    programs: new Map(
      programs.map((program) => [
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
    accounts: new Map(
      [...accounts.values()].map((account) => [
        account.id,
        { id: account.id, isActive: account.isActive, balanceSeconds: account.balanceSeconds },
      ]),
    ),
  };
  return { state, accounts };
}

/**
 * Prices the checked executions in order and writes them with a fixed number of statements, whatever
 * their number: executions, ledger debits, balances, rollups and tier bases. The programs must be
 * locked by the caller's transaction.
 */
async function writeExecutions(
  tx: Database,
  items: readonly ReportedExecution[],
  programs: ReadonlyMap<string, CustomerProgram>,
): Promise<RecordedExecution[]> {
  const used = [...new Set(items.map((item) => item.input.customerProgramId))].flatMap((id) => {
    const program = programs.get(id);
    return program ? [program] : [];
  });
  const { state, accounts } = await lockPricingState(tx, used);
  const priced = items.map((item) => ({
    id: uuidv7(),
    item,
    outcome: priceExecution(state, item.input.customerProgramId, item.input.timeSavedSeconds),
  }));

  const stored = await tx
    .insert(executions)
    .values(
      priced.map(({ id, item, outcome }) => ({
        id,
        customerProgramId: outcome.customerProgramId,
        customerId: programs.get(outcome.customerProgramId)?.customerId ?? "",
        reportedByUserId: item.reporter.owner.id,
        apiKeyId: item.reporter.key.id,
        timeSavedSeconds: outcome.timeSavedSeconds,
        coveredSeconds: outcome.coveredSeconds,
        billedSeconds: outcome.billedSeconds,
        pricePerSecond: formatMoney(outcome.pricePerSecond),
        price: formatMoney(outcome.price),
        currency: outcome.currency,
        occurredAt: item.input.occurredAt ?? null,
      })),
    )
    .returning();

  const postings = priced.flatMap(({ id, item, outcome }) =>
    outcome.draws.map((draw) => ({
      timeAccountId: draw.timeAccountId,
      kind: "execution_debit" as const,
      seconds: -draw.seconds,
      executionId: id,
      actor: item.context,
    })),
  );
  const [first] = items;
  if (first) await postToLedger(tx, first.context, postings, { locked: accounts });

  await addToRollups(
    tx,
    inArray(
      executions.id,
      priced.map(({ id }) => id),
    ),
  );

  const bases = [...state.programs.values()].map(
    (program) => sql`(${program.id}::uuid, ${program.tierBasisSeconds}::bigint)`,
  );
  await tx.execute(sql`
    UPDATE ${customerPrograms} AS p
    SET tier_basis_seconds = v.basis
    FROM (VALUES ${sql.join(bases, sql`, `)}) AS v(id, basis)
    WHERE p.id = v.id`);

  const byId = new Map(stored.map((execution) => [execution.id, execution]));
  return priced.map(({ id, outcome }) => {
    const execution = byId.get(id);
    if (!execution) throw new Error(`Execution ${id} was not stored.`);
    return { execution, remainingBalanceSeconds: outcome.remainingBalanceSeconds };
  });
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
      const { programs, refusals } = await lockAndCheck(tx, items, items.length > 1);
      const refused = refusals.find((refusal) => refusal !== undefined);
      if (refused) throw refused;
      return writeExecutions(tx, items, programs);
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
  const { programs, refusals } = await lockAndCheck(tx, items, false);
  const accepted = items.filter((_item, index) => refusals[index] === undefined);
  const recorded = accepted.length > 0 ? await writeExecutions(tx, accepted, programs) : [];
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
