/**
 * Applies the SQL migrations drizzle-kit generated into `migrations/`. All pending migrations run in
 * one transaction that first takes a transaction-scoped advisory lock, so two processes starting at
 * once against one PostgreSQL server apply them exactly once: the second waits, then finds nothing
 * to do. A migration edited after it was applied is refused rather than silently skipped.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { Database } from "./connection.ts";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../migrations", import.meta.url));

/** Arbitrary, fixed: "NADOO" in ASCII. Only this migrator uses it. */
const MIGRATION_LOCK_KEY = 0x4e41444f4f;

interface JournalEntry {
  idx: number;
  tag: string;
}

export interface Migration {
  tag: string;
  hash: string;
  statements: string[];
}

export function readMigrations(folder: string = MIGRATIONS_FOLDER): Migration[] {
  const journal = JSON.parse(readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as {
    entries: JournalEntry[];
  };
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => {
      // Line endings normalised, so a checkout with CRLF endings hashes like the original.
      const text = readFileSync(path.join(folder, `${tag}.sql`), "utf8").replace(/\r\n/g, "\n");
      return {
        tag,
        hash: createHash("sha256").update(text).digest("hex"),
        statements: text
          .split("--> statement-breakpoint")
          .map((statement) => statement.trim())
          .filter(Boolean),
      };
    });
}

export interface MigrationResult {
  applied: string[];
}

export async function migrate(db: Database, folder: string = MIGRATIONS_FOLDER): Promise<MigrationResult> {
  const migrations = readMigrations(folder);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.execute(sql`
      create table if not exists nadoo_migrations (
        tag text primary key,
        hash text not null,
        applied_at timestamptz not null default now()
      )`);
    const { rows } = await tx.execute<{ tag: string; hash: string }>(
      sql`select tag, hash from nadoo_migrations`,
    );
    const done = new Map(rows.map((row) => [row.tag, row.hash]));
    const applied: string[] = [];
    for (const migration of migrations) {
      const previousHash = done.get(migration.tag);
      if (previousHash !== undefined) {
        if (previousHash !== migration.hash) {
          throw new Error(
            `Migration ${migration.tag} was changed after it was applied; add a new migration instead.`,
          );
        }
        continue;
      }
      for (const statement of migration.statements) await tx.execute(sql.raw(statement));
      await tx.execute(
        sql`insert into nadoo_migrations (tag, hash) values (${migration.tag}, ${migration.hash})`,
      );
      applied.push(migration.tag);
    }
    return { applied };
  });
}
