/**
 * A user's own passkeys: list, rename, remove (SPEC §1). The last passkey cannot be removed, or the
 * user would be locked out with no way back but a new enrolment link.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import { type ActorContext, recordAudit } from "../audit/service.ts";
import { type Passkey, passkeys } from "./schema.ts";

export type UserActor = ActorContext & { userId: string };

const NAME_MAX = 100;

export function passkeyName(input: string): string {
  const name = input.trim().replace(/\s+/g, " ");
  if (!name) throw new ValidationError("A passkey name must not be empty.");
  if (name.length > NAME_MAX) throw new ValidationError(`A passkey name has at most ${NAME_MAX} characters.`);
  return name;
}

export async function listPasskeys(db: Database, userId: string): Promise<Passkey[]> {
  return db.select().from(passkeys).where(eq(passkeys.userId, userId)).orderBy(asc(passkeys.createdAt));
}

const notYours = () => new NotFoundError("You have no passkey with this id.");

export async function renamePasskey(
  db: Database,
  actor: UserActor,
  passkeyId: string,
  newName: string,
): Promise<Passkey> {
  const name = passkeyName(newName);
  if (!isUuid(passkeyId)) throw notYours();
  return transaction(db, async (tx) => {
    const [before] = await tx
      .select()
      .from(passkeys)
      .where(and(eq(passkeys.id, passkeyId), eq(passkeys.userId, actor.userId)))
      .for("update");
    if (!before) throw notYours();
    const [after] = await tx.update(passkeys).set({ name }).where(eq(passkeys.id, passkeyId)).returning();
    await recordAudit(tx, actor, {
      action: "passkey.renamed",
      targetType: "passkey",
      targetId: passkeyId,
      before: { name: before.name },
      after: { name },
    });
    return after as Passkey;
  });
}

export async function removePasskey(db: Database, actor: UserActor, passkeyId: string): Promise<void> {
  if (!isUuid(passkeyId)) throw notYours();
  await transaction(db, async (tx) => {
    // Locking all of the user's passkeys makes two concurrent removals see each other.
    const own = await tx.select().from(passkeys).where(eq(passkeys.userId, actor.userId)).for("update");
    const target = own.find((passkey) => passkey.id === passkeyId);
    if (!target) throw notYours();
    if (own.length === 1) {
      throw new ConflictError(
        "You cannot remove your last passkey: you could not sign in any more. Add another passkey first.",
      );
    }
    await tx.delete(passkeys).where(eq(passkeys.id, passkeyId));
    await recordAudit(tx, actor, {
      action: "passkey.removed",
      targetType: "passkey",
      targetId: passkeyId,
      before: { name: target.name, deviceType: target.deviceType, createdAt: target.createdAt.toISOString() },
    });
  });
}
