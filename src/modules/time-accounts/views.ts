/**
 * How time accounts and ledger entries look over HTTP: the zod response schemas (they also document
 * the API in OpenAPI) and the mappers from rows to them.
 */
import { z } from "zod";
import { LEDGER_KINDS, type TimeAccount, type TimeAccountEntry } from "./schema.ts";

export const timeAccountView = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  name: z.string(),
  isActive: z.boolean().describe("Inactive accounts keep balance and history but pricing skips them"),
  balanceSeconds: z.number().int().min(0),
  balance: z
    .object({ hours: z.number().int(), minutes: z.number().int(), seconds: z.number().int() })
    .describe("balanceSeconds split into whole hours, minutes (0..59) and seconds (0..59)"),
  deactivatedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const entryActorView = z.object({
  type: z.enum(["user", "api_key", "system"]).describe("api_key when the entry was made through a key"),
  id: z.uuid().nullable().describe("The user's or API key's id; null for the system"),
  displayName: z.string().optional().describe("The user's name or the API key's name, when known"),
});

export const entryView = z.object({
  id: z.uuid(),
  kind: z.enum(LEDGER_KINDS),
  seconds: z.number().int().describe("Signed: positive added to the balance, negative drew from it"),
  balanceAfterSeconds: z.number().int().min(0),
  executionId: z.uuid().nullable(),
  actor: entryActorView,
  reason: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

export type TimeAccountView = z.infer<typeof timeAccountView>;
export type EntryView = z.infer<typeof entryView>;

/** An entry with the names of whoever made it, as the ledger query reads it. */
export interface LedgerEntry extends TimeAccountEntry {
  actorUserName?: string | null;
  actorApiKeyName?: string | null;
}

/** Whole hours, minutes and seconds of a number of seconds, e.g. 3725 → 1 h 2 min 5 s. */
export function splitSeconds(total: number): { hours: number; minutes: number; seconds: number } {
  return { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
}

export function viewTimeAccount(account: TimeAccount): TimeAccountView {
  return {
    id: account.id,
    customerId: account.customerId,
    name: account.name,
    isActive: account.isActive,
    balanceSeconds: account.balanceSeconds,
    balance: splitSeconds(account.balanceSeconds),
    deactivatedAt: account.deactivatedAt?.toISOString() ?? null,
    createdAt: account.createdAt.toISOString(),
    updatedAt: account.updatedAt.toISOString(),
  };
}

function viewActor(entry: LedgerEntry): EntryView["actor"] {
  // A key's entries also carry its owner; the key is the more precise answer to "who posted this".
  if (entry.actorApiKeyId) {
    return {
      type: "api_key",
      id: entry.actorApiKeyId,
      ...(entry.actorApiKeyName ? { displayName: entry.actorApiKeyName } : {}),
    };
  }
  if (entry.actorUserId) {
    return {
      type: "user",
      id: entry.actorUserId,
      ...(entry.actorUserName ? { displayName: entry.actorUserName } : {}),
    };
  }
  return { type: "system", id: null };
}

export function viewEntry(entry: LedgerEntry): EntryView {
  return {
    id: entry.id,
    kind: entry.kind,
    seconds: entry.seconds,
    balanceAfterSeconds: entry.balanceAfterSeconds,
    executionId: entry.executionId,
    actor: viewActor(entry),
    reason: entry.reason,
    createdAt: entry.createdAt.toISOString(),
  };
}
