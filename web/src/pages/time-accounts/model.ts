/**
 * The time accounts page's pure pieces: the API's shapes, query keys, the name rule for new accounts
 * and how a signed ledger amount reads.
 */
import type { paths } from "../../api/schema";
import { formatDuration, type Language } from "../../lib/format";

export type TimeAccountList =
  paths["/api/os/customers/{customerId}/time-accounts"]["get"]["responses"][200]["content"]["application/json"];
export type TimeAccount = TimeAccountList["items"][number];
export type LedgerPage =
  paths["/api/os/time-accounts/{id}/ledger"]["get"]["responses"][200]["content"]["application/json"];
export type LedgerEntry = LedgerPage["items"][number];
export type LedgerKind = LedgerEntry["kind"];

export const accountsKey = (customerId: string) => ["time-accounts", customerId] as const;
export const ledgerKey = (accountId: string) => ["time-account-ledger", accountId] as const;

/** The server's limit on names (routes.ts: trimmed, 1..200 characters). */
export const MAX_NAME_LENGTH = 200;

export type NameProblem = "nameRequired" | "nameTooLong";

export function nameProblem(name: string): NameProblem | null {
  const trimmed = name.trim();
  if (trimmed === "") return "nameRequired";
  if (trimmed.length > MAX_NAME_LENGTH) return "nameTooLong";
  return null;
}

/** A ledger amount with its sign: `+1 Std.` added, `−10 Min.` drawn. */
export function signedDuration(seconds: number, language: Language): string {
  if (seconds > 0) return `+${formatDuration(seconds, language)}`;
  return formatDuration(seconds, language);
}

/**
 * The last block of a UUID: its random part. (Execution ids are UUIDv7, whose first blocks are the
 * time and repeat for executions recorded together.)
 */
export function shortId(id: string): string {
  return id.split("-").at(-1) ?? id;
}
