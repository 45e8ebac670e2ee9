/**
 * Programs and their dependencies, time accounts (balance → one opening ledger entry), customer
 * programs with their time account, and API keys: everything executions are priced and reported with.
 */
import { sql } from "drizzle-orm";
import { inList } from "../../db/lists.ts";
import { apiKeys } from "../api-keys/schema.ts";
import { hashApiKey, LEGACY_DISPLAY_PREFIX_LENGTH } from "../api-keys/secret.ts";
import { systemActor } from "../audit/service.ts";
import {
  customerPrograms,
  customerProgramTimeAccounts,
  programDependencies,
  programs,
} from "../programs/schema.ts";
import { postToLedger } from "../time-accounts/ledger.ts";
import { timeAccounts } from "../time-accounts/schema.ts";
import { fieldsOf, type ImportContext, lookup, recordsOf, tally, userReference } from "./context.ts";
import { derivedId, type Fields, idFor, pkKey } from "./records.ts";
import { type Row, upsertRows } from "./upsert.ts";

export const PROGRAM = "nadooit_program.program";
export const PROGRAM_DEPENDENCIES = "nadooit_program.program (dependencies)";
export const TIME_ACCOUNT = "nadooit_time_account.timeaccount";
export const CUSTOMER_TIME_ACCOUNT = "nadooit_time_account.customertimeaccount";
export const CUSTOMER_PROGRAM = "nadooit_program_ownership_system.customerprogram";
export const API_KEY = "nadooit_api_key.nadooitapikey";

export const OPENING_BALANCE_REASON = "Opening balance imported from NADOO-IT";
const PLACEHOLDER_PROGRAM_ID = derivedId("placeholder:program");

export async function importPrograms(context: ImportContext): Promise<void> {
  const rows: Row[] = [];
  const byName = new Map<string, string>();
  for (const record of recordsOf(context, PROGRAM)) {
    const fields: Fields = fieldsOf(record);
    const id = idFor(PROGRAM, record.pk);
    const name = fields.text("name").trim();
    if (!name) fields.fail("name", "is empty");
    const createdAt = fields.optionalDateTime("created_at");
    rows.push({
      id,
      name,
      description: fields.optionalText("description") ?? "",
      ...(createdAt ? { createdAt } : {}),
    });
    context.programs.set(pkKey(record.pk), id);
    const key = name.toLowerCase();
    if (!byName.has(key)) byName.set(key, id);
  }
  tally(context, PROGRAM, await upsertRows(context.db, programs, rows, ["name", "description"]));
  await importDependencies(context, byName);
}

/**
 * `program_dependencies` was free text. Names separated by commas, semicolons or lines are matched
 * (case-insensitively) with the dump's programs; the rest is reported. An edge that would close a
 * cycle is reported and left out, since dependencies here form a DAG.
 */
async function importDependencies(context: ImportContext, byName: Map<string, string>): Promise<void> {
  const wanted: { programId: string; dependencyId: string; label: string }[] = [];
  for (const record of recordsOf(context, PROGRAM)) {
    const fields: Fields = fieldsOf(record);
    const text = fields.optionalText("program_dependencies") ?? "";
    const programId = context.programs.get(pkKey(record.pk)) as string;
    for (const name of text
      .split(/[,;\n\r]+/)
      .map((part) => part.trim())
      .filter(Boolean)) {
      context.report.read(PROGRAM_DEPENDENCIES);
      const dependencyId = byName.get(name.toLowerCase());
      if (!dependencyId || dependencyId === programId) {
        context.report.count(PROGRAM_DEPENDENCIES, "skipped");
        context.report.warn(
          `${PROGRAM} pk ${pkKey(record.pk)}: dependency "${name}" ${dependencyId ? "is the program itself" : "matches no program by name"}; not linked.`,
        );
        continue;
      }
      wanted.push({ programId, dependencyId, label: `${pkKey(record.pk)} → "${name}"` });
    }
  }
  if (wanted.length === 0) return;
  const ids = [...new Set(wanted.flatMap((edge) => [edge.programId, edge.dependencyId]))];
  const existing = await context.db
    .select()
    .from(programDependencies)
    .where(inList(programDependencies.programId, ids, "uuid"));
  const graph = new Map<string, Set<string>>();
  const link = (from: string, to: string) => {
    const targets = graph.get(from) ?? new Set<string>();
    targets.add(to);
    graph.set(from, targets);
  };
  for (const edge of existing) link(edge.programId, edge.dependencyId);
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const current = stack.pop() as string;
      if (current === to) return true;
      if (seen.has(current)) continue;
      seen.add(current);
      for (const next of graph.get(current) ?? []) stack.push(next);
    }
    return false;
  };
  const rows: { programId: string; dependencyId: string }[] = [];
  for (const edge of wanted) {
    if (graph.get(edge.programId)?.has(edge.dependencyId)) {
      context.report.count(PROGRAM_DEPENDENCIES, "skipped");
      continue;
    }
    if (reaches(edge.dependencyId, edge.programId)) {
      context.report.count(PROGRAM_DEPENDENCIES, "skipped");
      context.report.warn(`${PROGRAM} pk ${edge.label}: would make a dependency cycle; not linked.`);
      continue;
    }
    link(edge.programId, edge.dependencyId);
    rows.push({ programId: edge.programId, dependencyId: edge.dependencyId });
  }
  if (rows.length > 0) await context.db.insert(programDependencies).values(rows).onConflictDoNothing();
  context.report.count(PROGRAM_DEPENDENCIES, "imported", rows.length);
}

/**
 * A time account's customer comes from its CustomerTimeAccount (which also names it), else from the
 * customer programs drawing from it. Accounts with neither are orphans: reported, not imported.
 */
export async function importTimeAccounts(context: ImportContext): Promise<void> {
  const named = new Map<string, { customerId: string; name: string }>();
  for (const record of recordsOf(context, CUSTOMER_TIME_ACCOUNT)) {
    const fields: Fields = fieldsOf(record);
    const customerId = lookup(context.customers, fields, "customer", "customer");
    const account = fields.optionalReference("time_account");
    if (!customerId) fields.fail("customer", "is missing");
    if (!account) fields.fail("time_account", "is missing");
    const earlier = named.get(account);
    if (earlier) {
      context.report.count(CUSTOMER_TIME_ACCOUNT, "skipped");
      if (earlier.customerId !== customerId) {
        context.report.warn(
          `${CUSTOMER_TIME_ACCOUNT} pk ${pkKey(record.pk)}: time account ${account} is named for a second customer; the first one keeps it.`,
        );
      }
      continue;
    }
    named.set(account, { customerId, name: fields.optionalText("name")?.trim() || "" });
  }
  if (named.size > 0)
    context.report.note(CUSTOMER_TIME_ACCOUNT, "gives its time account the customer and name");
  const drawnBy = new Map<string, string[]>();
  for (const record of recordsOf(context, CUSTOMER_PROGRAM)) {
    const fields: Fields = fieldsOf(record);
    const account = fields.optionalReference("time_account");
    const customer = fields.optionalReference("customer");
    const customerId = customer ? context.customers.get(customer) : undefined;
    if (!account || !customerId) continue;
    drawnBy.set(account, [...(drawnBy.get(account) ?? []), customerId]);
  }

  const rows: Row[] = [];
  const balances = new Map<string, number>();
  const known = new Set<string>();
  for (const record of recordsOf(context, TIME_ACCOUNT)) {
    const fields: Fields = fieldsOf(record);
    const key = pkKey(record.pk);
    known.add(key);
    const id = idFor(TIME_ACCOUNT, record.pk);
    const balance = fields.integer("time_balance_in_seconds", 0, 0, Number.MAX_SAFE_INTEGER);
    let customerId = named.get(key)?.customerId;
    if (!customerId) {
      const candidates = [...new Set(drawnBy.get(key) ?? [])];
      customerId = candidates[0];
      if (candidates.length > 1) {
        context.report.warn(
          `${TIME_ACCOUNT} pk ${key}: customer programs of ${candidates.length} customers draw from it; it was given to the first, the others no longer draw from it.`,
        );
      }
    }
    if (!customerId) {
      context.report.count(TIME_ACCOUNT, "skipped");
      context.report.warn(
        `${TIME_ACCOUNT} pk ${key}: orphan (no customer time account and no customer program); not imported (balance ${balance} s).`,
      );
      continue;
    }
    const isActive = fields.boolean("is_active", true);
    const updatedAt = fields.optionalDateTime("updated_at");
    rows.push({
      id,
      customerId,
      name: named.get(key)?.name || fields.optionalText("name")?.trim() || `Zeitkonto ${key.slice(0, 8)}`,
      isActive,
      deactivatedAt: isActive ? null : (updatedAt ?? new Date()),
    });
    balances.set(id, balance);
    context.timeAccounts.set(key, { id, customerId });
  }
  for (const account of named.keys()) {
    if (!known.has(account)) {
      context.report.warn(
        `${CUSTOMER_TIME_ACCOUNT}: time account ${account} is not in the dump; its name was dropped.`,
      );
    }
  }
  const outcomes = await upsertRows(context.db, timeAccounts, rows, ["customerId", "name", "isActive"]);
  tally(context, TIME_ACCOUNT, outcomes);

  // The balance is the ledger's sum: a new account gets one opening entry. An account imported
  // before keeps its ledger; a differing balance in the dump is reported, never overwritten.
  const opening = rows.filter(
    (row, index) => outcomes[index] === "imported" && (balances.get(row.id) ?? 0) > 0,
  );
  for (let start = 0; start < opening.length; start += 1000) {
    await postToLedger(
      context.db,
      systemActor,
      opening.slice(start, start + 1000).map((row) => ({
        timeAccountId: row.id,
        kind: "adjustment" as const,
        seconds: balances.get(row.id) as number,
        reason: OPENING_BALANCE_REASON,
      })),
    );
  }
  const kept = rows.filter((_, index) => outcomes[index] !== "imported");
  if (kept.length > 0) {
    const current = await context.db
      .select({ id: timeAccounts.id, balance: timeAccounts.balanceSeconds })
      .from(timeAccounts)
      .where(
        inList(
          timeAccounts.id,
          kept.map((row) => row.id),
          "uuid",
        ),
      );
    for (const account of current) {
      const dumped = balances.get(account.id) ?? 0;
      if (account.balance !== dumped) {
        context.report.warn(
          `${TIME_ACCOUNT} ${account.id}: balance in NADOO is ${account.balance} s, in the dump ${dumped} s; NADOO's ledger was kept.`,
        );
      }
    }
  }
}

export async function importCustomerPrograms(context: ImportContext): Promise<void> {
  const rows: Row[] = [];
  const links: { customerProgramId: string; timeAccountId: string; position: number }[] = [];
  let placeholderNeeded = false;
  for (const record of recordsOf(context, CUSTOMER_PROGRAM)) {
    const fields: Fields = fieldsOf(record);
    const key = pkKey(record.pk);
    const customerId = lookup(context.customers, fields, "customer", "customer");
    if (!customerId) {
      context.customerPrograms.set(key, null);
      context.report.count(CUSTOMER_PROGRAM, "skipped");
      context.report.warn(
        `${CUSTOMER_PROGRAM} pk ${key}: has no customer; not imported, nor are its executions.`,
      );
      continue;
    }
    let programId = lookup(context.programs, fields, "program", "program");
    if (!programId) {
      programId = PLACEHOLDER_PROGRAM_ID;
      placeholderNeeded = true;
      context.report.warn(
        `${CUSTOMER_PROGRAM} pk ${key}: its program was deleted; linked to "Unknown program".`,
      );
    }
    const id = idFor(CUSTOMER_PROGRAM, record.pk);
    const price = fields.money("price_per_second");
    const createdAt = fields.optionalDateTime("created_at");
    rows.push({
      id,
      programId,
      customerId,
      defaultTimeSavedSeconds: fields.integer("program_time_saved_per_execution_in_seconds", 0, 0, 86_400),
      pricingMode: fields.boolean("fixed_price_per_second", true) ? "fixed" : "tiered",
      pricePerSecond: price.amount,
      currency: price.currency,
      isActive: fields.boolean("is_active", true),
      ...(createdAt ? { createdAt } : {}),
    });
    context.customerPrograms.set(key, { id, customerId });
    const accountKey = fields.optionalReference("time_account");
    if (!accountKey) continue;
    const account = context.timeAccounts.get(accountKey);
    if (!account || account.customerId !== customerId) {
      context.report.warn(
        `${CUSTOMER_PROGRAM} pk ${key}: time account ${accountKey} ${account ? "belongs to another customer" : "was not imported"}; the program draws from none.`,
      );
      continue;
    }
    links.push({ customerProgramId: id, timeAccountId: account.id, position: 0 });
  }
  if (placeholderNeeded) {
    await context.db
      .insert(programs)
      .values({
        id: PLACEHOLDER_PROGRAM_ID,
        name: "Unknown program (imported from NADOO-IT)",
        description: "Stands in for programs deleted in the original system.",
        isActive: false,
      })
      .onConflictDoNothing();
  }
  tally(
    context,
    CUSTOMER_PROGRAM,
    await upsertRows(context.db, customerPrograms, rows, [
      "programId",
      "customerId",
      "defaultTimeSavedSeconds",
      "pricingMode",
      "pricePerSecond",
      "currency",
      "isActive",
    ]),
  );
  // The original's single account becomes the first of the ordered list; a list changed in NADOO
  // since (another account first) is left as it is.
  if (links.length > 0)
    await context.db.insert(customerProgramTimeAccounts).values(links).onConflictDoNothing();
}

/** Recomputes the tier basis of the dump's customer programs from their executions (SPEC §4). */
export async function settleTierBasis(context: ImportContext): Promise<void> {
  const ids = [...context.customerPrograms.values()].flatMap((entry) => (entry ? [entry.id] : []));
  if (ids.length === 0) return;
  await context.db.execute(sql`
    UPDATE ${customerPrograms} AS cp SET tier_basis_seconds = s.total
    FROM (
      SELECT p.id, COALESCE(sum(e.time_saved_seconds) FILTER (WHERE e.payment_status IN ('not_paid', 'paid')), 0) AS total
      FROM ${customerPrograms} p LEFT JOIN executions e ON e.customer_program_id = p.id
      WHERE p.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)
      GROUP BY p.id
    ) AS s
    WHERE cp.id = s.id AND cp.tier_basis_seconds <> s.total`);
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const RAW_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The original stored SHA-256 hex of the raw key (a UUID string): the same hash NADOO stores, so the
 * key keeps working. Keys created from the original's OS were saved a second time with the raw UUID
 * in place of the hash (original-system.md §23.1); those are hashed now.
 */
export async function importApiKeys(context: ImportContext): Promise<void> {
  const rows: Row[] = [];
  const revoked: string[] = [];
  const hashes = new Set<string>();
  for (const record of recordsOf(context, API_KEY)) {
    const fields: Fields = fieldsOf(record);
    const id = idFor(API_KEY, record.pk);
    const userId = userReference(context, fields, "user");
    if (!userId) fields.fail("user", "is missing");
    const stored = fields.text("api_key").trim();
    let keyHash: string;
    let displayPrefix = "";
    if (SHA256_HEX.test(stored.toLowerCase())) {
      keyHash = stored.toLowerCase();
    } else if (RAW_UUID.test(stored)) {
      keyHash = hashApiKey(stored);
      displayPrefix = stored.slice(0, LEGACY_DISPLAY_PREFIX_LENGTH);
      context.report.warn(
        `${API_KEY} pk ${pkKey(record.pk)}: was stored unhashed in the original (a known defect); stored as its SHA-256 now.`,
      );
    } else {
      fields.fail("api_key", "is neither a SHA-256 hex digest nor a raw UUID key");
    }
    if (hashes.has(keyHash)) fields.fail("api_key", "another key of the dump has the same key");
    hashes.add(keyHash);
    const isActive = fields.boolean("is_active", true);
    const createdAt = fields.optionalDateTime("created_at");
    const updatedAt = fields.optionalDateTime("updated_at");
    rows.push({
      id,
      userId,
      name: "NADOO-IT key",
      keyHash,
      displayPrefix,
      legacy: true,
      revokedAt: isActive ? null : (updatedAt ?? new Date()),
      ...(createdAt ? { createdAt } : {}),
    });
    if (!isActive) revoked.push(id);
  }
  if (rows.length === 0) return;
  const clashes = await context.db
    .select({ id: apiKeys.id, keyHash: apiKeys.keyHash })
    .from(apiKeys)
    .where(
      inList(
        apiKeys.keyHash,
        rows.map((row) => row.keyHash as string),
        "text",
      ),
    );
  for (const clash of clashes) {
    const index = rows.findIndex((row) => row.keyHash === clash.keyHash && row.id !== clash.id);
    const record = recordsOf(context, API_KEY)[index];
    if (record) fieldsOf(record).fail("api_key", "the same key is already stored in NADOO under another id");
  }
  const outcomes = await upsertRows(context.db, apiKeys, rows, ["userId", "keyHash"]);
  // Deactivated in the original since the last import: revoke. A key revoked in NADOO stays revoked.
  const toRevoke = revoked.filter((id) => outcomes[rows.findIndex((row) => row.id === id)] !== "imported");
  if (toRevoke.length > 0) {
    const changed = await context.db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(
        sql`${apiKeys.id} IN (SELECT jsonb_array_elements_text(${JSON.stringify(toRevoke)}::jsonb)::uuid) AND ${apiKeys.revokedAt} IS NULL`,
      )
      .returning({ id: apiKeys.id });
    for (const { id } of changed) {
      const index = rows.findIndex((row) => row.id === id);
      if (outcomes[index] === "skipped") outcomes[index] = "updated";
    }
  }
  tally(context, API_KEY, outcomes);
}
