/**
 * Enrolment links (SPEC §1): a one-time link with which a user registers a passkey without being
 * logged in: the first one, or a replacement after all keys were lost. Only the token's hash is
 * stored; a newer link replaces older unused ones of the same user.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { AppError, GoneError, NotFoundError } from "../../lib/errors.ts";
import { uuidv7 } from "../../lib/ids.ts";
import { hashToken, randomToken } from "../../lib/tokens.ts";
import { type ActorContext, recordAudit } from "../audit/service.ts";
import type { User } from "../identity/schema.ts";
import { findUserById } from "../identity/service.ts";
import { type EnrolmentLink, enrolmentLinks } from "./schema.ts";
import type { AuthSettings } from "./settings.ts";

export type EnrolmentSettings = Pick<AuthSettings, "publicUrl" | "enrolmentLinkMs" | "now">;

export interface IssuedEnrolmentLink {
  link: EnrolmentLink;
  /** Shown once to the issuer; only its hash is stored. */
  token: string;
  url: string;
}

function enrolmentUrl(settings: Pick<AuthSettings, "publicUrl">, token: string): string {
  return `${settings.publicUrl}/os/enrol/${token}`;
}

/**
 * Issues a link for `userId`. Who may issue it is the caller's policy check (staff, or a key
 * manager of one of the user's customers, named as `customerId` for the audit log).
 */
export async function issueEnrolmentLink(
  db: Database,
  settings: EnrolmentSettings,
  actor: ActorContext,
  userId: string,
  options: { customerId?: string } = {},
): Promise<IssuedEnrolmentLink> {
  const token = randomToken();
  const now = settings.now();
  const link = await transaction(db, async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) throw new NotFoundError("There is no user with this id.");
    if (!user.isActive) throw new GoneError("This user is deactivated; reactivate them before enrolling.");
    const replaced = await tx
      .update(enrolmentLinks)
      .set({ revokedAt: now })
      .where(
        and(
          eq(enrolmentLinks.userId, userId),
          isNull(enrolmentLinks.usedAt),
          isNull(enrolmentLinks.revokedAt),
        ),
      )
      .returning({ id: enrolmentLinks.id });
    const [created] = await tx
      .insert(enrolmentLinks)
      .values({
        id: uuidv7(),
        userId,
        tokenHash: hashToken(token),
        createdByUserId: actor.userId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + settings.enrolmentLinkMs),
      })
      .returning();
    if (!created) throw new Error("The enrolment link was not stored.");
    await recordAudit(tx, actor, {
      action: "enrolment_link.issued",
      customerId: options.customerId ?? null,
      targetType: "user",
      targetId: userId,
      after: {
        enrolmentLinkId: created.id,
        expiresAt: created.expiresAt.toISOString(),
        replacedLinks: replaced.length,
      },
    });
    return created;
  });
  return { link, token, url: enrolmentUrl(settings, token) };
}

export interface OpenEnrolmentLink {
  link: EnrolmentLink;
  user: User;
}

/** Why a token cannot be used, as the 404/410 the person holding it gets to read. */
function unusable(link: EnrolmentLink | undefined, user: User | undefined, now: Date): AppError | undefined {
  if (!link || !user) {
    return new AppError(
      404,
      "enrolment_link_unknown",
      "This enrolment link is not valid. Check that you copied all of it.",
    );
  }
  if (link.usedAt) {
    return new AppError(
      410,
      "enrolment_link_used",
      "This enrolment link has already been used. Ask for a new one if you need it.",
    );
  }
  if (link.revokedAt) {
    return new AppError(
      410,
      "enrolment_link_replaced",
      "This enrolment link was replaced by a newer one. Use the newest link you received.",
    );
  }
  if (link.expiresAt.getTime() <= now.getTime()) {
    return new AppError(410, "enrolment_link_expired", "This enrolment link has expired. Ask for a new one.");
  }
  if (!user.isActive) return new AppError(410, "account_deactivated", "This account is deactivated.");
  return undefined;
}

/** The link a token names, if it can still be used; otherwise a clear 404 or 410. */
export async function openEnrolmentLink(
  db: Database,
  settings: Pick<AuthSettings, "now">,
  token: string,
): Promise<OpenEnrolmentLink> {
  const [link] = await db
    .select()
    .from(enrolmentLinks)
    .where(eq(enrolmentLinks.tokenHash, hashToken(token)));
  const user = link ? await findUserById(db, link.userId) : undefined;
  const problem = unusable(link, user, settings.now());
  if (problem) throw problem;
  return { link: link as EnrolmentLink, user: user as User };
}

/**
 * Marks the link used, exactly once even when two registrations race: the row is locked and
 * re-checked. Call inside the transaction that stores the new passkey.
 */
export async function consumeEnrolmentLink(
  tx: Database,
  settings: Pick<AuthSettings, "now">,
  actor: ActorContext,
  linkId: string,
): Promise<EnrolmentLink> {
  const now = settings.now();
  const [link] = await tx.select().from(enrolmentLinks).where(eq(enrolmentLinks.id, linkId)).for("update");
  const user = link ? await findUserById(tx, link.userId) : undefined;
  const problem = unusable(link, user, now);
  if (problem) throw problem;
  await tx.update(enrolmentLinks).set({ usedAt: now }).where(eq(enrolmentLinks.id, linkId));
  await recordAudit(tx, actor, {
    action: "enrolment_link.used",
    targetType: "user",
    targetId: link?.userId,
    after: { enrolmentLinkId: linkId },
  });
  return { ...(link as EnrolmentLink), usedAt: now };
}
