import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { openDatabase } from "../../db/connection.ts";
import { createTestApp, type LogCapture, TEST_AUTH_CONFIG, TEST_PUBLIC_URL } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { SoftwareAuthenticator } from "../../testing/webauthn.ts";
import { systemActor } from "../audit/service.ts";
import { createUser } from "../identity/service.ts";
import { issueEnrolmentLink } from "./enrolment.ts";
import { authSettings } from "./settings.ts";

const database = useTestDatabase();
let app: App;
let logs: LogCapture;
let ipCounter = 0;

beforeAll(async () => {
  ({ app, logs } = await createTestApp(database.handle));
});
afterAll(async () => {
  await app.close();
});

const linkSettings = authSettings(TEST_AUTH_CONFIG);

interface Browser {
  cookie?: string;
  csrf?: string;
  ip: string;
  authenticator: SoftwareAuthenticator;
}

function browser(): Browser {
  ipCounter += 1;
  return { ip: `198.51.100.${ipCounter}`, authenticator: new SoftwareAuthenticator(TEST_PUBLIC_URL) };
}

async function send(
  client: Browser,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await app.inject({
    method,
    url,
    remoteAddress: client.ip,
    headers: {
      ...(client.csrf ? { "x-csrf-token": client.csrf } : {}),
      ...headers,
    },
    ...(client.cookie ? { cookies: { nadoo_session: client.cookie } } : {}),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  const set = response.cookies.find((cookie) => cookie.name === "nadoo_session");
  if (set) client.cookie = set.value || undefined;
  return response;
}

async function enrolThroughApi(client: Browser, options: { staff?: boolean; superuser?: boolean } = {}) {
  const user = await createUser(database.db, systemActor, {
    displayName: "Max Muster",
    isStaff: options.staff,
    isSuperuser: options.superuser,
  });
  const { token } = await issueEnrolmentLink(database.db, linkSettings, systemActor, user.id);
  const optionsResponse = await send(client, "POST", "/api/auth/registration/options", {
    enrolmentToken: token,
  });
  expect(optionsResponse.statusCode).toBe(200);
  const response = client.authenticator.register(optionsResponse.json());
  const verified = await send(client, "POST", "/api/auth/registration/verify", {
    enrolmentToken: token,
    response,
    name: "Laptop",
  });
  expect(verified.statusCode).toBe(201);
  client.csrf = verified.json().session.csrfToken;
  return { user, token, verified };
}

describe("/api/auth", () => {
  it("enrols, signs out, signs in by user code and usernameless", async () => {
    const client = browser();
    const { user, verified, token } = await enrolThroughApi(client);
    const cookie = verified.cookies.find((entry) => entry.name === "nadoo_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookie?.secure).toBeFalsy();
    expect(verified.json().passkey).toMatchObject({ name: "Laptop", deviceType: "singleDevice" });

    const me = await send(client, "GET", "/api/auth/me");
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ id: user.id, displayName: "Max Muster", isStaff: false });
    expect(me.json().csrfToken).toBe(client.csrf);

    expect((await send(client, "GET", `/api/auth/enrolment/${token}`)).statusCode).toBe(410);

    expect((await send(client, "POST", "/api/auth/logout", {})).statusCode).toBe(204);
    expect(client.cookie).toBeUndefined();
    expect((await send(client, "GET", "/api/auth/me")).statusCode).toBe(401);

    const options = await send(client, "POST", "/api/auth/authentication/options", { userCode: user.code });
    const signedIn = await send(client, "POST", "/api/auth/authentication/verify", {
      response: client.authenticator.authenticate(options.json()),
    });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().user.id).toBe(user.id);
    const firstCookie = client.cookie;
    client.csrf = signedIn.json().csrfToken;

    const anonymous = await send(client, "POST", "/api/auth/authentication/options", {});
    const again = await send(client, "POST", "/api/auth/authentication/verify", {
      response: client.authenticator.authenticate(anonymous.json()),
    });
    expect(again.statusCode).toBe(200);
    expect(client.cookie).not.toBe(firstCookie);

    const sessions = await send(client, "GET", "/api/auth/sessions");
    expect(sessions.json().items).toHaveLength(1);
    expect(sessions.json().items[0]).toMatchObject({ current: true, ip: client.ip });

    // Neither the enrolment token nor session tokens nor CSRF tokens reach the logs.
    for (const secret of [token, firstCookie, client.cookie, client.csrf]) {
      expect(logs.text).not.toContain(secret as string);
    }
  });

  it("answers failed sign-ins with problem+json and locks out with 429 and Retry-After", async () => {
    const client = browser();
    const bad = await send(client, "POST", "/api/auth/authentication/verify", {
      response: {
        id: "AAAA",
        rawId: "AAAA",
        type: "public-key",
        clientExtensionResults: {},
        response: { clientDataJSON: "e30", authenticatorData: "AAAA", signature: "AAAA" },
      },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers["content-type"]).toContain("application/problem+json");
    expect(
      (await send(client, "POST", "/api/auth/authentication/verify", { response: "junk" })).statusCode,
    ).toBe(400);
    for (let attempt = 0; attempt < 9; attempt++) {
      await send(client, "POST", "/api/auth/authentication/options", { userCode: "ZZZZ-ZZZZ-ZZZ1" });
    }
    const locked = await send(client, "POST", "/api/auth/authentication/options", {});
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0);
    expect(locked.json().detail).toMatch(/Too many failed attempts/);
  });

  it("manages own passkeys: add a second, rename, remove; the last one stays (409)", async () => {
    const client = browser();
    await enrolThroughApi(client);
    const list = await send(client, "GET", "/api/auth/passkeys");
    const [first] = list.json().items;
    const removeLast = await send(client, "DELETE", `/api/auth/passkeys/${first.id}`);
    expect(removeLast.statusCode).toBe(409);
    expect(removeLast.json().detail).toMatch(/last passkey/);

    const options = await send(client, "POST", "/api/auth/passkeys/registration/options", {});
    expect(options.json().excludeCredentials).toHaveLength(1);
    const added = await send(client, "POST", "/api/auth/passkeys/registration/verify", {
      name: "Backup key",
      response: new SoftwareAuthenticator(TEST_PUBLIC_URL).register(options.json()),
    });
    expect(added.statusCode).toBe(201);
    const renamed = await send(client, "PATCH", `/api/auth/passkeys/${added.json().id}`, { name: "Spare" });
    expect(renamed.json().name).toBe("Spare");
    expect((await send(client, "DELETE", `/api/auth/passkeys/${first.id}`)).statusCode).toBe(204);
    expect((await send(client, "GET", "/api/auth/passkeys")).json().items).toHaveLength(1);
  });

  it("refuses cookie-authenticated state changes without the CSRF token or from another site", async () => {
    const client = browser();
    await enrolThroughApi(client);
    const token = client.csrf;
    client.csrf = undefined;
    const crossSite = await send(client, "POST", "/api/auth/logout", {}, { origin: "https://evil.example" });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().code).toBe("csrf_refused");
    const noToken = await send(client, "POST", "/api/auth/logout-all", {});
    expect(noToken.statusCode).toBe(403);
    const wrongToken = await send(client, "POST", "/api/auth/logout", {}, { "x-csrf-token": "nope" });
    expect(wrongToken.statusCode).toBe(403);
    const withTokenCrossSite = await send(
      client,
      "POST",
      "/api/auth/logout",
      {},
      { "x-csrf-token": token as string, origin: "https://evil.example" },
    );
    expect(withTokenCrossSite.statusCode).toBe(403);
    expect((await send(client, "GET", "/api/auth/me")).statusCode).toBe(200);
    const fetchSite = await send(client, "POST", "/api/auth/logout", {}, { "sec-fetch-site": "cross-site" });
    expect(fetchSite.statusCode).toBe(403);

    client.csrf = token;
    expect(
      (await send(client, "POST", "/api/auth/logout-all", {}, { origin: TEST_PUBLIC_URL })).statusCode,
    ).toBe(204);
    expect((await send(client, "GET", "/api/auth/me")).statusCode).toBe(401);
  });

  it("ends one of my sessions by id, but not someone else's", async () => {
    const laptop = browser();
    const { user } = await enrolThroughApi(laptop);
    const phone: Browser = { ...browser(), authenticator: laptop.authenticator };
    const options = await send(phone, "POST", "/api/auth/authentication/options", { userCode: user.code });
    const signedIn = await send(phone, "POST", "/api/auth/authentication/verify", {
      response: phone.authenticator.authenticate(options.json()),
    });
    phone.csrf = signedIn.json().csrfToken;
    const sessions = (await send(laptop, "GET", "/api/auth/sessions")).json().items;
    expect(sessions).toHaveLength(2);
    const phoneSession = sessions.find((session: { current: boolean }) => !session.current);

    const stranger = browser();
    await enrolThroughApi(stranger);
    expect((await send(stranger, "DELETE", `/api/auth/sessions/${phoneSession.id}`)).statusCode).toBe(404);
    expect((await send(laptop, "DELETE", `/api/auth/sessions/${phoneSession.id}`)).statusCode).toBe(204);
    expect((await send(phone, "GET", "/api/auth/me")).statusCode).toBe(401);
    expect((await send(laptop, "GET", "/api/auth/me")).statusCode).toBe(200);
  });

  it("refuses sign-in ceremonies started from another site", async () => {
    const client = browser();
    const response = await send(
      client,
      "POST",
      "/api/auth/authentication/options",
      {},
      { origin: "https://evil.example" },
    );
    expect(response.statusCode).toBe(403);
  });

  it("needs a session for personal endpoints", async () => {
    const client = browser();
    for (const url of ["/api/auth/me", "/api/auth/sessions", "/api/auth/passkeys"]) {
      const response = await send(client, "GET", url);
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe("unauthorized");
    }
    expect((await send(client, "POST", "/api/auth/logout-all", {})).statusCode).toBe(401);
  });

  it("documents the endpoints in OpenAPI", async () => {
    const document = (await app.inject({ url: "/docs/openapi.json" })).json();
    for (const path of [
      "/api/auth/registration/options",
      "/api/auth/registration/verify",
      "/api/auth/authentication/options",
      "/api/auth/authentication/verify",
      "/api/auth/me",
      "/api/auth/logout",
      "/api/auth/logout-all",
      "/api/auth/passkeys/{id}",
      "/api/auth/sessions",
      "/api/staff/users",
      "/api/staff/users/{id}/enrolment-links",
    ]) {
      expect(document.paths).toHaveProperty([path]);
    }
  });
});

describe("two app processes on one database", () => {
  it("share the lock-out counters and the sessions", async () => {
    // On PostgreSQL the second app has its own connection pool, as a second process would.
    const second = database.url ? await openDatabase({ url: database.url, poolSize: 2 }) : database.handle;
    const { app: other } = await createTestApp(second);
    try {
      const client = browser();
      await enrolThroughApi(client);
      const me = await other.inject({
        url: "/api/auth/me",
        cookies: { nadoo_session: client.cookie as string },
      });
      expect(me.statusCode).toBe(200);

      const attacker = browser();
      for (let attempt = 0; attempt < 10; attempt++) {
        const target = attempt % 2 === 0 ? app : other;
        const response = await target.inject({
          method: "POST",
          url: "/api/auth/authentication/options",
          remoteAddress: attacker.ip,
          payload: { userCode: "ZZZZ-ZZZZ-ZZZ2" },
        });
        expect(response.statusCode).toBe(404);
      }
      for (const target of [app, other]) {
        const locked = await target.inject({
          method: "POST",
          url: "/api/auth/authentication/options",
          remoteAddress: attacker.ip,
          payload: {},
        });
        expect(locked.statusCode).toBe(429);
      }
    } finally {
      await other.close();
      if (second !== database.handle) await second.close();
    }
  });
});

describe("/api/staff", () => {
  it("lets staff create users and enrolment links; others get 401/403", async () => {
    const anonymous = browser();
    expect((await send(anonymous, "POST", "/api/staff/users", { displayName: "X" })).statusCode).toBe(401);

    const customer = browser();
    await enrolThroughApi(customer);
    expect((await send(customer, "POST", "/api/staff/users", { displayName: "X" })).statusCode).toBe(403);

    const staff = browser();
    await enrolThroughApi(staff, { staff: true });
    const created = await send(staff, "POST", "/api/staff/users", {
      displayName: "Neue Kollegin",
      language: "en",
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ displayName: "Neue Kollegin", language: "en", isStaff: false });
    expect(created.json().code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(
      (await send(staff, "POST", "/api/staff/users", { displayName: "Y", isStaff: true })).statusCode,
    ).toBe(403);
    expect((await send(staff, "POST", "/api/staff/users", { displayName: " " })).statusCode).toBe(400);

    const link = await send(staff, "POST", `/api/staff/users/${created.json().id}/enrolment-links`, {});
    expect(link.statusCode).toBe(201);
    expect(link.json().url).toBe(`${TEST_PUBLIC_URL}/os/enrol/${link.json().token}`);
    const info = await send(browser(), "GET", `/api/auth/enrolment/${link.json().token}`);
    expect(info.json().user.displayName).toBe("Neue Kollegin");

    expect(
      (await send(staff, "POST", "/api/staff/users/00000000-0000-0000-0000-000000000000/enrolment-links", {}))
        .statusCode,
    ).toBe(404);
    expect(
      (await send(customer, "POST", `/api/staff/users/${created.json().id}/enrolment-links`, {})).statusCode,
    ).toBe(403);
  });

  it("keeps staff and superuser accounts to superusers", async () => {
    const staff = browser();
    const { user: staffUser } = await enrolThroughApi(staff, { staff: true });
    const admin = browser();
    await enrolThroughApi(admin, { superuser: true });
    expect(
      (await send(staff, "POST", `/api/staff/users/${staffUser.id}/enrolment-links`, {})).statusCode,
    ).toBe(403);
    expect(
      (await send(admin, "POST", `/api/staff/users/${staffUser.id}/enrolment-links`, {})).statusCode,
    ).toBe(201);
    const newStaff = await send(admin, "POST", "/api/staff/users", { displayName: "Ops", isStaff: true });
    expect(newStaff.statusCode).toBe(201);
    expect(newStaff.json().isStaff).toBe(true);
  });
});

describe("the old addresses of the sign-in pages", () => {
  it("lead into NADOO OS, keeping what the pages need from the query", async () => {
    const locationOf = async (url: string) => {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(302);
      return response.headers.location;
    };
    expect(await locationOf("/")).toBe("/os/");
    expect(await locationOf("/login")).toBe("/os/login");
    expect(await locationOf("/login?next=%2Fos%2Fprofile&lang=en")).toBe(
      "/os/login?next=%2Fos%2Fprofile&lang=en",
    );
    expect(await locationOf("/enrol/abc_DEF-123?lang=en")).toBe("/os/enrol/abc_DEF-123?lang=en");
    expect(await locationOf("/account")).toBe("/os/profile");
    expect(await locationOf("/logout")).toBe("/os/login");
  });

  it("sign nobody out on a GET", async () => {
    const client = browser();
    await enrolThroughApi(client);
    const response = await send(client, "GET", "/logout");
    expect(response.headers.location).toBe("/os/login");
    expect((await send(client, "GET", "/api/auth/me")).statusCode).toBe(200);
  });
});

describe("over HTTPS", () => {
  it("sets a Secure __Host- cookie", async () => {
    const { app: secureApp } = await createTestApp(database.handle, { publicUrl: "https://os.example.com" });
    try {
      const user = await createUser(database.db, systemActor, { displayName: "Secure" });
      const settings = { ...linkSettings, publicUrl: "https://os.example.com" };
      const { token } = await issueEnrolmentLink(database.db, settings, systemActor, user.id);
      const authenticator = new SoftwareAuthenticator("https://os.example.com");
      const options = await secureApp.inject({
        method: "POST",
        url: "/api/auth/registration/options",
        payload: { enrolmentToken: token },
      });
      const verified = await secureApp.inject({
        method: "POST",
        url: "/api/auth/registration/verify",
        payload: { enrolmentToken: token, response: authenticator.register(options.json()) },
      });
      expect(verified.statusCode).toBe(201);
      const cookie = verified.cookies.find((entry) => entry.name === "__Host-nadoo_session");
      expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax", path: "/" });
    } finally {
      await secureApp.close();
    }
  });
});
