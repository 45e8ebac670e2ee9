/**
 * The identity module owns users and their codes (SPEC §1). Login, passkeys and sessions build on it.
 */
import { eq, or } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import { transaction } from "../../db/transaction.ts";
import { ConflictError, ValidationError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import { type ActorContext, recordAudit } from "../audit/service.ts";
import { type User, users } from "./schema.ts";
import {
  generateUserCode,
  LEGACY_USER_CODE_LENGTH,
  parseUserCode,
  type RandomBytes,
  userCodeKey,
} from "./user-code.ts";

export interface NewUser {
  displayName: string;
  isStaff?: boolean;
  isSuperuser?: boolean;
  language?: "de" | "en";
  /** Only for imports from the original system; new users always get a generated code. */
  legacyCode?: string;
}

export interface IdentityDependencies {
  random?: RandomBytes;
}

const CODE_ATTEMPTS = 5;

/** Creates a user with a fresh unique code; a collision (however unlikely) draws a new code. */
export async function createUser(
  db: Database,
  actor: ActorContext,
  input: NewUser,
  dependencies: IdentityDependencies = {},
): Promise<User> {
  const displayName = input.displayName.trim();
  if (!displayName) throw new ValidationError("The display name must not be empty.");
  let legacyCode: string | undefined;
  if (input.legacyCode !== undefined) {
    legacyCode = parseUserCode(input.legacyCode)?.stripped;
    if (!legacyCode || legacyCode.length !== LEGACY_USER_CODE_LENGTH) {
      throw new ValidationError("A legacy user code has exactly 6 letters or digits.");
    }
  }
  for (let attempt = 1; ; attempt++) {
    const code = legacyCode ?? generateUserCode(dependencies.random);
    try {
      return await transaction(db, async (tx) => {
        const [user] = await tx
          .insert(users)
          .values({
            code,
            codeKey: userCodeKey(code),
            displayName,
            isStaff: input.isStaff ?? false,
            isSuperuser: input.isSuperuser ?? false,
            language: input.language ?? "de",
          })
          .returning();
        if (!user) throw new Error("The user was not stored.");
        await recordAudit(tx, actor, {
          action: "user.created",
          targetType: "user",
          targetId: user.id,
          after: { code: user.code, displayName, isStaff: user.isStaff, isSuperuser: user.isSuperuser },
        });
        return user;
      });
    } catch (error) {
      if (!isUniqueViolation(error, "users_code_unique")) throw error;
      if (legacyCode !== undefined) throw new ConflictError(`The user code ${code} is already taken.`);
      if (attempt >= CODE_ATTEMPTS) throw new Error("Could not draw a unique user code.", { cause: error });
    }
  }
}

/**
 * Finds a user by what a person typed. An exact match wins (legacy codes were case-sensitive);
 * otherwise the normalised key must match exactly one user.
 */
export async function findUserByCode(db: Database, input: string): Promise<User | undefined> {
  const parsed = parseUserCode(input);
  if (!parsed) return undefined;
  const candidates = await db
    .select()
    .from(users)
    .where(or(eq(users.code, parsed.stripped), eq(users.codeKey, parsed.key)))
    .limit(10);
  const exact = candidates.find((user) => user.code === parsed.stripped);
  if (exact) return exact;
  return candidates.length === 1 ? candidates[0] : undefined;
}

export async function findUserById(db: Database, id: string): Promise<User | undefined> {
  if (!isUuid(id)) return undefined;
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}
