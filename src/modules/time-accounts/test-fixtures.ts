/**
 * For tests only: time accounts with a balance, written as the services leave them (the balance
 * comes from a real top-up through the ledger), and actors for calling services directly.
 */
import type { Database } from "../../db/connection.ts";
import { uuidv7 } from "../../lib/ids.ts";
import type { Actor } from "../access/policy.ts";
import { systemActor } from "../audit/service.ts";
import type { User } from "../identity/schema.ts";
import { postToLedger } from "./ledger.ts";
import { timeAccounts } from "./schema.ts";

export async function timeAccountWith(
  db: Database,
  customerId: string,
  balanceSeconds: number,
  options: { isActive?: boolean; name?: string } = {},
): Promise<string> {
  const id = uuidv7();
  const isActive = options.isActive ?? true;
  await db.insert(timeAccounts).values({
    id,
    customerId,
    name: options.name ?? `Account ${id.slice(-4)}`,
    isActive,
    deactivatedAt: isActive ? null : new Date(),
  });
  if (balanceSeconds > 0) {
    await postToLedger(db, systemActor, [{ timeAccountId: id, kind: "top_up", seconds: balanceSeconds }]);
  }
  return id;
}

/** A staff member as services see them (no customer roles needed). */
export function staffActor(user: User): Actor {
  return { user, roles: new Map(), context: { userId: user.id } };
}
