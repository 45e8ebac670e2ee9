/**
 * PATCH /api/auth/me: people set their own language; it comes back from GET /api/auth/me and the
 * profile, is audit-logged once per change, and is refused without a session or CSRF token.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp, TEST_PUBLIC_URL } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { call, newUser, signedIn } from "../../testing/people.ts";
import { auditLog } from "../audit/schema.ts";

const database = useTestDatabase();
let app: App;

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
});
afterAll(async () => {
  await app.close();
});

const languageChanges = (userId: string) =>
  database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "user.language_changed"), eq(auditLog.targetId, userId)));

describe("PATCH /api/auth/me", () => {
  it("sets my language, which the session and my profile then report", async () => {
    const me = await signedIn(database.db, await newUser(database.db, "Erika Englisch"));
    const response = await call(app, me, "PATCH", "/api/auth/me", { language: "en" });
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({ id: me.user.id, language: "en" });
    expect((await call(app, me, "GET", "/api/auth/me")).json().user.language).toBe("en");
    expect((await call(app, me, "GET", "/api/os/me/profile")).json().user.language).toBe("en");
    const entries = await languageChanges(me.user.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorUserId: me.user.id,
      before: { language: "de" },
      after: { language: "en" },
    });
  });

  it("changes nothing and logs nothing when the language is already set", async () => {
    const me = await signedIn(database.db, await newUser(database.db, "Dora Deutsch"));
    const response = await call(app, me, "PATCH", "/api/auth/me", { language: "de" });
    expect(response.statusCode).toBe(200);
    expect(response.json().user.language).toBe("de");
    expect(await languageChanges(me.user.id)).toHaveLength(0);
  });

  it("changes only my own language", async () => {
    const me = await signedIn(database.db, await newUser(database.db, "Ich"));
    const other = await signedIn(database.db, await newUser(database.db, "Jemand anderes"));
    await call(app, me, "PATCH", "/api/auth/me", { language: "en" });
    expect((await call(app, other, "GET", "/api/auth/me")).json().user.language).toBe("de");
  });

  it("refuses a language it does not know, and other fields", async () => {
    const me = await signedIn(database.db, await newUser(database.db, "Franz Französisch"));
    for (const body of [{ language: "fr" }, {}, { language: "en", displayName: "X" }, { language: 1 }]) {
      const response = await call(app, me, "PATCH", "/api/auth/me", body);
      if ("displayName" in body) {
        // Unknown fields are ignored, never applied.
        expect(response.statusCode).toBe(200);
        expect(response.json().user.displayName).toBe("Franz Französisch");
        continue;
      }
      expect(response.statusCode).toBe(400);
      expect(response.headers["content-type"]).toContain("application/problem+json");
    }
  });

  it("refuses anonymous requests", async () => {
    const response = await call(app, null, "PATCH", "/api/auth/me", { language: "en" });
    expect(response.statusCode).toBe(401);
  });

  it("refuses a signed-in request without the CSRF token or from another site", async () => {
    const me = await signedIn(database.db, await newUser(database.db, "Carl Csrf"));
    const withoutToken = await app.inject({
      method: "PATCH",
      url: "/api/auth/me",
      cookies: { nadoo_session: me.cookie },
      payload: { language: "en" },
    });
    expect(withoutToken.statusCode).toBe(403);
    const crossSite = await app.inject({
      method: "PATCH",
      url: "/api/auth/me",
      cookies: { nadoo_session: me.cookie },
      headers: { "x-csrf-token": me.csrf, origin: "https://evil.example" },
      payload: { language: "en" },
    });
    expect(crossSite.statusCode).toBe(403);
    const sameSite = await app.inject({
      method: "PATCH",
      url: "/api/auth/me",
      cookies: { nadoo_session: me.cookie },
      headers: { "x-csrf-token": me.csrf, origin: TEST_PUBLIC_URL },
      payload: { language: "en" },
    });
    expect(sameSite.statusCode).toBe(200);
    expect(await languageChanges(me.user.id)).toHaveLength(1);
  });
});
