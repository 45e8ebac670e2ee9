/**
 * A user's preferred language (SPEC §1): the web app and the server-rendered pages speak it once the
 * user is signed in. Only the user sets their own; staff have no reason to.
 */
import { eq } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { NotFoundError, ValidationError } from "../../lib/errors.ts";
import { type ActorContext, recordAudit } from "../audit/service.ts";
import { type User, users } from "./schema.ts";

export const LANGUAGES = ["de", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

/**
 * Sets the acting user's language. Choosing the one already set changes nothing and logs nothing,
 * so a language switch pressed twice leaves one audit entry.
 */
export async function setMyLanguage(
  db: Database,
  actor: ActorContext & { userId: string },
  language: string,
): Promise<User> {
  if (!isLanguage(language)) {
    throw new ValidationError(`The language is one of ${LANGUAGES.join(", ")}.`, [
      { path: "language", message: `one of ${LANGUAGES.join(", ")}` },
    ]);
  }
  return transaction(db, async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, actor.userId)).for("update");
    if (!before) throw new NotFoundError("There is no such user.");
    if (before.language === language) return before;
    const [after] = await tx.update(users).set({ language }).where(eq(users.id, actor.userId)).returning();
    if (!after) throw new NotFoundError("There is no such user.");
    await recordAudit(tx, actor, {
      action: "user.language_changed",
      targetType: "user",
      targetId: actor.userId,
      before: { language: before.language },
      after: { language },
    });
    return after;
  });
}
