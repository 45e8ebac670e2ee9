import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { App } from "../app.ts";
import { ConflictError, TooManyRequestsError } from "../lib/errors.ts";
import { createTestApp, type LogCapture } from "../testing/app.ts";
import { createTestDatabase, type TestDatabase } from "../testing/database.ts";

let database: TestDatabase;
let app: App;
let logs: LogCapture;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ app, logs } = await createTestApp(database.handle, {
    bodyLimitBytes: 2048,
    // Routes standing in for module endpoints, to exercise the shared request pipeline.
    beforeReady: (instance) => {
      instance.post(
        "/test/echo",
        { schema: { body: z.object({ name: z.string().min(1), count: z.number().int().max(10) }) } },
        async (request) => request.body,
      );
      instance.get("/test/conflict", async () => {
        throw new ConflictError("That name is taken.");
      });
      instance.get("/test/limited", async () => {
        throw new TooManyRequestsError("Too many attempts; try again later.", 42.2);
      });
      instance.get("/test/crash", async () => {
        throw new Error("secret internal detail");
      });
      instance.get("/test/database-crash", async () => {
        await database.db.execute(sql`select no_such_column from users where code = ${"param-secret-42"}`);
      });
      instance.get("/test/database-invalid", async () => {
        await database.db.execute(sql`select ${"literal-secret-43"}::uuid`);
      });
      instance.get("/test/log", async (request) => {
        request.log.info({ headers: request.headers, token: "tok_abcdef" }, "handler log");
        return { ok: true };
      });
    },
  }));
});

afterAll(async () => {
  await app.close();
  await database.close();
});

function expectProblem(response: { headers: Record<string, unknown>; json(): unknown }, status: number) {
  expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const body = response.json() as Record<string, unknown>;
  expect(body).toMatchObject({ type: "about:blank", status });
  expect(typeof body.title).toBe("string");
  expect(typeof body.detail).toBe("string");
  return body;
}

/** POSTs to the echo route; a string payload is sent as it is, with the given content type. */
function postEcho(payload: string | object, contentType?: string) {
  return app.inject({
    method: "POST",
    url: "/test/echo",
    ...(contentType ? { headers: { "content-type": contentType } } : {}),
    payload,
  });
}

describe("health", () => {
  it("answers /healthz", async () => {
    const response = await app.inject({ url: "/healthz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("answers /readyz when the database is reachable", async () => {
    const response = await app.inject({ url: "/readyz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ready" });
  });
});

describe("errors as problem+json", () => {
  it("404 for unknown routes", async () => {
    const response = await app.inject({ url: "/no/such/thing?x=1" });
    expect(response.statusCode).toBe(404);
    expect(expectProblem(response, 404)).toMatchObject({ code: "not_found", instance: "/no/such/thing" });
  });

  it("400 for malformed JSON", async () => {
    const response = await postEcho('{"name": "x",', "application/json");
    expect(response.statusCode).toBe(400);
    expect(expectProblem(response, 400).code).toBe("invalid_json");
  });

  it("400 for an empty JSON body", async () => {
    const response = await postEcho("", "application/json");
    expect(response.statusCode).toBe(400);
    expectProblem(response, 400);
  });

  it("415 for a content type the route does not take", async () => {
    const response = await postEcho("<name>x</name>", "application/xml");
    expect(response.statusCode).toBe(415);
    expect(expectProblem(response, 415).code).toBe("unsupported_media_type");
  });

  it("415 for plain text where JSON is expected", async () => {
    const response = await postEcho("name=x", "text/plain");
    expect(response.statusCode).toBe(415);
    expectProblem(response, 415);
  });

  // Fastify refuses them while parsing and reports them as invalid JSON.
  it("400 for prototype-poisoning keys", async () => {
    for (const payload of [
      '{"__proto__": {"admin": true}, "name": "x", "count": 1}',
      '{"constructor": {"prototype": {"admin": true}}, "name": "x", "count": 1}',
    ]) {
      const response = await postEcho(payload, "application/json");
      expect(response.statusCode).toBe(400);
      expect(expectProblem(response, 400).code).toBe("invalid_json");
    }
  });

  it("400 for a malformed URL", async () => {
    for (const url of ["/%", "/healthz/%E0%A4%A"]) {
      const response = await app.inject({ url });
      expect(response.statusCode).toBe(400);
      expect(expectProblem(response, 400).code).toBe("bad_url");
    }
  });

  it("413 for an oversized body", async () => {
    const response = await postEcho(JSON.stringify({ name: "x".repeat(5000), count: 1 }), "application/json");
    expect(response.statusCode).toBe(413);
    expect(expectProblem(response, 413).code).toBe("body_too_large");
  });

  it("400 naming each invalid field", async () => {
    const response = await postEcho({ name: "", count: 11.5 });
    expect(response.statusCode).toBe(400);
    const body = expectProblem(response, 400);
    expect(body.code).toBe("validation_failed");
    const paths = (body.errors as { path: string }[]).map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(["body.name", "body.count"]));
  });

  it("passes valid input through", async () => {
    const response = await postEcho({ name: "a", count: 3 });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ name: "a", count: 3 });
  });

  it("maps application errors to their status", async () => {
    const response = await app.inject({ url: "/test/conflict" });
    expect(response.statusCode).toBe(409);
    expect(expectProblem(response, 409)).toMatchObject({ code: "conflict", detail: "That name is taken." });
  });

  it("sends Retry-After with 429", async () => {
    const response = await app.inject({ url: "/test/limited" });
    expect(response.statusCode).toBe(429);
    expect(response.headers["retry-after"]).toBe("43");
    expectProblem(response, 429);
  });

  it("hides internals of unexpected errors but logs them with the request id", async () => {
    const response = await app.inject({ url: "/test/crash" });
    expect(response.statusCode).toBe(500);
    const body = expectProblem(response, 500);
    expect(JSON.stringify(body)).not.toContain("secret internal detail");
    expect(logs.text).toContain("secret internal detail");
    expect(logs.text).toContain(String(body.requestId));
  });
});

describe("database errors", () => {
  it("answer 400 when a value does not fit its column, without echoing it", async () => {
    const response = await app.inject({ url: "/test/database-invalid" });
    expect(response.statusCode).toBe(400);
    expect(expectProblem(response, 400).code).toBe("invalid_value");
    expect(response.body).not.toContain("literal-secret-43");
  });

  it("are logged with SQLSTATE and query text but without parameters or values", async () => {
    const response = await app.inject({ url: "/test/database-crash" });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain("no_such_column");
    expect(logs.text).toContain("no_such_column");
    expect(logs.text).toContain('"code":"42703"');
    expect(logs.text).not.toContain("param-secret-42");
    expect(logs.text).not.toContain("literal-secret-43");
  });
});

describe("request ids", () => {
  it("returns a generated id", async () => {
    const response = await app.inject({ url: "/healthz" });
    expect(response.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps a well-formed id from the caller and replaces a malformed one", async () => {
    const kept = await app.inject({ url: "/healthz", headers: { "x-request-id": "lb-1234.abc" } });
    expect(kept.headers["x-request-id"]).toBe("lb-1234.abc");
    const replaced = await app.inject({
      url: "/healthz",
      headers: { "x-request-id": "bad id\u0007<script>" },
    });
    expect(replaced.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("logs", () => {
  it("are JSON lines without credentials, cookies, tokens or forwarded addresses", async () => {
    await app.inject({
      url: "/test/log?token=tok_query_secret&page=2",
      headers: {
        authorization: "Bearer nadoo_supersecretkey",
        cookie: "session=sess_secret_cookie",
        "x-api-key": "apikey_secret_value",
        "x-forwarded-for": "203.0.113.9",
      },
    });
    await app.inject({ url: "/enrol/enrol_token_secret_value" });
    for (const line of logs.lines) expect(() => JSON.parse(line)).not.toThrow();
    for (const secret of [
      "nadoo_supersecretkey",
      "sess_secret_cookie",
      "apikey_secret_value",
      "tok_query_secret",
      "tok_abcdef",
      "enrol_token_secret_value",
      "203.0.113.9",
    ]) {
      expect(logs.text).not.toContain(secret);
    }
    expect(logs.text).toContain("[redacted]");
    expect(logs.text).toContain("page=2");
  });
});

describe("metrics", () => {
  it("counts requests and latency by route template", async () => {
    await app.inject({ url: "/healthz" });
    await app.inject({ url: "/definitely/missing/123" });
    const response = await app.inject({ url: "/metrics" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/plain/);
    expect(response.body).toMatch(
      /http_requests_total\{method="GET",route="\/healthz",status_code="200"\} \d+/,
    );
    expect(response.body).toMatch(
      /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/healthz"/,
    );
    expect(response.body).toContain('route="unmatched",status_code="404"');
    expect(response.body).not.toContain("/definitely/missing/123");
    expect(response.body).toContain("process_cpu_user_seconds_total");
  });
});

describe("OpenAPI and security headers", () => {
  it("serves the OpenAPI 3.1 document with the routes", async () => {
    const response = await app.inject({ url: "/docs/openapi.json" });
    expect(response.statusCode).toBe(200);
    const document = response.json() as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/healthz", "/readyz"]));
    expect(document.paths["/metrics"]).toBeUndefined();
  });

  it("serves the documentation UI", async () => {
    const response = await app.inject({ url: "/docs/" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/html/);
    expect(response.body).toContain("swagger-ui");
  });

  it("sets helmet's security headers, without HTTPS-only rules on a plain-HTTP install", async () => {
    for (const url of ["/healthz", "/docs/"]) {
      const response = await app.inject({ url });
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.headers["x-frame-options"]).toBe("SAMEORIGIN");
      expect(response.headers["content-security-policy"]).toContain("default-src 'self'");
      expect(response.headers["content-security-policy"]).not.toContain("upgrade-insecure-requests");
      expect(response.headers["strict-transport-security"]).toBeUndefined();
    }
  });

  it("adds HSTS and request upgrades when published over HTTPS", async () => {
    const { app: secure } = await createTestApp(database.handle, { publicUrl: "https://os.example.com" });
    try {
      const response = await secure.inject({ url: "/healthz" });
      expect(response.headers["strict-transport-security"]).toContain("max-age=");
      expect(response.headers["content-security-policy"]).toContain("upgrade-insecure-requests");
    } finally {
      await secure.close();
    }
  });
});

describe("readiness without a database", () => {
  it("answers 503 once the database is gone", async () => {
    const own = await createTestDatabase();
    const { app: isolated } = await createTestApp(own.handle);
    try {
      await own.close();
      const response = await isolated.inject({ url: "/readyz" });
      expect(response.statusCode).toBe(503);
      expect(expectProblem(response, 503).code).toBe("service_unavailable");
      expect((await isolated.inject({ url: "/healthz" })).statusCode).toBe(200);
    } finally {
      await isolated.close();
    }
  });
});

describe("caching", () => {
  it("lets no browser or proxy keep an API answer, success or error", async () => {
    for (const url of ["/api/auth/me", "/api/os/me/roles", "/api/no-such-route"]) {
      const response = await app.inject({ url });
      expect(response.headers["cache-control"], url).toBe("no-store");
    }
    const health = await app.inject({ url: "/healthz" });
    expect(health.headers["cache-control"]).toBeUndefined();
  });
});
