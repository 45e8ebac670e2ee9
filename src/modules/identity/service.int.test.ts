import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ConflictError, ValidationError } from "../../lib/errors.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { auditLog } from "../audit/schema.ts";
import { systemActor } from "../audit/service.ts";
import { users } from "./schema.ts";
import { createUser, findUserByCode, findUserById } from "./service.ts";
import { CROCKFORD_ALPHABET, formatUserCode } from "./user-code.ts";

const database = useTestDatabase();

/** Bytes that `generateUserCode` turns into exactly `code`. */
function bytesFor(code: string): Uint8Array {
  return Uint8Array.from([...code].map((symbol) => CROCKFORD_ALPHABET.indexOf(symbol)));
}

describe("createUser", () => {
  it("stores a user with a new 12-character code and audit-logs it", async () => {
    const user = await createUser(database.db, systemActor, { displayName: "  Ada Lovelace " });
    expect(user.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
    expect(user).toMatchObject({
      displayName: "Ada Lovelace",
      isActive: true,
      isStaff: false,
      isSuperuser: false,
      language: "de",
    });
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.targetId, user.id));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "user.created", targetType: "user", actorUserId: null });
  });

  it("draws a new code when the first one is taken", async () => {
    const taken = await createUser(database.db, systemActor, {
      displayName: "First",
      legacyCode: undefined,
    });
    const draws = [bytesFor(taken.code), bytesFor("ABCDEFGHJKMN")];
    const second = await createUser(
      database.db,
      systemActor,
      { displayName: "Second" },
      { random: () => draws.shift() ?? bytesFor("ZZZZZZZZZZZZ") },
    );
    expect(second.code).toBe("ABCDEFGHJKMN");
    expect(draws).toHaveLength(0);
    const withTakenCode = await database.db.select().from(users).where(eq(users.code, taken.code));
    expect(withTakenCode).toHaveLength(1);
  });

  it("gives up after repeated collisions instead of looping forever", async () => {
    const taken = await createUser(database.db, systemActor, { displayName: "Always taken" });
    await expect(
      createUser(
        database.db,
        systemActor,
        { displayName: "Unlucky" },
        { random: () => bytesFor(taken.code) },
      ),
    ).rejects.toThrow(/unique user code/);
  });

  it("refuses an empty display name", async () => {
    await expect(createUser(database.db, systemActor, { displayName: "   " })).rejects.toThrow(
      ValidationError,
    );
  });

  it("keeps imported legacy codes and refuses duplicates", async () => {
    const legacy = await createUser(database.db, systemActor, {
      displayName: "Legacy",
      legacyCode: "aB3xY9",
    });
    expect(legacy.code).toBe("aB3xY9");
    await expect(
      createUser(database.db, systemActor, { displayName: "Again", legacyCode: "aB3xY9" }),
    ).rejects.toThrow(ConflictError);
    await expect(
      createUser(database.db, systemActor, { displayName: "Bad", legacyCode: "ab$12x" }),
    ).rejects.toThrow(ValidationError);
  });
});

describe("legacy codes as typed", () => {
  it("are stored without separators and found however they are typed", async () => {
    const user = await createUser(database.db, systemActor, {
      displayName: "Spaced",
      legacyCode: " Mn 4-pQ7 ",
    });
    expect(user.code).toBe("Mn4pQ7");
    expect((await findUserByCode(database.db, "mn4pq7"))?.id).toBe(user.id);
    await expect(
      createUser(database.db, systemActor, { displayName: "Same", legacyCode: "Mn4pQ7" }),
    ).rejects.toThrow(ConflictError);
  });
});

describe("findUserByCode", () => {
  it("finds a user however the code is typed", async () => {
    const user = await createUser(
      database.db,
      systemActor,
      { displayName: "Typist" },
      { random: () => bytesFor("K7QM3XTD9P01") },
    );
    for (const typed of [
      "K7QM-3XTD-9P01",
      "k7qm3xtd9p01",
      " k7qm 3xtd 9pol ",
      "K7QM-3XTD-9POI",
      formatUserCode(user.code),
    ]) {
      expect((await findUserByCode(database.db, typed))?.id).toBe(user.id);
    }
  });

  it("finds legacy codes exactly and case-insensitively when unambiguous", async () => {
    const legacy = await createUser(database.db, systemActor, { displayName: "Old", legacyCode: "Qw3rTy" });
    expect((await findUserByCode(database.db, "Qw3rTy"))?.id).toBe(legacy.id);
    expect((await findUserByCode(database.db, "qw3rty"))?.id).toBe(legacy.id);
  });

  it("prefers the exact legacy code when two differ only by case", async () => {
    const lower = await createUser(database.db, systemActor, { displayName: "Lower", legacyCode: "zxcvbn" });
    const upper = await createUser(database.db, systemActor, { displayName: "Upper", legacyCode: "ZXCVBN" });
    expect((await findUserByCode(database.db, "zxcvbn"))?.id).toBe(lower.id);
    expect((await findUserByCode(database.db, "ZXCVBN"))?.id).toBe(upper.id);
    expect(await findUserByCode(database.db, "ZxCvBn")).toBeUndefined();
  });

  it("finds nothing for unknown or malformed input", async () => {
    expect(await findUserByCode(database.db, "0000-0000-0000")).toBeUndefined();
    expect(await findUserByCode(database.db, "'; drop table users; --")).toBeUndefined();
    expect(await findUserByCode(database.db, "")).toBeUndefined();
  });
});

describe("findUserById", () => {
  it("returns the user or undefined", async () => {
    const user = await createUser(database.db, systemActor, { displayName: "By id" });
    expect((await findUserById(database.db, user.id))?.code).toBe(user.code);
    expect(await findUserById(database.db, "00000000-0000-4000-8000-000000000000")).toBeUndefined();
    expect(await findUserById(database.db, "not-a-uuid")).toBeUndefined();
  });
});
