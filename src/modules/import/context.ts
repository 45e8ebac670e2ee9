/**
 * State shared by the steps of one import: the transaction, the report, the records of the small
 * models (held in memory; executions are streamed), and the maps from original pks to the ids of
 * the rows they became.
 */
import type { Database } from "../../db/connection.ts";
import type { DumpRecord } from "./dump-reader.ts";
import { Fields, pkKey } from "./records.ts";
import type { ImportReport, Outcome } from "./report.ts";

export interface ImportContext {
  db: Database;
  report: ImportReport;
  /** Records of the small models, by model, in dump order. */
  records: Map<string, DumpRecord[]>;
  users: { byPk: Map<string, string>; byUsername: Map<string, string>; byCode: Map<string, string> };
  customers: Map<string, string>;
  /** Original employee pk → employee row id and its user id. */
  employees: Map<string, { id: string; userId: string }>;
  /** Original contract pk → contract row id (duplicates of a pair map to the same row). */
  contracts: Map<string, { id: string; employeeId: string; customerId: string }>;
  programs: Map<string, string>;
  timeAccounts: Map<string, { id: string; customerId: string }>;
  /** Original customer program pk → row id and customer; null when it could not be imported. */
  customerPrograms: Map<string, { id: string; customerId: string } | null>;
}

export function recordsOf(context: ImportContext, model: string): DumpRecord[] {
  return context.records.get(model) ?? [];
}

/** Resolves a foreign key to a user: a pk, or a natural key (`["username"]`, or the user code). */
export function userReference(context: ImportContext, fields: Fields, field: string): string | null {
  const value = fields.raw(field);
  if (value === undefined || value === null) return null;
  const { users } = context;
  if (Array.isArray(value)) {
    const [name] = value;
    const id =
      typeof name === "string" && value.length === 1
        ? (users.byUsername.get(name) ?? users.byCode.get(name))
        : undefined;
    if (!id) fields.fail(field, `natural key ${JSON.stringify(value)} matches no user in the dump`);
    return id;
  }
  if (typeof value !== "string" && typeof value !== "number") {
    fields.fail(field, `expected a user pk or natural key, found ${JSON.stringify(value)}`);
  }
  const id = users.byPk.get(pkKey(value));
  if (!id) fields.fail(field, `user ${JSON.stringify(value)} is not in the dump`);
  return id;
}

/** A required reference into one of the maps above; the error names the record and field. */
export function lookup<T>(map: Map<string, T>, fields: Fields, field: string, what: string): T | null {
  const key = fields.optionalReference(field);
  if (key === null) return null;
  const found = map.get(key);
  if (found === undefined) fields.fail(field, `${what} ${key} is not in the dump`);
  return found;
}

export function tally(context: ImportContext, model: string, outcomes: readonly Outcome[]): void {
  for (const outcome of outcomes) context.report.count(model, outcome);
}

export function fieldsOf(record: DumpRecord): Fields {
  return new Fields(record);
}
