/**
 * The legacy API answers exactly as the original system did (original-system.md §9), with SPEC §7's
 * three fixes. Bodies are compared whole: old client programs parse them.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { newUser } from "../../testing/people.ts";
import {
  newApiKey,
  newCustomerProgram,
  newReportingWorld,
  type ReportingWorld,
} from "../../testing/reporting.ts";
import { users } from "../identity/schema.ts";
import { formatUserCode } from "../identity/user-code.ts";
import { executions } from "./schema.ts";

const database = useTestDatabase();
let app: App;
let world: ReportingWorld;
/** A key as the original issued them: a UUID string, stored as its SHA-256. */
let legacySecret: string;

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  world = await newReportingWorld(database.db, 0);
  legacySecret = randomUUID();
  await newApiKey(database.db, world.reporter, { secret: legacySecret });
});

afterAll(async () => {
  await app.close();
});

type Encoding = "json" | "form" | "multipart";

function post(url: string, fields: Record<string, unknown>, encoding: Encoding = "json") {
  if (encoding === "json") return app.inject({ method: "POST", url, payload: fields });
  if (encoding === "form") {
    const body = new URLSearchParams(
      Object.entries(fields).map(([key, value]): [string, string] => [key, String(value)]),
    );
    return app.inject({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: body.toString(),
    });
  }
  const boundary = "----nadoo-test-boundary";
  const parts = Object.entries(fields).map(
    ([key, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${String(value)}\r\n`,
  );
  return app.inject({
    method: "POST",
    url,
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    payload: `${parts.join("")}--${boundary}--\r\n`,
  });
}

function execution(overrides: Record<string, unknown> = {}) {
  return {
    NADOOIT__API_KEY: legacySecret,
    NADOOIT__USER_CODE: world.reporter.code,
    program_id: world.customerProgramId,
    ...overrides,
  };
}

describe("POST /api/executions", () => {
  it.each<Encoding>(["json", "form", "multipart"])(
    "records an execution from a %s body",
    async (encoding) => {
      const response = await post("/api/executions", execution({ time_saved: 120 }), encoding);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toEqual({ success: "Execution created", execution_id: expect.any(String) });
      const [stored] = await database.db
        .select()
        .from(executions)
        .where(eq(executions.id, body.execution_id));
      expect(stored).toMatchObject({ timeSavedSeconds: 120, billedSeconds: 120, price: "7.666667" });
    },
  );

  it.each([
    ["absent", undefined],
    ["0", 0],
    ['"0"', "0"],
    ["empty", ""],
  ])("falls back to the program's default when time_saved is %s", async (_name, value) => {
    const fields = execution(value === undefined ? {} : { time_saved: value });
    const response = await post("/api/executions", fields, typeof value === "string" ? "form" : "json");
    expect(response.statusCode).toBe(200);
    const [stored] = await database.db
      .select()
      .from(executions)
      .where(eq(executions.id, response.json().execution_id));
    expect(stored?.timeSavedSeconds).toBe(600);
  });

  it("takes time_saved as a string of digits, as form bodies send it", async () => {
    const response = await post("/api/executions", execution({ time_saved: "90" }), "form");
    const [stored] = await database.db
      .select()
      .from(executions)
      .where(eq(executions.id, response.json().execution_id));
    expect(stored?.timeSavedSeconds).toBe(90);
  });

  it("accepts a new-style nadoo_ key and a user code with dashes", async () => {
    const key = await newApiKey(database.db, world.reporter);
    const response = await post(
      "/api/executions",
      execution({ NADOOIT__API_KEY: key.secret, NADOOIT__USER_CODE: formatUserCode(world.reporter.code) }),
    );
    expect(response.statusCode).toBe(200);
  });

  const refusals: [string, () => Record<string, unknown>, number, Record<string, string>][] = [
    [
      "the key is missing",
      () => execution({ NADOOIT__API_KEY: undefined }),
      400,
      { error: "Invalid request" },
    ],
    [
      "the key is unknown",
      () => execution({ NADOOIT__API_KEY: randomUUID() }),
      403,
      { error: "Invalid API Key" },
    ],
    [
      "the user code is not the key owner's",
      () => execution({ NADOOIT__USER_CODE: "ZZZZZZZZZZZZ" }),
      403,
      { error: "User code is not valid" },
    ],
    [
      "the user code is missing",
      () => execution({ NADOOIT__USER_CODE: undefined }),
      400,
      { error: "Invalid request" },
    ],
    ["program_id is missing", () => execution({ program_id: undefined }), 400, { error: "Invalid request" }],
    ["program_id is not a UUID", () => execution({ program_id: "42" }), 400, { error: "Invalid request" }],
    [
      "the program does not exist",
      () => execution({ program_id: randomUUID() }),
      400,
      { error: "Program does not exist" },
    ],
    [
      "time_saved is not a number",
      () => execution({ time_saved: "abc" }),
      400,
      { error: expect.any(String) },
    ],
    ["time_saved is negative", () => execution({ time_saved: -3 }), 400, { error: expect.any(String) }],
    [
      "time_saved is above a day",
      () => execution({ time_saved: 86_401 }),
      400,
      { error: expect.any(String) },
    ],
  ];

  it.each(refusals)("refuses when %s", async (_name, fields, status, body) => {
    const response = await post("/api/executions", fields());
    expect(response.statusCode).toBe(status);
    expect(response.headers["content-type"]).toContain("application/json");
    expect(response.json()).toEqual(body);
  });

  it("refuses an inactive program (SPEC's fix) and a caller without an active contract", async () => {
    const inactive = await newCustomerProgram(database.db, world.customerId, { isActive: false });
    const response = await post("/api/executions", execution({ program_id: inactive }));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: "Program is not active" });

    const stranger = await newUser(database.db, "Stranger");
    const key = randomUUID();
    await newApiKey(database.db, stranger, { secret: key });
    const refused = await post(
      "/api/executions",
      execution({ NADOOIT__API_KEY: key, NADOOIT__USER_CODE: stranger.code }),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({ error: "User is not an employee of the company" });
  });

  it("refuses a revoked key and an inactive owner", async () => {
    const revoked = randomUUID();
    await newApiKey(database.db, world.reporter, { secret: revoked, revokedAt: new Date() });
    expect((await post("/api/executions", execution({ NADOOIT__API_KEY: revoked }))).json()).toEqual({
      error: "Invalid API Key",
    });
    const inactive = await newUser(database.db, "Inactive Owner");
    const key = randomUUID();
    await newApiKey(database.db, inactive, { secret: key });
    await database.db.update(users).set({ isActive: false }).where(eq(users.id, inactive.id));
    const response = await post(
      "/api/executions",
      execution({ NADOOIT__API_KEY: key, NADOOIT__USER_CODE: inactive.code }),
    );
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: "User is not active" });
  });

  it("answers 400 Invalid request for a body that cannot be parsed", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/executions",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: "Invalid request" });
  });

  it("answers 400 Invalid request for a form body that cannot be parsed", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/executions",
      headers: { "content-type": "multipart/form-data; boundary=x" },
      payload: "garbage",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: "Invalid request" });
  });

  it("answers other methods with 405 as the original did", async () => {
    const response = await app.inject({ method: "GET", url: "/api/executions" });
    expect(response.statusCode).toBe(405);
    expect(response.json()).toEqual({ detail: 'Method "GET" not allowed.' });
  });
});

describe("POST /api/users/check", () => {
  function check(overrides: Record<string, unknown>, encoding: Encoding = "json") {
    return post(
      "/api/users/check",
      { NADOOIT__API_KEY: legacySecret, NADOOIT__USER_CODE: world.reporter.code, ...overrides },
      encoding,
    );
  }

  it("says whether the user to check is active", async () => {
    const colleague = await newUser(database.db, "Colleague");
    const former = await newUser(database.db, "Former");
    await database.db.update(users).set({ isActive: false }).where(eq(users.id, former.id));

    const active = await check({ NADOOIT__USER_CODE_TO_CHECK: colleague.code }, "form");
    expect([active.statusCode, active.json()]).toEqual([200, { success: "User to check is active" }]);
    const inactive = await check({ NADOOIT__USER_CODE_TO_CHECK: former.code });
    expect([inactive.statusCode, inactive.json()]).toEqual([400, { success: "User to check is not active" }]);
    const unknown = await check({ NADOOIT__USER_CODE_TO_CHECK: "ZZZZZZZZZZZZ" });
    expect([unknown.statusCode, unknown.json()]).toEqual([400, { error: "User does not exist" }]);
  });

  it("answers 403 for a missing or unknown key (SPEC's fix) and a wrong caller code", async () => {
    const target = { NADOOIT__USER_CODE_TO_CHECK: world.reporter.code };
    for (const key of [undefined, randomUUID()]) {
      const response = await check({ ...target, NADOOIT__API_KEY: key });
      expect([response.statusCode, response.json()]).toEqual([403, { error: "Your API Key is not valid" }]);
    }
    const wrongCode = await check({ ...target, NADOOIT__USER_CODE: "ZZZZZZZZZZZZ" });
    expect([wrongCode.statusCode, wrongCode.json()]).toEqual([403, { error: "Your User code is not valid" }]);
  });

  it("answers 403 for an inactive caller (SPEC's fix)", async () => {
    const caller = await newUser(database.db, "Inactive Caller");
    const key = randomUUID();
    await newApiKey(database.db, caller, { secret: key });
    await database.db.update(users).set({ isActive: false }).where(eq(users.id, caller.id));
    const response = await check({
      NADOOIT__API_KEY: key,
      NADOOIT__USER_CODE: caller.code,
      NADOOIT__USER_CODE_TO_CHECK: world.reporter.code,
    });
    expect([response.statusCode, response.json()]).toEqual([403, { error: "Your User is not active" }]);
  });

  it("answers 400 Invalid request without a user code to check", async () => {
    const response = await check({});
    expect([response.statusCode, response.json()]).toEqual([400, { error: "Invalid request" }]);
  });
});
