/**
 * `nadoo seed-demo`: the demo customer "Muster GmbH" with its people, programs, time accounts and a
 * year of executions, so a newcomer's dashboard is alive at once. Everything is written in ONE
 * transaction (an interrupted run leaves nothing behind), the executions in bulk: they are priced in
 * memory by the product's own rules (`timeline.ts`) and added to the rollups of this customer in one
 * statement.
 *
 * The run remembers its cast in its `demo.seeded` audit entry (written in the same transaction): a
 * second run adds nothing and issues fresh enrolment links to those people only. An enrolment link
 * adds a passkey to an account and signs its holder in, so nobody else who joined the demo customer
 * (staff, superusers, real people) ever gets one, and a customer numbered DEMO-0001 that this command
 * did not create is refused. A database holding other customers is refused unless forced: the demo
 * writes active people and a working API key.
 */
import { and, asc, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { ConflictError } from "../../lib/errors.ts";
import { uuidv7 } from "../../lib/ids.ts";
import { ROLES, type Role } from "../access/roles.ts";
import { apiKeys } from "../api-keys/schema.ts";
import { createApiKey } from "../api-keys/service.ts";
import { auditLog } from "../audit/schema.ts";
import { recordAudit, systemActor } from "../audit/service.ts";
import { type EnrolmentSettings, type IssuedEnrolmentLink, issueEnrolmentLink } from "../auth/enrolment.ts";
import { complaints } from "../complaints/schema.ts";
import { customers } from "../crm/schema.ts";
import { createCustomer } from "../crm/service.ts";
import { executions } from "../executions/schema.ts";
import { contracts, employees, roleGrants } from "../hr/schema.ts";
import { ensureContract, loadActor } from "../hr/service.ts";
import { type User, users } from "../identity/schema.ts";
import { createUser } from "../identity/service.ts";
import { addToRollups } from "../insights/rollups.ts";
import { customerPrograms, customerProgramTimeAccounts, programs } from "../programs/schema.ts";
import { timeAccountEntries, timeAccounts } from "../time-accounts/schema.ts";
import {
  DEMO_ACCOUNTS,
  DEMO_API_KEY_NAME,
  DEMO_CUSTOMER,
  DEMO_CUSTOMER_NUMBER,
  DEMO_PEOPLE,
  DEMO_PROGRAMS,
} from "./content.ts";
import { buildTimeline, type DemoTimeline } from "./timeline.ts";

export interface DemoOptions {
  /** Where the enrolment links point and how long they last; its clock issues them. */
  settings: EnrolmentSettings;
  /** The end of the demo's year of history; the settings' clock when absent. */
  now?: Date;
  /** Creates the demo also in a database that holds other customers. */
  force?: boolean;
}

/** The demo is not created (or not re-linked) here; the message says why and what to do instead. */
export class DemoRefusedError extends Error {}

/** The action of the audit entry that marks a customer as the demo and names its cast. */
export const DEMO_SEEDED = "demo.seeded";

export interface HeldRoleSummary {
  role: Role;
  abilities: string[];
}

export interface DemoPersonLink {
  user: User;
  roles: HeldRoleSummary[];
  link: IssuedEnrolmentLink;
}

export interface DemoCounts {
  programs: number;
  timeAccounts: number;
  executions: number;
  paid: number;
  notPaid: number;
  revoked: number;
  complaints: number;
  ledgerEntries: number;
  from: Date;
  to: Date;
}

export interface DemoResult {
  /** False when the demo existed already: then only the links are new. */
  created: boolean;
  customer: { id: string; name: string; customerNumber: string };
  people: DemoPersonLink[];
  /** What was written; only when created. */
  counts?: DemoCounts;
  /** The demo's reporting key, shown this once; only when created. */
  apiKey?: { name: string; owner: string; secret: string };
}

/** Rows per statement: one JSON parameter each, well inside any statement size. */
const CHUNK = 4000;

interface FoundDemo {
  customer: { id: string; name: string };
  /** The cast as created, in its order. */
  userIds: string[];
}

/**
 * The customer numbered DEMO-0001 and the cast its `demo.seeded` entry names. Only the command itself
 * writes that entry (as the system, about this customer); a customer with the number but without it
 * is someone else's, and refused.
 */
async function findDemo(db: Database): Promise<FoundDemo | undefined> {
  const [customer] = await db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(eq(customers.customerNumber, DEMO_CUSTOMER_NUMBER));
  if (!customer) return undefined;
  const [marker] = await db
    .select({ after: auditLog.after })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, DEMO_SEEDED),
        eq(auditLog.customerId, customer.id),
        eq(auditLog.targetId, customer.id),
        isNull(auditLog.actorUserId),
        isNull(auditLog.actorApiKeyId),
      ),
    )
    .orderBy(asc(auditLog.occurredAt))
    .limit(1);
  const userIds = (marker?.after as { userIds?: unknown } | null | undefined)?.userIds;
  if (!Array.isArray(userIds) || !userIds.every((id) => typeof id === "string")) {
    throw new DemoRefusedError(
      `A customer numbered ${DEMO_CUSTOMER_NUMBER} ("${customer.name}") exists, but seed-demo did not ` +
        "create it (or an older version did, which did not record its people). Nothing was changed and " +
        "no links were issued. Load the demo into a database of its own (another DATA_DIR or " +
        "DATABASE_URL); for an old demo in the embedded database, stop the server and delete its data " +
        "directory to start over.",
    );
  }
  return { customer, userIds };
}

/**
 * The demo's cast as still eligible, each with a fresh enrolment link: active, neither staff nor
 * superuser (promoted since? then their access is not the demo's to hand out), with an active contract
 * at the demo customer, with the roles on it.
 */
async function issueLinks(db: Database, settings: EnrolmentSettings, demo: FoundDemo) {
  const { customer, userIds } = demo;
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ user: users, role: roleGrants.role, abilities: roleGrants.abilities })
    .from(contracts)
    .innerJoin(employees, eq(employees.id, contracts.employeeId))
    .innerJoin(users, eq(users.id, employees.userId))
    .leftJoin(roleGrants, eq(roleGrants.contractId, contracts.id))
    .where(
      and(
        eq(contracts.customerId, customer.id),
        eq(contracts.isActive, true),
        inArray(users.id, userIds),
        eq(users.isActive, true),
        eq(users.isStaff, false),
        eq(users.isSuperuser, false),
      ),
    );
  const people = new Map<string, { user: User; roles: HeldRoleSummary[] }>();
  for (const row of rows) {
    const person = people.get(row.user.id) ?? { user: row.user, roles: [] };
    if (row.role) person.roles.push({ role: row.role, abilities: row.abilities ?? [] });
    people.set(row.user.id, person);
  }
  const result: DemoPersonLink[] = [];
  for (const userId of userIds) {
    const person = people.get(userId);
    if (!person) continue;
    person.roles.sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role));
    const link = await issueEnrolmentLink(db, settings, systemActor, userId, { customerId: customer.id });
    result.push({ ...person, link });
  }
  return result;
}

/** A database with customers besides the demo is someone's real data: only with `force`. */
async function refuseForeignData(db: Database): Promise<void> {
  const [other] = await db
    .select({ name: customers.name })
    .from(customers)
    .where(or(isNull(customers.customerNumber), ne(customers.customerNumber, DEMO_CUSTOMER_NUMBER)))
    .limit(1);
  if (!other) return;
  throw new DemoRefusedError(
    `This database already holds other customers (e.g. "${other.name}"), so it looks like real data. ` +
      "The demo would add a customer, five active people and a working API key to it. Nothing was " +
      "changed. To load the demo here anyway, run `nadoo seed-demo --force`.",
  );
}

async function insertInChunks(
  db: Database,
  rows: readonly object[],
  write: (json: string) => ReturnType<typeof sql>,
) {
  for (let offset = 0; offset < rows.length; offset += CHUNK) {
    await db.execute(write(JSON.stringify(rows.slice(offset, offset + CHUNK))));
  }
}

async function writeTimeline(db: Database, timeline: DemoTimeline): Promise<void> {
  await insertInChunks(
    db,
    timeline.executions,
    (json) => sql`
      INSERT INTO ${executions} (id, customer_program_id, customer_id, reported_by_user_id, api_key_id,
        time_saved_seconds, covered_seconds, billed_seconds, price_per_second, price, currency,
        payment_status, paid_at, created_at, updated_at)
      SELECT id, customer_program_id, customer_id, reported_by_user_id, api_key_id, time_saved_seconds,
        covered_seconds, billed_seconds, price_per_second, price, currency, payment_status, paid_at,
        created_at, updated_at
      FROM json_to_recordset(${json}::json) AS x(id uuid, customer_program_id uuid, customer_id uuid,
        reported_by_user_id uuid, api_key_id uuid, time_saved_seconds integer, covered_seconds integer,
        billed_seconds integer, price_per_second numeric, price numeric, currency text,
        payment_status text, paid_at timestamptz, created_at timestamptz, updated_at timestamptz)`,
  );
  await insertInChunks(
    db,
    timeline.entries,
    (json) => sql`
      INSERT INTO ${timeAccountEntries} (id, time_account_id, kind, seconds, balance_after_seconds,
        execution_id, actor_user_id, actor_api_key_id, reason, created_at)
      SELECT id, time_account_id, kind, seconds, balance_after_seconds, execution_id, actor_user_id,
        actor_api_key_id, reason, created_at
      FROM json_to_recordset(${json}::json) AS e(id uuid, time_account_id uuid, kind text, seconds bigint,
        balance_after_seconds bigint, execution_id uuid, actor_user_id uuid, actor_api_key_id uuid,
        reason text, created_at timestamptz)`,
  );
  await insertInChunks(
    db,
    timeline.complaints,
    (json) => sql`
      INSERT INTO ${complaints} (id, execution_id, customer_id, filed_by_user_id, text, status,
        resolved_at, created_at, updated_at)
      SELECT id, execution_id, customer_id, filed_by_user_id, text, status, resolved_at, created_at,
        updated_at
      FROM json_to_recordset(${json}::json) AS c(id uuid, execution_id uuid, customer_id uuid,
        filed_by_user_id uuid, text text, status text, resolved_at timestamptz, created_at timestamptz,
        updated_at timestamptz)`,
  );
  const balances = [...timeline.balances].map(([id, balance]) => sql`(${id}::uuid, ${balance}::bigint)`);
  await db.execute(sql`
    UPDATE ${timeAccounts} AS t SET balance_seconds = v.balance
    FROM (VALUES ${sql.join(balances, sql`, `)}) AS v(id, balance) WHERE t.id = v.id`);
  const bases = [...timeline.tierBases].map(([id, basis]) => sql`(${id}::uuid, ${basis}::bigint)`);
  await db.execute(sql`
    UPDATE ${customerPrograms} AS p SET tier_basis_seconds = v.basis
    FROM (VALUES ${sql.join(bases, sql`, `)}) AS v(id, basis) WHERE p.id = v.id`);
}

async function createDemo(tx: Database, options: DemoOptions): Promise<DemoResult> {
  if (!options.force) await refuseForeignData(tx);
  const now = options.now ?? options.settings.now();
  const start = new Date(now.getTime() - 365 * 86_400_000);
  const customer = await createCustomer(tx, systemActor, {
    name: DEMO_CUSTOMER.name,
    customerNumber: DEMO_CUSTOMER_NUMBER,
    billingAddress: DEMO_CUSTOMER.billingAddress,
  });

  const cast: { person: (typeof DEMO_PEOPLE)[number]; user: User }[] = [];
  for (const person of DEMO_PEOPLE) {
    const user = await createUser(tx, systemActor, { displayName: person.displayName, language: "de" });
    const { contract } = await ensureContract(tx, systemActor, user.id, customer.id);
    for (const { role, abilities } of person.roles) {
      await tx.insert(roleGrants).values({ contractId: contract.id, role, abilities: [...abilities] });
      // Logged as a grant through NADOO OS is, so the customer's change log tells who holds what.
      await recordAudit(tx, systemActor, {
        action: "role.granted",
        customerId: customer.id,
        targetType: "user",
        targetId: user.id,
        after: { role, abilities, contractId: contract.id },
      });
    }
    cast.push({ person, user });
  }
  const reporter = cast.find(({ person }) => person.reports)?.user;
  const complainant = cast.find(({ person }) => person.filesComplaints)?.user;
  if (!reporter || !complainant) throw new Error("The demo cast lacks a reporter or a complainant.");

  const accounts = DEMO_ACCOUNTS.map((content) => ({ id: uuidv7(), content }));
  await tx.insert(timeAccounts).values(
    accounts.map(({ id, content }) => ({
      id,
      customerId: customer.id,
      name: content.name,
      createdAt: start,
    })),
  );
  const accountId = (key: string) => accounts.find((account) => account.content.key === key)?.id as string;

  // The catalogue is shared by all customers, so an ACTIVE program of the same name is reused (the
  // demo then shows the program everyone knows by that name). An inactive one was retired on purpose
  // and stays so: the demo gets a program of its own beside it rather than reviving it.
  const catalogue = await tx
    .select({ id: programs.id, name: programs.name })
    .from(programs)
    .where(
      and(
        eq(programs.isActive, true),
        inArray(
          programs.name,
          DEMO_PROGRAMS.map((program) => program.name),
        ),
      ),
    );
  const demoPrograms = [];
  for (const content of DEMO_PROGRAMS) {
    let programId = catalogue.find((program) => program.name === content.name)?.id;
    if (!programId) {
      const [created] = await tx
        .insert(programs)
        .values({ name: content.name, description: content.description, createdAt: start })
        .returning({ id: programs.id });
      programId = created?.id as string;
    }
    const id = uuidv7();
    await tx.insert(customerPrograms).values({
      id,
      programId,
      customerId: customer.id,
      defaultTimeSavedSeconds: content.defaultTimeSavedSeconds,
      pricingMode: content.pricingMode,
      pricePerSecond: content.pricePerSecond ?? "0",
      tiers: content.tiers ?? null,
      currency: "EUR",
      createdAt: start,
    });
    const timeAccountIds = content.accounts.map(accountId);
    if (timeAccountIds.length > 0) {
      await tx.insert(customerProgramTimeAccounts).values(
        timeAccountIds.map((timeAccountId, position) => ({
          customerProgramId: id,
          timeAccountId,
          position,
        })),
      );
    }
    demoPrograms.push({ id, content, timeAccountIds });
  }

  const key = await createApiKey(
    tx,
    await loadActor(tx, reporter, { userId: reporter.id }),
    { name: DEMO_API_KEY_NAME, customerIds: [customer.id] },
    now,
  );

  const timeline = buildTimeline({
    now,
    customerId: customer.id,
    programs: demoPrograms,
    accounts,
    reporter: { userId: reporter.id, apiKeyId: key.key.id },
    complainantUserId: complainant.id,
  });
  await writeTimeline(tx, timeline);
  await addToRollups(tx, eq(executions.customerId, customer.id));
  // The history starts a year ago, so the records it hangs on do too.
  await tx.update(customers).set({ createdAt: start }).where(eq(customers.id, customer.id));
  await tx
    .update(contracts)
    .set({ startDate: start.toISOString().slice(0, 10), createdAt: start })
    .where(eq(contracts.customerId, customer.id));
  await tx
    .update(apiKeys)
    .set({ createdAt: start, lastUsedAt: timeline.lastExecutionAt })
    .where(eq(apiKeys.id, key.key.id));

  const count = (status: string) => timeline.executions.filter((row) => row.payment_status === status).length;
  const counts: DemoCounts = {
    programs: demoPrograms.length,
    timeAccounts: accounts.length,
    executions: timeline.executions.length,
    paid: count("paid"),
    notPaid: count("not_paid"),
    revoked: count("revoked"),
    complaints: timeline.complaints.length,
    ledgerEntries: timeline.entries.length,
    from: start,
    to: now,
  };
  // The marker a later run trusts: only these people ever get links from this command.
  const userIds = cast.map(({ user }) => user.id);
  await recordAudit(tx, systemActor, {
    action: DEMO_SEEDED,
    customerId: customer.id,
    targetType: "customer",
    targetId: customer.id,
    after: { ...counts, from: start.toISOString(), to: now.toISOString(), userIds },
  });
  return {
    created: true,
    customer: { id: customer.id, name: customer.name, customerNumber: DEMO_CUSTOMER_NUMBER },
    people: await issueLinks(tx, options.settings, { customer, userIds }),
    counts,
    apiKey: { name: DEMO_API_KEY_NAME, owner: reporter.displayName, secret: key.secret },
  };
}

async function existingDemo(db: Database, options: DemoOptions): Promise<DemoResult | undefined> {
  const demo = await findDemo(db);
  if (!demo) return undefined;
  const people = await transaction(db, (tx) => issueLinks(tx, options.settings, demo));
  return {
    created: false,
    customer: { ...demo.customer, customerNumber: DEMO_CUSTOMER_NUMBER },
    people,
  };
}

/**
 * Creates the demo customer, or, when it exists (also when another run creates it at the same
 * moment), issues fresh enrolment links for its cast and changes nothing else. Throws
 * `DemoRefusedError` for a foreign customer numbered DEMO-0001, and, without `force`, for a database
 * holding other customers.
 */
export async function seedDemo(db: Database, options: DemoOptions): Promise<DemoResult> {
  const existing = await existingDemo(db, options);
  if (existing) return existing;
  try {
    return await transaction(db, (tx) => createDemo(tx, options));
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const raced = await existingDemo(db, options);
    if (!raced) throw error;
    return raced;
  }
}
