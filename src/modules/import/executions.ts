/**
 * Executions arrive in the millions, so they are streamed (second pass over the dump) and written in
 * batches with one statement each: the batch travels as one JSON parameter, `ON CONFLICT DO NOTHING`
 * skips what an earlier import brought in, and the daily rollups take the new rows in the same
 * transaction. Executions already in NADOO are never changed by a later import: from the first
 * import on, NADOO owns their status and ledger effects. Complaints follow, as they refer to executions.
 */
import { inArray, sql } from "drizzle-orm";
import { parseMoney } from "../../lib/money.ts";
import { type ComplaintStatus, complaints } from "../complaints/schema.ts";
import { executions, type PaymentStatus } from "../executions/schema.ts";
import { addToRollups } from "../insights/rollups.ts";
import { customerPrograms } from "../programs/schema.ts";
import { fieldsOf, type ImportContext, lookup, recordsOf, tally } from "./context.ts";
import type { DumpRecord } from "./dump-reader.ts";
import { Fields, ImportRecordError, idFor, pkKey } from "./records.ts";
import { type Row, upsertRows } from "./upsert.ts";

export const EXECUTION = "nadooit_api_executions_system.customerprogramexecution";
export const COMPLAINT = "nadoo_complaint_management.complaint";

const PAYMENT_STATUSES: Record<string, PaymentStatus> = {
  NOT_PAID: "not_paid",
  PAID: "paid",
  REFUNDED: "refunded",
  REVOKED: "revoked",
};

/** CLOSED meant "dealt with, the execution stays revoked": that is `accepted` here (SPEC §8). */
const COMPLAINT_STATUSES: Record<string, ComplaintStatus> = {
  OPEN: "open",
  IN_PROGRESS: "in_progress",
  CLOSED: "accepted",
  REJECTED: "rejected",
};

const BATCH = 4000;
const STAGED = "import_new_executions";

interface ExecutionRow {
  id: string;
  customer_program_id: string;
  customer_id: string;
  time_saved_seconds: number;
  covered_seconds: number;
  billed_seconds: number;
  price_per_second: string;
  price: string;
  currency: string;
  payment_status: PaymentStatus;
  paid_at: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * The original stored neither covered nor billed seconds; they are derived from the price: nothing
 * billed when the price is 0 (the time account covered it), else price / rate seconds, at most the
 * time saved. The price and the rate stay exactly as the original stored them.
 */
export function splitCoveredBilled(timeSaved: number, pricePerSecond: string, price: string) {
  const priceMicros = parseMoney(price);
  const rateMicros = parseMoney(pricePerSecond);
  let billed: number;
  if (priceMicros === 0n) billed = 0;
  else if (rateMicros === 0n) billed = timeSaved;
  else billed = Math.min(timeSaved, Number((priceMicros * 2n + rateMicros) / (rateMicros * 2n)));
  return { covered: timeSaved - billed, billed };
}

export class ExecutionWriter {
  private batch: { row: ExecutionRow; record: DumpRecord; programKey: string | null }[] = [];
  readonly orphaned = { count: 0 };
  private added = 0;

  constructor(private readonly context: ImportContext) {}

  async add(record: DumpRecord): Promise<void> {
    this.context.report.read(EXECUTION);
    const fields: Fields = new Fields(record);
    const programKey = fields.optionalReference("customer_program");
    const timeSaved = fields.integer("program_time_saved_in_seconds", 0, 0, 2_147_483_647);
    const rate = fields.money("price_per_second_at_the_time_of_execution");
    const price = fields.money("price_for_execution");
    const statusText = fields.optionalText("payment_status") ?? "NOT_PAID";
    const status = PAYMENT_STATUSES[statusText.toUpperCase()];
    if (!status)
      fields.fail(
        "payment_status",
        `"${statusText}" is not one of ${Object.keys(PAYMENT_STATUSES).join(", ")}`,
      );
    const createdAt = fields.optionalDateTime("created_at") ?? new Date();
    const updatedAt = fields.optionalDateTime("updated_at") ?? createdAt;
    const { covered, billed } = splitCoveredBilled(timeSaved, rate.amount, price.amount);
    this.batch.push({
      record,
      programKey,
      row: {
        id: idFor(EXECUTION, record.pk),
        customer_program_id: "",
        customer_id: "",
        time_saved_seconds: timeSaved,
        covered_seconds: covered,
        billed_seconds: billed,
        price_per_second: rate.amount,
        price: price.amount,
        currency: price.currency,
        payment_status: status,
        // The original kept no payment date; its last change is the best there is.
        paid_at: status === "paid" ? updatedAt.toISOString() : null,
        created_at: createdAt.toISOString(),
        updated_at: updatedAt.toISOString(),
      },
    });
    if (this.batch.length >= BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    const { report, customerPrograms: known } = this.context;
    // References to customer programs imported earlier but absent from this dump.
    const missing = [
      ...new Set(
        batch.flatMap((item) => (item.programKey && !known.has(item.programKey) ? [item.programKey] : [])),
      ),
    ];
    if (missing.length > 0) {
      const ids = missing.map((key) => idFor(CUSTOMER_PROGRAM_MODEL, key));
      const found = await this.context.db
        .select({ id: customerPrograms.id, customerId: customerPrograms.customerId })
        .from(customerPrograms)
        .where(inArray(customerPrograms.id, ids));
      const byId = new Map(found.map((row) => [row.id, row]));
      missing.forEach((key, index) => {
        const row = byId.get(ids[index] as string);
        if (row) known.set(key, row);
      });
    }
    const rows: ExecutionRow[] = [];
    for (const item of batch) {
      const program = item.programKey ? known.get(item.programKey) : null;
      if (program === undefined) {
        throw new ImportRecordError(
          item.record,
          "customer_program",
          `customer program ${item.programKey} is neither in the dump nor in NADOO`,
        );
      }
      if (program === null) {
        this.orphaned.count++;
        report.count(EXECUTION, "skipped");
        continue;
      }
      item.row.customer_program_id = program.id;
      item.row.customer_id = program.customerId;
      rows.push(item.row);
    }
    if (rows.length === 0) return;
    // New ids are staged in a temporary table; the rollups take them in one statement at the end.
    const inserted = await this.context.db.execute<{ count: string }>(sql`
      WITH inserted AS (
        INSERT INTO ${executions} (id, customer_program_id, customer_id, time_saved_seconds, covered_seconds,
          billed_seconds, price_per_second, price, currency, payment_status, paid_at, created_at, updated_at)
        SELECT id, customer_program_id, customer_id, time_saved_seconds, covered_seconds, billed_seconds,
          price_per_second, price, currency, payment_status, paid_at, created_at, updated_at
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id uuid, customer_program_id uuid,
          customer_id uuid, time_saved_seconds integer, covered_seconds integer, billed_seconds integer,
          price_per_second numeric, price numeric, currency text, payment_status text, paid_at timestamptz,
          created_at timestamptz, updated_at timestamptz)
        ON CONFLICT (id) DO NOTHING
        RETURNING id
      ), staged AS (
        INSERT INTO ${sql.raw(STAGED)} (id) SELECT id FROM inserted
      )
      SELECT count(*) AS count FROM inserted`);
    const added = Number(inserted.rows[0]?.count ?? 0);
    report.count(EXECUTION, "imported", added);
    report.count(EXECUTION, "skipped", rows.length - added);
    this.added += added;
  }

  /** Before the first batch: the table of this import's new execution ids, gone at commit or rollback. */
  async start(): Promise<void> {
    await this.context.db.execute(sql.raw(`DROP TABLE IF EXISTS ${STAGED}`));
    await this.context.db.execute(
      sql.raw(`CREATE TEMPORARY TABLE ${STAGED} (id uuid PRIMARY KEY) ON COMMIT DROP`),
    );
  }

  /** After the last batch: the new executions go into the daily rollups in one statement. */
  async end(): Promise<void> {
    await this.flush();
    if (this.added > 0) {
      await addToRollups(this.context.db, sql`${executions.id} IN (SELECT id FROM ${sql.raw(STAGED)})`);
    }
    await this.context.db.execute(sql.raw(`DROP TABLE IF EXISTS ${STAGED}`));
    this.finish();
  }

  private finish(): void {
    if (this.orphaned.count > 0) {
      this.context.report.warn(
        `${EXECUTION}: ${this.orphaned.count} execution(s) of customer programs that could not be imported (no customer, or none at all) were left out.`,
      );
    }
  }
}

const CUSTOMER_PROGRAM_MODEL = "nadooit_program_ownership_system.customerprogram";

export async function importComplaints(context: ImportContext): Promise<void> {
  const records = recordsOf(context, COMPLAINT);
  if (records.length === 0) return;
  const executionIds = [
    ...new Set(
      records.flatMap((record) => {
        const key = fieldsOf(record).optionalReference("customer_program_execution");
        return key ? [idFor(EXECUTION, key)] : [];
      }),
    ),
  ];
  const found =
    executionIds.length === 0
      ? []
      : await context.db
          .select({ id: executions.id, customerId: executions.customerId })
          .from(executions)
          .where(
            sql`${executions.id} IN (SELECT jsonb_array_elements_text(${JSON.stringify(executionIds)}::jsonb)::uuid)`,
          );
  const customerOf = new Map(found.map((row) => [row.id, row.customerId]));
  const customersOfEmployee = new Map<string, Set<string>>();
  for (const contract of context.contracts.values()) {
    const set = customersOfEmployee.get(contract.employeeId) ?? new Set<string>();
    set.add(contract.customerId);
    customersOfEmployee.set(contract.employeeId, set);
  }
  const rows: Row[] = [];
  for (const record of records) {
    const fields: Fields = fieldsOf(record);
    const key = pkKey(record.pk);
    const executionKey = fields.optionalReference("customer_program_execution");
    let executionId = executionKey ? idFor(EXECUTION, executionKey) : null;
    let customerId = executionId ? customerOf.get(executionId) : undefined;
    if (executionId && !customerId) {
      context.report.warn(
        `${COMPLAINT} pk ${key}: execution ${executionKey} was not imported; the complaint keeps no execution.`,
      );
      executionId = null;
    }
    const employee = lookup(context.employees, fields, "customer_program_execution_manager", "employee");
    if (!customerId && employee) {
      const candidates = [...(customersOfEmployee.get(employee.id) ?? [])];
      if (candidates.length === 1) customerId = candidates[0];
    }
    if (!customerId) {
      context.report.count(COMPLAINT, "skipped");
      context.report.warn(
        `${COMPLAINT} pk ${key}: no execution and no single customer of its author; not imported.`,
      );
      continue;
    }
    const statusText = fields.optionalText("status") ?? "OPEN";
    const status = COMPLAINT_STATUSES[statusText.toUpperCase()];
    if (!status)
      fields.fail("status", `"${statusText}" is not one of ${Object.keys(COMPLAINT_STATUSES).join(", ")}`);
    const createdAt = fields.optionalDateTime("created_at");
    const updatedAt = fields.optionalDateTime("updated_at") ?? createdAt;
    const resolved = status === "accepted" || status === "rejected";
    rows.push({
      id: idFor(COMPLAINT, record.pk),
      executionId,
      customerId,
      filedByUserId: employee?.userId ?? null,
      text: fields.optionalText("complaint") ?? "",
      status,
      resolvedAt: resolved ? (updatedAt ?? new Date()) : null,
      ...(createdAt ? { createdAt } : {}),
    });
  }
  tally(
    context,
    COMPLAINT,
    await upsertRows(context.db, complaints, rows, ["executionId", "customerId", "text", "status"]),
  );
}
