/**
 * `nadoo import-django`: moves a `dumpdata` file of the original system into NADOO in one
 * transaction (all or nothing), idempotently, with a report. The file is read twice, streaming: the
 * first pass keeps the small models in memory and writes them, the second streams executions in
 * batches, so memory does not grow with the file. See docs/migrating-from-django.md.
 */
import path from "node:path";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { recordAudit, systemActor } from "../audit/service.ts";
import {
  importApiKeys,
  importCustomerPrograms,
  importPrograms,
  importTimeAccounts,
  settleTierBasis,
} from "./billing.ts";
import { BULK_MODELS, SMALL_MODELS, whyNotImported } from "./catalogue.ts";
import type { ImportContext } from "./context.ts";
import { type DumpRecord, dumpSize, readDump } from "./dump-reader.ts";
import { ExecutionWriter, importComplaints } from "./executions.ts";
import { importContracts, importCustomers, importEmployees, importUsers } from "./people.ts";
import { ImportReport } from "./report.ts";
import { importRoleGrants } from "./roles.ts";

export interface ImportOptions {
  dryRun?: boolean;
  /** Bytes read across both passes, and their total (twice the file size). */
  onProgress?: (done: number, total: number) => void;
}

class DryRunRollback extends Error {}

export async function importDjangoDump(
  db: Database,
  file: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const started = Date.now();
  const report = new ImportReport();
  report.dryRun = options.dryRun ?? false;
  report.bytes = await dumpSize(file);
  const total = report.bytes * 2;
  try {
    await transaction(db, async (tx) => {
      const context: ImportContext = {
        db: tx,
        report,
        records: new Map(),
        users: { byPk: new Map(), byUsername: new Map(), byCode: new Map() },
        customers: new Map(),
        employees: new Map(),
        contracts: new Map(),
        programs: new Map(),
        timeAccounts: new Map(),
        customerPrograms: new Map(),
      };

      // Pass 1: the small models, in memory; executions are only counted here.
      for await (const record of readDump(file, {
        skip: (model) => BULK_MODELS.has(model),
        onBytes: (bytes) => options.onProgress?.(bytes, total),
      })) {
        if ("skipped" in record) continue;
        if (SMALL_MODELS.has(record.model)) {
          report.read(record.model);
          const list = context.records.get(record.model) ?? [];
          list.push(record);
          context.records.set(record.model, list);
        } else if (!BULK_MODELS.has(record.model)) {
          report.notTaken(record.model, whyNotImported(record.model));
        }
      }
      // In dependency order, whatever order the dump had.
      await importUsers(context);
      await importCustomers(context);
      await importEmployees(context);
      await importContracts(context);
      await importRoleGrants(context);
      await importPrograms(context);
      await importTimeAccounts(context);
      await importCustomerPrograms(context);
      await importApiKeys(context);

      // Pass 2: executions, streamed in batches; nothing else is parsed again.
      const writer = new ExecutionWriter(context);
      await writer.start();
      for await (const record of readDump(file, {
        skip: (model) => !BULK_MODELS.has(model),
        onBytes: (bytes) => options.onProgress?.(report.bytes + bytes, total),
      })) {
        if ("skipped" in record || !BULK_MODELS.has(record.model)) continue;
        await writer.add(record as DumpRecord);
      }
      await writer.end();
      await settleTierBasis(context);
      await importComplaints(context);

      report.durationMs = Date.now() - started;
      await recordAudit(tx, systemActor, {
        action: "import.django",
        targetType: "import",
        after: {
          file: path.basename(file),
          bytes: report.bytes,
          totals: report.totals(),
          notImported: Object.fromEntries(
            [...report.notImported].map(([model, entry]) => [model, entry.count]),
          ),
          warnings: report.warnings.length + report.warningsNotListed,
        },
      });
      if (report.dryRun) throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  report.durationMs = Date.now() - started;
  return report;
}
