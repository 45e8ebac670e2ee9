/**
 * Test fixtures for people: users with roles on contracts, and signed-in sessions for them. The
 * sessions are real (the app resumes them from the database); only the passkey ceremony, tested on
 * its own elsewhere, is skipped.
 */
import { eq } from "drizzle-orm";
import type { App } from "../app.ts";
import type { Database } from "../db/connection.ts";
import type { Ability, Role } from "../modules/access/roles.ts";
import { systemActor } from "../modules/audit/service.ts";
import { csrfTokenFor, startSession } from "../modules/auth/sessions.ts";
import { authSettings } from "../modules/auth/settings.ts";
import { createCustomer } from "../modules/crm/service.ts";
import { roleGrants } from "../modules/hr/schema.ts";
import { ensureContract, setContractActive } from "../modules/hr/service.ts";
import type { User } from "../modules/identity/schema.ts";
import { createUser, type NewUser } from "../modules/identity/service.ts";
import { TEST_AUTH_CONFIG } from "./app.ts";

const settings = authSettings(TEST_AUTH_CONFIG);

export async function newCustomer(db: Database, name: string): Promise<string> {
  return (await createCustomer(db, systemActor, { name })).id;
}

export async function newUser(
  db: Database,
  displayName: string,
  flags: Partial<NewUser> = {},
): Promise<User> {
  return createUser(db, systemActor, { displayName, ...flags });
}

/** Puts `role` with exactly `abilities` on the user's contract with the customer (created if missing). */
export async function holdRole(
  db: Database,
  userId: string,
  customerId: string,
  role: Role,
  abilities: readonly Ability[],
  options: { activeContract?: boolean } = {},
): Promise<string> {
  const { contract } = await ensureContract(db, systemActor, userId, customerId);
  await db
    .insert(roleGrants)
    .values({ contractId: contract.id, role, abilities: [...abilities] })
    .onConflictDoUpdate({
      target: [roleGrants.contractId, roleGrants.role],
      set: { abilities: [...abilities] },
    });
  await setContractActive(db, systemActor, contract.id, options.activeContract ?? true);
  return contract.id;
}

export async function grantsOf(db: Database, contractId: string) {
  return db.select().from(roleGrants).where(eq(roleGrants.contractId, contractId));
}

export interface SignedIn {
  user: User;
  cookie: string;
  csrf: string;
}

export async function signedIn(db: Database, user: User): Promise<SignedIn> {
  const { session, token } = await startSession(db, settings, user.id, { ip: "192.0.2.10" });
  return { user, cookie: token, csrf: csrfTokenFor(settings, session) };
}

/** A request as the browser of `who` would send it (cookie and CSRF header), or anonymously. */
export function call(
  app: App,
  who: SignedIn | null,
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
  url: string,
  payload?: unknown,
) {
  return app.inject({
    method,
    url,
    ...(who ? { cookies: { nadoo_session: who.cookie }, headers: { "x-csrf-token": who.csrf } } : {}),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}
