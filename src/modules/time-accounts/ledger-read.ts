/**
 * Reading a time account's ledger (SPEC §5): newest first, in pages keyed on the entries' UUIDv7 ids
 * (time-ordered, so "older than the last one seen" is `id < cursor`), with the names of who posted.
 */
import { and, desc, eq, inArray, lt } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import type { Actor } from "../access/policy.ts";
import { apiKeys } from "../api-keys/schema.ts";
import { users } from "../identity/schema.ts";
import { type TimeAccountEntry, timeAccountEntries } from "./schema.ts";
import { viewTimeAccountAs } from "./service.ts";
import type { LedgerEntry } from "./views.ts";

export const DEFAULT_LEDGER_PAGE = 50;
export const MAX_LEDGER_PAGE = 500;

export interface LedgerPage {
  items: LedgerEntry[];
  /** The id of the last entry, to pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Adds the display names of the users and API keys that made the entries (two queries at most). */
export async function withActorNames(db: Database, entries: TimeAccountEntry[]): Promise<LedgerEntry[]> {
  const ids = (pick: (entry: TimeAccountEntry) => string | null) => [
    ...new Set(entries.flatMap((entry) => pick(entry) ?? [])),
  ];
  const userIds = ids((entry) => entry.actorUserId);
  const keyIds = ids((entry) => entry.actorApiKeyId);
  const userNames = userIds.length
    ? await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds))
    : [];
  const keyNames = keyIds.length
    ? await db.select({ id: apiKeys.id, name: apiKeys.name }).from(apiKeys).where(inArray(apiKeys.id, keyIds))
    : [];
  const userName = new Map(userNames.map((row) => [row.id, row.name]));
  const keyName = new Map(keyNames.map((row) => [row.id, row.name]));
  return entries.map((entry) => ({
    ...entry,
    actorUserName: entry.actorUserId ? userName.get(entry.actorUserId) : null,
    actorApiKeyName: entry.actorApiKeyId ? keyName.get(entry.actorApiKeyId) : null,
  }));
}

/** Time account managers of the account's customer (and staff) read it. */
export async function readLedger(
  db: Database,
  actor: Actor,
  timeAccountId: string,
  page: { cursor?: string; limit?: number } = {},
): Promise<LedgerPage> {
  await viewTimeAccountAs(db, actor, timeAccountId);
  const limit = Math.min(Math.max(page.limit ?? DEFAULT_LEDGER_PAGE, 1), MAX_LEDGER_PAGE);
  const rows = await db
    .select()
    .from(timeAccountEntries)
    .where(
      and(
        eq(timeAccountEntries.timeAccountId, timeAccountId),
        page.cursor === undefined ? undefined : lt(timeAccountEntries.id, page.cursor),
      ),
    )
    .orderBy(desc(timeAccountEntries.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: await withActorNames(db, items),
    nextCursor: rows.length > limit && last ? last.id : null,
  };
}
