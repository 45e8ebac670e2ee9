import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { AppError } from "../../lib/errors.ts";
import { TEST_AUTH_CONFIG, TEST_PUBLIC_URL } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { SoftwareAuthenticator } from "../../testing/webauthn.ts";
import { auditLog } from "../audit/schema.ts";
import { systemActor } from "../audit/service.ts";
import type { User } from "../identity/schema.ts";
import { createUser, findUserById } from "../identity/service.ts";
import { formatUserCode } from "../identity/user-code.ts";
import { issueEnrolmentLink } from "./enrolment.ts";
import {
  authenticationOptions,
  enrol,
  enrolmentOptions,
  inspectEnrolmentLink,
  signIn,
  type Visitor,
} from "./login.ts";
import { listPasskeys, removePasskey, renamePasskey } from "./passkeys.ts";
import { passkeys } from "./schema.ts";
import { endAllSessions, listSessions, resumeSession } from "./sessions.ts";
import { authSettings } from "./settings.ts";

const database = useTestDatabase();
let clock = new Date("2026-11-24T10:00:00.000Z");
const settings = authSettings(TEST_AUTH_CONFIG, () => clock);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let ipCounter = 0;

/** Each test gets its own address, so the per-IP limits of one test do not leak into the next. */
function visitor(): Visitor {
  ipCounter += 1;
  return { userId: null, ip: `192.0.2.${ipCounter}`, requestId: `request-${ipCounter}`, userAgent: "test" };
}

function advance(milliseconds: number) {
  clock = new Date(clock.getTime() + milliseconds);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error("Expected a rejection.");
}

async function newUser(name = "Erika Mustermann"): Promise<User> {
  return createUser(database.db, systemActor, { displayName: name });
}

async function enrolled(authenticator = new SoftwareAuthenticator(TEST_PUBLIC_URL), who = visitor()) {
  const user = await newUser();
  const { token } = await issueEnrolmentLink(database.db, settings, systemActor, user.id);
  const options = await enrolmentOptions(database.db, settings, who, token);
  const result = await enrol(database.db, settings, who, token, authenticator.register(options), "YubiKey");
  return { user, authenticator, result, token };
}

async function actions(targetId?: string): Promise<string[]> {
  const rows = await database.db.select().from(auditLog);
  return rows.filter((row) => !targetId || row.targetId === targetId).map((row) => row.action);
}

beforeEach(() => {
  clock = new Date(clock.getTime() + 24 * HOUR);
});

describe("enrolment links", () => {
  it("register the first passkey, sign the user in and work only once", async () => {
    const who = visitor();
    const { user, result, token } = await enrolled(undefined, who);
    expect(result.user.id).toBe(user.id);
    expect(result.passkey).toMatchObject({ name: "YubiKey", deviceType: "singleDevice", backedUp: false });
    expect(await resumeSession(database.db, settings, result.token)).toMatchObject({ user: { id: user.id } });

    const again = await rejection(enrolmentOptions(database.db, settings, visitor(), token));
    expect(again).toMatchObject({ status: 410, code: "enrolment_link_used" });
    expect(await actions(user.id)).toEqual(
      expect.arrayContaining(["enrolment_link.issued", "enrolment_link.used"]),
    );
    expect(await actions()).toContain("passkey.added");
  });

  it("are 404 when unknown, 410 when expired or replaced by a newer link", async () => {
    expect(
      await rejection(inspectEnrolmentLink(database.db, settings, visitor(), "no-such-token")),
    ).toMatchObject({
      status: 404,
      code: "enrolment_link_unknown",
    });
    const user = await newUser();
    const first = await issueEnrolmentLink(database.db, settings, systemActor, user.id);
    const second = await issueEnrolmentLink(database.db, settings, systemActor, user.id);
    expect(
      await rejection(inspectEnrolmentLink(database.db, settings, visitor(), first.token)),
    ).toMatchObject({
      status: 410,
      code: "enrolment_link_replaced",
    });
    expect(second.url).toBe(`${TEST_PUBLIC_URL}/os/enrol/${second.token}`);
    expect(second.link.expiresAt.getTime() - clock.getTime()).toBe(72 * HOUR);
    expect(second.link.tokenHash).not.toContain(second.token);
    await inspectEnrolmentLink(database.db, settings, visitor(), second.token);
    advance(72 * HOUR);
    expect(
      await rejection(inspectEnrolmentLink(database.db, settings, visitor(), second.token)),
    ).toMatchObject({
      status: 410,
      code: "enrolment_link_expired",
    });
  });

  it("cannot be used twice even when two registrations race", async () => {
    const user = await newUser();
    const { token } = await issueEnrolmentLink(database.db, settings, systemActor, user.id);
    const who = visitor();
    const optionsA = await enrolmentOptions(database.db, settings, who, token);
    const optionsB = await enrolmentOptions(database.db, settings, who, token);
    const authenticator = new SoftwareAuthenticator(TEST_PUBLIC_URL);
    const results = await Promise.allSettled([
      enrol(database.db, settings, who, token, authenticator.register(optionsA)),
      enrol(database.db, settings, who, token, authenticator.register(optionsB)),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await listPasskeys(database.db, user.id)).toHaveLength(1);
  });

  it("refuse a registration answered for another origin or with a reused challenge", async () => {
    const user = await newUser();
    const { token } = await issueEnrolmentLink(database.db, settings, systemActor, user.id);
    const who = visitor();
    const authenticator = new SoftwareAuthenticator(TEST_PUBLIC_URL);
    const options = await enrolmentOptions(database.db, settings, who, token);
    const phished = authenticator.register(options, { origin: "https://evil.example" });
    expect(await rejection(enrol(database.db, settings, who, token, phished))).toMatchObject({
      status: 400,
      code: "registration_failed",
    });
    // The challenge was used up by the failed attempt.
    const replay = authenticator.register(options);
    expect(await rejection(enrol(database.db, settings, who, token, replay))).toMatchObject({
      code: "registration_failed",
    });
    expect(await listPasskeys(database.db, user.id)).toHaveLength(0);
  });
});

describe("signing in", () => {
  it("works by user code and usernameless, each with a new session", async () => {
    const { user, authenticator, result: enrolment } = await enrolled();
    const who = { ...visitor(), sessionToken: enrolment.token };
    const byCode = await authenticationOptions(
      database.db,
      settings,
      who,
      formatUserCode(user.code).toLowerCase(),
    );
    expect(byCode.allowCredentials).toHaveLength(1);
    const first = await signIn(database.db, settings, who, authenticator.authenticate(byCode));
    expect(first.user.id).toBe(user.id);
    expect(first.session.id).not.toBe(enrolment.session.id);
    // The browser's previous session was ended: a new id at login.
    expect(await resumeSession(database.db, settings, enrolment.token)).toBeUndefined();

    const usernameless = await authenticationOptions(database.db, settings, visitor());
    expect(usernameless.allowCredentials ?? []).toHaveLength(0);
    const second = await signIn(database.db, settings, visitor(), authenticator.authenticate(usernameless));
    expect(second.user.id).toBe(user.id);
    expect((await actions(second.session.id)).at(-1)).toBe("auth.login_succeeded");
  });

  it("refuses an unknown user code, another user's passkey and an unknown credential", async () => {
    expect(
      await rejection(authenticationOptions(database.db, settings, visitor(), "ZZZZ-ZZZZ-ZZZZ")),
    ).toMatchObject({ status: 404, code: "user_code_unknown" });

    const alice = await enrolled();
    const bob = await enrolled();
    const forAlice = await authenticationOptions(database.db, settings, visitor(), alice.user.code);
    const bobsAnswer = bob.authenticator.authenticate(forAlice, {
      credential: bob.authenticator.credentials[0],
    });
    expect(await rejection(signIn(database.db, settings, visitor(), bobsAnswer))).toMatchObject({
      status: 401,
      code: "authentication_failed",
      message: "This passkey does not belong to the user code you entered.",
    });

    const stranger = new SoftwareAuthenticator(TEST_PUBLIC_URL);
    stranger.register(await enrolmentOptionsFor(await newUser()));
    const options = await authenticationOptions(database.db, settings, visitor());
    expect(
      await rejection(signIn(database.db, settings, visitor(), stranger.authenticate(options))),
    ).toMatchObject({
      status: 401,
      message: "This passkey is not registered with NADOO.",
    });
    expect(await actions()).toContain("auth.login_failed");
  });

  it("refuses a user without passkeys, a deactivated user and a reused or expired challenge", async () => {
    const fresh = await newUser();
    expect(
      await rejection(authenticationOptions(database.db, settings, visitor(), fresh.code)),
    ).toMatchObject({
      status: 409,
      code: "no_passkey",
    });
    const { user, authenticator } = await enrolled();
    const options = await authenticationOptions(database.db, settings, visitor(), user.code);
    const answer = authenticator.authenticate(options);
    await signIn(database.db, settings, visitor(), answer);
    expect(await rejection(signIn(database.db, settings, visitor(), answer))).toMatchObject({
      status: 401,
      message: "The sign-in request has expired or was already used. Start again.",
    });
    const late = await authenticationOptions(database.db, settings, visitor(), user.code);
    advance(5 * MINUTE + 1);
    expect(
      await rejection(signIn(database.db, settings, visitor(), authenticator.authenticate(late))),
    ).toMatchObject({ status: 401 });

    await database.db.execute(`update users set is_active = false where id = '${user.id}'`);
    expect(await rejection(authenticationOptions(database.db, settings, visitor(), user.code))).toMatchObject(
      {
        status: 403,
        code: "account_deactivated",
      },
    );
  });

  it("warns about a non-increasing counter of a device-bound key but accepts it", async () => {
    const { user, authenticator } = await enrolled();
    const sign = async (counter?: number) => {
      const options = await authenticationOptions(database.db, settings, visitor(), user.code);
      return signIn(database.db, settings, visitor(), authenticator.authenticate(options, { counter }));
    };
    expect((await sign()).counterWarning).toBe(false);
    expect((await sign()).counterWarning).toBe(false);
    const cloned = await sign(1);
    expect(cloned.counterWarning).toBe(true);
    expect(cloned.user.id).toBe(user.id);
    expect(await actions(cloned.passkey.id)).toContain("passkey.counter_not_increasing");
    const [stored] = await database.db.select().from(passkeys).where(eq(passkeys.id, cloned.passkey.id));
    expect(stored?.signCount).toBe(2);
  });

  it("does not warn for synced passkeys, which always report 0", async () => {
    const { user, authenticator, result } = await enrolled(
      new SoftwareAuthenticator(TEST_PUBLIC_URL, { synced: true }),
    );
    expect(result.passkey).toMatchObject({ deviceType: "multiDevice", backedUp: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      const options = await authenticationOptions(database.db, settings, visitor(), user.code);
      const signed = await signIn(database.db, settings, visitor(), authenticator.authenticate(options));
      expect(signed.counterWarning).toBe(false);
    }
  });
});

async function enrolmentOptionsFor(user: User) {
  const { token } = await issueEnrolmentLink(database.db, settings, systemActor, user.id);
  return enrolmentOptions(database.db, settings, visitor(), token);
}

describe("abuse limits", () => {
  it("lock an address out after 10 failures for the rest of the 15-minute window", async () => {
    const who = visitor();
    for (let attempt = 0; attempt < 10; attempt++) {
      expect(
        await rejection(authenticationOptions(database.db, settings, who, "ZZZZ-ZZZZ-ZZZ0")),
      ).toMatchObject({
        status: 404,
      });
    }
    advance(5 * MINUTE);
    const locked = await rejection(authenticationOptions(database.db, settings, who));
    expect(locked).toMatchObject({ status: 429, code: "too_many_requests" });
    expect(Number(locked.headers?.["retry-after"])).toBe(10 * 60);
    expect(await actions(who.ip ?? undefined)).toContain("auth.locked_out");
    advance(10 * MINUTE);
    await authenticationOptions(database.db, settings, who);
  });

  it("lock a user code out across addresses; a success before the limit resets the counts", async () => {
    const { user, authenticator } = await enrolled();
    const stranger = new SoftwareAuthenticator(TEST_PUBLIC_URL);
    stranger.register(await enrolmentOptionsFor(await newUser()));
    const fail = async () => {
      const options = await authenticationOptions(database.db, settings, visitor(), user.code);
      await rejection(
        signIn(
          database.db,
          settings,
          visitor(),
          stranger.authenticate(options, { credential: stranger.credentials[0] }),
        ),
      );
    };
    for (let attempt = 0; attempt < 9; attempt++) await fail();
    const options = await authenticationOptions(database.db, settings, visitor(), user.code);
    await signIn(database.db, settings, visitor(), authenticator.authenticate(options));
    for (let attempt = 0; attempt < 10; attempt++) await fail();
    expect(await rejection(authenticationOptions(database.db, settings, visitor(), user.code))).toMatchObject(
      {
        status: 429,
      },
    );
  });

  it("count failed enrolment attempts per address", async () => {
    const who = visitor();
    for (let attempt = 0; attempt < 10; attempt++) {
      await rejection(inspectEnrolmentLink(database.db, settings, who, `guess-${attempt}`));
    }
    const user = await newUser();
    const { token } = await issueEnrolmentLink(database.db, settings, systemActor, user.id);
    expect(await rejection(enrolmentOptions(database.db, settings, who, token))).toMatchObject({
      status: 429,
    });
    await enrolmentOptions(database.db, settings, visitor(), token);
  });
});

describe("sessions", () => {
  it("end after the idle timeout, and after the absolute timeout however active", async () => {
    const { result } = await enrolled();
    advance(7 * HOUR);
    expect(await resumeSession(database.db, settings, result.token)).toBeDefined();
    advance(8 * HOUR + MINUTE);
    expect(await resumeSession(database.db, settings, result.token)).toBeUndefined();

    const { result: busy } = await enrolled();
    for (let hours = 0; hours < 168; hours += 6) {
      expect(await resumeSession(database.db, settings, busy.token)).toBeDefined();
      advance(6 * HOUR);
    }
    expect(await resumeSession(database.db, settings, busy.token)).toBeUndefined();
  });

  it("are listed per user and all end at 'log out everywhere'", async () => {
    const { user, authenticator, result } = await enrolled();
    const options = await authenticationOptions(database.db, settings, visitor(), user.code);
    await signIn(database.db, settings, visitor(), authenticator.authenticate(options));
    expect(await listSessions(database.db, settings, user.id)).toHaveLength(2);
    expect(await endAllSessions(database.db, { userId: user.id })).toBe(2);
    expect(await resumeSession(database.db, settings, result.token)).toBeUndefined();
    expect(await listSessions(database.db, settings, user.id)).toHaveLength(0);
  });

  it("end when the user is deactivated", async () => {
    const { user, result } = await enrolled();
    await database.db.execute(`update users set is_active = false where id = '${user.id}'`);
    expect(await resumeSession(database.db, settings, result.token)).toBeUndefined();
    expect((await findUserById(database.db, user.id))?.isActive).toBe(false);
  });
});

describe("own passkeys", () => {
  it("can be renamed and removed, but not the last one", async () => {
    const { user, result } = await enrolled();
    const actor = { userId: user.id };
    expect(await rejection(removePasskey(database.db, actor, result.passkey.id))).toMatchObject({
      status: 409,
      message: expect.stringContaining("last passkey"),
    });
    const renamed = await renamePasskey(database.db, actor, result.passkey.id, "  Blue   key ");
    expect(renamed.name).toBe("Blue key");

    const other = await enrolled();
    expect(await rejection(removePasskey(database.db, actor, other.result.passkey.id))).toMatchObject({
      status: 404,
    });
    expect(await rejection(renamePasskey(database.db, actor, "not-a-uuid", "x"))).toMatchObject({
      status: 404,
    });
    expect(await rejection(renamePasskey(database.db, actor, result.passkey.id, "   "))).toMatchObject({
      status: 400,
    });
  });

  it("a second passkey (from a new enrolment link after a lost key) makes the first removable", async () => {
    const { user, result } = await enrolled();
    const who = visitor();
    const { token } = await issueEnrolmentLink(database.db, settings, systemActor, user.id);
    const options = await enrolmentOptions(database.db, settings, who, token);
    expect(options.excludeCredentials).toHaveLength(1);
    const replacement = new SoftwareAuthenticator(TEST_PUBLIC_URL).register(options);
    await enrol(database.db, settings, who, token, replacement);
    await removePasskey(database.db, { userId: user.id }, result.passkey.id);
    expect(await listPasskeys(database.db, user.id)).toHaveLength(1);
    expect(await actions(result.passkey.id)).toContain("passkey.removed");
  });
});
