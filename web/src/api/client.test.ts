import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { ApiError, unwrap } from "./client";

describe("unwrap", () => {
  it("keeps the problem's code and per-field errors that openapi-fetch has already read", async () => {
    const problem = {
      status: 400,
      code: "dependency_cycle",
      detail: "Dependencies must not form a cycle.",
      errors: [{ path: "dependencyIds", message: "This would close the cycle A → B → A." }],
    };
    const client = createClient({
      baseUrl: "http://localhost",
      fetch: async () =>
        new Response(JSON.stringify(problem), {
          status: 400,
          headers: { "content-type": "application/problem+json" },
        }),
    });
    const error = await unwrap(client.GET("/anything" as never)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("dependency_cycle");
    expect((error as ApiError).message).toBe(problem.detail);
    expect((error as ApiError).problem.errors).toEqual(problem.errors);
  });

  it("reports a body that is no problem by its status", async () => {
    const client = createClient({
      baseUrl: "http://localhost",
      fetch: async () => new Response("<html>Bad gateway</html>", { status: 502 }),
    });
    const error = (await unwrap(client.GET("/anything" as never)).catch(
      (caught: unknown) => caught,
    )) as ApiError;
    expect(error.status).toBe(502);
    expect(error.problem.errors).toBeUndefined();
  });
});
