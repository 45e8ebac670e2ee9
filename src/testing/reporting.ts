/**
 * Test fixtures for the reporting APIs: a customer with a program, time accounts with balances, and a
 * person with an active contract holding an API key. Rows are written as the services would leave
 * them; top-ups go through the real ledger.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { App } from "../app.ts";
import type { Database } from "../db/connection.ts";
import { uuidv7 } from "../lib/ids.ts";
import { apiKeyCustomers, apiKeys } from "../modules/api-keys/schema.ts";
import { displayPrefixOf, hashApiKey } from "../modules/api-keys/secret.ts";
import { systemActor } from "../modules/audit/service.ts";
import { ensureContract } from "../modules/hr/service.ts";
import type { User } from "../modules/identity/schema.ts";
import {
  type CustomerProgram,
  customerPrograms,
  customerProgramTimeAccounts,
  programs,
} from "../modules/programs/schema.ts";
import { timeAccounts } from "../modules/time-accounts/schema.ts";
import { timeAccountWith } from "../modules/time-accounts/test-fixtures.ts";
import { newCustomer, newUser } from "./people.ts";

export async function newCustomerProgram(
  db: Database,
  customerId: string,
  options: Partial<
    Pick<CustomerProgram, "pricingMode" | "pricePerSecond" | "defaultTimeSavedSeconds" | "isActive" | "tiers">
  > & {
    timeAccountIds?: string[];
  } = {},
): Promise<string> {
  const [program] = await db
    .insert(programs)
    .values({ name: `Program ${randomBytes(3).toString("hex")}` })
    .returning();
  if (!program) throw new Error("No program was created.");
  const { timeAccountIds = [], ...settings } = options;
  const [customerProgram] = await db
    .insert(customerPrograms)
    .values({ programId: program.id, customerId, defaultTimeSavedSeconds: 600, ...settings })
    .returning();
  if (!customerProgram) throw new Error("No customer program was created.");
  if (timeAccountIds.length > 0) {
    await db.insert(customerProgramTimeAccounts).values(
      timeAccountIds.map((timeAccountId, position) => ({
        customerProgramId: customerProgram.id,
        timeAccountId,
        position,
      })),
    );
  }
  return customerProgram.id;
}

export interface IssuedKey {
  id: string;
  secret: string;
}

/** An API key of `user` as the key service stores it: only the SHA-256 of the secret. */
export async function newApiKey(
  db: Database,
  user: Pick<User, "id">,
  options: { customerIds?: string[]; secret?: string; expiresAt?: Date; revokedAt?: Date } = {},
): Promise<IssuedKey> {
  const secret = options.secret ?? `nadoo_test${randomBytes(16).toString("hex")}`;
  const id = uuidv7();
  await db.insert(apiKeys).values({
    id,
    userId: user.id,
    name: "Test key",
    keyHash: hashApiKey(secret),
    displayPrefix: displayPrefixOf(secret),
    legacy: !secret.startsWith("nadoo_"),
    restricted: options.customerIds !== undefined,
    expiresAt: options.expiresAt ?? null,
    revokedAt: options.revokedAt ?? null,
  });
  if (options.customerIds?.length) {
    await db
      .insert(apiKeyCustomers)
      .values(options.customerIds.map((customerId) => ({ apiKeyId: id, customerId })));
  }
  return { id, secret };
}

export interface ReportingWorld {
  customerId: string;
  reporter: User;
  key: IssuedKey;
  accountId: string;
  customerProgramId: string;
}

/** A customer with one program drawing on one account, and a reporter with an active contract and key. */
export async function newReportingWorld(db: Database, balanceSeconds = 3600): Promise<ReportingWorld> {
  const customerId = await newCustomer(db, `Customer ${randomBytes(3).toString("hex")}`);
  const reporter = await newUser(db, "Reporter");
  await ensureContract(db, systemActor, reporter.id, customerId);
  const accountId = await timeAccountWith(db, customerId, balanceSeconds);
  const customerProgramId = await newCustomerProgram(db, customerId, { timeAccountIds: [accountId] });
  return { customerId, reporter, key: await newApiKey(db, reporter), accountId, customerProgramId };
}

/** Reports one execution through API v1 with the world's key; anything but 201 fails the test. */
export async function reportThroughApi(
  app: App,
  world: Pick<ReportingWorld, "key">,
  customerProgramId: string,
  timeSavedSeconds: number,
): Promise<string> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/executions",
    headers: { authorization: `Bearer ${world.key.secret}` },
    payload: { customerProgramId, timeSavedSeconds },
  });
  if (response.statusCode !== 201) {
    throw new Error(`Reporting answered ${response.statusCode}, not 201: ${response.body}`);
  }
  return (response.json() as { id: string }).id;
}

/** An account's balance; NaN for an unknown account, so comparing it fails. */
export async function balanceOf(db: Database, accountId: string): Promise<number> {
  const [account] = await db.select().from(timeAccounts).where(eq(timeAccounts.id, accountId));
  return account?.balanceSeconds ?? Number.NaN;
}

/** The seconds a customer program's tier is priced from; NaN for an unknown program. */
export async function tierBasisOf(db: Database, customerProgramId: string): Promise<number> {
  const [program] = await db
    .select()
    .from(customerPrograms)
    .where(eq(customerPrograms.id, customerProgramId));
  return program?.tierBasisSeconds ?? Number.NaN;
}
